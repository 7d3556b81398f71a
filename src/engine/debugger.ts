// The engine facade the adapter calls: owns the threads (one per OpenOCD target), their run state,
// breakpoints and stop caches, and turns target events into debugger events. Knows no DAP and no
// DWARF: source-level stepping plugs in as a Stepper, unwinding reads through DebugThread.cache().
import { TypedEvent, UserError } from '../common';
import { parseTclList, TclClient, TclNotifications } from '../openocd';
import type { BreakpointRequest, BreakpointStatus } from './breakpoints/breakpointManager';
import { DebugThread, type WatchpointRequest, type WatchpointStatus } from './debugThread';
import { OpenocdTarget } from './openocdTarget/openocdTarget';
import type { HaltReason, MemoryRange, MemoryReadResult, RegisterValues, Target, TargetStop } from './target';

/** A thread stopped. */
export interface DebuggerStoppedEvent {
  readonly threadId: number;
  readonly reason: HaltReason;
  readonly stop: TargetStop;
}

/** Options of the OpenOCD targets a Debugger builds. */
export interface DebuggerOptions {
  /** OpenOCD target names to debug (default: all of `target names`). */
  readonly targets?: readonly string[];
  /** Bytes of stack read with every stop (default 512). */
  readonly stackWindowByteSize?: number;
  /** `cortex_m vector_catch` names (default `hard_err`). */
  readonly vectorCatch?: readonly string[];
}

/**
 * Source-level stepping plugged into the facade: it drives `thread` (temporary breakpoints,
 * stepInstruction, resume) and returns the reason to report (default `step`). Stops and resumes
 * while it runs are not reported; `signal` aborts when the user pauses.
 */
export type Stepper = (thread: DebugThread, signal: AbortSignal) => Promise<HaltReason | void>;

/** The debugger over one OpenOCD. Create with `Debugger.connect` or `Debugger.create`. */
export class Debugger {
  readonly stopped = new TypedEvent<DebuggerStoppedEvent>();
  readonly continued = new TypedEvent<{ readonly threadId: number }>();
  /** OpenOCD went away (connection closed): fires once; every later call rejects with `error`. */
  readonly terminated = new TypedEvent<{ readonly error: Error }>();

  private terminatedBy: Error | undefined;
  /** Vector catch names the user chose (setVectorCatch), set again after every reset. */
  private vectorCatch: readonly string[] | undefined;

  private constructor(
    readonly threads: readonly DebugThread[],
    private readonly client: TclClient,
    private readonly owned: { notifications: TclNotifications } | undefined,
    /** Targets left out (not cortex_m), with the reason, for the adapter to tell the user. */
    readonly skippedTargets: readonly { readonly name: string; readonly reason: string }[],
  ) {
    for (const thread of threads) {
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

  /** Opens the command and notification connections to OpenOCD's Tcl port and owns them. */
  static async connect(options: { host?: string; port: number; timeoutMs?: number } & DebuggerOptions): Promise<Debugger> {
    const client = new TclClient(options);
    const notifications = new TclNotifications(options);
    try {
      await client.connect();
      await notifications.connect();
      return await Debugger.build(client, notifications, options, { notifications });
    } catch (error) {
      await notifications.disconnect();
      await client.disconnect();
      throw error;
    }
  }

  /** Builds on connections the caller owns (both connected; notifications on a second connection). */
  static create(client: TclClient, notifications: TclNotifications, options: DebuggerOptions = {}): Promise<Debugger> {
    return Debugger.build(client, notifications, options, undefined);
  }

  /**
   * One thread per target. Without an explicit `targets` list, targets this engine cannot debug
   * (not cortex_m) are left out and listed in `skippedTargets`, unless none is left.
   */
  private static async build(client: TclClient, notifications: TclNotifications, options: DebuggerOptions, owned: Debugger['owned']): Promise<Debugger> {
    const explicit = options.targets !== undefined && options.targets.length > 0;
    const names = explicit ? options.targets! : await Debugger.targetNames(client);
    const targets: Target[] = [];
    const skipped: { name: string; reason: string }[] = [];
    for (const name of names) {
      try {
        targets.push(await OpenocdTarget.create({ client, notifications, name, stackWindowByteSize: options.stackWindowByteSize, vectorCatch: options.vectorCatch }));
      } catch (error) {
        if (explicit || !(error instanceof UserError)) throw error;
        skipped.push({ name, reason: error.message });
      }
    }
    if (targets.length === 0) throw new UserError(`no target OpenOCD offers can be debugged: ${skipped.map((s) => s.reason).join('; ')}`);
    return new Debugger(targets.map((target, k) => new DebugThread(k + 1, target)), client, owned, skipped);
  }

  private static async targetNames(client: TclClient): Promise<string[]> {
    const names = parseTclList((await client.cmd('target names')).out);
    if (names.length === 0) throw new UserError('OpenOCD has no target: check its configuration files');
    return names;
  }

  /** Tcl requests sent so far on the command connection (for efficiency checks). */
  get roundTrips(): number {
    return this.client.roundTrips;
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
    return this.runStep(threadId, async (thread) => {
      await thread.target.stepInstruction();
    });
  }

  /** Runs a stepper with per-stop events held back, then reports one stop with its reason. */
  async runStep(threadId: number, stepper: Stepper): Promise<void> {
    const thread = this.thread(threadId);
    if (thread.quiet) throw new UserError(`thread ${threadId} is already stepping`);
    thread.quiet = true;
    const abort = new AbortController();
    thread.stepAbort = abort;
    // Intermediate stops need registers only; the final stop's cache reads the stack when asked.
    const windowByteSize = thread.target.stackWindowByteSize;
    thread.target.stackWindowByteSize = 0;
    let reason: HaltReason | void;
    try {
      reason = await stepper(thread, abort.signal);
    } finally {
      thread.target.stackWindowByteSize = windowByteSize;
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
   * reason entry (halt, init) or continued (run).
   */
  async reset(mode: 'halt' | 'run' | 'init'): Promise<void> {
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

  /** Memory through the stop cache when halted, directly while running (Cortex-M memory is readable then). */
  readMemory(threadId: number, ranges: readonly MemoryRange[]): Promise<MemoryReadResult[]> {
    const thread = this.thread(threadId);
    return thread.isHalted ? thread.cache().readMemory(ranges) : thread.target.readMemory(ranges);
  }

  writeMemory(threadId: number, address: number, data: Uint8Array): Promise<void> {
    const thread = this.thread(threadId);
    return thread.isHalted ? thread.cache().writeMemory(address, data) : thread.target.writeMemory(address, data);
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

  /** Stops listening; closes the connections when `connect` opened them. Leaves the target as it is. */
  async close(): Promise<void> {
    for (const thread of this.threads) thread.target.dispose();
    if (this.owned) {
      await this.owned.notifications.disconnect();
      await this.client.disconnect();
    }
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
