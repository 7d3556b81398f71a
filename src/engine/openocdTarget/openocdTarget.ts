// The Target port over OpenOCD 0.12 for cortex_m and riscv targets: run control, stop events driven by the
// notification connection, the per-halt snapshot, registers and memory. Set-up facts come from
// targetFacts.ts, breakpoint bookkeeping from targetBreakpoints.ts, all Tcl from targetScripts.ts.
import { OpenocdUnresponsiveError, TargetNotHaltedError, TclCommandError, TclConnectionError, TclInvalidResponseError, TclTimeoutError, TypedEvent, UserError, withTimeout, type TclResult } from '../../common';
import { parseRegisterDict, tclHex, type TclClient, type TclNotifications } from '../../openocd';
import type { AccessWidth, BreakpointKind, ComparatorBudget, ImageEntry, MemoryRange, MemoryReadResult, RegisterValues, ResumeOptions, StepRangeLimits, Target, TargetRunState, TargetStop, WatchpointAccess } from '../target';
import { readBatch, writeBatch } from './memoryBatch';
import { PARTNOS_WITHOUT_VTOR, type Architecture } from '../arch';
import { decideHaltReason, haltFromDcsr, parsePolledHalt, type HaltCause } from './haltReason';
import { TargetBreakpoints } from './targetBreakpoints';
import { readTargetFacts, type TargetFacts } from './targetFacts';
import { SharedBreakpoints } from './sharedBreakpoints';
import { parseRawReply, parseStackWindow, vectorCatchNames, type TargetScripts } from './targetScripts';

/** How to build an OpenocdTarget. */
export interface OpenocdTargetOptions {
  /** The command connection (shared by every target of one OpenOCD). */
  readonly client: TclClient;
  /** The notification connection (`tcl_notifications on`), connected. */
  readonly notifications: TclNotifications;
  /** OpenOCD's target name (`target names`). */
  readonly name: string;
  /** Bytes of stack read with every stop (default 512). */
  readonly stackWindowByteSize?: number;
  /** Exceptions that halt the core (`cortex_m vector_catch`); default `hard_err` (the only fault ARMv6-M can catch). */
  readonly vectorCatch?: readonly string[];
  /** Fires when OpenOCD is known to be stuck before any command timed out (OpenocdLiveness): ends the target. */
  readonly stuck?: TypedEvent<OpenocdUnresponsiveError>;
  /** The software breakpoint table of every target of this OpenOCD (default: this target's own). */
  readonly sharedBreakpoints?: SharedBreakpoints;
}

/**
 * Reply bound of the commands that take milliseconds on a well target (step, resume, a stop's
 * snapshot, its registers and stack); flash, reset and memory transfers keep the client's own
 * timeout. Not the 2 s issue 17 asks: OpenOCD serves every client in one event loop, so another
 * client's reset or a slow link delays these too, and at 1.5 s the fault suite's attach snapshot
 * (the simulated board sharing a loaded CI machine) was taken for a stuck OpenOCD. On Linux the
 * `stuck` option (OpenocdLiveness, from OpenOCD's process) ends the target sooner; this bound
 * remains where that cannot see.
 */
const QUICK_REPLY_MS = 5_000;

/** Delays between a resume and the early halt checks after it (see checkHaltSoon), in ms: 1, 5, 15, 35 after the resume. */
const EARLY_HALT_CHECK_DELAYS_MS = [1, 4, 10, 20];

/** One OpenOCD cortex_m or riscv target (one DAP thread). Create with `OpenocdTarget.create`. */
export class OpenocdTarget implements Target {
  readonly stopped = new TypedEvent<TargetStop>();
  readonly resumed = new TypedEvent<void>();
  readonly terminated = new TypedEvent<Error>();
  readonly resetNotified = new TypedEvent<string>();

  private stop: TargetStop | undefined;
  private cause: HaltCause;
  /** Counts markRunning calls: a snapshot taken before the latest resume must not become a stop. */
  private runs = 0;
  /** Counts reset notifications: one that arrives while a step's request runs makes its snapshot stale. */
  private resets = 0;
  private haltChain: Promise<void> = Promise.resolve();
  /**
   * Halt checks asked for so far (a halted notification; a halt/step/reset command, numbered when
   * it is queued), and how many of them the last snapshot answered: a snapshot queued after the
   * request runs after it in OpenOCD (one command queue), so a covered check costs no round trip.
   */
  private haltChecksAsked = 0;
  private haltChecksAnswered = 0;
  private closedError: Error | undefined;
  private readonly breakpoints: TargetBreakpoints;
  private readonly subscriptions: { dispose(): void }[] = [];
  private vectorCatch: readonly string[];
  /** Appended to every stop snapshot's batch (Target.stopReads); set by whoever watches registers. */
  stopReads: readonly MemoryRange[] = [];
  /** The other cores debugged with this one (set by createOpenocdDebugger): they share its RAM. */
  otherCores: readonly string[] = [];

  readonly architecture: Architecture;
  readonly budget: ComparatorBudget;
  private readonly scripts: TargetScripts;

  private constructor(
    private readonly client: TclClient,
    notifications: TclNotifications,
    private readonly facts: TargetFacts,
    public stackWindowByteSize: number,
    shared: SharedBreakpoints,
  ) {
    this.scripts = facts.scripts;
    this.architecture = facts.architecture;
    this.budget = facts.budget;
    this.vectorCatch = facts.vectorCatch;
    this.breakpoints = new TargetBreakpoints(
      {
        name: this.name,
        scripts: this.scripts,
        budget: this.budget,
        breakpointByteSize: this.architecture.breakpointByteSize,
        isFlash: (address) => this.isFlash(address),
        otherCores: () => this.otherCores,
        shared,
        liftsOwnBreakpoints: this.architecture.family === 'riscv',
      },
      { run: (script) => this.run(script), cmd: (script) => this.cmd(script) },
    );
    this.subscriptions.push(
      notifications.targetEvent.on((event) => this.onTargetEvent(event)),
      notifications.targetReset.on((mode) => this.onReset(mode)),
      notifications.closed.on((error) => this.terminate(error)),
    );
  }

  /** Reads the target's set-up facts (readTargetFacts) and reports the current stop when the target is halted already. */
  static async create(options: OpenocdTargetOptions): Promise<OpenocdTarget> {
    const facts = await readTargetFacts(options.client, options.name, options.vectorCatch);
    const target = new OpenocdTarget(options.client, options.notifications, facts, options.stackWindowByteSize ?? 512, options.sharedBreakpoints ?? new SharedBreakpoints());
    if (options.stuck) target.subscriptions.push(options.stuck.on((error) => target.terminate(error)));
    await target.enqueueHaltCheck();
    return target;
  }

  get name(): string {
    return this.scripts.targetName;
  }

  get currentStop(): TargetStop | undefined {
    return this.stop;
  }

  /** Whether `address` lies in a flash bank (where only hardware breakpoints work). */
  isFlash(address: number): boolean {
    return this.facts.flashBanks.some((bank) => address >= bank.base && address < bank.base + bank.byteSize);
  }

  async state(): Promise<TargetRunState> {
    return (await this.runQuick(this.scripts.curstate())) as TargetRunState;
  }

  async halt(): Promise<TargetStop> {
    if (this.stop) return this.stop;
    this.cause ??= 'pause';
    return this.untilStopped(() => this.run(this.scripts.onTarget('halt')));
  }

  async resume(address?: number, options: ResumeOptions = {}): Promise<void> {
    this.requireHalted('resume');
    const script = this.resumeScript(address ?? this.stop!.pc, address);
    this.markRunning(undefined);
    await this.runQuick(script);
    if (options.earlyHaltChecks !== false) void this.checkHaltSoon(this.runs);
  }

  /** `resume`, or a step over the breakpoint at `from` first when this target must lift it (TargetBreakpoints.liftAt). */
  private resumeScript(from: number, address?: number): string {
    const over = this.breakpoints.liftAt(from);
    return over ? this.scripts.resumeOverBreakpoint(from, over, this.breakpoints.addresses()) : this.scripts.resume(address);
  }

  /**
   * A run to a breakpoint close by (a step's temporary breakpoint, a loop's next hit) halts within
   * microseconds, but OpenOCD notices only at its next poll: every 100 ms (target.c
   * TARGET_DEFAULT_POLLING_INTERVAL, fixed; `poll_period` only bounds server.c's select timeout, so
   * setting it when we start OpenOCD would not notice a halt sooner), or before a command it
   * dispatches, which is what these checks are. A few of them after a resume (all but
   * ResumeOptions' exceptions), each one round trip while the target runs, show such a stop at
   * once; a longer run is left to the notification, so a target that runs on costs four round
   * trips in 35 ms, then none. A check that races the halt is safe: the snapshot's state is its
   * own poll's (TargetScripts.snapshot).
   */
  private async checkHaltSoon(runs: number): Promise<void> {
    for (const delayMs of EARLY_HALT_CHECK_DELAYS_MS) {
      await new Promise((resolve) => setTimeout(resolve, delayMs));
      if (runs !== this.runs || this.stop || this.closedError) return;
      await this.enqueueHaltCheck();
    }
  }

  /**
   * The step and its stop's snapshot in one request: OpenOCD's `step` returns with the core halted
   * (cortex_m.c cortex_m_step runs cortex_m_debug_entry before it returns), so the snapshot that
   * follows it in the same script reads the new stop. In the halt chain, so that the `halted`
   * notification's check queued meanwhile finds it answered and costs no round trip.
   */
  async stepInstruction(): Promise<TargetStop> {
    this.requireHalted('step');
    const over = this.breakpoints.liftAt(this.stop!.pc);
    this.markRunning('step');
    const stop = await this.inHaltChain(() => this.checkHalt(this.scripts.step(over)));
    // No stop from the request (the step was refused because the core ran, or a reset came after
    // it: another client's, or a watchdog's): the next halt is the stop.
    return stop ?? this.untilStopped(() => Promise.resolve());
  }

  /** Steps while the PC stays in [lo, hi) (see Target.stepInRange) and takes the last stop's snapshot: one request (see stepInstruction). */
  async stepInRange(lo: number, hi: number, limits: StepRangeLimits): Promise<TargetStop> {
    this.requireHalted('step');
    const over = this.breakpoints.liftAt(this.stop!.pc);
    this.markRunning('step');
    const stop = await this.inHaltChain(() => this.checkHalt(this.scripts.stepInRange(lo, hi, limits.maxSteps, limits.maxMs, over)));
    return stop ?? this.untilStopped(() => Promise.resolve());
  }

  async reset(mode: 'halt' | 'run' | 'init'): Promise<TargetStop | undefined> {
    const send = async (): Promise<void> => {
      this.markRunning(this.resetCause(mode));
      await this.run(this.scripts.onTarget(`reset ${mode}`), 30_000);
    };
    if (mode === 'run') {
      await send();
      return undefined;
    }
    return this.untilStopped(send);
  }

  async readRegisters(names: readonly string[] = this.facts.registerNames): Promise<RegisterValues> {
    this.requireHalted('read registers');
    return parseRegisterDict(await this.runQuick(this.scripts.getRegisters(names)), names);
  }

  async writeRegister(name: string, value: bigint): Promise<void> {
    this.requireHalted('write a register');
    await this.run(this.scripts.setRegister(name, value));
  }

  async readMemory(ranges: readonly MemoryRange[]): Promise<MemoryReadResult[]> {
    const read = readBatch(this.scripts, ranges);
    return read.assemble(await this.batch(read.scripts));
  }

  async readStackWindow(sp: number, byteSize = this.stackWindowByteSize): Promise<{ address: number; bytes: Uint8Array }> {
    this.requireHalted('read the stack');
    return parseStackWindow(await this.runQuick(this.scripts.stackWindow(tclHex(sp), byteSize, this.facts.stackTop)), true);
  }

  async writeMemory(address: number, data: Uint8Array, accessWidth?: AccessWidth): Promise<void> {
    const write = writeBatch(this.scripts, address, data, accessWidth);
    write.check(await this.batch(write.scripts));
  }

  addBreakpoint(address: number, kind: BreakpointKind): Promise<'hardware' | 'software'> {
    return this.breakpoints.add(address, kind);
  }

  removeBreakpoint(address: number): Promise<void> {
    return this.breakpoints.remove(address);
  }

  addWatchpoint(address: number, byteLength: number, access: WatchpointAccess): Promise<void> {
    return this.breakpoints.addWatchpoint(address, byteLength, access);
  }

  removeWatchpoint(address: number): Promise<void> {
    return this.breakpoints.removeWatchpoint(address);
  }

  /** Cortex-M's `cortex_m vector_catch` names; none on riscv (a trap halts only at a breakpoint on its handler). */
  get vectorCatchNames(): readonly string[] {
    return this.architecture.family === 'arm' ? vectorCatchNames(this.architecture.name) : [];
  }

  /** `cortex_m vector_catch` with exactly `names`; a name this core lacks is a UserError naming the ones it has. */
  async setVectorCatch(names: readonly string[]): Promise<void> {
    const offered = this.vectorCatchNames;
    const unknown = names.filter((name) => !offered.includes(name));
    if (unknown.length > 0) throw new UserError(`${this.name} (${this.architecture.name}) cannot catch ${unknown.join(', ')}: its vector catches are ${offered.join(', ') || 'none'}`);
    if (this.architecture.family !== 'arm') return;
    await this.run(this.scripts.vectorCatch(names));
    this.vectorCatch = [...names];
  }

  async startAtResetHalt(entry: ImageEntry): Promise<{ readonly vtorSet: boolean; readonly partno: number }> {
    const vtorSet = this.architecture.family === 'arm' && !PARTNOS_WITHOUT_VTOR.includes(this.facts.partno);
    const existing = await this.run(this.scripts.resetEndHandler());
    await this.run(this.scripts.startAtResetHalt(entry, vtorSet, existing));
    return { vtorSet, partno: this.facts.partno };
  }

  async rawCommand(command: string): Promise<string> {
    // A wrapped request, so OpenOCD's log copy of the answer is dropped (ResultLogFilter): the
    // user sees it as the command's result, and the log keeps what the command itself printed.
    // Parsed inside the guard: a reply our script cannot have produced ends the session, as any other.
    const { rc, out, log } = await this.guard(async () => parseRawReply((await this.client.cmd(this.scripts.raw(command))).out));
    const text = [log.trimEnd(), out.trimEnd()].filter(Boolean).join('\n');
    if (rc !== 0 && rc !== 2) throw new TclCommandError({ retcode: rc, cmd: command, rawCmd: command, out: text });
    return text;
  }

  /** Stops listening to notifications. The connections belong to the caller. */
  dispose(): void {
    for (const subscription of this.subscriptions.splice(0)) subscription.dispose();
  }

  /**
   * A `resumed` while a stop is known asks the state first (in order with the halt checks): with
   * several targets it may be another target's, and our own resume's notification can come after
   * the stop it ran to, on its own socket, once an early halt check found that stop first; taken
   * as a resume, it ended that stop and the `halted` after it reported the same halt again (a
   * breakpoint hit counted twice). A `halted` is checked even while this target is halted, since
   * it may have been stepped by another client meanwhile.
   */
  private onTargetEvent(event: string): void {
    if (event === 'halted') void this.enqueueHaltCheck();
    else if (event === 'resumed' && this.stop) void this.enqueue(() => this.checkResumed());
  }

  private async checkResumed(): Promise<void> {
    const stop = this.stop;
    if (!stop || this.closedError) return;
    if ((await this.runQuick(this.scripts.curstate())) !== 'halted' && this.stop === stop) this.markRunning(this.cause);
  }

  private onReset(mode: string): void {
    this.resets++;
    this.markRunning(this.resetCause(mode));
    this.resetNotified.emit(mode);
  }

  /** A running reset with the reset vector caught halts there (DFSR.VCATCH): that halt is the catch. */
  private resetCause(mode: string): HaltCause {
    if (mode !== 'run') return 'reset';
    return this.vectorCatch.includes('reset') ? 'reset-run' : undefined;
  }

  /** The target runs from now on: the stop is over; `cause` names what the next halt will be. */
  private markRunning(cause: HaltCause): void {
    this.cause = cause;
    this.runs++;
    if (!this.stop) return;
    this.stop = undefined;
    this.resumed.emit();
  }

  /**
   * Runs the stop snapshot after a `halted` notification, one at a time. Ignores it when the
   * target is not halted (another target halted) or its stop was already reported, and when the
   * target was resumed or stepped after it was asked: that halt is over, and a step's own request
   * reads its stop (a check run after its markRunning reported the halt before it once more).
   */
  private enqueueHaltCheck(asked = ++this.haltChecksAsked): Promise<void> {
    const runs = this.runs;
    return this.enqueue(() => (asked <= this.haltChecksAnswered || runs !== this.runs ? Promise.resolve() : this.checkHalt()));
  }

  private enqueue(check: () => Promise<unknown>): Promise<void> {
    return this.inHaltChain(check).then(
      () => undefined,
      () => undefined, // the chain ends the target on a lost connection
    );
  }

  /** Runs `task` after the checks queued before it; its result or error is the caller's. */
  private inHaltChain<T>(task: () => Promise<T>): Promise<T> {
    const result = this.haltChain.then(task);
    this.haltChain = result.then(
      () => undefined,
      (error: unknown) => {
        if (error instanceof TclConnectionError || error instanceof TclInvalidResponseError) this.terminate(error);
      },
    );
    return result;
  }

  /**
   * The stop snapshot; reports the stop it finds (and returns it). `lead` (a step) runs first in
   * the same request, and its failure is thrown as TclCommandError unless the core runs.
   */
  private async checkHalt(lead?: string): Promise<TargetStop | undefined> {
    if (lead === undefined && (this.closedError || (this.stop && !this.facts.sharedNotifications))) return undefined;
    const runs = this.runs;
    const resets = this.resets;
    // The watched registers ride in the same request: a stop costs one round trip with or without them.
    const watched = this.stopReads;
    const reads = readBatch(this.scripts, watched);
    const snapshot = [...this.scripts.snapshot(this.facts.registerNames, this.stackWindowByteSize, this.facts.stackTop), ...reads.scripts];
    let asked = this.haltChecksAsked;
    const results = await this.batch(lead === undefined ? snapshot : [lead, ...snapshot], true);
    // After a step, the `resumed` and `halted` notifications that came before the reply are the
    // step's own (cortex_m_step sends both while it runs the request), and nothing resumes the
    // core between step and snapshot: they make the snapshot neither stale nor unanswered.
    if (lead !== undefined) asked = this.haltChecksAsked;
    // A reset is not the step's own: the core ran again after the snapshot, or before a refused step.
    const stale = lead === undefined ? runs !== this.runs : resets !== this.resets;
    const led = lead === undefined ? undefined : results.shift();
    const [poll, state, regs, window, ...read] = results;
    if (led && led.retcode !== 0) {
      // Refused ("target not halted") because another client's reset or resume came first:
      // OpenOCD serves its clients in turn, so one can land between our stop and our step.
      if (state.retcode === 0 && state.out.trim() !== 'halted') return undefined;
      throw new TclCommandError(led);
    }
    if (stale || state.retcode !== 0 || state.out.trim() !== 'halted' || regs.retcode !== 0) return undefined;
    const registers = parseRegisterDict(regs.out, this.facts.registerNames);
    this.haltChecksAnswered = asked;
    if (this.stop) {
      // Several targets: unchanged registers mean the halt was another target's.
      if (this.facts.registerNames.every((name) => registers.get(name) === this.stop!.snapshot.registers.get(name))) return undefined;
      this.markRunning(this.cause);
    }
    const pc = this.architecture.codeAddress(registers.get('pc') ?? 0n);
    const dcsr = registers.get('dcsr');
    const polled = parsePolledHalt(poll.out) ?? (this.architecture.family === 'riscv' && dcsr !== undefined ? haltFromDcsr(dcsr) : undefined);
    if (polled?.debugReason === 'breakpoint' && this.cause !== 'pause' && this.breakpoints.foreignAt(pc)) {
      // Another core's software breakpoint, not wanted here: step over it and run on unseen. A
      // step that lands on a breakpoint of ours stays halted there, and that is the stop.
      return (await this.runQuick(this.resumeScript(pc))) === '1' ? this.checkHalt() : undefined;
    }
    const reason = decideHaltReason(polled, this.cause, this.breakpoints.kindAt(pc) !== undefined);
    this.cause = undefined;
    this.stop = {
      target: this.name,
      reason,
      pc,
      debugReason: polled?.debugReason ?? 'unknown',
      exception: polled?.exception ?? (reason === 'exception' ? 'Reset' : undefined),
      snapshot: {
        registers,
        stackWindow: window.retcode === 0 ? parseStackWindow(window.out, true) : { address: Number(registers.get('sp') ?? 0n), bytes: new Uint8Array(0) },
        memory: watched.length === 0 ? undefined : watchedMemory(watched, reads.assemble(read)),
      },
    };
    this.stopped.emit(this.stop);
    return this.stop;
  }

  /** Runs `start` and resolves with the next stop; rejects if `start` fails or the connection is lost. */
  private async untilStopped(start: () => Promise<unknown>): Promise<TargetStop> {
    const aborted = new AbortController();
    const next = this.stopped.next(undefined, aborted.signal);
    const lost = this.terminated.next(undefined, aborted.signal).then((error) => Promise.reject(error));
    // Numbered before `start` queues its command: any snapshot queued after that one answers it.
    const asked = ++this.haltChecksAsked;
    try {
      await Promise.race([start(), lost]);
      // The command returned with the core halted: check once more, in case the notification's
      // check failed (e.g. a timeout) or the notification was lost. No round trip when a snapshot
      // taken since answered it.
      void this.enqueueHaltCheck(asked);
      return await withTimeout(Promise.race([next, lost]), this.client.timeoutMs, () => new UserError(`${this.name} did not report a halt within ${this.client.timeoutMs} ms`));
    } finally {
      aborted.abort();
      next.catch(() => undefined);
      lost.catch(() => undefined);
    }
  }

  private requireHalted(operation: string): void {
    if (this.closedError) throw this.closedError;
    if (!this.stop) throw new TargetNotHaltedError(this.name, operation);
  }

  private terminate(error: Error): void {
    if (this.closedError) return;
    this.closedError = error;
    this.stop = undefined;
    this.terminated.emit(error);
  }

  /** A command whose failure throws TclCommandError with OpenOCD's log. */
  private async run(script: string, timeoutMs?: number): Promise<string> {
    return (await this.guard(() => this.client.cmd(script, { logOnError: true, timeoutMs }))).out.trim();
  }

  /** A command whose failure is returned, with OpenOCD's log in `out`. */
  private cmd(script: string): Promise<TclResult> {
    return this.guard(() => this.client.cmd(script, { logOnError: true, throw: false }));
  }

  /** `run` for a command that answers at once unless OpenOCD is stuck (see `batch`). */
  private async runQuick(script: string): Promise<string> {
    return (await this.guard(() => this.client.cmd(script, { logOnError: true, timeoutMs: QUICK_REPLY_MS }), true)).out.trim();
  }

  /** A batch; a `quick` one's silence past QUICK_REPLY_MS ends the session (see `guard`). */
  private batch(scripts: readonly string[], quick = false): Promise<TclResult[]> {
    return this.guard(() => this.client.batch(scripts, quick ? QUICK_REPLY_MS : undefined), quick);
  }

  /**
   * Fails fast with the sticky error; a lost connection terminates the target, and so does the
   * silence of a `quick` command: OpenOCD runs every client in one event loop, and a debug link that stops
   * answering (remote_bitbang, a hung USB probe) blocks it with no timeout of its own, so no
   * later command or notification would come either.
   */
  private async guard<T>(request: () => Promise<T>, quick = false): Promise<T> {
    if (this.closedError) throw this.closedError;
    try {
      return await request();
    } catch (error) {
      if (quick && error instanceof TclTimeoutError) {
        const unresponsive = OpenocdUnresponsiveError.noReply(error.command, error.timeoutMs);
        this.terminate(unresponsive);
        throw unresponsive;
      }
      if (error instanceof TclConnectionError || error instanceof TclInvalidResponseError) this.terminate(error);
      throw error;
    }
  }
}

/** The stop reads that succeeded; a failed one is read again (and its error shown) when asked for. */
function watchedMemory(ranges: readonly MemoryRange[], results: readonly MemoryReadResult[]): { address: number; bytes: Uint8Array }[] {
  return ranges.flatMap((range, k) => {
    const result = results[k];
    return result instanceof Uint8Array ? [{ address: range.address, bytes: result }] : [];
  });
}
