// The Cortex-M0 processor at its instruction boundaries: which exception is taken, when debug
// events halt (SIMULATOR.md "Halt semantics"), HardFault escalation and lockup, reset and vector
// catch. Instructions run in armv6mCore.ts; time and peripherals belong to the board.
import type { AccessSize } from '../ports';
import { Armv6mCore, EXCEPTION_ENTRY_CYCLES, type InstructionOutcome } from './armv6mCore';
import { DebugUnit, DEMCR, DFSR, type DebugHost } from './debugUnit';
import { Dwt } from './dwt';
import { Fpb } from './fpb';
import { Exception, Nvic } from './nvic';
import type { SystemBus } from './systemBus';

/** Cortex-M0 has no VTOR: the vector table is always at 0 (ARMv6-M B3.2.5, VTOR optional). */
const VECTOR_TABLE = 0;
/** The PC a locked-up ARMv6-M core reports (B1.5.15, Unrecoverable exception cases). */
export const LOCKUP_ADDRESS = 0xfffffffe;

/** What the processor needs from the chip around it. */
export interface ChipHooks {
  /** Resets the whole chip, core included (SYSRESETREQ). */
  readonly systemReset: () => void;
  /** Time passed outside run(): cycles of an instruction stepped by the debugger. */
  readonly elapse: (cycles: number) => void;
}

/** The processor: core, NVIC/SCB exception state and the debug components around it. */
export class CortexM0 implements DebugHost {
  readonly core: Armv6mCore;
  readonly nvic: Nvic;
  readonly debug: DebugUnit;
  readonly fpb = new Fpb();
  readonly dwt: Dwt;
  halted = false;
  lockedUp = false;
  private executing = false;
  private resetRequested = false;

  constructor(bus: SystemBus, private readonly chip: ChipHooks) {
    this.core = new Armv6mCore({
      read: (address: number, size: AccessSize, kind: 'fetch' | 'data') => {
        if (kind === 'data' && this.watching) this.dwt.noteAccess(address, size, false);
        return bus.read(address, size, 'core');
      },
      write: (address: number, size: AccessSize, value: number) => {
        if (this.watching) this.dwt.noteAccess(address, size, true);
        return bus.write(address, size, value, 'core');
      },
    });
    this.nvic = new Nvic(() => this.core.ipsr);
    this.debug = new DebugUnit(this);
    this.dwt = new Dwt(() => this.core.pc);
  }

  get sleeping(): boolean {
    return this.core.sleeping;
  }

  /** DWT comparators work only with DEMCR.DWTENA (TRCENA) set (ARMv6-M C1.6.5). */
  private get watching(): boolean {
    return (this.debug.demcr & DEMCR.DWTENA) !== 0;
  }

  /**
   * Local reset (B1.5.5), from SYSRESETREQ, nSRST or power-on: core and NVIC only, not the debug
   * components. With DEMCR.VC_CORERESET the core halts on the reset vector (C1.6.5).
   */
  reset(): void {
    this.nvic.reset();
    this.lockedUp = false;
    this.halted = false;
    this.core.reset(VECTOR_TABLE);
    this.debug.noteReset();
    if (this.debug.debugEnabled && this.debug.demcr & DEMCR.VC_CORERESET) this.halt(DFSR.VCATCH);
  }

  /**
   * AIRCR.SYSRESETREQ: from the debugger the reset is immediate; a store by software completes
   * its instruction first (the reset must not land in the middle of the interpreter).
   */
  requestSystemReset(): void {
    if (this.executing) this.resetRequested = true;
    else this.chip.systemReset();
  }

  halt(reason: number): void {
    this.halted = true;
    // Debug entry ends lockup (C1.6.3 S_LOCKUP) and sleep.
    this.lockedUp = false;
    this.core.sleeping = false;
    this.debug.noteHalted(reason);
  }

  resume(step: boolean): void {
    this.halted = false;
    if (step) this.chip.elapse(this.step());
  }

  readRegister(regsel: number): number {
    return this.core.readRegister(regsel);
  }

  writeRegister(regsel: number, value: number): void {
    this.core.writeRegister(regsel, value);
  }

  /** While sleeping in WFI/WFE: wakes when an exception could preempt; true when awake. */
  wake(): boolean {
    if (this.core.sleeping && this.nvic.wakesFromSleep(this.core.ipsr)) this.core.sleeping = false;
    return !this.core.sleeping;
  }

  /**
   * One instruction boundary: take a pending exception, check breakpoints, execute, then halt for
   * a step or a watchpoint. Returns the cycles used (0 when halted, locked up or asleep).
   */
  step(): number {
    if (this.halted || this.lockedUp || !this.wake()) return 0;
    const stepping = this.debug.stepping;
    let cycles = 0;
    const pending = this.nvic.preempting(this.core.ipsr, this.core.primask, this.debug.maskInterrupts);
    if (pending !== 0) {
      cycles += this.takeException(pending);
      // A step that takes an exception halts on the handler's first instruction.
      if (stepping && !this.halted && !this.lockedUp) this.halt(DFSR.HALTED);
      if (this.halted || this.lockedUp) return cycles;
    }
    // Breakpoints are prefetch events: they halt with PC on the instruction, before it runs.
    if (this.debug.debugEnabled) {
      const pc = this.core.pc;
      if (this.fpb.matches(pc)) {
        this.halt(DFSR.BKPT);
        return cycles;
      }
      if (this.watching && this.dwt.matchesInstruction(pc)) {
        this.halt(DFSR.DWTTRAP);
        return cycles;
      }
    }
    this.dwt.dataMatch = false;
    this.executing = true;
    const outcome = this.core.executeInstruction();
    this.executing = false;
    if (this.resetRequested) {
      this.resetRequested = false;
      this.chip.systemReset();
      return cycles + 1;
    }
    cycles += this.complete(outcome);
    if (this.halted || this.lockedUp) return cycles;
    // Data watchpoints halt after the access's instruction (C1.9: imprecise, PC past it).
    if (this.dwt.dataMatch && this.debug.debugEnabled) this.halt(DFSR.DWTTRAP);
    else if (stepping) this.halt(DFSR.HALTED);
    return cycles;
  }

  private complete(outcome: InstructionOutcome): number {
    switch (outcome.kind) {
      case 'retired':
        this.debug.noteRetired();
        return outcome.cycles;
      case 'supervisorCall':
        this.debug.noteRetired();
        return outcome.cycles + this.takeSynchronous(Exception.SVCall);
      case 'breakpoint':
        // BKPT with halting debug disabled escalates to HardFault (C1.7.1).
        if (this.debug.debugEnabled) {
          this.halt(DFSR.BKPT);
          return 0;
        }
        return this.fault();
      case 'fault':
        return this.fault();
    }
  }

  /** A synchronous exception that cannot preempt escalates to HardFault (B1.5.4 priority escalation). */
  private takeSynchronous(n: number): number {
    const allowed = this.nvic.priorityOf(n) < this.nvic.executionPriority(this.core.ipsr, this.core.primask);
    return allowed ? this.takeException(n) : this.fault();
  }

  /** HardFault, or lockup when the fault happens at priority -1 or above (B1.5.15). */
  private fault(): number {
    if (this.nvic.priorityOf(this.core.ipsr) < 0) {
      this.lockUp();
      return 1;
    }
    return this.takeException(Exception.HardFault);
  }

  private takeException(n: number): number {
    this.nvic.acknowledge(n);
    if (!this.core.enterException(n, VECTOR_TABLE)) {
      // A bus error while stacking or reading the vector: HardFault, or lockup if that was it.
      if (n === Exception.HardFault || this.nvic.priorityOf(this.core.ipsr) < 0) this.lockUp();
      else if (!this.core.enterException(Exception.HardFault, VECTOR_TABLE)) this.lockUp();
    }
    this.core.sleeping = false;
    if (!this.lockedUp && this.core.ipsr === Exception.HardFault && this.debug.debugEnabled
      && this.debug.demcr & DEMCR.VC_HARDERR) {
      this.halt(DFSR.VCATCH);
    }
    return EXCEPTION_ENTRY_CYCLES;
  }

  private lockUp(): void {
    this.lockedUp = true;
    this.core.pc = LOCKUP_ADDRESS;
  }
}
