// DAP exception breakpoints over Cortex-M vector catch: the filters a core offers (by its
// architecture, from CPUID), setExceptionBreakpoints, and exceptionInfo from the engine's fault
// report. Only the DAP mapping lives here: the engine sets the catches and decodes the fault.
import type { DebugProtocol } from '@vscode/debugprotocol';
import { hex32, UserError } from '../common';
import { describeFault, formatFaultReport, type Debugger, type Program } from '../engine';

/** Exception breakpoint filters by OpenOCD `cortex_m vector_catch` name (ARMv7-M C1.6.5 DEMCR VC_* bits). */
const FILTERS: Readonly<Record<string, Omit<DebugProtocol.ExceptionBreakpointsFilter, 'filter'>>> = {
  hard_err: { label: 'HardFault', description: 'Stop when a HardFault is taken (DEMCR.VC_HARDERR)', default: true },
  reset: { label: 'Reset', description: 'Stop at the reset vector when the core resets and runs (DEMCR.VC_CORERESET)', default: false },
  bus_err: { label: 'BusFault', description: 'Stop when a BusFault is taken (DEMCR.VC_BUSERR)', default: false },
  mm_err: { label: 'MemManage fault', description: 'Stop when a MemManage fault is taken (DEMCR.VC_MMERR)', default: false },
  chk_err: { label: 'UsageFault: checking error', description: 'Unaligned access or division by zero (DEMCR.VC_CHKERR)', default: false },
  nocp_err: { label: 'UsageFault: no coprocessor', description: 'Access to a disabled or absent coprocessor (DEMCR.VC_NOCPERR)', default: false },
  state_err: { label: 'UsageFault: state error', description: 'Invalid state or EXC_RETURN, undefined instruction (DEMCR.VC_STATERR)', default: false },
  int_err: { label: 'Exception entry/return error', description: 'A fault during exception entry or return (DEMCR.VC_INTERR)', default: false },
};

/** Vector catches every Cortex-M has (ARMv6-M C1.6.5): what initialize can promise before the core is known. */
const COMMON_CATCHES = ['hard_err', 'reset'];

/** The filters of these vector catch names, in their order. */
export function exceptionFilters(names: readonly string[] = COMMON_CATCHES): DebugProtocol.ExceptionBreakpointsFilter[] {
  return names.filter((name) => Object.hasOwn(FILTERS, name)).map((name) => ({ filter: name, ...FILTERS[name] }));
}

/** The vector catches the session's cores offer (an ARMv7-M core adds its fault catches). */
function sessionCatchNames(debug: Debugger): string[] {
  const names = new Set(debug.threads.flatMap((thread) => thread.target.vectorCatchNames ?? []));
  return Object.keys(FILTERS).filter((name) => names.has(name));
}

/** The filters to announce in a capabilities event once the cores are known; undefined when initialize's cover them. */
export function coreExceptionFilters(debug: Debugger): DebugProtocol.ExceptionBreakpointsFilter[] | undefined {
  const names = sessionCatchNames(debug);
  return names.every((name) => COMMON_CATCHES.includes(name)) ? undefined : exceptionFilters(names);
}

/** setExceptionBreakpoints: exactly the chosen filters become vector catches; an unknown one is an error naming the offered ones. */
export async function setExceptionBreakpoints(debug: Debugger, args: DebugProtocol.SetExceptionBreakpointsArguments): Promise<DebugProtocol.SetExceptionBreakpointsResponse['body']> {
  const offered = sessionCatchNames(debug);
  const unknown = args.filters.filter((filter) => !offered.includes(filter));
  if (unknown.length > 0) throw new UserError(`unknown exception breakpoint filter ${unknown.join(', ')}: this target offers ${offered.join(', ')}`);
  await debug.setVectorCatch(args.filters);
  return { breakpoints: args.filters.map(() => ({ verified: true })) };
}

/** exceptionInfo: the active exception and its decoded context (stacked PC, function, line, fault status). */
export async function exceptionInfo(debug: Debugger, program: Program, args: DebugProtocol.ExceptionInfoArguments): Promise<DebugProtocol.ExceptionInfoResponse['body']> {
  const thread = debug.thread(args.threadId);
  const stop = thread.cache('show its exception').stop;
  if (stop.reason === 'exception' && stop.exception === 'Reset') {
    const description = `the reset vector was caught: the core halted before the first instruction, at ${hex32(stop.pc)}`;
    return { exceptionId: 'Reset', description, breakMode: 'always', details: { message: description, typeName: 'vector catch' } };
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
      stackTrace: typeof context === 'string' ? undefined : `${context.function ?? '??'} at ${hex32(context.pc)}${context.source ? ` (${context.source.path}:${context.source.line})` : ''}`,
    },
  };
}
