// The seam between the simulator's debug link (remote_bitbang, JTAG TAP, JTAG-DP, MEM-AP) and
// its board (core, debug unit, peripherals). Types only: the link drives a SimBoard, nothing else.
import type { TypedEvent } from '../../src/common';
import type { JtagInstructionSet } from './link/jtagTap';

export type AccessSize = 1 | 2 | 4;

/** The system bus as the AHB-AP sees it: debugger accesses, which work while the core runs. */
export interface DebugBus {
  /** The value read, or undefined on a bus error (the AP then sets STICKYERR). */
  read(address: number, size: AccessSize): number | undefined;
  /** False on a bus error. */
  write(address: number, size: AccessSize, value: number): boolean;
}

/** A board the link can drive. All time is virtual: it advances only inside run(). */
export interface SimBoard {
  /**
   * The bus behind each JTAG-DP's AHB-AP, one per TAP of the scan chain, the TAP nearest TDO
   * first (the order OpenOCD declares TAPs in: jtag/core.c reads IDCODEs from TDO).
   */
  readonly debugBuses: readonly DebugBus[];
  /** TAPs that are not ARM JTAG-DPs (a RISC-V DTM), in chain order after those of `debugBuses`. */
  readonly jtagDevices?: readonly JtagInstructionSet[];
  /**
   * Advances virtual time by up to `budget` core cycles: executes instructions when a core runs,
   * or lets time pass (SysTick counts down) while it sleeps in WFI. Returns the cycles consumed;
   * 0 when nothing can happen (every core halted, or locked up with no pending event).
   */
  run(budget: number): number;
  /** True when run() would consume cycles (a core running or sleeping with a timer armed). */
  readonly active: boolean;
  /** nSRST: resets the cores and peripherals, not the debug units or the DAPs (SIMULATOR.md). */
  setSystemReset(asserted: boolean): void;
  /** Bytes transmitted by USART1, as they leave the shift register. */
  readonly uartTx: TypedEvent<number>;
}
