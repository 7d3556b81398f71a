// Per-architecture facts the DWARF unwinder needs beyond CFI: which DWARF register numbers exist,
// which is the stack pointer, which a call may clobber. No exception-frame logic (the engine's).

/** What the unwinder must know about an architecture's registers and calling convention. */
export interface UnwindAbi {
  readonly name: string;
  /** DWARF number of the stack pointer: the caller's value is the CFA (DWARF5 6.4.4). */
  readonly stackPointerRegister: number;
  /** DWARF number of the program counter, when it has one (ARM r15; RISC-V has none). */
  readonly programCounterRegister?: number;
  /** The registers an unwound frame reports. */
  readonly registers: readonly number[];
  /**
   * Registers a call may clobber: with no CFI rule, their value in the caller is unknown rather
   * than carried over. The return address column is never listed here.
   */
  readonly callerSavedRegisters: readonly number[];
}

const range = (first: number, last: number): number[] => Array.from({ length: last - first + 1 }, (_, i) => first + i);

/** ARM (AAPCS, DWARF for the ARM Architecture 4.1): r0-r15 are DWARF 0-15; r0-r3 and r12 are scratch. */
export const ARM_UNWIND_ABI: UnwindAbi = {
  name: 'arm',
  stackPointerRegister: 13,
  programCounterRegister: 15,
  registers: range(0, 15),
  callerSavedRegisters: [0, 1, 2, 3, 12],
};

/** RISC-V (psABI): x0-x31 are DWARF 0-31; t0-t6 and a0-a7 are caller-saved, ra is the return column. */
export const RISCV_UNWIND_ABI: UnwindAbi = {
  name: 'riscv',
  stackPointerRegister: 2,
  registers: range(0, 31),
  callerSavedRegisters: [...range(5, 7), ...range(10, 17), ...range(28, 31)],
};

/** Clears the Thumb state bit of an ARM code address (ARM ARM A2.3.2 "interworking"). */
export function stripThumbBit(address: bigint): bigint {
  return address & ~1n;
}
