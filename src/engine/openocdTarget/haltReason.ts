// Decides why a target halted, from OpenOCD's `poll` line (Cortex-M: OpenOCD clears DFSR on debug
// entry, so its decoding is the only source) or dcsr.cause (RISC-V), and what the engine asked for.
// Pure: no Tcl, no I/O.
import type { HaltReason } from '../target';

/** What OpenOCD's `poll` says about a halted target (armv7m_arch_state). */
export interface PolledHalt {
  /** debug_reason_name(): `debug-request`, `breakpoint`, `watchpoint`, `watchpoint-and-breakpoint`, `single-step`... */
  readonly debugReason: string;
  /** `Thread` or `Handler`. */
  readonly mode: string;
  /** The exception named after `Handler` (`HardFault`, `SysTick`, `External Interrupt(5)`...). */
  readonly exception?: string;
}

/**
 * Parses "[tgt] halted due to breakpoint, current mode: Handler HardFault\nxPSR: ..." (OpenOCD 0.12
 * armv7m_arch_state, printed by `poll`). Undefined when the text holds no such line.
 */
export function parsePolledHalt(text: string): PolledHalt | undefined {
  const match = /halted due to ([\w-]+), current mode: (\w+) ?([^\n]*)/.exec(text);
  if (!match) return undefined;
  const exception = match[2] === 'Handler' && match[3].trim() !== '' ? match[3].trim() : undefined;
  return { debugReason: match[1], mode: match[2], exception };
}

/**
 * The halt as RISC-V's dcsr.cause (bits 8:6, Debug Spec 0.13.2 4.8.1) tells it, in OpenOCD's
 * words: 1 ebreak, 2 trigger, 3 haltreq, 4 step, 5 halt at reset. OpenOCD's riscv `poll` prints
 * no reason, and a trigger is a hardware breakpoint or a watchpoint alike (`trigger`: the
 * breakpoints decide which).
 */
export function haltFromDcsr(dcsr: bigint): PolledHalt {
  const cause = Number((dcsr >> 6n) & 7n);
  const debugReason = ({ 1: 'breakpoint', 2: 'trigger', 3: 'debug-request', 4: 'single-step', 5: 'debug-request' } as Record<number, string>)[cause] ?? 'undefined';
  return { debugReason, mode: 'Thread' };
}

/**
 * The engine operation that led to this halt, if any. `reset-run`: a reset that runs while the
 * reset vector is caught (DEMCR VC_CORERESET), so its halt is that catch.
 */
export type HaltCause = 'step' | 'pause' | 'reset' | 'reset-run' | undefined;

/**
 * The stop reason a user should see. A reset halt is the entry; a data match wins over a step; a
 * "breakpoint" halt with no breakpoint of ours at the PC, in Handler mode, is a vector catch
 * (OpenOCD maps DFSR.VCATCH to DBG_REASON_BREAKPOINT, cortex_m_examine_debug_reason); so is one
 * in Thread mode after a running reset with the reset vector caught.
 */
export function decideHaltReason(polled: PolledHalt | undefined, cause: HaltCause, breakpointAtPc: boolean): HaltReason {
  if (cause === 'reset') return 'entry';
  switch (polled?.debugReason) {
    case 'watchpoint':
    case 'watchpoint-and-breakpoint':
      return 'data-breakpoint';
    case 'breakpoint':
      if (breakpointAtPc) return 'breakpoint';
      return polled.mode === 'Handler' || cause === 'reset-run' ? 'exception' : 'breakpoint';
    case 'trigger':
      return breakpointAtPc ? 'breakpoint' : 'data-breakpoint';
    case 'single-step':
      // A resume that stepped off a breakpoint onto another one stops there (resumeOverBreakpoint).
      return cause !== 'step' && breakpointAtPc ? 'breakpoint' : 'step';
    case 'debug-request':
      return cause === 'step' ? 'step' : 'pause';
    default:
      return cause === 'step' ? 'step' : cause === 'pause' ? 'pause' : 'unknown';
  }
}
