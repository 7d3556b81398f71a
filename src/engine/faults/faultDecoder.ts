// Cortex-M fault decoding, pure: exception numbers (IPSR) to names, the fault status registers of
// ARMv7-M (CFSR, HFSR, MMFAR, BFAR; B3.2.15-B3.2.18) to sentences, and a fault report to text.
// No target access here (faultReport.ts reads the registers and the stacked frame).
import { hex32 } from '../../common';

/** Exception names by number (ARMv6-M B1.5.2, ARMv7-M B1.5.2); 16 and above are IRQ n-16. */
const EXCEPTION_NAMES: Readonly<Record<number, string>> = {
  1: 'Reset',
  2: 'NMI',
  3: 'HardFault',
  4: 'MemManage',
  5: 'BusFault',
  6: 'UsageFault',
  11: 'SVCall',
  12: 'DebugMonitor',
  14: 'PendSV',
  15: 'SysTick',
};

/** The exception an IPSR number names: `HardFault`, `IRQ 5`, `Thread mode` for 0, `reserved(7)`. */
export function exceptionName(exceptionNumber: number): string {
  if (exceptionNumber === 0) return 'Thread mode';
  if (exceptionNumber >= 16) return `IRQ ${exceptionNumber - 16}`;
  return EXCEPTION_NAMES[exceptionNumber] ?? `reserved(${exceptionNumber})`;
}

/** IPSR, the exception number field of xPSR (bits 8:0; ARMv7-M B1.4.2, ARMv6-M uses 5:0). */
export function xpsrExceptionNumber(xpsr: number): number {
  return xpsr & 0x1ff;
}

/** The values of the ARMv7-M fault status and address registers. */
export interface FaultStatusRegisters {
  readonly cfsr: number;
  readonly hfsr: number;
  readonly mmfar: number;
  readonly bfar: number;
}

/** CFSR bits: MMFSR 7:0, BFSR 15:8, UFSR 31:16 (ARMv7-M B3.2.15). */
const CFSR_BITS: readonly (readonly [bit: number, name: string, meaning: string])[] = [
  [0, 'MMFSR.IACCVIOL', 'instruction fetch from a location the MPU forbids'],
  [1, 'MMFSR.DACCVIOL', 'data access to a location the MPU forbids'],
  [3, 'MMFSR.MUNSTKERR', 'MPU fault while unstacking on exception return'],
  [4, 'MMFSR.MSTKERR', 'MPU fault while stacking on exception entry'],
  [5, 'MMFSR.MLSPERR', 'MPU fault during lazy floating-point state preservation'],
  [8, 'BFSR.IBUSERR', 'bus error on an instruction fetch'],
  [9, 'BFSR.PRECISERR', 'precise data bus error'],
  [10, 'BFSR.IMPRECISERR', 'imprecise data bus error (the stacked PC is after the faulting access)'],
  [11, 'BFSR.UNSTKERR', 'bus error while unstacking on exception return'],
  [12, 'BFSR.STKERR', 'bus error while stacking on exception entry'],
  [13, 'BFSR.LSPERR', 'bus error during lazy floating-point state preservation'],
  [16, 'UFSR.UNDEFINSTR', 'undefined instruction'],
  [17, 'UFSR.INVSTATE', 'invalid state (EPSR.T clear: a branch to an even address?)'],
  [18, 'UFSR.INVPC', 'invalid EXC_RETURN or PC on exception return'],
  [19, 'UFSR.NOCP', 'coprocessor access while the coprocessor is disabled or absent'],
  [24, 'UFSR.UNALIGNED', 'unaligned access (CCR.UNALIGN_TRP)'],
  [25, 'UFSR.DIVBYZERO', 'division by zero (CCR.DIV_0_TRP)'],
];

/** HFSR bits (ARMv7-M B3.2.16). */
const HFSR_BITS: readonly (readonly [bit: number, name: string, meaning: string])[] = [
  [1, 'HFSR.VECTTBL', 'bus error reading the vector table'],
  [30, 'HFSR.FORCED', 'a configurable fault escalated to HardFault (see CFSR)'],
  [31, 'HFSR.DEBUGEVT', 'a debug event while halting debug was off'],
];

const MMARVALID = 1 << 7;
const BFARVALID = 1 << 15;

/**
 * One line per set bit of HFSR and CFSR (`BFSR.PRECISERR: precise data bus error`), plus the
 * fault address when MMFSR.MMARVALID / BFSR.BFARVALID say MMFAR / BFAR hold it. Empty when no
 * bit is set.
 */
export function decodeFaultStatus(registers: FaultStatusRegisters): string[] {
  const lines: string[] = [];
  for (const [bit, name, meaning] of HFSR_BITS) if ((registers.hfsr >>> bit) & 1) lines.push(`${name}: ${meaning}`);
  for (const [bit, name, meaning] of CFSR_BITS) if ((registers.cfsr >>> bit) & 1) lines.push(`${name}: ${meaning}`);
  if (registers.cfsr & MMARVALID) lines.push(`MMFAR: faulting address ${hex32(registers.mmfar)}`);
  if (registers.cfsr & BFARVALID) lines.push(`BFAR: faulting address ${hex32(registers.bfar)}`);
  return lines;
}

/** What the core was doing when the exception was taken, as the exception entry stacked it. */
export interface FaultingContext {
  /** The stacked return address (ARMv7-M B1.5.6: the faulting instruction for a synchronous fault). */
  readonly pc: number;
  /** Function and source line of that PC, when the program knows them. */
  readonly function?: string;
  readonly source?: { readonly path: string; readonly line: number };
  readonly xpsr: number;
}

/** A decoded exception stop. */
export interface FaultReport {
  /** The active exception (IPSR of the halted core), e.g. `HardFault`. */
  readonly exception: string;
  readonly exceptionNumber: number;
  /** The interrupted context, or why it is unknown (e.g. the stacked frame cannot be read). */
  readonly context: FaultingContext | string;
  /** ARMv7-M: decoded CFSR/HFSR/MMFAR/BFAR; other cores: why there is nothing to decode. */
  readonly faultStatus: readonly string[] | string;
}

/**
 * The report as text, one fact a line: `HardFault (exception 3)`, then where it happened
 * (`at 0x080001a2 in fault_now (fault.c:18)`), the stacked xPSR with its exception number, and
 * the fault status lines.
 */
export function formatFaultReport(report: FaultReport): string {
  const lines = [`${report.exception} (exception ${report.exceptionNumber})`];
  const context = report.context;
  if (typeof context === 'string') lines.push(`faulting context unknown: ${context}`);
  else {
    const where = context.function ? ` in ${context.function}` : '';
    const source = context.source ? ` (${baseName(context.source.path)}:${context.source.line})` : '';
    lines.push(`stacked PC ${hex32(context.pc)}${where}${source}`);
    const interrupted = xpsrExceptionNumber(context.xpsr);
    lines.push(`stacked xPSR ${hex32(context.xpsr)}: exception number ${interrupted} (${exceptionName(interrupted)}) was interrupted`);
  }
  if (typeof report.faultStatus === 'string') lines.push(report.faultStatus);
  else if (report.faultStatus.length === 0) lines.push('no fault status bit is set (CFSR and HFSR are 0)');
  else lines.push(...report.faultStatus);
  return lines.join('\n');
}

function baseName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}
