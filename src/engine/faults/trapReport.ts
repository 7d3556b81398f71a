// The trap report of a thread halted in a trap its core entered through a vector register (the
// trap catch's cores: RISC-V): the cause decoded, the interrupted instruction with its function and
// line, and the trap value. The decoding is the Architecture's (rv32Trap.ts); no Tcl here.
import { hex32, UserError } from '../../common';
import type { DecodedTrap } from '../arch';
import type { DebugThread } from '../debugThread';
import type { Program, SourcePosition } from '../program';

/** A decoded trap with where it happened in the program. */
export interface TrapReport extends DecodedTrap {
  /** The function and line of `pc` (mepc), when the program knows them. */
  readonly function?: string;
  readonly source?: SourcePosition;
}

/** The trap `thread` is halted in; a UserError when its core has no trap catch or the registers say nothing. */
export async function describeTrap(thread: DebugThread, program: Program): Promise<TrapReport> {
  thread.cache('show its trap');
  const catcher = thread.trapCatch;
  if (!catcher) throw new UserError(`${thread.name} (${thread.target.architecture.name}) reports exceptions by vector catch, not by a trap entry`);
  const trap = await catcher.decode();
  if (!trap) throw new UserError(`${thread.name}: the trap registers cannot be read`);
  return { ...trap, function: program.functionAt(trap.pc)?.name, source: program.lineAt(trap.pc)?.source };
}

/**
 * The report as text, one fact a line: `Illegal instruction (mcause 0x00000002)`, then where
 * (`mepc 0x08000230 in raise_requested_trap (board-trap.c:19)`), then the trap value.
 */
export function formatTrapReport(report: TrapReport): string {
  const where = report.function ? ` in ${report.function}` : '';
  const source = report.source ? ` (${report.source.path.slice(report.source.path.lastIndexOf('/') + 1)}:${report.source.line})` : '';
  return [
    `${report.name} (mcause ${hex32(report.cause)})`,
    `mepc ${hex32(report.pc)}${where}${source}: the ${report.interrupt ? 'instruction the interrupt came before' : 'instruction that raised it'}`,
    `mtval ${hex32(report.value)}: ${report.valueMeaning}`,
  ].join('\n');
}
