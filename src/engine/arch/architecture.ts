// The Architecture port: what the engine's shared code (unwinder, stepper, breakpoints, views)
// needs to know of one instruction set architecture. cortexM.ts and rv32.ts implement it; no
// shared file names an ARM or RISC-V register, encoding or exception frame itself.
import type { UnwindAbi } from '../../dwarf';
import type { DecodedInstruction, InstructionSet } from '../disassembly/instructionDecoder';
import type { FrameMemory } from '../stack/frameMemory';

/** What a prologue did before the PC: the CFA as SP + `cfaOffset`, and where it saved registers. */
export interface PrologueAnalysis {
  readonly cfaOffset: number;
  /** DWARF register number -> its save slot's offset from the CFA (negative). */
  readonly savedAt: ReadonlyMap<number, number>;
}

/** A context the hardware stacked on exception entry (Cortex-M), recovered by its handler's return. */
export interface InterruptedContext {
  /** Where the stacked frame is. */
  readonly frameAddress: number;
  /** Caller registers by DWARF number. */
  readonly registers: ReadonlyMap<number, bigint>;
  /** The interrupted instruction's address. */
  readonly pc: number;
}

/** Hardware-stacked exception frames, reached through a magic return address (ARM EXC_RETURN). */
export interface ExceptionReturn {
  /** True when `returnAddress` is no code address but an exception return marker. */
  matches(returnAddress: bigint): boolean;
  /** The interrupted context of the handler whose CFA is `handlerCfa`, or why it cannot be read. */
  pop(returnAddress: bigint, handlerCfa: number, memory: FrameMemory): Promise<InterruptedContext | string>;
}

/** One exception stop a core can offer (a DAP exception breakpoint filter, without DAP types). */
export interface ExceptionCatch {
  /** The filter id: OpenOCD's vector catch name on Cortex-M (`hard_err`), `trap` for a trap entry. */
  readonly name: string;
  readonly label: string;
  readonly description: string;
  /** On unless the user turns it off. */
  readonly default: boolean;
}

/** A trap a stop at the trap entry decoded from the core's trap registers. */
export interface DecodedTrap {
  /** Interrupts enter at the same address as exceptions in direct mode; they are not caught. */
  readonly interrupt: boolean;
  /** `Illegal instruction`, `Load access fault`, `Machine timer interrupt`... */
  readonly name: string;
  /** The cause code without the interrupt bit. */
  readonly code: number;
  /** The register value as the core holds it (mcause). */
  readonly cause: number;
  /** The instruction the trap interrupted or that raised it (mepc). */
  readonly pc: number;
  /** The trap value register (mtval) and what it holds for this cause. */
  readonly value: number;
  readonly valueMeaning: string;
}

/**
 * Traps entered through a vector register rather than caught by the core (RISC-V: no vector
 * catch in the Debug Spec 0.13.2 that OpenOCD 0.12 drives). A catch is a breakpoint at the entry;
 * a handler frame whose function starts there returns to the interrupted code, not to its ra.
 */
export interface TrapEntry {
  /** The catch it implements, one of `exceptionCatches`. */
  readonly catchName: string;
  /** Registers a stop must have read to find the entry, decode a trap and unwind through it. */
  readonly registers: readonly string[];
  /** Where exceptions enter, from the stop's registers; undefined when they do not say. */
  entryAddress(registers: ReadonlyMap<string, bigint>): number | undefined;
  /** The trap a stop at the entry (or in its handler) is handling, from the stop's registers. */
  decode(registers: ReadonlyMap<string, bigint>): DecodedTrap | undefined;
}

/** A register as an expression names it. */
export interface ExpressionRegister {
  readonly number: number;
  readonly type: 'code' | 'data' | 'integer';
}

/** One instruction set architecture as the engine sees it. */
export interface Architecture {
  /** `armv6m`, `armv7m`, `armv8m`, `rv32`. */
  readonly name: string;
  /** The family: decides which optional features exist (Cortex-M faults and vector catch are `arm` only). */
  readonly family: 'arm' | 'riscv';
  readonly addressByteSize: 4 | 8;
  readonly littleEndian: boolean;
  /**
   * OpenOCD register names by unwinder register number: the DWARF numbers, plus the PC at
   * `pcRegister` where the architecture's DWARF mapping has no number for it (RISC-V).
   */
  readonly dwarfRegisterNames: readonly string[];
  /** Unwinder number of the program counter (ARM r15 = 15; RISC-V: 32, see rv32.ts). */
  readonly pcRegister: number;
  /** DWARF number of the stack pointer. */
  readonly spRegister: number;
  /** DWARF number of the register a call leaves the return address in (ARM lr 14, RISC-V ra 1). */
  readonly returnAddressRegister: number;
  /** DWARF facts the CFI unwinder needs (caller-saved registers, the stack pointer). */
  readonly unwindAbi: UnwindAbi;
  /** Capstone mode of the disassembly view and the stepper's call/return classification. */
  readonly instructionSet: InstructionSet;
  /** Length passed to OpenOCD's `bp` (it writes a software breakpoint instruction of that size). */
  readonly breakpointByteSize: number;
  /** The register view's names for the Registers scope, in order, among what the target lists. */
  readonly coreRegisterNames?: readonly string[];
  /** A code address as a register or return address holds it, made an instruction address (ARM: Thumb bit cleared). */
  codeAddress(value: bigint): number;
  /** A return address that ends the stack (the reset value of the link register, or 0). */
  isOutermostReturnAddress(value: bigint): boolean;
  /**
   * True when a stepper's run to a temporary breakpoint must end before `instruction`
   * (stepping/straightLine.ts), beyond the calls, returns and direct branches the decoder marks:
   * it may leave straight-line flow otherwise (a PC write, a trap, a wait, an interrupt-mask write)
   * or it writes SP, which the stepper's test that a hit is its own activation reads.
   */
  endsStraightRun(instruction: DecodedInstruction): boolean;
  /** True when a stop's registers put the PC inside a block of conditional instructions no breakpoint may be planted in (Thumb IT). */
  inConditionalBlock(registers: ReadonlyMap<string, bigint>): boolean;
  /** Reads a function's prologue from its entry `start` to `pc`, for frames without CFI. */
  analyzePrologue(code: Uint8Array, start: number, pc: number): PrologueAnalysis;
  /** Hardware-stacked exception frames (Cortex-M); absent where a trap stacks nothing (RISC-V). */
  readonly exceptionReturn?: ExceptionReturn;
  /** Every exception stop the family's cores may offer, in the order a client lists them (a core offers a subset: Debugger.exceptionCatches). */
  readonly exceptionCatches: readonly ExceptionCatch[];
  /** Traps caught by a breakpoint at their entry (RISC-V mtvec); absent where the core catches them itself (Cortex-M vector catch). */
  readonly trapEntry?: TrapEntry;
  /**
   * Register names an expression may use (`$sp`, `$ra`...) -> unwinder number and the type GDB's
   * target description gives it: `code` a code pointer (`void (*)()`), `data` `void *`, else `long`.
   */
  readonly expressionRegisters: ReadonlyMap<string, ExpressionRegister>;
}
