// Test double of a SimBoard for the link's own tests: 8 KiB of SRAM at 0x20000000, bus errors
// elsewhere, and a core that only counts cycles while `active`. Never used by the real simulator.
import { TypedEvent } from '../../../src/common';
import type { AccessSize, DebugBus, SimBoard } from '../ports';

/** Where the test RAM sits: the STM32F030's SRAM base. */
export const ramBase = 0x20000000;
/** Test RAM size in bytes. */
export const ramByteSize = 8 * 1024;

/** Little-endian RAM; any access outside it is a bus error. */
export class RamBus implements DebugBus {
  readonly bytes = new Uint8Array(ramByteSize);
  readonly accesses: { address: number; size: AccessSize; write: boolean }[] = [];

  read(address: number, size: AccessSize): number | undefined {
    this.accesses.push({ address, size, write: false });
    const offset = address - ramBase;
    if (offset < 0 || offset + size > ramByteSize) return undefined;
    let value = 0;
    for (let i = size - 1; i >= 0; i--) value = value * 256 + this.bytes[offset + i];
    return value;
  }

  write(address: number, size: AccessSize, value: number): boolean {
    this.accesses.push({ address, size, write: true });
    const offset = address - ramBase;
    if (offset < 0 || offset + size > ramByteSize) return false;
    for (let i = 0; i < size; i++) this.bytes[offset + i] = (value >>> (8 * i)) & 0xff;
    return true;
  }
}

/** A board whose "core" consumes cycles while `active`, so scheduling can be observed. */
export class RamBoard implements SimBoard {
  readonly bus = new RamBus();
  readonly debugBuses = [this.bus];
  readonly uartTx = new TypedEvent<number>();
  /** Every budget run() was given, in order. */
  readonly runBudgets: number[] = [];
  /** Fires after each run() with the cycles consumed so far. */
  readonly ran = new TypedEvent<number>();
  active = false;
  systemReset = false;
  cycles = 0;
  /** When set, run() stops the core once this many cycles have passed. */
  stopAtCycles: number | undefined;

  run(budget: number): number {
    this.runBudgets.push(budget);
    if (!this.active) return 0;
    const limit = this.stopAtCycles === undefined ? budget : Math.min(budget, this.stopAtCycles - this.cycles);
    this.cycles += limit;
    if (this.stopAtCycles !== undefined && this.cycles >= this.stopAtCycles) this.active = false;
    this.ran.emit(this.cycles);
    return limit;
  }

  setSystemReset(asserted: boolean): void {
    this.systemReset = asserted;
  }
}
