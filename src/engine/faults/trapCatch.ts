// The trap catch of one thread whose core enters traps through a vector register and has no vector
// catch (Architecture.trapEntry; RISC-V mtvec): a breakpoint at the entry that follows the register
// from stop to stop, and the verdict on a stop there (an exception, or an interrupt to resume
// unseen). No Tcl: the breakpoint is a BreakpointManager group, re-applied after resets like a user's.
import { hex32 } from '../../common';
import type { DecodedTrap, TrapEntry } from '../arch';
import type { BreakpointManager } from '../breakpoints/breakpointManager';
import type { RegisterValues, Target, TargetStop } from '../target';

/** The BreakpointManager group of the catch's breakpoint (no DAP source has this name). */
const TRAP_CATCH_GROUP = 'exception catch: trap entry';

/** What became of turning an exception catch on or off. */
export interface ExceptionCatchStatus {
  readonly name: string;
  readonly verified: boolean;
  /** Why it is not armed (yet), shown to the user as written. */
  readonly message?: string;
}

export class TrapCatch {
  private on = false;
  /** Where the breakpoint is, while armed. */
  private armedAt: number | undefined;
  /** Whether an address is the program's code: the catch arms only there (see follow). */
  private isProgramCode: (address: number) => boolean = () => true;

  constructor(
    private readonly trap: TrapEntry,
    private readonly target: Target,
    private readonly breakpoints: BreakpointManager,
  ) {}

  get name(): string {
    return this.trap.catchName;
  }

  /** Turns the catch on (armed at the entry the halted core's registers name, when `isProgramCode` says it is code) or off. */
  async set(on: boolean, isProgramCode?: (address: number) => boolean): Promise<ExceptionCatchStatus> {
    this.on = on;
    if (isProgramCode) this.isProgramCode = isProgramCode;
    if (on) return this.follow();
    await this.breakpoints.setBreakpoints(TRAP_CATCH_GROUP, []);
    this.armedAt = undefined;
    return { name: this.name, verified: true };
  }

  /**
   * Moves the breakpoint to the entry the registers name now: called at set, after a reset and
   * before each continue. A program that moves its trap vector while it runs is caught at the old
   * entry until its next stop (nothing tells the debugger of a CSR write); an entry outside the
   * program's code (a reset value, a ROM handler) is not armed.
   */
  async follow(): Promise<ExceptionCatchStatus> {
    if (!this.on) return { name: this.name, verified: true };
    if (!this.target.currentStop) return this.unarmed(`${this.target.name} runs`);
    const entry = this.trap.entryAddress(await this.registers());
    if (entry === undefined) return this.unarmed(`the trap vector (${this.trap.registers[0]}) cannot be read`);
    if (entry === this.armedAt) return { name: this.name, verified: true };
    if (!this.isProgramCode(entry)) {
      // A reset leaves the vector at its reset value until the start-up code sets it (on the
      // simulated board 0, where a breakpoint write fails with OpenOCD errors in the log).
      await this.breakpoints.setBreakpoints(TRAP_CATCH_GROUP, []);
      this.armedAt = undefined;
      return this.unarmed(`the trap entry ${hex32(entry)} (${this.trap.registers[0]}) is not in the program's code`);
    }
    const [status] = await this.breakpoints.setBreakpoints(TRAP_CATCH_GROUP, [{ address: entry }]);
    this.armedAt = undefined;
    if (!status.verified) return this.unarmed(`no breakpoint can be set at the trap entry ${hex32(entry)}: ${status.message ?? 'refused'}`);
    this.armedAt = entry;
    return { name: this.name, verified: true };
  }

  /**
   * A stop as the user should see it: a breakpoint stop at the armed entry is an `exception` named
   * after its cause, or `interrupt` when an interrupt entered there (direct mode) and no breakpoint
   * of the user's is at the entry: the caller resumes it unseen.
   */
  classify(stop: TargetStop): TargetStop | 'interrupt' {
    if (this.armedAt === undefined || stop.pc !== this.armedAt || stop.reason !== 'breakpoint') return stop;
    const trap = this.trap.decode(stop.snapshot.registers);
    if (!trap) return stop;
    if (trap.interrupt) return this.breakpoints.hasUserBreakpoint(stop.pc, TRAP_CATCH_GROUP) ? stop : 'interrupt';
    return { ...stop, reason: 'exception', exception: trap.name };
  }

  /** The trap the halted core is handling, decoded from its registers (read when the stop did not). */
  async decode(): Promise<DecodedTrap | undefined> {
    return this.trap.decode(await this.registers());
  }

  private unarmed(message: string): ExceptionCatchStatus {
    return { name: this.name, verified: false, message: `${message}; the catch follows it at each stop` };
  }

  private async registers(): Promise<RegisterValues> {
    const known = this.target.currentStop?.snapshot.registers ?? new Map<string, bigint>();
    const missing = this.trap.registers.filter((name) => !known.has(name));
    if (missing.length === 0) return known;
    return new Map([...known, ...(await this.target.readRegisters(missing))]);
  }
}
