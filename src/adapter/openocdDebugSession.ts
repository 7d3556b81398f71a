// The DAP session: one async handler per request returning the response body (or throwing), one
// dispatcher that sends exactly one response per request, and engine events mapped to DAP events.
// It holds no debugger logic: the engine runs the target, the session layer owns OpenOCD and flash.
import { CapabilitiesEvent, ContinuedEvent, DebugSession, ExitedEvent, InitializedEvent, InvalidatedEvent, OutputEvent, Response, StoppedEvent, TerminatedEvent, Thread } from '@vscode/debugadapter';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { TclConnectionError, UserError, withTimeout } from '../common';
import { ExpressionError, revealInlinedAfterInstructionStep, threadStep, type HaltReason, type InstructionDecoder, type StepKind } from '../engine';
import { BreakpointRequests } from './breakpointRequests';
import { checkDapArguments } from './dapArguments';
import { errorMessage } from './dapErrors';
import { coreExceptionFilters, exceptionFilters, exceptionInfo, setExceptionBreakpoints } from './exceptionRequests';
import { DataBreakpointRequests } from './dataBreakpointRequests';
import { DisassembleRequests, instructionDecoder } from './disassembleRequest';
import { Session } from '../session';
import { SEMIHOSTING_INPUT_PREFIX, TCL_PREFIX } from './api';
import { forwardProgramOutput, semihostingExitCode, semihostingInput } from './programIo';
import { customRequestHandlers } from './customRequests';
import { DapProgress } from './dapProgress';
import { validateSessionConfig } from './launchConfig';
import { openocdLogEvents } from './openocdLogEvents';
import { parseThreadMemoryReference, readMemoryResponse, writeMemoryBytes } from './memoryRequests';
import { runTo } from './runTo';
import { SessionLifecycle, type Live } from './sessionLifecycle';
import { StopView, type ClientNumbering } from './stopView';

/** DAP stopped reasons for the engine's halt reasons. */
const STOP_REASON: Record<HaltReason, string> = {
  breakpoint: 'breakpoint',
  'data-breakpoint': 'data breakpoint',
  step: 'step',
  pause: 'pause',
  exception: 'exception',
  entry: 'entry',
  unknown: 'pause',
};

/** How long the end of a session waits for OpenOCD's exit or the program's last output (both normally come at once). */
const EXIT_GRACE_MS = 2_000;

/** Resolves when `promise` settles or after EXIT_GRACE_MS, whichever comes first. */
function settled(promise: Promise<unknown>): Promise<void> {
  return withTimeout(promise, EXIT_GRACE_MS, () => new Error('timeout')).then(() => undefined, () => undefined);
}

// DAP requests are untyped at the dispatcher; each handler declares its own argument type.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Handler = (args: any) => Promise<unknown>;

/** One debug session over OpenOCD (launch or attach). */
export class OpenocdDebugSession extends DebugSession {
  private numbering: ClientNumbering = { linesStartAt1: true, columnsStartAt1: true };
  private readonly lifecycle = new SessionLifecycle();
  private readonly progress = new DapProgress((event) => this.sendEvent(event), (text) => this.console(text));
  /** One Capstone handle per session, opened on first use (stepping and the disassembly view). */
  private decoder: Promise<InstructionDecoder> | undefined;

  private readonly handlers: Record<string, Handler> = {
    initialize: (args: DebugProtocol.InitializeRequestArguments) => this.initialize(args),
    launch: (args: Record<string, unknown>) => this.begin('launch', args),
    attach: (args: Record<string, unknown>) => this.begin('attach', args),
    configurationDone: () => this.configurationDone(),
    threads: async () => ({ threads: this.lifecycle.live().session.debug.threads.map((thread) => new Thread(thread.id, thread.name)) }),
    setBreakpoints: (args: DebugProtocol.SetBreakpointsArguments) => this.lifecycle.live().breakpoints.setSourceBreakpoints(args),
    setFunctionBreakpoints: (args: DebugProtocol.SetFunctionBreakpointsArguments) => this.lifecycle.live().breakpoints.setFunctionBreakpoints(args),
    setInstructionBreakpoints: (args: DebugProtocol.SetInstructionBreakpointsArguments) => this.lifecycle.live().breakpoints.setInstructionBreakpoints(args),
    dataBreakpointInfo: (args: DebugProtocol.DataBreakpointInfoArguments) => this.lifecycle.live().dataBreakpoints.info(args),
    setDataBreakpoints: (args: DebugProtocol.SetDataBreakpointsArguments) => this.lifecycle.live().dataBreakpoints.set(args),
    setExceptionBreakpoints: (args: DebugProtocol.SetExceptionBreakpointsArguments) => setExceptionBreakpoints(this.lifecycle.live().session.debug, this.lifecycle.live().session.program, args),
    exceptionInfo: (args: DebugProtocol.ExceptionInfoArguments) => exceptionInfo(this.lifecycle.live().session.debug, this.lifecycle.live().session.program, args),
    continue: async (args: DebugProtocol.ContinueArguments) => {
      const { debug } = this.lifecycle.live().session;
      await debug.continue(args.threadId);
      return { allThreadsContinued: debug.allStop };
    },
    pause: async (args: DebugProtocol.PauseArguments) => {
      await this.lifecycle.live().session.debug.pause(args.threadId);
    },
    next: (args: DebugProtocol.NextArguments) => this.step(args.threadId, 'over', args.granularity),
    stepIn: (args: DebugProtocol.StepInArguments) => this.step(args.threadId, 'into', args.granularity),
    stepOut: (args: DebugProtocol.StepOutArguments) => this.step(args.threadId, 'out', args.granularity),
    stackTrace: (args: DebugProtocol.StackTraceArguments) => this.lifecycle.live().view.stackTrace(args),
    scopes: async (args: DebugProtocol.ScopesArguments) => this.lifecycle.live().view.scopes(args),
    variables: (args: DebugProtocol.VariablesArguments) => this.lifecycle.live().view.variables(args),
    setVariable: (args: DebugProtocol.SetVariableArguments) => this.lifecycle.live().view.setVariable(args),
    setExpression: (args: DebugProtocol.SetExpressionArguments) => this.lifecycle.live().view.setExpression(args),
    readMemory: (args: DebugProtocol.ReadMemoryArguments) => this.readMemory(args),
    writeMemory: (args: DebugProtocol.WriteMemoryArguments) => this.writeMemory(args),
    disassemble: (args: DebugProtocol.DisassembleArguments) => this.lifecycle.live().disassembly.disassemble(args),
    evaluate: (args: DebugProtocol.EvaluateArguments) => this.evaluate(args),
    restart: () => this.restart(),
    terminate: () => this.closeSession(true, 'the session was terminated'),
    disconnect: (args: DebugProtocol.DisconnectArguments) => this.closeSession(args.terminateDebuggee ?? this.lifecycle.requestKind() === 'launch', 'the debugger disconnected'),
    ...customRequestHandlers({ session: () => this.lifecycle.live().session, startProgress: (title) => this.progress.start(title) }),
  };

  /** Round trips on the Tcl command connection so far (for the efficiency tests). */
  get roundTrips(): number {
    return this.lifecycle.current()?.debug.roundTrips ?? 0;
  }

  /** Pid of the OpenOCD this session started (undefined when attached or not launched yet). */
  get openocdPid(): number | undefined {
    return this.lifecycle.current()?.openocd?.pid;
  }

  /**
   * Every request goes through here: a handler returns the body or throws, and exactly one
   * response goes back either way (errorMessage decides how a failure reads).
   */
  protected override dispatchRequest(request: DebugProtocol.Request): void {
    const response: DebugProtocol.Response = new Response(request);
    const handler = Object.hasOwn(this.handlers, request.command) ? this.handlers[request.command] : undefined;
    const args: unknown = request.arguments ?? {};
    const run = handler
      ? Promise.resolve().then(() => {
          checkDapArguments(request.command, args);
          return handler(args);
        })
      : Promise.reject(new UserError(`the '${request.command}' request is not supported by the OpenOCD adapter`));
    run.then(
      (body) => {
        if (body !== undefined) response.body = body;
        this.sendResponse(response);
        if (request.command === 'disconnect') this.shutdown();
      },
      (error: unknown) => this.sendErrorResponse(response, errorMessage(this.endedBy(error))),
    );
  }

  /**
   * A request cut short by the session's end (OpenOCD exited while it ran) fails with the end's
   * reason: its own error would be the closed connection ("disconnected from OpenOCD by the client").
   */
  private endedBy(error: unknown): unknown {
    const state = this.lifecycle.state;
    return state.kind === 'ended' && error instanceof TclConnectionError ? new UserError(`the session has ended: ${state.reason}`) : error;
  }

  private async initialize(args: DebugProtocol.InitializeRequestArguments): Promise<DebugProtocol.Capabilities> {
    this.numbering = { linesStartAt1: args.linesStartAt1 !== false, columnsStartAt1: args.columnsStartAt1 !== false };
    this.progress.clientShowsProgress = args.supportsProgressReporting === true;
    return {
      supportsConfigurationDoneRequest: true,
      supportsFunctionBreakpoints: true,
      supportsInstructionBreakpoints: true,
      supportsSteppingGranularity: true,
      supportsDelayedStackTraceLoading: true,
      supportsReadMemoryRequest: true,
      supportsWriteMemoryRequest: true,
      supportsTerminateRequest: true,
      supportTerminateDebuggee: true,
      supportsRestartRequest: true,
      supportsDisassembleRequest: true,
      supportsDataBreakpoints: true,
      supportsDataBreakpointBytes: true,
      supportsSetVariable: true,
      supportsSetExpression: true,
      supportsEvaluateForHovers: true,
      supportsValueFormattingOptions: true,
      supportsConditionalBreakpoints: true,
      supportsHitConditionalBreakpoints: true,
      supportsLogPoints: true,
      supportsExceptionInfoRequest: true,
      exceptionBreakpointFilters: exceptionFilters(),
    };
  }

  /** launch/attach: validates launch.json, brings the session up, then asks for the configuration. */
  private async begin(request: 'launch' | 'attach', args: Record<string, unknown>): Promise<void> {
    if (this.lifecycle.state.kind !== 'new') throw new UserError(`this session is already ${this.lifecycle.requestKind() === 'launch' ? 'launched' : 'attached'}`);
    const settings = validateSessionConfig(request, args);
    for (const attribute of settings.unknownAttributes) this.console(`launch.json: unknown attribute "${attribute}" ignored`, 'important');
    this.lifecycle.state = { kind: 'starting', request };
    let session: Session;
    const progress = this.progress.start(`Starting ${request === 'launch' ? 'OpenOCD' : 'the session'}`);
    try {
      session =
        settings.request === 'launch'
          ? await Session.launch(settings, {
              openocdLog: (line, level) => openocdLogEvents(line, level, settings.openocdLogInConsole).forEach((event) => this.sendEvent(event)),
              progress: (text) => progress.update(undefined, text),
            })
          : await Session.attach(settings);
    } catch (error) {
      this.lifecycle.state = { kind: 'new' };
      throw error;
    } finally {
      progress.end();
    }
    const live: Live = {
      session,
      view: new StopView(session.debug, session.program, () => this.numbering, session.flashRanges),
      breakpoints: new BreakpointRequests(session.debug, session.program, () => this.numbering, (event) => this.sendEvent(event)),
      dataBreakpoints: new DataBreakpointRequests(session.debug, (reference, name) => this.lifecycle.live().view.dataRange(reference, name)),
      disassembly: new DisassembleRequests(session.debug, session.program, () => this.instructionDecoder(), () => this.numbering),
      entry: settings.request === 'launch' ? settings.entry : { kind: 'stop' },
    };
    this.lifecycle.state = { kind: 'configuring', live };
    for (const skipped of session.debug.skippedTargets) this.console(`OpenOCD target '${skipped.name}' is not debugged: ${skipped.reason}`, 'important');
    if (session.svdLoadError) this.console(`launch.json: "svdFile": ${session.svdLoadError}; the session goes on without peripheral registers`, 'stderr');
    session.debug.keepHitCountsOnReset = settings.keepHitCountsOnRestart;
    session.debug.stopAllCores = settings.stopAllCores;
    this.listen(session);
    forwardProgramOutput(session, (event) => this.sendEvent(event), settings.rttEvents);
    const filters = coreExceptionFilters(session.debug);
    if (filters) this.sendEvent(new CapabilitiesEvent({ exceptionBreakpointFilters: filters }));
    try {
      if (settings.request === 'launch') await session.debug.reset('halt');
      else for (const thread of session.debug.threads) await thread.target.halt();
    } catch (error) {
      // The launch fails: nothing of it may stay behind (OpenOCD, connections).
      this.lifecycle.state = { kind: 'new' };
      await session.close().catch(() => undefined);
      throw error;
    }
    this.sendEvent(new InitializedEvent());
  }

  /** Engine events to DAP events; OpenOCD going away ends the session with the reason. */
  private listen(session: Session): void {
    const debug = session.debug;
    // Hits the engine resumed by itself (a false condition, a hit count not reached, a logpoint) never arrive here.
    debug.stopped.on(({ threadId, reason, stop, note, allThreadsStopped }) => {
      this.lifecycle.liveOrUndefined()?.view.clear(threadId);
      if (this.lifecycle.state.kind === 'running') this.reportStop(threadId, reason, stop.exception, note, allThreadsStopped);
    });
    debug.continued.on(({ threadId }) => {
      this.lifecycle.liveOrUndefined()?.view.clear(threadId);
      if (this.lifecycle.state.kind === 'running') this.sendEvent(new ContinuedEvent(threadId, debug.threads.length === 1));
    });
    debug.memoryChanged.on(() => {
      this.lifecycle.liveOrUndefined()?.view.clear();
      if (this.lifecycle.state.kind === 'running') this.sendEvent(new InvalidatedEvent(['variables']));
    });
    // The program's SYS_EXIT ends OpenOCD, which closes the connection first: the exit code wins.
    const exitFirst = session.semihosting && session.openocdExited ? settled(session.openocdExited) : Promise.resolve();
    debug.terminated.on(({ error }) => void exitFirst.then(() => this.lost(`the connection to OpenOCD was lost: ${error.message}`)));
    session.openocdExited?.then((exit) => {
      const code = semihostingExitCode(session, exit);
      if (code !== undefined) void this.programExited(session, code);
    });
    session.openocdExited?.then((exit) => this.lost(`OpenOCD exited (${exit.signal ?? `code ${exit.exitCode}`})${session.openocd?.logTail.length ? `; its last lines:\n${session.openocd.logTail.slice(-5).join('\n')}` : ''}`));
  }

  private reportStop(threadId: number, reason: HaltReason, exception: string | undefined, note: string | undefined, allThreadsStopped: boolean): void {
    const event: DebugProtocol.StoppedEvent = new StoppedEvent(STOP_REASON[reason], threadId);
    event.body.description = exception ? `${reason} (${exception})` : reason;
    if (note !== undefined) {
      this.console(note, 'stderr');
      event.body.description = note;
    }
    if (exception) event.body.text = exception;
    event.body.allThreadsStopped = allThreadsStopped;
    this.sendEvent(event);
  }

  /** OpenOCD went away under us: say why once, end the session and stop what is left. */
  private lost(reason: string): void {
    if (this.lifecycle.state.kind === 'ended') return;
    const session = this.lifecycle.current();
    this.lifecycle.state = { kind: 'ended', reason, session, told: true };
    this.console(reason, 'stderr');
    this.sendEvent(new TerminatedEvent());
    void session?.close().catch(() => undefined);
  }

  /** The program ended through semihosting: its last output, its exit code, then the end. */
  private async programExited(session: Session, exitCode: number): Promise<void> {
    if (this.lifecycle.state.kind === 'ended') return;
    this.lifecycle.state = { kind: 'ended', reason: `the program exited with code ${exitCode}`, session, told: true };
    if (session.semihosting) await settled(session.semihosting.closed);
    this.console(`The program exited with code ${exitCode} (semihosting).`);
    this.sendEvent(new ExitedEvent(exitCode));
    this.sendEvent(new TerminatedEvent());
    void session.close().catch(() => undefined);
  }

  private async configurationDone(): Promise<void> {
    const state = this.lifecycle.state;
    if (state.kind !== 'configuring') throw new UserError(state.kind === 'running' ? 'configurationDone was sent already' : 'configurationDone before launch or attach');
    this.lifecycle.state = { kind: 'running', live: state.live };
    void this.enter(state.live).catch((error: unknown) => this.console(`could not start the program: ${errorMessage(error).format}`, 'stderr'));
  }

  /**
   * After a reset (launch, restart) or attach: show the stop at the reset vector, run to a
   * function through a temporary breakpoint (no time limit; pause ends it), or just run. Run to
   * a function is the first thread's (core 0 runs the start-up code); the other cores run from
   * their reset, unless `stopAllCores` keeps them halted until the first one stops there.
   */
  private async enter(live: Live): Promise<void> {
    const { debug, program, settings } = live.session;
    const entry = live.entry;
    if (entry.kind === 'runTo') {
      const [location] = program.resolveFunction(entry.functionName);
      if (!location) throw new UserError(`launch.json: "runToEntryPoint": no function named '${entry.functionName}' in ${settings.executable}`);
      const [first, ...others] = debug.threads;
      if (!debug.stopAllCores) for (const thread of others) await debug.continue(thread.id);
      await debug.runStep(first.id, async (running) => runTo(running, location.address));
      return;
    }
    for (const thread of debug.threads) {
      // Under stopAllCores the first continue ran them all.
      if (entry.kind === 'run') {
        if (thread.isHalted) await debug.continue(thread.id);
        continue;
      }
      // Every core stopped with it (the reset, or attach, halted them all), as a reset's stops say.
      const event: DebugProtocol.StoppedEvent = new StoppedEvent(settings.request === 'attach' ? 'pause' : 'entry', thread.id);
      event.body.allThreadsStopped = debug.threads.every((other) => other.isHalted);
      this.sendEvent(event);
    }
  }

  /**
   * next/stepIn/stepOut. The response goes back once the step has started: a step over a long call
   * has no time cap (pause ends it), and its end arrives as a stopped event. A step that fails
   * says why in the console and shows the thread where it stands.
   */
  private async step(threadId: number, kind: StepKind, granularity: DebugProtocol.SteppingGranularity | undefined): Promise<void> {
    const { debug, program } = this.lifecycle.live().session;
    if (granularity === 'instruction') {
      await debug.stepInstruction(threadId, (stop) => revealInlinedAfterInstructionStep(program, stop));
      return;
    }
    const thread = debug.thread(threadId);
    if (!thread.isHalted) throw new UserError(`thread ${threadId} (${thread.name}) is running: pause it before stepping`);
    const stepper = threadStep(program, await this.instructionDecoder(), kind);
    void debug.runStep(threadId, stepper).catch((error: unknown) => {
      // A lost connection ends the session (its own message and terminated event): no stale stop.
      if (debug.terminationError) return;
      this.console(`step ${kind} failed: ${errorMessage(error).format}`, 'stderr');
      if (!thread.isHalted || this.lifecycle.state.kind !== 'running') return;
      const event: DebugProtocol.StoppedEvent = new StoppedEvent('step', threadId);
      event.body.description = `step ${kind} failed`;
      this.sendEvent(event);
    });
  }

  /** The decoder of the session's instruction set: every target of one program has the program's architecture. */
  private instructionDecoder(): Promise<InstructionDecoder> {
    this.decoder ??= instructionDecoder(this.lifecycle.live().session.debug.threads[0].target.architecture.instructionSet);
    return this.decoder;
  }

  private async readMemory(args: DebugProtocol.ReadMemoryArguments): Promise<DebugProtocol.ReadMemoryResponse['body']> {
    const { address, threadId } = parseThreadMemoryReference(args.memoryReference, args.offset);
    return readMemoryResponse(address, args.count, (ranges) => this.lifecycle.live().session.debug.readMemory(threadId, ranges));
  }

  private async writeMemory(args: DebugProtocol.WriteMemoryArguments): Promise<DebugProtocol.WriteMemoryResponse['body']> {
    const { address, threadId } = parseThreadMemoryReference(args.memoryReference, args.offset);
    const bytes = writeMemoryBytes(args.data);
    await this.lifecycle.live().session.debug.writeMemory(threadId, address, bytes);
    return { bytesWritten: bytes.length };
  }

  /**
   * evaluate (watch, hover, clipboard, variables, repl): a C expression in the frame; in the debug
   * console `> command` runs a raw OpenOCD command on the frame's target and shows its output.
   */
  private async evaluate(args: DebugProtocol.EvaluateArguments): Promise<DebugProtocol.EvaluateResponse['body']> {
    const { session: { debug }, view } = this.lifecycle.live();
    const text = args.expression.trim();
    if (args.context !== 'repl') return view.evaluate(text, args.frameId, args.format?.hex);
    if (text.startsWith(SEMIHOSTING_INPUT_PREFIX)) {
      await semihostingInput(this.lifecycle.live().session, args.expression.trimStart().slice(SEMIHOSTING_INPUT_PREFIX.length));
      return { result: '', variablesReference: 0 };
    }
    if (!text.startsWith(TCL_PREFIX)) {
      // A console line that is no C expression may be an OpenOCD command typed without its prefix.
      return view.evaluate(text, args.frameId, args.format?.hex).catch((error: unknown) => {
        if (!(error instanceof ExpressionError)) throw error;
        throw new UserError(`${error.message}; run an OpenOCD command with '${TCL_PREFIX}' first: ${TCL_PREFIX} ${text}`);
      });
    }
    const threadId = args.frameId === undefined ? debug.threads[0].id : view.frame(args.frameId).threadId;
    const output = await debug.rawCommand(text.slice(TCL_PREFIX.length).trim(), threadId);
    return { result: output, variablesReference: 0 };
  }

  /** Reset and halt (breakpoints are set again by the engine), then the launch's entry action. */
  private async restart(): Promise<void> {
    const live = this.lifecycle.live();
    await live.session.debug.reset('halt', { report: false });
    void this.enter(live).catch((error: unknown) => this.console(`could not restart the program: ${errorMessage(error).format}`, 'stderr'));
  }

  /**
   * terminate/disconnect: Session.release once (breakpoints removed, target left halted or
   * running, OpenOCD stopped if we started it); a later call only waits for the close. terminate
   * tells the client with a terminated event, once.
   */
  private async closeSession(terminateDebuggee: boolean, reason: string): Promise<void> {
    const state = this.lifecycle.state;
    const tell = reason === 'the session was terminated';
    if (state.kind === 'ended') {
      if (tell && !state.told) {
        this.lifecycle.state = { ...state, told: true };
        this.sendEvent(new TerminatedEvent());
      }
      await state.session?.close();
      return;
    }
    const session = this.lifecycle.current();
    this.lifecycle.state = { kind: 'ended', reason, session, told: tell };
    try {
      await session?.release(terminateDebuggee);
    } finally {
      if (tell) this.sendEvent(new TerminatedEvent());
    }
  }

  private console(text: string, category = 'console'): void {
    this.sendEvent(new OutputEvent(`${text}\n`, category));
  }
}
