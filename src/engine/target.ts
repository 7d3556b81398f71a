// The Target port: everything the engine needs of one debug target (one OpenOCD target, one DAP
// thread). The engine's logic talks only to this interface; it never builds Tcl strings itself.

import type { TypedEvent } from '../common';
import type { Architecture } from './arch/architecture';

/** Run state as OpenOCD's `curstate` names it. */
export type TargetRunState = 'halted' | 'running' | 'reset' | 'debug-running' | 'unknown';

/**
 * Why the core stopped. OpenOCD clears DFSR when it enters debug state (cortex_m.c
 * cortex_m_debug_entry), so the reason comes from OpenOCD's own decoding of DFSR ("halted due to
 * X": ARMv6-M C1.6.3 BKPT/DWTTRAP/VCATCH/EXTERNAL/HALTED), refined by what the engine asked for
 * (a step, a halt request, a reset) and by IPSR (a vector catch halts in Handler mode).
 */
export type HaltReason = 'breakpoint' | 'data-breakpoint' | 'step' | 'pause' | 'exception' | 'entry' | 'unknown';

/** Core registers and a stack window read in the same round trip as the halt itself. */
export interface StopSnapshot {
  /** Every core register the target lists (r0..r12, sp, lr, pc, xPSR, msp, psp, primask, control...). */
  readonly registers: RegisterValues;
  /** Memory from SP upwards (stops early at the first unreadable block); empty when none was read. */
  readonly stackWindow: { readonly address: number; readonly bytes: Uint8Array };
  /** The target's `stopReads` that succeeded, read with the halt (absent when none was asked). */
  readonly memory?: readonly { readonly address: number; readonly bytes: Uint8Array }[];
}

/** One halt of the core, as the engine sees it. Addresses are instruction addresses (Architecture.codeAddress). */
export interface TargetStop {
  readonly target: string;
  readonly reason: HaltReason;
  readonly pc: number;
  /** OpenOCD's own word for the halt (`debug-request`, `breakpoint`, `watchpoint`, `single-step`...). */
  readonly debugReason: string;
  /** The active exception when halted in Handler mode (e.g. `HardFault`, `SysTick`), from OpenOCD's mode line. */
  readonly exception?: string;
  readonly snapshot: StopSnapshot;
}

/**
 * Where an image in RAM starts, as a reset would start it: through its own vector table on
 * Cortex-M (SP from word 0, ARMv7-M B1.5.5); at the entry alone where the reset loads only the PC
 * and the start-up code sets its own stack (RISC-V: Privileged Spec 3.4, the reset vector).
 */
export interface ImageEntry {
  /** The vector table and its word 0, the initial main stack pointer; absent without one (RISC-V). */
  readonly vectorTable?: { readonly address: number; readonly stackPointer: number };
  /** The ELF's entry point (e_entry). */
  readonly entry: number;
}

/** When Target.stepInRange stops stepping although the PC is still in range (another request can be seen then: a pause). */
/** How a resume looks for its next halt. */
export interface ResumeOptions {
  /**
   * Look for the halt right after the resume (default true): a run to a breakpoint close by halts
   * within microseconds, and the backend may notice only much later (OpenOCD at its next poll).
   * False for a resume nobody sees (a hit resumed by its condition), whose round trips issue 15
   * budgets at two a hit: its next halt is left to the backend's notification.
   */
  readonly earlyHaltChecks?: boolean;
}

export interface StepRangeLimits {
  readonly maxSteps: number;
  /** Once this much time has passed since the first step began, no further step starts. */
  readonly maxMs: number;
}

/** Kind of a code breakpoint. `auto` lets the target choose by memory type (flash needs hardware). */
export type BreakpointKind = 'hardware' | 'software' | 'auto';

/** DWT comparator function (ARMv6-M C1.8.6): read, write or either. */
export type WatchpointAccess = 'read' | 'write' | 'access';

/** How many comparators the target has, as OpenOCD reports them after examine. */
export interface ComparatorBudget {
  readonly hardwareBreakpoints: number;
  readonly watchpoints: number;
}

/** Register values by OpenOCD register name (`r0`..`r12`, `sp`, `lr`, `pc`, `xPSR`, `msp`, `psp`, ...). */
export type RegisterValues = ReadonlyMap<string, bigint>;

/** A contiguous memory read request; results come back in the same order. */
export interface MemoryRange {
  readonly address: number;
  readonly byteLength: number;
  /**
   * Every access of this many bits (a device register's size; address and length aligned to it).
   * Default: words where aligned, bytes at the ends, which suits RAM and flash but not registers.
   */
  readonly accessWidth?: AccessWidth;
}

/** Bits moved by one bus access. */
export type AccessWidth = 8 | 16 | 32;

/** A memory read that failed is a value, so one unreadable range does not sink a batch. */
export type MemoryReadResult = Uint8Array | { readonly error: string };

/**
 * One debug target. Every method that waits on the outside world rejects with the common error
 * types (TclConnectionError, TargetNotHaltedError, TargetMemoryError...) instead of hanging.
 */
export interface Target {
  readonly name: string;
  /** The core's instruction set architecture (from OpenOCD's target type and, on Cortex-M, CPUID). */
  readonly architecture: Architecture;
  readonly budget: ComparatorBudget;
  /**
   * Bytes of stack read with each stop's snapshot. Debugger sets it to 0 while a stepper runs
   * (a window costs ~9 ms per stop on the simulator) and restores it after.
   */
  stackWindowByteSize: number;
  /**
   * Memory read with each stop's snapshot, in the same round trip, into `snapshot.memory`: the
   * peripheral registers a view watches (never ones whose read has a side effect: the caller
   * plans them with src/svd planRegisterReads). Empty adds nothing. Debugger empties it while a
   * source-level stepper runs, as it does the stack window.
   */
  stopReads: readonly MemoryRange[];
  /** Fires once per halt, driven by OpenOCD's notifications (and, over OpenOCD, by early halt checks after a resume). */
  readonly stopped: TypedEvent<TargetStop>;
  /** Fires when the core starts running (resume, step start, reset). */
  readonly resumed: TypedEvent<void>;
  /**
   * Fires with the mode (`run`, `halt`, `init`) whenever the backend reports a reset of the
   * target, whoever asked for it: the debugger, another client, a watchdog or the program.
   */
  readonly resetNotified?: TypedEvent<string>;
  /** Fires once when the connection to the debugger backend is lost; every later call rejects with it. */
  readonly terminated: TypedEvent<Error>;

  state(): Promise<TargetRunState>;
  /** The stop the target is in now, or undefined while it runs. */
  readonly currentStop: TargetStop | undefined;
  /** Resolves with the stop (the current one when already halted). */
  halt(): Promise<TargetStop>;
  /** Resumes at the current PC, or at `address`. */
  resume(address?: number, options?: ResumeOptions): Promise<void>;
  /** Executes exactly one instruction with interrupts masked and resolves with the new stop. */
  stepInstruction(): Promise<TargetStop>;
  /**
   * Executes one instruction, then more while the PC is in [lo, hi) (addresses, Thumb bit clear)
   * and the core halted after each, within `limits`, and resolves with the last stop: a source
   * step's instructions inside a line in one round trip. Absent: one stepInstruction each.
   */
  stepInRange?(lo: number, hi: number, limits: StepRangeLimits): Promise<TargetStop>;
  /** `halt` and `init` resolve with the stop at the reset vector (reason `entry`); `run` once issued. */
  reset(mode: 'halt' | 'run' | 'init'): Promise<TargetStop | undefined>;

  /** Reads the named registers (all core registers when omitted) in one round trip. */
  readRegisters(names?: readonly string[]): Promise<RegisterValues>;
  writeRegister(name: string, value: bigint): Promise<void>;

  /** Reads all ranges in one round trip; each range fails or succeeds on its own. */
  readMemory(ranges: readonly MemoryRange[]): Promise<MemoryReadResult[]>;
  /**
   * The stack window a snapshot reads (`byteSize` bytes, by default `stackWindowByteSize`, from
   * `sp` rounded down to 64, readable bytes only) in one round trip: the stop cache asks for it
   * when a stop was read without its window (a stepper's stops) and the unwinder reaches the
   * stack, instead of a round trip per word.
   */
  readStackWindow?(sp: number, byteSize?: number): Promise<{ address: number; bytes: Uint8Array }>;
  /** Writes bytes (every access `accessWidth` bits when given); rejects with TargetMemoryError naming the address. */
  writeMemory(address: number, data: Uint8Array, accessWidth?: AccessWidth): Promise<void>;

  /**
   * Rejects with a UserError that says why when no comparator is left (or the kind cannot be
   * used at that address). One breakpoint per address: callers share them (see BreakpointManager).
   */
  addBreakpoint(address: number, kind: BreakpointKind): Promise<'hardware' | 'software'>;
  removeBreakpoint(address: number): Promise<void>;
  addWatchpoint(address: number, byteLength: number, access: WatchpointAccess): Promise<void>;
  removeWatchpoint(address: number): Promise<void>;

  /**
   * Exceptions this core can halt on by vector catch, in OpenOCD's names (`cortex_m vector_catch`,
   * DEMCR VC_* bits): ARMv6-M has `hard_err` and `reset` only (C1.6.5), ARMv7-M adds the fault
   * status ones (C1.6.5). Absent on targets without vector catch.
   */
  readonly vectorCatchNames?: readonly string[];
  /** Halts on exactly these exceptions; every other one runs into its handler. */
  setVectorCatch?(names: readonly string[]): Promise<void>;

  /**
   * Makes every later halting reset end as the start of a RAM image (the core boots flash, not
   * the image): the PC, and with a vector table (Cortex-M) SP, xPSR.T and VTOR where the core has
   * one. Resolves with whether VTOR is set and the core's CPUID part number that decided it (0
   * without CPUID).
   */
  startAtResetHalt?(entry: ImageEntry): Promise<{ readonly vtorSet: boolean; readonly partno: number }>;

  /** Runs a raw OpenOCD command for the debug console and returns its text output. */
  rawCommand(command: string): Promise<string>;

  /** Stops listening to the backend's events (the connections belong to whoever made them). */
  dispose(): void;
}
