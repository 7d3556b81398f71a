// Decides why a Cortex-M target halted, from OpenOCD's `poll` line and what the engine asked for.
// Pure: no Tcl, no I/O. OpenOCD clears DFSR on debug entry, so its decoding is the only source.
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
    case 'single-step':
      return 'step';
    case 'debug-request':
      return cause === 'step' ? 'step' : 'pause';
    default:
      return cause === 'step' ? 'step' : cause === 'pause' ? 'pause' : 'unknown';
  }
}
