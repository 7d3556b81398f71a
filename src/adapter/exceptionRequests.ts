// DAP exception breakpoints: the filters the session's cores offer (their architecture's exception
// catches: Cortex-M vector catch, a RISC-V trap entry), setExceptionBreakpoints, and exceptionInfo
// from the engine's fault or trap report. Only the DAP mapping lives here: the engine sets the
// catches and decodes what was caught.
import type { DebugProtocol } from '@vscode/debugprotocol';
import { hex32, UserError } from '../common';
import { COMMON_CORTEX_M_CATCHES, describeFault, describeTrap, formatFaultReport, formatTrapReport, type Debugger, type ExceptionCatch, type Program } from '../engine';

function toFilter(known: ExceptionCatch): DebugProtocol.ExceptionBreakpointsFilter {
  return { filter: known.name, label: known.label, description: known.description, default: known.default };
}

/**
 * The filters initialize announces before the cores are known: those every Cortex-M has (most
 * targets are); a session whose cores offer others announces them in a capabilities event.
 */
export function exceptionFilters(): DebugProtocol.ExceptionBreakpointsFilter[] {
  return COMMON_CORTEX_M_CATCHES.map(toFilter);
}

/** The filters to announce in a capabilities event once the cores are known; undefined when initialize's are exactly them. */
export function coreExceptionFilters(debug: Debugger): DebugProtocol.ExceptionBreakpointsFilter[] | undefined {
  const offered = debug.exceptionCatches();
  const initial = COMMON_CORTEX_M_CATCHES.map((c) => c.name);
  return offered.length === initial.length && offered.every((c) => initial.includes(c.name)) ? undefined : offered.map(toFilter);
}

/** setExceptionBreakpoints: exactly the chosen filters become catches; an unknown one is an error naming the offered ones. */
export async function setExceptionBreakpoints(debug: Debugger, program: Program, args: DebugProtocol.SetExceptionBreakpointsArguments): Promise<DebugProtocol.SetExceptionBreakpointsResponse['body']> {
  const offered = debug.exceptionCatches().map((c) => c.name);
  const unknown = args.filters.filter((filter) => !offered.includes(filter));
  if (unknown.length > 0) throw new UserError(`unknown exception breakpoint filter ${unknown.join(', ')}: this target offers ${offered.join(', ')}`);
  const statuses = await debug.setVectorCatch(args.filters, (address) => program.isCode(address));
  return { breakpoints: statuses.map((status) => ({ verified: status.verified, message: status.message })) };
}

/** exceptionInfo: the active exception and its decoded context (the faulting PC, function, line, fault status). */
export async function exceptionInfo(debug: Debugger, program: Program, args: DebugProtocol.ExceptionInfoArguments): Promise<DebugProtocol.ExceptionInfoResponse['body']> {
  const thread = debug.thread(args.threadId);
  const stop = thread.cache('show its exception').stop;
  if (stop.reason === 'exception' && stop.exception === 'Reset') {
    const description = `the reset vector was caught: the core halted before the first instruction, at ${hex32(stop.pc)}`;
    return { exceptionId: 'Reset', description, breakMode: 'always', details: { message: description, typeName: 'vector catch' } };
  }
  if (thread.trapCatch) {
    const trap = await describeTrap(thread, program);
    const description = formatTrapReport(trap);
    return {
      exceptionId: trap.name,
      description,
      breakMode: 'always',
      details: { message: description, typeName: `${trap.interrupt ? 'interrupt' : 'exception'} ${trap.code}`, stackTrace: where(trap.function, trap.pc, trap.source) },
    };
  }
  const report = await describeFault(thread, program);
  const description = formatFaultReport(report);
  const context = report.context;
  return {
    exceptionId: report.exception,
    description,
    breakMode: 'always',
    details: {
      message: description,
      typeName: `Cortex-M exception ${report.exceptionNumber}`,
      stackTrace: typeof context === 'string' ? undefined : where(context.function, context.pc, context.source),
    },
  };
}

function where(name: string | undefined, pc: number, source: { readonly path: string; readonly line: number } | undefined): string {
  return `${name ?? '??'} at ${hex32(pc)}${source ? ` (${source.path}:${source.line})` : ''}`;
}
