// The engine facade the adapter calls: owns the threads (one per OpenOCD target), their run state,
// breakpoints and stop caches, and turns target events into debugger events. Knows no DAP and no
// DWARF: source-level stepping plugs in as a Stepper, unwinding reads through DebugThread.cache().
import { TypedEvent, UserError } from '../common';
import type { BreakpointRequest, BreakpointStatus } from './breakpoints/breakpointManager';
import { DebugThread, type WatchpointRequest, type WatchpointStatus } from './debugThread';
import type { MemoryWriteOptions } from './stopCache/stopCache';
import type { HaltReason, MemoryRange, MemoryReadResult, RegisterValues, Target, TargetStop } from './target';

/** A thread stopped. */
export interface DebuggerStoppedEvent {
  readonly threadId: number;
  readonly reason: HaltReason;
  readonly stop: TargetStop;
}

/**
 * Source-level stepping plugged into the facade: it drives `thread` (temporary breakpoints,
 * stepInstruction, resume) and returns the reason to report (default `step`). Stops and resumes
 * while it runs are not reported; `signal` aborts when the user pauses.
 */
export type Stepper = (thread: DebugThread, signal: AbortSignal) => Promise<HaltReason | void>;

/** What the debugger needs of the connection its targets share (OpenOCD's Tcl port, for one). */
export interface DebugLink {
  /** Requests sent so far (for efficiency checks). */
  readonly roundTrips: number;
  /** Closes what the link owns; called once by Debugger.close. */
  close(): Promise<void>;
}

/**
 * The debugger over a set of targets. Build it from Targets (engine/openocdTarget's
 * `createOpenocdDebugger` does that for OpenOCD); it never talks to the probe itself.
 */
export class Debugger {
  readonly stopped = new TypedEvent<DebuggerStoppedEvent>();
  readonly continued = new TypedEvent<{ readonly threadId: number }>();
  /** OpenOCD went away (connection closed): fires once; every later call rejects with `error`. */
  readonly terminated = new TypedEvent<{ readonly error: Error }>();
  /** Target memory changed behind the stop caches (flash programmed or erased): views read it again. */
  readonly memoryChanged = new TypedEvent<void>();
  readonly threads: readonly DebugThread[];

  private terminatedBy: Error | undefined;
  /** Vector catch names the user chose (setVectorCatch), set again after every reset. */
  private vectorCatch: readonly string[] | undefined;

  /** One thread per target, numbered from 1 in the given order. */
  constructor(
    targets: readonly Target[],
    private readonly link: DebugLink,
    /** Targets left out (not supported), with the reason, for the session to tell the user. */
    readonly skippedTargets: readonly { readonly name: string; readonly reason: string }[] = [],
  ) {
    this.threads = targets.map((target, k) => new DebugThread(k + 1, target));
    for (const thread of this.threads) {
      thread.target.stopped.on((stop) => {
        thread.onStop(stop);
        if (!thread.quiet) this.stopped.emit({ threadId: thread.id, reason: stop.reason, stop });
      });
      thread.target.resumed.on(() => {
        thread.onResume();
        if (!thread.quiet) this.continued.emit({ threadId: thread.id });
      });
      thread.target.terminated.on((error) => this.terminate(error));
    }
  }

  /** Requests sent so far on the link (for efficiency checks). */
  get roundTrips(): number {
    return this.link.roundTrips;
  }

  /** The error that ended the session, if it ended. */
  get terminationError(): Error | undefined {
    return this.terminatedBy;
  }

  /** The thread with this id; a UserError names an unknown one. */
  thread(threadId: number): DebugThread {
    this.check();
    const thread = this.threads.find((t) => t.id === threadId);
    if (!thread) throw new UserError(`no thread ${threadId}: threads are ${this.threads.map((t) => `${t.id} (${t.name})`).join(', ')}`);
    return thread;
  }

  async continue(threadId: number): Promise<void> {
    await this.thread(threadId).target.resume();
  }

  /** Halts the thread (or ends its step); the stop arrives as a `stopped` event with reason pause. */
  async pause(threadId: number): Promise<void> {
    const thread = this.thread(threadId);
    thread.stepAbort?.abort();
    if (thread.target.currentStop && !thread.quiet) {
      this.stopped.emit({ threadId, reason: 'pause', stop: thread.target.currentStop });
      return;
    }
    await thread.target.halt();
  }

  /** One machine instruction, interrupts masked; reported as a stop with reason step. */
  stepInstruction(threadId: number): Promise<void> {
    // Its one stop is the one reported: the watched registers are read with it.
    return this.runStep(threadId, async (thread) => {
      await thread.target.stepInstruction();
    }, { keepStopReads: true });
  }

  /**
   * Runs a stepper with per-stop events held back, then reports one stop with its reason.
   * Intermediate stops read neither the stack window nor the target's stopReads (unless
   * `keepStopReads`): the stack and watched registers of the last stop are read when asked for.
   */
  async runStep(threadId: number, stepper: Stepper, options: { readonly keepStopReads?: boolean } = {}): Promise<void> {
    const thread = this.thread(threadId);
    if (thread.quiet) throw new UserError(`thread ${threadId} is already stepping`);
    thread.quiet = true;
    const abort = new AbortController();
    thread.stepAbort = abort;
    // Intermediate stops need registers only; the final stop's cache reads the stack when asked.
    const windowByteSize = thread.target.stackWindowByteSize;
    const stopReads = thread.target.stopReads;
    const suspended: typeof stopReads = [];
    thread.target.stackWindowByteSize = 0;
    if (!options.keepStopReads) thread.target.stopReads = suspended;
    let reason: HaltReason | void;
    try {
      reason = await stepper(thread, abort.signal);
    } finally {
      thread.target.stackWindowByteSize = windowByteSize;
      // Unless a new watch replaced them meanwhile.
      if (thread.target.stopReads === suspended) thread.target.stopReads = stopReads;
      thread.quiet = false;
      thread.stepAbort = undefined;
      await thread.breakpoints.removeTemporaries();
    }
    const stop = thread.target.currentStop;
    if (stop) this.stopped.emit({ threadId, reason: abort.signal.aborted ? 'pause' : (reason ?? 'step'), stop });
    else this.continued.emit({ threadId });
  }

  /**
   * Resets every target (OpenOCD's reset is global) and sets the breakpoints and watchpoints
   * again before the first instruction runs: `run` is a reset halt, the re-apply, then a resume,
   * so a breakpoint early in the start-up code is hit. Reports each thread once: stopped with
   * reason entry (halt, init) or continued (run); with `report: false` not at all (a restart
   * decides itself what to show next).
   */
  async reset(mode: 'halt' | 'run' | 'init', options: { readonly report?: boolean } = {}): Promise<void> {
    this.check();
    for (const thread of this.threads) thread.quiet = true;
    try {
      await this.threads[0].target.reset(mode === 'init' ? 'init' : 'halt');
      for (const thread of this.threads) {
        if (!thread.target.currentStop) await thread.target.halt();
        await thread.breakpoints.reapply();
        await thread.reapplyWatchpoints();
        if (this.vectorCatch) await thread.target.setVectorCatch?.(this.vectorCatch.filter((name) => thread.target.vectorCatchNames?.includes(name)));
        if (mode === 'run') await thread.target.resume();
      }
    } finally {
      for (const thread of this.threads) thread.quiet = false;
    }
    if (options.report === false) return;
    for (const thread of this.threads) {
      const stop = thread.target.currentStop;
      if (stop) this.stopped.emit({ threadId: thread.id, reason: 'entry', stop });
      else this.continued.emit({ threadId: thread.id });
    }
  }

  /** Registers of a halted thread, from its stop cache. */
  readRegisters(threadId: number, names?: readonly string[]): Promise<RegisterValues> {
    return this.thread(threadId).cache('read registers').readRegisters(names);
  }

  writeRegister(threadId: number, name: string, value: bigint): Promise<void> {
    return this.thread(threadId).cache('write a register').writeRegister(name, value);
  }

  /**
   * Memory through the stop cache when halted, directly while running (Cortex-M memory is readable
   * then). `fresh` reads the target even when the stop cached the bytes (a device register about
   * to be written by read-modify-write may have changed while the core was halted).
   */
  readMemory(threadId: number, ranges: readonly MemoryRange[], options: { readonly fresh?: boolean } = {}): Promise<MemoryReadResult[]> {
    const thread = this.thread(threadId);
    if (!thread.isHalted) return thread.target.readMemory(ranges);
    const cache = thread.cache();
    if (options.fresh) for (const range of ranges) cache.forget(range);
    return cache.readMemory(ranges);
  }

  writeMemory(threadId: number, address: number, data: Uint8Array, options: MemoryWriteOptions = {}): Promise<void> {
    const thread = this.thread(threadId);
    return thread.isHalted ? thread.cache().writeMemory(address, data, options) : thread.target.writeMemory(address, data, options.accessWidth);
  }

  /**
   * A raw OpenOCD command (debug console) in the context of `threadId`'s target. Its effects
   * (resume, halt, reset) reach the threads through OpenOCD's notifications like any other.
   */
  rawCommand(command: string, threadId = 1): Promise<string> {
    return this.thread(threadId).target.rawCommand(command);
  }

  /** Replaces the user breakpoints of `group` on a thread; each status says verified or why not. */
  setBreakpoints(group: string, requests: readonly BreakpointRequest[], threadId = 1): Promise<BreakpointStatus[]> {
    return this.thread(threadId).breakpoints.setBreakpoints(group, requests);
  }

  /** Replaces the data breakpoints of a thread. */
  setWatchpoints(requests: readonly WatchpointRequest[], threadId = 1): Promise<WatchpointStatus[]> {
    return this.thread(threadId).setWatchpoints(requests);
  }

  /**
   * Halts every thread on exactly these exceptions (vector catch names, e.g. `hard_err`, `reset`);
   * a thread takes the ones its core offers (Target.vectorCatchNames). Kept across resets.
   */
  async setVectorCatch(names: readonly string[]): Promise<void> {
    this.check();
    this.vectorCatch = [...names];
    for (const thread of this.threads) await thread.target.setVectorCatch?.(names.filter((name) => thread.target.vectorCatchNames?.includes(name)));
  }

  /** Stops listening and closes the link. Leaves the targets as they are. */
  async close(): Promise<void> {
    for (const thread of this.threads) thread.target.dispose();
    await this.link.close();
  }

  /**
   * Memory changed behind the caches (flash programmed or erased while halted): each halted
   * thread gets a fresh cache of the same stop, and `memoryChanged` tells the views to read again.
   */
  invalidateMemory(): void {
    this.check();
    for (const thread of this.threads) if (thread.stop) thread.onStop(thread.stop);
    this.memoryChanged.emit();
  }

  private terminate(error: Error): void {
    if (this.terminatedBy) return;
    this.terminatedBy = error;
    for (const thread of this.threads) thread.onResume();
    this.terminated.emit({ error });
  }

  private check(): void {
    if (this.terminatedBy) throw this.terminatedBy;
  }
}
