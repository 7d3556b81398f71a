// The engine facade the adapter calls: owns the threads (one per OpenOCD target), their run state,
// breakpoints and stop caches, and turns target events into debugger events. Knows no DAP and no
// DWARF: source-level stepping plugs in as a Stepper, unwinding reads through DebugThread.cache().
import { TypedEvent, UserError } from '../common';
import type { HitNote } from './breakpoints/breakpointHit';
import type { BreakpointRequest, BreakpointStatus } from './breakpoints/breakpointManager';
import type { HitEvaluatorFactory } from './breakpoints/frameHitEvaluator';
import { forgetSharedMemory, haltOtherThreads } from './coreGroup';
import type { ExceptionCatch } from './arch';
import { DebugThread, type WatchpointRequest, type WatchpointStatus } from './debugThread';
import { offeredCatches, setCatches } from './faults/exceptionCatches';
import type { ExceptionCatchStatus } from './faults/trapCatch';
import type { MemoryWriteOptions } from './stopCache/stopCache';
import type { HaltReason, MemoryRange, MemoryReadResult, RegisterValues, Target, TargetStop } from './target';

/** A thread stopped. */
export interface DebuggerStoppedEvent {
  readonly threadId: number;
  readonly reason: HaltReason;
  readonly stop: TargetStop;
  /** Why a step ended other than by finishing or a pause (a reset under it), for the user. */
  readonly note?: string;
  /** Every thread is halted with it: the only thread, or all of them under `stopAllCores`. */
  readonly allThreadsStopped: boolean;
}

/**
 * A logpoint's message or a breakpoint condition that could not be evaluated, on a thread; or a
 * hit that could not be decided at all (resume refused...), after which the thread stops.
 */
export type DebuggerBreakpointNote = (HitNote | { readonly kind: 'hitFailed'; readonly message: string }) & { readonly threadId: number };

/** Bound on the memory breakpoint conditions and log messages add to each halt's request. */
const MAX_BREAKPOINT_READ_BYTES = 1024;

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
  /** What a breakpoint hit says besides stopping: logpoint messages, conditions that failed. */
  readonly breakpointNotes = new TypedEvent<DebuggerBreakpointNote>();
  readonly threads: readonly DebugThread[];
  /** Hit counts survive a reset (launch.json `keepHitCountsOnRestart`); by default they restart at 0, as GDB's `run`. */
  keepHitCountsOnReset = false;
  /**
   * launch.json `stopAllCores` (all-stop, as GDB's default): a reported stop of one thread halts
   * the others first, and `continue` resumes every halted thread; a step moves its own core only.
   * Off (the default), each core stops and runs on its own.
   */
  stopAllCores = false;
  /** Without it, every breakpoint hit stops (conditions, hit counts and log messages need C). */
  private hitEvaluators: HitEvaluatorFactory | undefined;

  private terminatedBy: Error | undefined;
  /**
   * Resets this debugger asked for whose notification has not arrived yet, by thread id (they
   * arrive late, on their own socket, and every target hears each one).
   */
  private readonly ownResetsUnreported = new Map<number, number>();
  /** Why a thread's step was cut short, for its stop. */
  private readonly stepInterruptions = new Map<number, string>();
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
      thread.target.stopped.on((halt) => {
        const caught = thread.quiet ? halt : thread.trapCatch?.classify(halt) ?? halt;
        const stop = caught === 'interrupt' ? halt : caught;
        thread.onStop(stop);
        forgetSharedMemory(this.threads, thread);
        if (thread.quiet) return;
        if (caught === 'interrupt') void this.resumeUnseen(thread, stop);
        else if (stop.reason === 'breakpoint' && this.hitEvaluators && thread.breakpoints.decidesAt(stop.pc)) void this.decideHit(thread, stop, this.hitEvaluators);
        else this.report({ threadId: thread.id, reason: stop.reason, stop });
      });
      thread.target.resumed.on(() => {
        thread.onResume();
        forgetSharedMemory(this.threads, thread);
        if (!thread.quiet && !thread.deciding) this.continued.emit({ threadId: thread.id });
      });
      thread.target.terminated.on((error) => this.terminate(error));
      thread.target.resetNotified?.on((mode) => this.onOutsideReset(thread, mode));
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

  /** Every thread runs under `stopAllCores` and more than one thread. */
  get allStop(): boolean {
    return this.stopAllCores && this.threads.length > 1;
  }

  /** Resumes the thread; under `stopAllCores`, then every other halted thread too. */
  async continue(threadId: number): Promise<void> {
    const thread = this.thread(threadId);
    await thread.trapCatch?.follow();
    await thread.target.resume();
    if (!this.allStop) return;
    for (const other of this.threads) if (other.id !== threadId && other.isHalted && !other.quiet && !other.deciding) await other.target.resume();
  }

  /** Halts the thread (or ends its step); the stop arrives as a `stopped` event with reason pause. */
  async pause(threadId: number): Promise<void> {
    const thread = this.thread(threadId);
    thread.stepAbort?.abort();
    // Deciding a hit while still halted: the decision reports the stop. Once it has resumed, a halt.
    if (thread.deciding && thread.target.currentStop) {
      thread.deciding.pauseAsked = true;
      return;
    }
    if (thread.target.currentStop && !thread.quiet) {
      this.report({ threadId, reason: 'pause', stop: thread.target.currentStop });
      return;
    }
    // A breakpoint hit may come first and answer the halt: its decision must not resume then.
    thread.pausing = true;
    try {
      await thread.target.halt();
    } finally {
      thread.pausing = false;
    }
  }

  /**
   * One machine instruction, interrupts masked; reported as a stop with reason step. `arrived`
   * sees the stop before it is reported (the adapter records which inlined frames it shows).
   */
  stepInstruction(threadId: number, arrived?: (stop: TargetStop) => void): Promise<void> {
    // Its one stop is the one reported: the stack window and watched registers are read with it
    // (a window read on demand afterwards costs a round trip per word the unwinder asks for).
    return this.runStep(threadId, async (thread) => {
      const stop = await thread.target.stepInstruction();
      arrived?.(stop);
    }, { singleStop: true });
  }

  /**
   * Runs a stepper with per-stop events held back, then reports one stop with its reason.
   * Intermediate stops read neither the stack window nor the target's stopReads (unless
   * `singleStop`: the stepper stops once, and that stop is the one reported): the stack and
   * watched registers of the last stop are read when asked for.
   */
  async runStep(threadId: number, stepper: Stepper, options: { readonly singleStop?: boolean } = {}): Promise<void> {
    const thread = this.thread(threadId);
    if (thread.quiet) throw new UserError(`thread ${threadId} is already stepping`);
    // The user sees it running: a hit on a conditional breakpoint or logpoint is being decided.
    if (thread.deciding) throw new UserError(`thread ${threadId} (${thread.name}) is running: pause it before stepping`);
    thread.quiet = true;
    const abort = new AbortController();
    thread.stepAbort = abort;
    // Intermediate stops need registers only; the final stop's cache reads the stack when asked.
    const windowByteSize = thread.target.stackWindowByteSize;
    const stopReads = thread.target.stopReads;
    const suspended: typeof stopReads = [];
    if (!options.singleStop) {
      thread.target.stackWindowByteSize = 0;
      thread.target.stopReads = suspended;
    }
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
    const note = this.stepInterruptions.get(threadId);
    this.stepInterruptions.delete(threadId);
    const haltedForOthers = thread.haltedForOthers;
    thread.haltedForOthers = false;
    const stop = thread.target.currentStop;
    // Paused by another thread's stop under stopAllCores: that stop's event told the client (coreGroup.ts).
    if (stop && haltedForOthers && abort.signal.aborted) return;
    if (stop) this.report({ threadId, reason: abort.signal.aborted ? 'pause' : (reason ?? 'step'), stop, note });
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
    // OpenOCD reports each reset once (target.c target_process_reset's reset callbacks), to every target here.
    for (const thread of this.threads) this.ownResetsUnreported.set(thread.id, (this.ownResetsUnreported.get(thread.id) ?? 0) + 1);
    try {
      await this.threads[0].target.reset(mode === 'init' ? 'init' : 'halt');
      for (const thread of this.threads) {
        if (!thread.target.currentStop) await thread.target.halt();
        await thread.breakpoints.liftAll();
      }
      for (const thread of this.threads) {
        await thread.breakpoints.reapply();
        if (!this.keepHitCountsOnReset) thread.breakpoints.resetHitCounts();
        await thread.reapplyWatchpoints();
        if (this.vectorCatch) await thread.target.setVectorCatch?.(this.vectorCatch.filter((name) => thread.target.vectorCatchNames?.includes(name)));
        await thread.trapCatch?.follow();
        if (mode === 'run') await thread.target.resume();
      }
    } finally {
      for (const thread of this.threads) thread.quiet = false;
    }
    if (options.report === false) return;
    for (const thread of this.threads) {
      const stop = thread.target.currentStop;
      if (stop) this.stopped.emit({ threadId: thread.id, reason: 'entry', stop, allThreadsStopped: this.threads.every((t) => t.isHalted) });
      else this.continued.emit({ threadId: thread.id });
    }
  }

  /**
   * A reset nobody here asked for (another OpenOCD client, a watchdog, the program's own
   * SYSRESETREQ) under a step: the step's frames are gone, so it ends now with a stop saying so
   * instead of running on in the restarted program to an unrelated temporary breakpoint.
   */
  private onOutsideReset(thread: DebugThread, mode: string): void {
    const own = this.ownResetsUnreported.get(thread.id) ?? 0;
    if (own > 0) {
      this.ownResetsUnreported.set(thread.id, own - 1);
      return;
    }
    if (!thread.stepAbort || thread.stepAbort.signal.aborted) return;
    this.stepInterruptions.set(thread.id, `the target was reset (reset ${mode}: another OpenOCD client, a watchdog or the program) during the step, which ended there`);
    // As a pause does: the stepper sees the abort at the halt, and that halt is the stop shown.
    thread.stepAbort.abort();
    thread.target.halt().catch(() => undefined);
  }

  /** Registers of a halted thread, from its stop cache. */
  readRegisters(threadId: number, names?: readonly string[]): Promise<RegisterValues> {
    return this.thread(threadId).cache('read registers').readRegisters(names);
  }

  writeRegister(threadId: number, name: string, value: bigint): Promise<void> {
    return this.thread(threadId).cache('write a register').writeRegister(name, value);
  }

  /**
   * Whether a thread other than `threadId` runs: memory the cores share may change under the
   * halted one at any time, so its reads are not cached.
   */
  othersRunning(threadId: number): boolean {
    return this.threads.some((thread) => thread.id !== threadId && !thread.isHalted);
  }

  /**
   * Memory through the stop cache when halted and no other core runs, directly otherwise
   * (Cortex-M memory is readable while running). `fresh` reads the target even when the stop cached the bytes (a device register about
   * to be written by read-modify-write may have changed while the core was halted).
   */
  readMemory(threadId: number, ranges: readonly MemoryRange[], options: { readonly fresh?: boolean } = {}): Promise<MemoryReadResult[]> {
    const thread = this.thread(threadId);
    if (!thread.isHalted || this.othersRunning(threadId)) return thread.target.readMemory(ranges);
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

  /**
   * Replaces the user breakpoints of `group` on a thread; each status says verified or why not.
   * The memory earlier conditions and log messages read is no longer read with each halt.
   */
  setBreakpoints(group: string, requests: readonly BreakpointRequest[], threadId = 1): Promise<BreakpointStatus[]> {
    const thread = this.thread(threadId);
    thread.setStopReads('breakpoints', []);
    return thread.breakpoints.setBreakpoints(group, requests);
  }

  /** Conditions, hit counts and log messages are decided here from now on (engine/breakpoints frameHitEvaluators). */
  evaluateBreakpointsWith(factory: HitEvaluatorFactory): void {
    this.hitEvaluators = factory;
  }

  /** Replaces the data breakpoints of a thread. */
  setWatchpoints(requests: readonly WatchpointRequest[], threadId = 1): Promise<WatchpointStatus[]> {
    return this.thread(threadId).setWatchpoints(requests);
  }

  /** The exception catches the threads' cores offer (vector catches, trap entries), in their architecture's order. */
  exceptionCatches(): ExceptionCatch[] {
    return offeredCatches(this.threads);
  }

  /**
   * Halts every thread on exactly these exceptions (exceptionCatches names, e.g. `hard_err`,
   * `reset`, `trap`); a thread takes the ones its core offers. Kept across resets. One status per
   * name: a trap catch that cannot be armed yet says why. A trap catch arms only at an entry
   * `isProgramCode` accepts (the program's code: the engine here knows no ELF).
   */
  async setVectorCatch(names: readonly string[], isProgramCode?: (address: number) => boolean): Promise<ExceptionCatchStatus[]> {
    this.check();
    this.vectorCatch = [...names];
    return setCatches(this.threads, names, isProgramCode);
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

  /**
   * A hit on breakpoints with a condition, hit count or log message: the manager decides, notes go
   * out, then the stop is reported or the thread resumes unseen (no stopped or continued event).
   * The memory the expressions read beyond the halt's snapshot is read with the next halts, so an
   * auto-resumed hit costs the halt's request and the resume. A pause meanwhile makes it stop.
   */
  private async decideHit(thread: DebugThread, stop: TargetStop, factory: HitEvaluatorFactory): Promise<void> {
    const deciding = { pauseAsked: thread.pausing };
    thread.deciding = deciding;
    let reason: HaltReason | undefined;
    try {
      const evaluator = factory(thread);
      const outcome = await thread.breakpoints.hit(stop.pc, evaluator);
      for (const note of outcome.notes) this.breakpointNotes.emit({ ...note, threadId: thread.id });
      if (evaluator.extraReads.length > 0) thread.setStopReads('breakpoints', boundedReads([...thread.stopReadsOf('breakpoints'), ...evaluator.extraReads]));
      if (outcome.stop || deciding.pauseAsked) reason = outcome.stop ? 'breakpoint' : 'pause';
      else if (thread.target.currentStop === stop && !thread.quiet) await thread.target.resume(undefined, { earlyHaltChecks: false });
    } catch (error) {
      if (this.terminatedBy) return;
      this.breakpointNotes.emit({ kind: 'hitFailed', message: (error as Error).message, threadId: thread.id });
      reason = 'breakpoint';
    } finally {
      thread.deciding = undefined;
    }
    const haltedForOthers = thread.haltedForOthers;
    thread.haltedForOthers = false;
    // A pause from another thread's stop under stopAllCores is that stop's (coreGroup.ts); a hit that stops is the thread's own.
    if (reason === 'pause' && haltedForOthers) return;
    if (reason && thread.target.currentStop === stop && !thread.quiet) this.report({ threadId: thread.id, reason, stop });
  }

  /**
   * An interrupt that entered at a trap catch's breakpoint (direct mode shares the entry): resumed
   * without a stopped or continued event, unless a pause came meanwhile.
   */
  private async resumeUnseen(thread: DebugThread, stop: TargetStop): Promise<void> {
    const deciding = { pauseAsked: thread.pausing };
    thread.deciding = deciding;
    try {
      if (!deciding.pauseAsked && thread.target.currentStop === stop) await thread.target.resume();
    } catch (error) {
      if (this.terminatedBy) return;
      this.breakpointNotes.emit({ kind: 'hitFailed', message: `an interrupt at the trap entry could not be resumed: ${(error as Error).message}`, threadId: thread.id });
      deciding.pauseAsked = true;
    } finally {
      thread.deciding = undefined;
    }
    if (deciding.pauseAsked && thread.target.currentStop === stop && !thread.quiet) this.report({ threadId: thread.id, reason: 'pause', stop });
  }

  /**
   * Reports a stop. Under `stopAllCores` the other threads are halted first (unreported: the
   * client learns from allThreadsStopped), so every thread has its stop when the client asks; a
   * thread in a step or a hit decision is paused instead, and its end reports no stop of its own
   * (coreGroup.ts haltOtherThreads), unless a hit decision finds its breakpoint's condition true.
   */
  private report(event: Omit<DebuggerStoppedEvent, 'allThreadsStopped'>): void {
    if (!this.allStop) {
      this.stopped.emit({ ...event, allThreadsStopped: this.threads.length === 1 });
      return;
    }
    void this.reportAllStopped(event);
  }

  private async reportAllStopped(event: Omit<DebuggerStoppedEvent, 'allThreadsStopped'>): Promise<void> {
    let note = event.note;
    try {
      await haltOtherThreads(this.threads, event.threadId, (id) => this.pause(id));
    } catch (error) {
      note = [note, `the other cores could not be halted (stopAllCores): ${(error as Error).message}`].filter(Boolean).join('; ');
    }
    // Resumed meanwhile (a continue, or the session's end): this stop is over.
    if (this.terminatedBy || this.thread(event.threadId).target.currentStop !== event.stop) return;
    this.stopped.emit({ ...event, note, allThreadsStopped: this.threads.every((thread) => thread.isHalted) });
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

/** Distinct ranges, at most MAX_BREAKPOINT_READ_BYTES in all (the first ones win). */
function boundedReads(ranges: readonly MemoryRange[]): MemoryRange[] {
  const kept: MemoryRange[] = [];
  let byteSize = 0;
  for (const range of ranges) {
    if (kept.some((other) => range.address >= other.address && range.address + range.byteLength <= other.address + other.byteLength)) continue;
    if (byteSize + range.byteLength > MAX_BREAKPOINT_READ_BYTES) break;
    kept.push(range);
    byteSize += range.byteLength;
  }
  return kept;
}
