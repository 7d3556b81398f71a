// One thread of the debugger: a Target with its breakpoints, watchpoints, trap catch and the cache
// of its current stop. What stepping and unwinding plug into; it emits no events (Debugger does).
import { TargetNotHaltedError, UserError } from '../common';
import { BreakpointManager } from './breakpoints/breakpointManager';
import { TrapCatch } from './faults/trapCatch';
import { StopCache } from './stopCache/stopCache';
import type { MemoryRange, Target, TargetStop, WatchpointAccess } from './target';

/** A requested data breakpoint (DWT comparator). */
export interface WatchpointRequest {
  readonly address: number;
  readonly byteLength: number;
  readonly access: WatchpointAccess;
}

/** What became of a watchpoint request. */
export interface WatchpointStatus {
  readonly address: number;
  readonly verified: boolean;
  readonly message?: string;
}

/** One OpenOCD target as a thread: its number, its target, its breakpoints and its stop cache. */
export class DebugThread {
  /** User and temporary code breakpoints of this target. */
  readonly breakpoints: BreakpointManager;
  /** The catch of traps entered through a vector register (Architecture.trapEntry); undefined on cores with vector catch. */
  readonly trapCatch: TrapCatch | undefined;
  /** True while a stepper or a reset runs: stops and resumes are not reported one by one. */
  quiet = false;
  /** Aborted by a pause during a step, so a stepper that steps instruction by instruction stops. */
  stepAbort: AbortController | undefined;
  /**
   * While a hit on a conditional breakpoint or logpoint is decided: the user sees the thread
   * running, so its stop and the resume after it are not reported; `pauseAsked` makes it stop.
   */
  deciding: { pauseAsked: boolean } | undefined;
  /** A pause is halting the target: a breakpoint hit that answers it stops, whatever it would decide. */
  pausing = false;
  /**
   * Paused in its step or hit decision because another thread stopped under `stopAllCores`: the
   * pause that ends them is not reported, the other thread's stop (allThreadsStopped) told it.
   */
  haltedForOthers = false;

  private stopCache: StopCache | undefined;
  private watchpoints: WatchpointRequest[] = [];
  private readonly stopReadsByOwner = new Map<string, readonly MemoryRange[]>();

  constructor(
    /** 1-based thread number. */
    readonly id: number,
    readonly target: Target,
  ) {
    this.breakpoints = new BreakpointManager(target);
    const trapEntry = target.architecture.trapEntry;
    this.trapCatch = trapEntry && new TrapCatch(trapEntry, target, this.breakpoints);
    if (target.currentStop) this.onStop(target.currentStop);
  }

  get name(): string {
    return this.target.name;
  }

  get isHalted(): boolean {
    return this.stopCache !== undefined;
  }

  /** The stop the thread is in, or undefined while it runs. */
  get stop(): TargetStop | undefined {
    return this.stopCache?.stop;
  }

  /** The cache of the current stop; throws TargetNotHaltedError while the target runs. */
  cache(operation = 'inspect it'): StopCache {
    if (!this.stopCache) throw new TargetNotHaltedError(this.name, operation);
    return this.stopCache;
  }

  /**
   * Memory one owner (`peripherals`, `breakpoints`) wants read with every halt; the target's
   * `stopReads` become the union of every owner's.
   */
  setStopReads(owner: string, ranges: readonly MemoryRange[]): void {
    this.stopReadsByOwner.set(owner, ranges);
    this.target.stopReads = [...this.stopReadsByOwner.values()].flat();
  }

  /** What `owner` set with setStopReads (empty when nothing). */
  stopReadsOf(owner: string): readonly MemoryRange[] {
    return this.stopReadsByOwner.get(owner) ?? [];
  }

  /** Called by Debugger on every stop: a new stop, a new cache. */
  onStop(stop: TargetStop): void {
    this.stopCache?.invalidate();
    this.stopCache = new StopCache(this.target, stop);
  }

  /** Another core ran or stopped: memory this stop cached may have changed (registers have not). */
  forgetMemory(): void {
    this.stopCache?.forgetMemory();
  }

  /** Called by Debugger when the target runs: the cache is dropped. */
  onResume(): void {
    this.stopCache?.invalidate();
    this.stopCache = undefined;
  }

  /**
   * Resumes (at `address` when given) and resolves with the next stop, wherever it is: no time
   * cap, a pause or any breakpoint ends it. Rejects when the backend is lost.
   */
  async resumeUntilStop(address?: number): Promise<TargetStop> {
    const done = new AbortController();
    const stopped = this.target.stopped.next(undefined, done.signal);
    const lost = this.target.terminated.next(undefined, done.signal).then((error) => Promise.reject(error));
    try {
      await Promise.race([this.target.resume(address), lost]);
      return await Promise.race([stopped, lost]);
    } finally {
      done.abort();
      stopped.catch(() => undefined);
      lost.catch(() => undefined);
    }
  }

  /**
   * Replaces every watchpoint of this thread. A request the target refuses (no DWT comparator
   * left, bad length or alignment) is unverified with the target's reason.
   */
  async setWatchpoints(requests: readonly WatchpointRequest[]): Promise<WatchpointStatus[]> {
    for (const old of this.watchpoints) await this.target.removeWatchpoint(old.address);
    this.watchpoints = [];
    const statuses: WatchpointStatus[] = [];
    for (const request of requests) {
      try {
        await this.target.addWatchpoint(request.address, request.byteLength, request.access);
        this.watchpoints.push(request);
        statuses.push({ address: request.address, verified: true });
      } catch (error) {
        if (!(error instanceof UserError)) throw error;
        statuses.push({ address: request.address, verified: false, message: error.message });
      }
    }
    return statuses;
  }

  /** Sets the watchpoints again after a reset. */
  async reapplyWatchpoints(): Promise<void> {
    await this.setWatchpoints(this.watchpoints);
  }
}
