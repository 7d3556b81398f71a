// What the client sees of the current stops: stackTrace (delayed loading), scopes, variables,
// evaluate and setVariable/setExpression, with the frame and variable reference handles DAP needs.
// Handles live until the next stop or resume. Every read goes through the engine's per-stop cache.
import { basename } from 'node:path';
import { Source } from '@vscode/debugadapter';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { hex32, UserError } from '../common';
import { memoryReference } from './memoryRequests';
import { ThreadHandles } from './threadHandles';
import {
  evaluateCExpression, FrameInspector, MemoryCache, revealedInlineFrames, revealInlinedAtUserBreakpoint, StackUnwinder, type Debugger, type MemoryRange, type NamedValue, type Program, type StackFrame, type TargetStop, type ValueView,
} from '../engine';
import { parseRegisterValue, registerRows, toDapVariable, type VariableRow } from './registerVariables';
import { VALUE_SCOPES, valueVariable, wantsChildren, type ValueScopeKind } from './valueVariables';

/** The client's line and column numbering (DAP InitializeRequestArguments.linesStartAt1). */
export interface ClientNumbering {
  readonly linesStartAt1: boolean;
  readonly columnsStartAt1: boolean;
}

interface FrameHandle {
  readonly threadId: number;
  readonly frame: StackFrame;
}

/** The values a container showed last, by name: what setVariable edits. */
type Shown = Map<string, NamedValue>;

/** What a variables reference points at: a frame's scope, a register row's children or a value's children. */
type VariableContainer =
  | { readonly kind: 'registers'; readonly frame: FrameHandle }
  | { readonly kind: 'rows'; readonly frame: FrameHandle; readonly rows: readonly VariableRow[] }
  | { readonly kind: 'scope'; readonly frame: FrameHandle; readonly scope: ValueScopeKind; readonly shown: Shown }
  | { readonly kind: 'value'; readonly frame: FrameHandle; readonly parent: NamedValue; readonly view: ValueView; readonly shown: Shown };

/** The evaluate/setExpression result body without the DAP request-specific fields. */
type ValueBody = { result: string; type?: string; variablesReference: number; indexedVariables?: number; memoryReference?: string };

const DEFAULT_LEVELS = 20;

/** Stack frames, scopes and variables of the threads' current stops. */
export class StopView {
  private readonly frames = new ThreadHandles<FrameHandle>();
  private readonly containers = new ThreadHandles<VariableContainer>();
  private readonly unwinders = new Map<number, { readonly stop: TargetStop; readonly unwinder: StackUnwinder }>();
  /** One MemoryCache per thread and stop: each byte is read at most once per halt. */
  private readonly memories = new Map<number, MemoryCache>();
  /** One FrameInspector per frame and stop, by `threadId:frameIndex`. */
  private readonly inspectors = new Map<string, Promise<FrameInspector>>();

  constructor(
    private readonly debug: Debugger,
    private readonly program: Program,
    private readonly numbering: () => ClientNumbering,
    /** Memory writes must not touch (the flash banks). */
    private readonly readOnly: readonly MemoryRange[] = [],
  ) {}

  /**
   * A thread stopped or resumed: the references it handed out are void (all of them without a
   * thread: flash changed). Values of every thread are read again: the cores share memory.
   */
  clear(threadId?: number): void {
    this.frames.clear(threadId);
    this.containers.clear(threadId);
    if (threadId === undefined) this.unwinders.clear();
    else this.unwinders.delete(threadId);
    this.dropValues();
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

  /** DAP scopes: Locals, Statics, Globals (read when opened) and Registers, each read through this frame's unwound registers. */
  scopes(args: DebugProtocol.ScopesArguments): DebugProtocol.ScopesResponse['body'] {
    const frame = this.frame(args.frameId);
    const values: DebugProtocol.Scope[] = VALUE_SCOPES.map((scope) => ({
      name: scope.name,
      presentationHint: scope.presentationHint,
      variablesReference: this.containers.create(frame.threadId, { kind: 'scope', frame, scope: scope.kind, shown: new Map() }),
      expensive: scope.expensive,
    }));
    return { scopes: [...values, { name: 'Registers', presentationHint: 'registers', variablesReference: this.containers.create(frame.threadId, { kind: 'registers', frame }), expensive: false }] };
  }

  /** DAP variables of a scope or of a row with children. */
  async variables(args: DebugProtocol.VariablesArguments): Promise<DebugProtocol.VariablesResponse['body']> {
    const container = this.container(args.variablesReference);
    if (container.kind === 'scope' || container.kind === 'value') return { variables: await this.valueRows(container, args) };
    const rows = container.kind === 'rows' ? container.rows : registerRows(await this.frameRegisters(container.frame), container.frame.frame.index === 0);
    const from = args.start ?? 0;
    const shown = rows.slice(from, args.count ? from + args.count : undefined);
    const threadId = container.frame.threadId;
    return {
      variables: shown.map((row) => ({
        ...toDapVariable(row, row.children ? this.containers.create(threadId, { kind: 'rows', rows: row.children, frame: container.frame }) : 0),
        memoryReference: row.memoryReference === undefined ? undefined : memoryReference(row.memoryReference, threadId),
      })),
    };
  }

  /** DAP evaluate of a C expression in a frame (the innermost frame of the first thread without one). */
  async evaluate(text: string, frameId: number | undefined, hex: boolean | undefined): Promise<ValueBody> {
    const frame = frameId === undefined ? await this.topFrame() : this.frame(frameId);
    const inspector = await this.inspector(frame);
    const value = await evaluateCExpression(text, inspector.scope(), inspector.reader);
    return this.valueBody(frame, inspector, { name: text, value, evaluateName: text }, hex);
  }

  /** The memory a row of a value scope occupies (dataBreakpointInfo: a DWT watchpoint on it). */
  async dataRange(variablesReference: number, name: string): Promise<MemoryRange> {
    const container = this.container(variablesReference);
    if (container.kind !== 'scope' && container.kind !== 'value') throw new UserError(`${name} is a register: a data breakpoint watches memory`);
    const target = container.shown.get(name);
    if (!target?.evaluateName) throw new UserError(`${name} has no address to watch`);
    return (await this.inspector(container.frame)).dataRange(target.evaluateName);
  }

  /** DAP setExpression: assigns C expression `value` to the lvalue `expression`, then shows it read back. */
  async setExpression(args: DebugProtocol.SetExpressionArguments): Promise<DebugProtocol.SetExpressionResponse['body']> {
    const frame = args.frameId === undefined ? await this.topFrame() : this.frame(args.frameId);
    const inspector = await this.inspector(frame);
    const target = await evaluateCExpression(args.expression, inspector.scope(), inspector.reader);
    await this.write(frame, inspector, { name: args.expression, value: target, evaluateName: args.expression }, args.value);
    const body = await this.evaluate(args.expression, args.frameId, args.format?.hex);
    return { ...body, value: body.result };
  }

  /** DAP setVariable: a value of Locals/Statics/Globals or a child (through the engine's write plan), or a register of the innermost frame. */
  async setVariable(args: DebugProtocol.SetVariableArguments): Promise<DebugProtocol.SetVariableResponse['body']> {
    const container = this.container(args.variablesReference);
    if (container.kind === 'scope' || container.kind === 'value') return this.setValue(container, args);
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

  private container(reference: number): VariableContainer {
    const container = this.containers.get(reference);
    if (!container) throw new UserError(`variables reference ${reference} is not valid any more: the target ran since it was shown`);
    return container;
  }

  /** Rows of a value scope or of a value's children; remembers them for setVariable. */
  private async valueRows(container: Extract<VariableContainer, { shown: Shown }>, args: DebugProtocol.VariablesArguments): Promise<DebugProtocol.Variable[]> {
    const parentView = container.kind === 'value' ? container.view : undefined;
    if (!wantsChildren(parentView, args.filter)) return [];
    const inspector = await this.inspector(container.frame);
    const values = container.kind === 'value' ? await inspector.children(container.parent, args.start, args.count) : await this.scopeValues(inspector, container.scope);
    const views = await inspector.describe(values, { hex: args.format?.hex });
    for (const value of values) container.shown.set(value.name, value);
    return views.map((view, k) => ({
      ...valueVariable(view, this.childReference(container.frame, anonymousNamed(values[k], container), view)),
      memoryReference: view.memoryReference === undefined ? undefined : memoryReference(view.memoryReference, container.frame.threadId),
    }));
  }

  private scopeValues(inspector: FrameInspector, scope: ValueScopeKind): Promise<NamedValue[]> {
    if (scope === 'locals') return inspector.locals();
    return scope === 'statics' ? inspector.statics() : inspector.globals();
  }

  private childReference(frame: FrameHandle, value: NamedValue, view: ValueView): number {
    return view.expandable ? this.containers.create(frame.threadId, { kind: 'value', frame, parent: value, view, shown: new Map() }) : 0;
  }

  private async valueBody(frame: FrameHandle, inspector: FrameInspector, value: NamedValue, hex: boolean | undefined): Promise<ValueBody> {
    const [view] = await inspector.describe([value], { hex });
    return { result: view.value, type: view.type, variablesReference: this.childReference(frame, value, view), indexedVariables: view.indexedCount, memoryReference: view.memoryReference === undefined ? undefined : memoryReference(view.memoryReference, frame.threadId) };
  }

  /** setVariable of a value row: write, then the row read back (by its expression when it has one). */
  private async setValue(container: Extract<VariableContainer, { shown: Shown }>, args: DebugProtocol.SetVariableArguments): Promise<DebugProtocol.SetVariableResponse['body']> {
    const target = container.shown.get(args.name);
    if (!target) throw new UserError(`${args.name} is not shown in this scope any more: expand it again to set it`);
    await this.write(container.frame, await this.inspector(container.frame), target, args.value);
    const inspector = await this.inspector(container.frame);
    const reread = target.evaluateName ? { ...target, value: await evaluateCExpression(target.evaluateName, inspector.scope(), inspector.reader) } : target;
    const body = await this.valueBody(container.frame, inspector, reread, args.format?.hex);
    container.shown.set(args.name, reread);
    return { value: body.result, type: body.type, variablesReference: body.variablesReference, indexedVariables: body.indexedVariables, memoryReference: body.memoryReference };
  }

  /** Applies the engine's write plan through the target; values of this thread are then read afresh. */
  private async write(frame: FrameHandle, inspector: FrameInspector, target: NamedValue, text: string): Promise<void> {
    const plan = await inspector.planSetVariable(target, text);
    try {
      if (plan.kind === 'memory') {
        await this.debug.writeMemory(frame.threadId, plan.address, plan.bytes);
      } else {
        const name = this.debug.thread(frame.threadId).target.architecture.dwarfRegisterNames[plan.register];
        if (name === undefined) throw new UserError(`cannot write ${target.name}: DWARF register ${plan.register} has no name on this target`);
        await this.debug.writeRegister(frame.threadId, name, plan.value);
      }
    } finally {
      // Registers feed the unwound frames, memory the caches: both are read again after a write.
      this.unwinders.delete(frame.threadId);
      this.dropValues(frame.threadId);
    }
  }

  /**
   * The inspector of a frame at this stop, over the thread's shared MemoryCache: kept for the
   * stop, but made afresh for each request while another core runs (it may change shared memory).
   */
  private inspector(handle: FrameHandle): Promise<FrameInspector> {
    if (this.debug.othersRunning(handle.threadId)) this.dropValues(handle.threadId);
    const key = `${handle.threadId}:${handle.frame.index}`;
    let inspector = this.inspectors.get(key);
    if (!inspector) {
      inspector = this.makeInspector(handle);
      this.inspectors.set(key, inspector);
      inspector.catch(() => this.inspectors.delete(key));
    }
    return inspector;
  }

  private async makeInspector({ threadId, frame }: FrameHandle): Promise<FrameInspector> {
    const thread = this.debug.thread(threadId);
    // Callers too: entry values (DW_OP_entry_value) are answered from their call sites.
    const { frames } = await this.unwinder(threadId).slice(0, Math.max(frame.index + 2, DEFAULT_LEVELS));
    if (!frames[frame.index]) throw new UserError(`frame ${frame.index} is not on the stack any more`);
    let memory = this.memories.get(threadId);
    if (!memory) {
      memory = new MemoryCache({ readMemory: (ranges) => this.debug.readMemory(threadId, ranges) });
      this.memories.set(threadId, memory);
    }
    const { littleEndian, addressByteSize } = thread.target.architecture;
    return new FrameInspector(this.program, frames, frame.index, memory, { littleEndian, addressByteSize, readOnly: this.readOnly });
  }

  /** Forgets the memory caches and inspectors (of one thread, or all). */
  private dropValues(threadId?: number): void {
    if (threadId === undefined) this.memories.clear();
    else this.memories.delete(threadId);
    for (const key of [...this.inspectors.keys()]) if (threadId === undefined || key.startsWith(`${threadId}:`)) this.inspectors.delete(key);
  }

  /** The innermost frame of a thread, by default the first (evaluate without a frame, e.g. a repl line before a stack was shown). */
  private async topFrame(threadId = this.debug.threads[0].id): Promise<FrameHandle> {
    const [frame] = (await this.unwinder(threadId).slice(0, 1)).frames;
    if (!frame) throw new UserError('there is no frame to evaluate in: the stack is empty');
    return { threadId, frame };
  }

  private unwinder(threadId: number): StackUnwinder {
    const thread = this.debug.thread(threadId);
    const cache = thread.cache('show its stack');
    const known = this.unwinders.get(threadId);
    if (known && known.stop === cache.stop) return known.unwinder;
    const revealInlined = this.userBreakpointInlineFrames(threadId, cache.stop) || revealedInlineFrames(cache.stop);
    const unwinder = new StackUnwinder(this.program, cache.frameMemory(), { dwarfRegisterNames: thread.target.architecture.dwarfRegisterNames, revealInlined });
    this.unwinders.set(threadId, { stop: cache.stop, unwinder });
    return unwinder;
  }

  /** At a stop on a user breakpoint, the inlined calls starting at the PC it was set for are shown (and recorded for steps from it). */
  private userBreakpointInlineFrames(threadId: number, stop: TargetStop): number {
    const setFor = stop.reason === 'breakpoint' ? this.debug.thread(threadId).breakpoints.userBreakpointFunctionsAt(stop.pc) : [];
    if (setFor.length === 0) return 0;
    return revealInlinedAtUserBreakpoint(this.program, stop, setFor);
  }

  private dapFrame(threadId: number, frame: StackFrame): DebugProtocol.StackFrame {
    const { linesStartAt1, columnsStartAt1 } = this.numbering();
    const name = frame.function ?? frame.symbol ?? hex32(frame.pc);
    const source = frame.source;
    return {
      id: this.frames.create(threadId, { threadId, frame }),
      name,
      source: source ? new Source(basename(source.path), source.path) : undefined,
      line: source ? source.line - (linesStartAt1 ? 0 : 1) : 0,
      column: source ? Math.max(source.column, 1) - (columnsStartAt1 ? 0 : 1) : 0,
      instructionPointerReference: memoryReference(frame.pc, threadId),
      presentationHint: source ? 'normal' : 'subtle',
    };
  }
}

/**
 * An anonymous struct/union member has no C name: its members are reached from the enclosing
 * value (C11 6.7.2.1p13), so its children are named from the parent's expression (`g_packet.word`).
 */
function anonymousNamed(value: NamedValue, container: VariableContainer): NamedValue {
  if (value.evaluateName !== undefined || container.kind !== 'value' || !value.name.startsWith('<anonymous')) return value;
  return { ...value, evaluateName: container.parent.evaluateName };
}
