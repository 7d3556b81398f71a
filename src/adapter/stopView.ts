// What the client sees of the current stops: stackTrace (delayed loading), scopes and variables,
// with the frame and variable reference handles DAP needs. Handles live until the next stop or
// resume. Unwinding and register reads go through the engine's per-stop cache.
import { basename } from 'node:path';
import { Handles, Source } from '@vscode/debugadapter';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { UserError } from '../common';
import { StackUnwinder, type Debugger, type Program, type StackFrame, type TargetStop } from '../engine';
import { hex32, parseRegisterValue, registerRows, toDapVariable, type VariableRow } from './registerVariables';

/** The client's line and column numbering (DAP InitializeRequestArguments.linesStartAt1). */
export interface ClientNumbering {
  readonly linesStartAt1: boolean;
  readonly columnsStartAt1: boolean;
}

interface FrameHandle {
  readonly threadId: number;
  readonly frame: StackFrame;
}

/** What a variables reference points at: the Registers scope of a frame, or a row's children. */
type VariableContainer = { readonly kind: 'registers'; readonly frame: FrameHandle } | { readonly kind: 'rows'; readonly rows: readonly VariableRow[] };

const DEFAULT_LEVELS = 20;

/** Stack frames, scopes and variables of the threads' current stops. */
export class StopView {
  private readonly frames = new Handles<FrameHandle>();
  private readonly containers = new Handles<VariableContainer>();
  private readonly unwinders = new Map<number, { readonly stop: TargetStop; readonly unwinder: StackUnwinder }>();

  constructor(
    private readonly debug: Debugger,
    private readonly program: Program,
    private readonly numbering: () => ClientNumbering,
  ) {}

  /** A thread stopped or resumed: every reference handed out so far is void. */
  clear(): void {
    this.frames.reset();
    this.containers.reset();
    this.unwinders.clear();
  }

  /** DAP stackTrace: frames [startFrame, startFrame + levels), unwound only that far. */
  async stackTrace(args: DebugProtocol.StackTraceArguments): Promise<DebugProtocol.StackTraceResponse['body']> {
    const start = args.startFrame ?? 0;
    const levels = args.levels && args.levels > 0 ? args.levels : DEFAULT_LEVELS;
    const slice = await this.unwinder(args.threadId).slice(start, levels);
    const stackFrames = slice.frames.map((frame) => this.dapFrame(args.threadId, frame));
    // Unknown total: say there is at least one more frame so the client asks for it.
    const totalFrames = slice.totalFrames ?? start + stackFrames.length + 1;
    return { stackFrames, totalFrames };
  }

  /** The frame a DAP frame id names (for evaluate and scopes). */
  frame(frameId: number): FrameHandle {
    const handle = this.frames.get(frameId);
    if (!handle) throw new UserError(`frame ${frameId} is not valid any more: the target ran since the stack was shown`);
    return handle;
  }

  /** DAP scopes. Locals, Statics and Globals come with the values engine; Registers is here now. */
  scopes(args: DebugProtocol.ScopesArguments): DebugProtocol.ScopesResponse['body'] {
    const frame = this.frame(args.frameId);
    return { scopes: [{ name: 'Registers', presentationHint: 'registers', variablesReference: this.containers.create({ kind: 'registers', frame }), expensive: false }] };
  }

  /** DAP variables of a scope or of a row with children. */
  async variables(args: DebugProtocol.VariablesArguments): Promise<DebugProtocol.VariablesResponse['body']> {
    const container = this.containers.get(args.variablesReference);
    if (!container) throw new UserError(`variables reference ${args.variablesReference} is not valid any more: the target ran since it was shown`);
    const rows = container.kind === 'rows' ? container.rows : registerRows(await this.frameRegisters(container.frame), container.frame.frame.index === 0);
    const from = args.start ?? 0;
    const shown = rows.slice(from, args.count ? from + args.count : undefined);
    return { variables: shown.map((row) => toDapVariable(row, row.children ? this.containers.create({ kind: 'rows', rows: row.children }) : 0)) };
  }

  /** DAP setVariable in the Registers scope of the innermost frame: writes the register (OpenOCD writes it back on resume). */
  async setVariable(args: DebugProtocol.SetVariableArguments): Promise<DebugProtocol.SetVariableResponse['body']> {
    const container = this.containers.get(args.variablesReference);
    if (!container) throw new UserError(`variables reference ${args.variablesReference} is not valid any more: the target ran since it was shown`);
    if (container.kind !== 'registers') throw new UserError(`${args.name} cannot be set here: edit the register itself`);
    if (container.frame.frame.index !== 0) throw new UserError(`registers of caller frames are read-only: select the innermost frame to set ${args.name}`);
    const value = parseRegisterValue(args.name, args.value);
    await this.debug.writeRegister(container.frame.threadId, args.name, value);
    return { value: hex32(value) };
  }

  /** Frame 0: every register of the stop. Callers: the registers CFI recovers for them (DWARF numbers). */
  private async frameRegisters({ threadId, frame }: FrameHandle): Promise<ReadonlyMap<string, bigint>> {
    const all = await this.debug.readRegisters(threadId);
    if (frame.index === 0 || frame.registers.size === 0) return all;
    const names = this.debug.thread(threadId).target.architecture.dwarfRegisterNames;
    const recovered = new Map<string, bigint>();
    for (const [number, value] of frame.registers) if (names[number] !== undefined) recovered.set(names[number], value);
    return recovered;
  }

  private unwinder(threadId: number): StackUnwinder {
    const thread = this.debug.thread(threadId);
    const cache = thread.cache('show its stack');
    const known = this.unwinders.get(threadId);
    if (known && known.stop === cache.stop) return known.unwinder;
    const unwinder = new StackUnwinder(this.program, cache.frameMemory(), { dwarfRegisterNames: thread.target.architecture.dwarfRegisterNames });
    this.unwinders.set(threadId, { stop: cache.stop, unwinder });
    return unwinder;
  }

  private dapFrame(threadId: number, frame: StackFrame): DebugProtocol.StackFrame {
    const { linesStartAt1, columnsStartAt1 } = this.numbering();
    const name = frame.function ?? frame.symbol ?? hex32(frame.pc);
    const source = frame.source;
    return {
      id: this.frames.create({ threadId, frame }),
      name,
      source: source ? new Source(basename(source.path), source.path) : undefined,
      line: source ? source.line - (linesStartAt1 ? 0 : 1) : 0,
      column: source ? Math.max(source.column, 1) - (columnsStartAt1 ? 0 : 1) : 0,
      instructionPointerReference: hex32(frame.pc),
      presentationHint: source ? 'normal' : 'subtle',
    };
  }
}
