// User and temporary (step) code breakpoints of one target, over the Target port: one physical
// breakpoint per address shared by every owner, verified/unverified with a reason, re-applied
// after a reset, and each user breakpoint's hit count and hit actions (breakpointHit.ts decides).
// Pure engine logic: it never builds Tcl and knows nothing of DAP or DWARF.
import { DebuggerError, TclConnectionError, TypedEvent, UserError } from '../../common';
import type { BreakpointKind, Target } from '../target';
import { decideHit, parseHitActions, type HitActions, type HitEvaluator, type HitOptions, type HitOutcome } from './breakpointHit';

/** One requested code breakpoint, with its condition, hit count and log message. */
export interface BreakpointRequest extends HitOptions {
  readonly address: number;
  /** Default `auto`: hardware in flash, software in RAM. */
  readonly kind?: BreakpointKind;
  /**
   * The user breakpoint this address belongs to (one DAP breakpoint may have several addresses):
   * hits are counted per key. Default: the group and the address.
   */
  readonly key?: string;
  /**
   * The function a `break FUNC` location was set for (GDB's bp_location symbol): a stop here shows
   * the inlined calls starting at the address down to that function only. Undefined for line and
   * instruction breakpoints, which show every inlined call starting here (GDB gives their location
   * the innermost function block at the address).
   */
  readonly functionName?: string;
}

/** What became of a request: verified with the kind used, or unverified with the reason. */
export interface BreakpointStatus {
  readonly address: number;
  readonly verified: boolean;
  readonly kind?: 'hardware' | 'software';
  /** Why it is unverified (e.g. no comparator left), shown to the user as written. */
  readonly message?: string;
}

/** A temporary breakpoint; `remove` releases it without touching user breakpoints at the same address. */
export interface TemporaryBreakpoint {
  readonly address: number;
  remove(): Promise<void>;
}

/** One physical breakpoint and its owners. */
interface Slot {
  readonly kind: 'hardware' | 'software';
  userCount: number;
  temporaryCount: number;
}

interface UserEntry {
  readonly request: BreakpointRequest;
  readonly key: string;
  /** Undefined: a plain breakpoint. */
  readonly actions: HitActions | undefined;
  /** Its hit count or log message was refused: it sets nothing. */
  readonly refused?: boolean;
  status: BreakpointStatus;
}

/** Breakpoints of one target, grouped by owner (a DAP source path, "function", "instruction"...). */
export class BreakpointManager {
  /** A user breakpoint's status changed outside setBreakpoints (after a reset or a release freed a comparator). */
  readonly changed = new TypedEvent<{ readonly group: string; readonly status: BreakpointStatus }>();

  private readonly slots = new Map<number, Slot>();
  private readonly groups = new Map<string, UserEntry[]>();
  /** Hits of each user breakpoint (by key) whose condition held, since it was set or the last reset. */
  private readonly hitCounts = new Map<string, number>();

  constructor(private readonly target: Target) {}

  /**
   * Replaces the user breakpoints of `group` and returns one status per request, in order. Addresses
   * the group no longer wants are released first, so their comparators are free for the new ones.
   * A request whose hit count or log message cannot be parsed is unverified with the reason. Hit
   * counts of breakpoints (keys) that stay are kept.
   */
  async setBreakpoints(group: string, requests: readonly BreakpointRequest[]): Promise<BreakpointStatus[]> {
    const old = this.groups.get(group) ?? [];
    const parsed = requests.map((request) => parseRequest(group, request));
    const wanted = new Set(parsed.filter((entry) => !entry.refused).map((entry) => entry.request.address));
    const kept = new Map<number, UserEntry>();
    for (const entry of old) {
      if (wanted.has(entry.request.address) && entry.status.verified && !kept.has(entry.request.address)) kept.set(entry.request.address, entry);
      else if (entry.status.verified) await this.release(entry.request.address, 'user');
    }
    const entries: UserEntry[] = [];
    for (const entry of parsed) {
      const { request } = entry;
      if (entry.refused) {
        entries.push(entry);
        continue;
      }
      const existing = kept.get(request.address) ?? entries.find((other) => !other.refused && other.request.address === request.address);
      if (existing) {
        entries.push({ ...entry, status: existing.status });
        if (!kept.delete(request.address) && existing.status.verified) this.slots.get(request.address)!.userCount++;
        continue;
      }
      entries.push({ ...entry, status: await this.acquire(request, 'user') });
    }
    if (entries.length === 0) this.groups.delete(group);
    else this.groups.set(group, entries);
    const keys = new Set([...this.groups.values()].flat().map((entry) => entry.key));
    for (const key of [...this.hitCounts.keys()]) if (!keys.has(key)) this.hitCounts.delete(key);
    if (old.some((entry) => entry.status.verified && !wanted.has(entry.request.address))) await this.retryUnverified(group);
    return entries.map((entry) => entry.status);
  }

  /** Every user breakpoint's status, by group. */
  statuses(): ReadonlyMap<string, readonly BreakpointStatus[]> {
    return new Map([...this.groups].map(([group, entries]) => [group, entries.map((entry) => entry.status)]));
  }

  /** Whether a verified user breakpoint sits at `address` (a stop there is the user's, not a step's), of a group but `exceptGroup` when given. */
  hasUserBreakpoint(address: number, exceptGroup?: string): boolean {
    if (exceptGroup === undefined) return (this.slots.get(address)?.userCount ?? 0) > 0;
    return [...this.groups].some(([group, entries]) => group !== exceptGroup && entries.some((entry) => entry.status.verified && entry.request.address === address));
  }

  /**
   * What the verified user breakpoints at `address` were set for: a function name, or undefined for
   * a line or instruction breakpoint (see BreakpointRequest.functionName). Empty when none is there.
   */
  userBreakpointFunctionsAt(address: number): (string | undefined)[] {
    return this.userEntriesAt(address).map((entry) => entry.request.functionName);
  }

  /** Whether a hit at `address` needs deciding (a user breakpoint there has a condition, hit count or log message). */
  decidesAt(address: number): boolean {
    return this.userEntriesAt(address).some((entry) => entry.actions !== undefined);
  }

  /** Counts a hit at `address` on each user breakpoint there and decides it (breakpointHit.ts decideHit). */
  hit(address: number, evaluator: HitEvaluator): Promise<HitOutcome> {
    return decideHit(this.userEntriesAt(address), this.hitCounts, evaluator);
  }

  /** Every hit count back to 0 (the program restarted). */
  resetHitCounts(): void {
    this.hitCounts.clear();
  }

  /**
   * Sets a temporary breakpoint (used by stepping). Shares the physical breakpoint when the user
   * has one at `address`. Rejects with the target's UserError when no comparator is left.
   */
  async addTemporary(address: number): Promise<TemporaryBreakpoint> {
    const slot = this.slots.get(address);
    if (slot) slot.temporaryCount++;
    else this.slots.set(address, { kind: await this.target.addBreakpoint(address, 'auto'), userCount: 0, temporaryCount: 1 });
    let removed = false;
    return {
      address,
      remove: async () => {
        if (removed) return;
        removed = true;
        await this.release(address, 'temporary');
      },
    };
  }

  /** Releases every temporary breakpoint (a step ended, maybe by an error); user ones stay. */
  async removeTemporaries(): Promise<void> {
    for (const [address, slot] of [...this.slots]) {
      if (slot.temporaryCount === 0) continue;
      slot.temporaryCount = 0;
      if (slot.userCount > 0) continue;
      this.slots.delete(address);
      await this.target.removeBreakpoint(address);
    }
  }

  /**
   * After a reset: drops temporary breakpoints, sets every physical breakpoint again (removing
   * OpenOCD's copy first, whatever the reset left of it; see liftAll) and retries the unverified ones.
   */
  async reapply(): Promise<void> {
    await this.liftAll();
    for (const [group, entries] of this.groups) {
      for (const entry of entries) {
        if (entry.refused) continue;
        const slot = this.slots.get(entry.request.address);
        if (slot) {
          slot.userCount++;
          continue;
        }
        const before = entry.status;
        entry.status = await this.acquire(entry.request, 'user');
        if (before.verified !== entry.status.verified || before.kind !== entry.status.kind) this.changed.emit({ group, status: entry.status });
      }
    }
  }

  /**
   * Removes every physical breakpoint, keeping the user breakpoints for `reapply`. With several
   * cores every core lifts before any sets again: a software breakpoint the cores share is written
   * back only when no core wants it any more, so only then is it set again from the memory the
   * reset left.
   */
  async liftAll(): Promise<void> {
    for (const address of [...this.slots.keys()]) {
      this.slots.delete(address);
      await this.target.removeBreakpoint(address);
    }
  }

  /** Removes every breakpoint this manager set (user and temporary). */
  async clear(): Promise<void> {
    for (const address of [...this.slots.keys()]) await this.target.removeBreakpoint(address);
    this.slots.clear();
    this.groups.clear();
    this.hitCounts.clear();
  }

  /** The verified user breakpoints at `address`, one per key. */
  private userEntriesAt(address: number): UserEntry[] {
    const found = new Map<string, UserEntry>();
    for (const entries of this.groups.values()) for (const entry of entries) if (entry.status.verified && entry.request.address === address && !found.has(entry.key)) found.set(entry.key, entry);
    return [...found.values()];
  }

  /** Sets or shares the physical breakpoint; a refusal becomes an unverified status (connection loss propagates). */
  private async acquire(request: BreakpointRequest, owner: 'user' | 'temporary'): Promise<BreakpointStatus> {
    const slot = this.slots.get(request.address);
    if (slot) {
      if (owner === 'user') slot.userCount++;
      else slot.temporaryCount++;
      return { address: request.address, verified: true, kind: slot.kind };
    }
    try {
      const kind = await this.target.addBreakpoint(request.address, request.kind ?? 'auto');
      this.slots.set(request.address, { kind, userCount: owner === 'user' ? 1 : 0, temporaryCount: owner === 'temporary' ? 1 : 0 });
      return { address: request.address, verified: true, kind };
    } catch (error) {
      if (error instanceof TclConnectionError || !(error instanceof DebuggerError)) throw error;
      return { address: request.address, verified: false, message: error.message };
    }
  }

  private async release(address: number, owner: 'user' | 'temporary'): Promise<void> {
    const slot = this.slots.get(address);
    if (!slot) return;
    if (owner === 'user') slot.userCount = Math.max(0, slot.userCount - 1);
    else slot.temporaryCount = Math.max(0, slot.temporaryCount - 1);
    if (slot.userCount + slot.temporaryCount > 0) return;
    this.slots.delete(address);
    await this.target.removeBreakpoint(address);
  }

  /** Comparators were freed: unverified breakpoints of other groups may fit now. */
  private async retryUnverified(except: string): Promise<void> {
    for (const [group, entries] of this.groups) {
      if (group === except) continue;
      for (const entry of entries) {
        if (entry.status.verified || entry.refused) continue;
        entry.status = await this.acquire(entry.request, 'user');
        if (entry.status.verified) this.changed.emit({ group, status: entry.status });
      }
    }
  }
}

/** A request with its key and parsed actions; a refused one carries its unverified status already. */
function parseRequest(group: string, request: BreakpointRequest): UserEntry {
  const key = request.key ?? `${group}@${request.address}`;
  try {
    return { request, key, actions: parseHitActions(request), status: { address: request.address, verified: false } };
  } catch (error) {
    if (!(error instanceof UserError)) throw error;
    return { request, key, actions: undefined, refused: true, status: { address: request.address, verified: false, message: error.message } };
  }
}
