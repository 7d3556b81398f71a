// The DAP session: one async handler per request returning the response body (or throwing), one
// dispatcher that sends exactly one response per request, and engine events mapped to DAP events.
// It holds no debugger logic: the engine runs the target, SessionBackend starts and stops OpenOCD.
import { BreakpointEvent, CapabilitiesEvent, ContinuedEvent, DebugSession, InitializedEvent, OutputEvent, ProgressEndEvent, ProgressStartEvent, ProgressUpdateEvent, Response, StoppedEvent, TerminatedEvent, Thread } from '@vscode/debugadapter';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { UserError } from '../common';
import { ExpressionError, threadStep, type HaltReason, type InstructionDecoder, type Stepper, type StepKind } from '../engine';
import { BreakpointRequests } from './breakpointRequests';
import { errorMessage } from './dapErrors';
import { coreExceptionFilters, exceptionFilters, exceptionInfo, setExceptionBreakpoints } from './exceptionRequests';
import { DataBreakpointRequests } from './dataBreakpointRequests';
import { DisassembleRequests, thumbDecoder } from './disassembleRequest';
import { validateSessionConfig, type EntryAction } from './launchConfig';
import { parseMemoryReference, readMemoryResponse, writeMemoryBytes } from './memoryRequests';
import { runTo } from './runTo';
import { SessionBackend } from './sessionBackend';
import { StopView, type ClientNumbering } from './stopView';

/** Debug console lines starting with this run as raw OpenOCD commands (the rest are C expressions). */
export const TCL_PREFIX = '>';

/** The DAP output category of OpenOCD's own log lines (the extension copies them to its OpenOCD channel). */
export const OPENOCD_LOG_CATEGORY = 'openocd';

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

// DAP requests are untyped at the dispatcher; each handler declares its own argument type.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Handler = (args: any) => Promise<unknown>;

/** One debug session over OpenOCD (launch or attach). */
export class OpenocdDebugSession extends DebugSession {
  private numbering: ClientNumbering = { linesStartAt1: true, columnsStartAt1: true };
  private clientShowsProgress = false;
  private backend: SessionBackend | undefined;
  private view: StopView | undefined;
  private breakpoints: BreakpointRequests | undefined;
  private disassembly: DisassembleRequests | undefined;
  private dataBreakpoints: DataBreakpointRequests | undefined;
  /** One Capstone handle per session, opened on first use (stepping and the disassembly view). */
  private decoder: Promise<InstructionDecoder> | undefined;
  private entry: EntryAction = { kind: 'stop' };
  /** False until configurationDone and during restart: the engine's stops are not shown then. */
  private reportStops = false;
  /** Why the session is over (OpenOCD lost, terminated, disconnected); requests then fail with it. */
  private endReason: string | undefined;
  private terminatedEventSent = false;
  /** Threads running a stepper (source step, run to entry): their breakpoint stops end the step, conditions aside. */
  private readonly stepping = new Set<number>();
  /** Threads resumed because a breakpoint condition did not hold: their continued event is not sent. */
  private readonly silentResumes = new Set<number>();

  private readonly handlers: Record<string, Handler> = {
    initialize: (args: DebugProtocol.InitializeRequestArguments) => this.initialize(args),
    launch: (args: Record<string, unknown>) => this.begin('launch', args),
    attach: (args: Record<string, unknown>) => this.begin('attach', args),
    configurationDone: () => this.configurationDone(),
    threads: async () => ({ threads: this.session().debug.threads.map((thread) => new Thread(thread.id, thread.name)) }),
    setBreakpoints: (args: DebugProtocol.SetBreakpointsArguments) => this.session().breakpoints.setSourceBreakpoints(args),
    setFunctionBreakpoints: (args: DebugProtocol.SetFunctionBreakpointsArguments) => this.session().breakpoints.setFunctionBreakpoints(args),
    setInstructionBreakpoints: (args: DebugProtocol.SetInstructionBreakpointsArguments) => this.session().breakpoints.setInstructionBreakpoints(args),
    dataBreakpointInfo: (args: DebugProtocol.DataBreakpointInfoArguments) => this.session().dataBreakpoints.info(args),
    setDataBreakpoints: (args: DebugProtocol.SetDataBreakpointsArguments) => this.session().dataBreakpoints.set(args),
    setExceptionBreakpoints: (args: DebugProtocol.SetExceptionBreakpointsArguments) => setExceptionBreakpoints(this.session().debug, args),
    exceptionInfo: (args: DebugProtocol.ExceptionInfoArguments) => exceptionInfo(this.session().debug, this.session().program, args),
    continue: async (args: DebugProtocol.ContinueArguments) => {
      await this.session().debug.continue(args.threadId);
      return { allThreadsContinued: false };
    },
    pause: async (args: DebugProtocol.PauseArguments) => {
      await this.session().debug.pause(args.threadId);
    },
    next: (args: DebugProtocol.NextArguments) => this.step(args.threadId, 'over', args.granularity),
    stepIn: (args: DebugProtocol.StepInArguments) => this.step(args.threadId, 'into', args.granularity),
    stepOut: (args: DebugProtocol.StepOutArguments) => this.step(args.threadId, 'out', args.granularity),
    stackTrace: (args: DebugProtocol.StackTraceArguments) => this.session().view.stackTrace(args),
    scopes: async (args: DebugProtocol.ScopesArguments) => this.session().view.scopes(args),
    variables: (args: DebugProtocol.VariablesArguments) => this.session().view.variables(args),
    setVariable: (args: DebugProtocol.SetVariableArguments) => this.session().view.setVariable(args),
    setExpression: (args: DebugProtocol.SetExpressionArguments) => this.session().view.setExpression(args),
    readMemory: (args: DebugProtocol.ReadMemoryArguments) => this.readMemory(args),
    writeMemory: (args: DebugProtocol.WriteMemoryArguments) => this.writeMemory(args),
    disassemble: (args: DebugProtocol.DisassembleArguments) => this.session().disassembly.disassemble(args),
    evaluate: (args: DebugProtocol.EvaluateArguments) => this.evaluate(args),
    restart: () => this.restart(),
    terminate: async () => {
      await this.closeSession(true);
      this.sendTerminated();
    },
    disconnect: (args: DebugProtocol.DisconnectArguments) => this.closeSession(args.terminateDebuggee ?? this.backend?.settings.request === 'launch'),
  };

  /** Round trips on the Tcl command connection so far (for the efficiency tests). */
  get roundTrips(): number {
    return this.backend?.debug.roundTrips ?? 0;
  }

  /** Pid of the OpenOCD this session started (undefined when attached or not launched yet). */
  get openocdPid(): number | undefined {
    return this.backend?.openocd?.pid;
  }

  /**
   * Every request goes through here: a handler returns the body or throws, and exactly one
   * response goes back either way (errorMessage decides how a failure reads).
   */
  protected override dispatchRequest(request: DebugProtocol.Request): void {
    const response: DebugProtocol.Response = new Response(request);
    const handler = Object.hasOwn(this.handlers, request.command) ? this.handlers[request.command] : undefined;
    const run = handler ? Promise.resolve().then(() => handler(request.arguments ?? {})) : Promise.reject(new UserError(`the '${request.command}' request is not supported by the OpenOCD adapter`));
    run.then(
      (body) => {
        if (body !== undefined) response.body = body;
        this.sendResponse(response);
        if (request.command === 'disconnect') this.shutdown();
      },
      (error: unknown) => this.sendErrorResponse(response, errorMessage(error)),
    );
  }

  private async initialize(args: DebugProtocol.InitializeRequestArguments): Promise<DebugProtocol.Capabilities> {
    this.numbering = { linesStartAt1: args.linesStartAt1 !== false, columnsStartAt1: args.columnsStartAt1 !== false };
    this.clientShowsProgress = args.supportsProgressReporting === true;
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
      supportsExceptionInfoRequest: true,
      exceptionBreakpointFilters: exceptionFilters(),
    };
  }

  /** launch/attach: validates launch.json, brings the back end up, then asks for the configuration. */
  private async begin(request: 'launch' | 'attach', args: Record<string, unknown>): Promise<void> {
    if (this.backend) throw new UserError(`this session is already ${this.backend.settings.request === 'launch' ? 'launched' : 'attached'}`);
    const settings = validateSessionConfig(request, args);
    for (const attribute of settings.unknownAttributes) this.console(`launch.json: unknown attribute "${attribute}" ignored`, 'important');
    const progressId = `program-${settings.executable}`;
    let progressShown = false;
    const progress = (text: string): void => {
      this.console(text);
      if (!this.clientShowsProgress) return;
      this.sendEvent(progressShown ? new ProgressUpdateEvent(progressId, text) : new ProgressStartEvent(progressId, 'OpenOCD', text));
      progressShown = true;
    };
    let backend: SessionBackend;
    try {
      backend =
        settings.request === 'launch'
          ? await SessionBackend.launch(settings, { openocdLog: (line) => this.console(line, OPENOCD_LOG_CATEGORY), progress })
          : await SessionBackend.attach(settings);
    } finally {
      if (progressShown) this.sendEvent(new ProgressEndEvent(progressId));
    }
    this.backend = backend;
    this.view = new StopView(backend.debug, backend.program, () => this.numbering, backend.flashRanges);
    this.breakpoints = new BreakpointRequests(backend.debug, backend.program, () => this.numbering, (breakpoint) => this.sendEvent(new BreakpointEvent('changed', breakpoint)));
    this.dataBreakpoints = new DataBreakpointRequests(backend.debug, (reference, name) => this.session().view.dataRange(reference, name));
    this.disassembly = new DisassembleRequests(backend.debug, backend.program, () => this.thumbDecoder(), () => this.numbering);
    for (const skipped of backend.debug.skippedTargets) this.console(`OpenOCD target '${skipped.name}' is not debugged: ${skipped.reason}`, 'important');
    this.listen(backend);
    const filters = coreExceptionFilters(backend.debug);
    if (filters) this.sendEvent(new CapabilitiesEvent({ exceptionBreakpointFilters: filters }));
    try {
      if (settings.request === 'launch') {
        this.entry = settings.entry;
        await backend.debug.reset('halt');
      } else {
        for (const thread of backend.debug.threads) await thread.target.halt();
      }
    } catch (error) {
      // The launch fails: nothing of it may stay behind (OpenOCD, connections).
      await backend.close().catch(() => undefined);
      throw error;
    }
    this.sendEvent(new InitializedEvent());
  }

  /** Engine events to DAP events; OpenOCD going away ends the session with the reason. */
  private listen(backend: SessionBackend): void {
    const debug = backend.debug;
    debug.stopped.on(({ threadId, reason, stop }) => {
      this.view?.clear();
      if (!this.reportStops) return;
      // A step ending on a breakpoint ends there whatever its condition (as GDB does).
      const condition = reason === 'breakpoint' && !this.stepping.has(threadId) ? this.breakpoints?.conditionAt(stop.pc) : undefined;
      if (condition === undefined) this.reportStop(threadId, reason, stop.exception);
      else void this.testCondition(threadId, condition).catch((error: unknown) => this.console(`breakpoint condition '${condition}': ${errorMessage(error).format}`, 'stderr'));
    });
    debug.continued.on(({ threadId }) => {
      this.view?.clear();
      // A resume after a condition that does not hold is no news to the client: it never saw the stop.
      if (this.silentResumes.delete(threadId)) return;
      if (this.reportStops) this.sendEvent(new ContinuedEvent(threadId, debug.threads.length === 1));
    });
    debug.terminated.on(({ error }) => this.lost(`the connection to OpenOCD was lost: ${error.message}`));
    backend.openocdExited?.then((exit) => this.lost(`OpenOCD exited (${exit.signal ?? `code ${exit.exitCode}`})${backend.openocd?.logTail.length ? `; its last lines:\n${backend.openocd.logTail.slice(-5).join('\n')}` : ''}`));
  }

  private reportStop(threadId: number, reason: HaltReason, exception: string | undefined): void {
    const event: DebugProtocol.StoppedEvent = new StoppedEvent(STOP_REASON[reason], threadId);
    event.body.description = exception ? `${reason} (${exception})` : reason;
    if (exception) event.body.text = exception;
    event.body.allThreadsStopped = this.backend?.debug.threads.length === 1;
    this.sendEvent(event);
  }

  /**
   * A conditional breakpoint was hit: resume quietly when its C condition is zero; stop when it
   * holds, or when it cannot be evaluated (saying why in the console, as GDB does).
   */
  private async testCondition(threadId: number, condition: string): Promise<void> {
    const { debug, view } = this.session();
    let holds: boolean;
    try {
      holds = await view.condition(threadId, condition);
    } catch (error) {
      this.console(`the breakpoint condition '${condition}' cannot be evaluated, so the target stopped: ${errorMessage(error).format}`, 'stderr');
      holds = true;
    }
    if (holds) {
      this.reportStop(threadId, 'breakpoint', undefined);
      return;
    }
    this.silentResumes.add(threadId);
    await debug.continue(threadId).catch((error: unknown) => {
      this.silentResumes.delete(threadId);
      this.console(`could not resume after the breakpoint condition '${condition}': ${errorMessage(error).format}`, 'stderr');
      this.reportStop(threadId, 'breakpoint', undefined);
    });
  }

  /** The back end died under us: say why once, end the session and stop what is left. */
  private lost(reason: string): void {
    if (this.endReason !== undefined) return;
    this.endReason = reason;
    this.console(reason, 'stderr');
    this.sendTerminated();
    void this.backend?.close().catch(() => undefined);
  }

  private sendTerminated(): void {
    if (this.terminatedEventSent) return;
    this.terminatedEventSent = true;
    this.sendEvent(new TerminatedEvent());
  }

  private async configurationDone(): Promise<void> {
    this.reportStops = true;
    void this.enter(this.entry).catch((error: unknown) => this.console(`could not start the program: ${errorMessage(error).format}`, 'stderr'));
  }

  /**
   * After a reset (launch, restart) or attach: show the stop at the reset vector, run to a
   * function through a temporary breakpoint (no time limit; pause ends it), or just run.
   */
  private async enter(entry: EntryAction): Promise<void> {
    const { debug, program } = this.session();
    for (const thread of debug.threads) {
      if (entry.kind === 'run') await debug.continue(thread.id);
      else if (entry.kind === 'stop') this.sendEvent(new StoppedEvent(this.backend?.settings.request === 'attach' ? 'pause' : 'entry', thread.id));
      else {
        const [location] = program.resolveFunction(entry.functionName);
        if (!location) throw new UserError(`launch.json: "runToEntryPoint": no function named '${entry.functionName}' in ${this.backend!.settings.executable}`);
        await this.runStepper(thread.id, async (running) => runTo(running, location.address));
      }
    }
  }

  /**
   * next/stepIn/stepOut. The response goes back once the step has started: a step over a long call
   * has no time cap (pause ends it), and its end arrives as a stopped event. A step that fails
   * says why in the console and shows the thread where it stands.
   */
  private async step(threadId: number, kind: StepKind, granularity: DebugProtocol.SteppingGranularity | undefined): Promise<void> {
    const { debug, program } = this.session();
    if (granularity === 'instruction') {
      await debug.stepInstruction(threadId);
      return;
    }
    const thread = debug.thread(threadId);
    if (!thread.isHalted) throw new UserError(`thread ${threadId} (${thread.name}) is running: pause it before stepping`);
    const stepper = threadStep(program, await this.thumbDecoder(), kind);
    void this.runStepper(threadId, stepper).catch((error: unknown) => {
      this.console(`step ${kind} failed: ${errorMessage(error).format}`, 'stderr');
      if (!thread.isHalted || !this.reportStops) return;
      const event: DebugProtocol.StoppedEvent = new StoppedEvent('step', threadId);
      event.body.description = `step ${kind} failed`;
      this.sendEvent(event);
    });
  }

  /** Debugger.runStep, with the thread marked as stepping until its stop has been reported. */
  private async runStepper(threadId: number, stepper: Stepper): Promise<void> {
    this.stepping.add(threadId);
    try {
      await this.session().debug.runStep(threadId, stepper);
    } finally {
      this.stepping.delete(threadId);
    }
  }

  private thumbDecoder(): Promise<InstructionDecoder> {
    this.decoder ??= thumbDecoder();
    return this.decoder;
  }

  private async readMemory(args: DebugProtocol.ReadMemoryArguments): Promise<DebugProtocol.ReadMemoryResponse['body']> {
    const address = parseMemoryReference(args.memoryReference, args.offset);
    return readMemoryResponse(address, args.count, (ranges) => this.session().debug.readMemory(1, ranges));
  }

  private async writeMemory(args: DebugProtocol.WriteMemoryArguments): Promise<DebugProtocol.WriteMemoryResponse['body']> {
    const address = parseMemoryReference(args.memoryReference, args.offset);
    const bytes = writeMemoryBytes(args.data);
    await this.session().debug.writeMemory(1, address, bytes);
    return { bytesWritten: bytes.length };
  }

  /**
   * evaluate (watch, hover, clipboard, variables, repl): a C expression in the frame; in the debug
   * console `> command` runs a raw OpenOCD command on the frame's target and shows its output.
   */
  private async evaluate(args: DebugProtocol.EvaluateArguments): Promise<DebugProtocol.EvaluateResponse['body']> {
    const { debug, view } = this.session();
    const text = args.expression.trim();
    if (args.context !== 'repl') return view.evaluate(text, args.frameId, args.format?.hex);
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
    const { debug } = this.session();
    this.reportStops = false;
    try {
      await debug.reset('halt');
    } finally {
      this.reportStops = true;
    }
    void this.enter(this.entry).catch((error: unknown) => this.console(`could not restart the program: ${errorMessage(error).format}`, 'stderr'));
  }

  /** terminate/disconnect: SessionBackend.release, once; a second call only waits for the close. */
  private async closeSession(terminateDebuggee: boolean): Promise<void> {
    const backend = this.backend;
    if (!backend || this.endReason !== undefined) {
      await backend?.close();
      return;
    }
    this.endReason = terminateDebuggee ? 'the session was terminated' : 'the debugger disconnected';
    await backend.release(terminateDebuggee);
  }

  private session(): { debug: SessionBackend['debug']; program: SessionBackend['program']; view: StopView; breakpoints: BreakpointRequests; disassembly: DisassembleRequests; dataBreakpoints: DataBreakpointRequests } {
    if (!this.backend || !this.view || !this.breakpoints || !this.disassembly || !this.dataBreakpoints) throw new UserError('no target yet: the launch or attach request has not finished');
    if (this.endReason !== undefined) throw new UserError(`the session has ended: ${this.endReason}`);
    if (this.backend.debug.terminationError) throw new UserError(`the session has ended: ${this.backend.debug.terminationError.message}`);
    return { debug: this.backend.debug, program: this.backend.program, view: this.view, breakpoints: this.breakpoints, disassembly: this.disassembly, dataBreakpoints: this.dataBreakpoints };
  }

  private console(text: string, category = 'console'): void {
    this.sendEvent(new OutputEvent(`${text}\n`, category));
  }
}
