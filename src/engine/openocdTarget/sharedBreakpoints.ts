// Software breakpoints in memory that several cores of one OpenOCD share: which core owns each
// BKPT in OpenOCD's breakpoint table, which cores want it, and the bytes it replaced. Bookkeeping
// only: the Tcl is TargetBreakpoints' and TargetScripts'.

/**
 * One software breakpoint written into shared memory.
 *
 * Why one owner: OpenOCD 0.12 keeps a software breakpoint's saved instruction per target
 * (breakpoints.c breakpoint_add_internal, cortex_m.c cortex_m_set_breakpoint reads it from memory),
 * so a second core's `bp` at the same address would save the BKPT itself and write it back on
 * removal. OpenOCD's own SMP groups do the same: breakpoint_add puts a BKPT_SOFT on the group's
 * first target only. GDB with one connection per core (a program space per inferior) sends its Z0
 * on each connection, and OpenOCD adds it to that connection's target (gdb_server.c
 * gdb_breakpoint_watchpoint_packet), which on one RAM is that same double save (read from the
 * sources; not run with two GDBs at once).
 */
export interface SharedBreakpoint {
  /** The target that set it with `bp` (OpenOCD restores the instruction when it removes it). */
  readonly owner: string;
  /** Targets that want a stop there (their own breakpoint tables say so); the owner may have left. */
  readonly users: Set<string>;
  /** The instruction bytes the BKPT replaced, read just before the owner's `bp`. */
  readonly original: readonly number[];
  /** The breakpoint instruction's bytes as OpenOCD wrote them, read just after. */
  readonly code: readonly number[];
}

/** The software breakpoints of every core of one OpenOCD, by address (one table per Debugger). */
export class SharedBreakpoints {
  private readonly byAddress = new Map<number, SharedBreakpoint>();

  at(address: number): SharedBreakpoint | undefined {
    return this.byAddress.get(address);
  }

  /** The breakpoint was just written by `owner`'s `bp`. */
  written(address: number, owner: string, original: readonly number[], code: readonly number[]): void {
    this.byAddress.set(address, { owner, users: new Set([owner]), original, code });
  }

  /** `target` no longer wants it; returns the breakpoint when nobody does (the owner must remove it now). */
  leave(address: number, target: string): SharedBreakpoint | undefined {
    const shared = this.byAddress.get(address);
    if (!shared) return undefined;
    shared.users.delete(target);
    if (shared.users.size > 0) return undefined;
    this.byAddress.delete(address);
    return shared;
  }
}
