// One frame of one halt as the Variables, Watch and Debug Console views see it: the Locals,
// Statics and Globals scopes, children, evaluate and setVariable, over a shared MemoryCache.
// The adapter maps these to DAP; it applies WritePlans through the Target port.
import { UserError } from '../../common';
import { globals as dwarfGlobals } from '../../dwarf';
import type { Architecture } from '../arch/architecture';
import type { Program } from '../program';
import type { StackFrame } from '../stack';
import type { MemoryRange } from '../target';
import {
  allFileStatics, byteSizeOf, callSiteEntryValues, FormatOptions, FrameContext, frameScopeAt, globalsOf, localsOf, MemoryCache, NamedValue,
  programSymbols, staticsOf, ValueReader, ValueView, WritePlan,
} from '../values';
import { evaluateCExpression, planAssignment } from './cExpression';
import { FrameScope } from './frameScope';

export interface FrameInspectorOptions {
  /** The core's architecture (Target.architecture): byte order, address size, register names. */
  readonly architecture: Architecture;
  /** Ranges writes must not touch (flash). */
  readonly readOnly?: readonly MemoryRange[];
}

/**
 * Values of frame `index` of an unwound stack. Make one per frame and stop; share the stop's
 * MemoryCache between frames so that each byte is read at most once per halt.
 */
export class FrameInspector {
  readonly frame: FrameContext;
  readonly reader: ValueReader;
  private scopeCache: FrameScope | undefined;

  constructor(
    private readonly program: Program,
    private readonly frames: readonly StackFrame[],
    private readonly index: number,
    readonly memory: MemoryCache,
    private readonly options: FrameInspectorOptions,
  ) {
    this.frame = this.contextOf(frames[index]);
    this.reader = new ValueReader(this.frame, memory);
  }

  /** Locals scope: arguments then locals of the frame's innermost block outwards (one batched read to describe them). */
  async locals(): Promise<NamedValue[]> {
    const at = frameScopeAt(this.program.dwarf, this.frames, this.index);
    return at ? localsOf(at.scope, at.inlineIndex, this.frame, this.memory) : [];
  }

  /** Statics scope: file statics of the frame's compile unit. */
  async statics(): Promise<NamedValue[]> {
    const at = frameScopeAt(this.program.dwarf, this.frames, this.index);
    return at ? staticsOf(at.scope, this.frame, this.memory) : [];
  }

  /** Globals scope: external variables of every unit, by name. */
  async globals(): Promise<NamedValue[]> {
    return globalsOf({ globals: dwarfGlobals(this.program.dwarf), frameBase: { kind: 'optimizedOut' } }, this.frame, this.memory);
  }

  /** File statics of every unit (for a "Statics (all files)" view or a search). */
  async allStatics(): Promise<NamedValue[]> {
    return globalsOf({ globals: allFileStatics(this.program.dwarf), frameBase: { kind: 'optimizedOut' } }, this.frame, this.memory);
  }

  /** Rows of the Variables view for `values` (DAP variables response). */
  describe(values: readonly NamedValue[], format: FormatOptions = {}): Promise<ValueView[]> {
    return this.reader.describe(values, format);
  }

  /** Children of an expandable row: members, elements [start, start+count), or a pointer's target. */
  children(parent: NamedValue, start?: number, count?: number): Promise<NamedValue[]> {
    return this.reader.children(parent, start, count);
  }

  /** DAP evaluate (watch, hover, repl, clipboard): the value as a row; ExpressionError when it fails. */
  async evaluate(expression: string, format: FormatOptions = {}): Promise<ValueView> {
    const value = await evaluateCExpression(expression, this.scope(), this.reader);
    const [view] = await this.reader.describe([{ name: expression, value, evaluateName: expression }], format);
    return view;
  }

  /** A breakpoint condition or hit test: true when `expression` is non-zero (C11 6.8.4.1). */
  async condition(expression: string): Promise<boolean> {
    const value = await evaluateCExpression(expression, this.scope(), this.reader);
    const bytes = await this.reader.valueBytes(value);
    if (typeof bytes === 'string') throw new UserError(`condition '${expression}' cannot be evaluated: the value is ${bytes}`);
    return bytes.some((byte) => byte !== 0);
  }

  /** DAP dataBreakpointInfo: the memory an lvalue expression occupies (for a DWT watchpoint). */
  async dataRange(expression: string): Promise<MemoryRange> {
    const value = await evaluateCExpression(expression, this.scope(), this.reader);
    if (value.place.kind !== 'memory') throw new UserError(`'${expression}' is not in memory, so it cannot be watched`);
    return { address: value.place.address, byteLength: byteSizeOf(value.type) };
  }

  /**
   * DAP setVariable / setExpression: the write that assigns C expression `newValue` to `target`.
   * Registers can be written in the top frame only (an outer frame's registers were saved elsewhere).
   */
  async planSetVariable(target: NamedValue, newValue: string): Promise<WritePlan> {
    if (target.value.place.kind === 'register' && this.index > 0 && !this.frames.slice(0, this.index).every((f) => f.inlined && f.pc === this.frames[this.index].pc)) {
      throw new UserError(`cannot write ${target.name}: it is held in a register of an outer frame`);
    }
    return planAssignment(target.value, newValue, this.scope(), this.reader, this.options.readOnly ?? []);
  }

  /** The names an expression in this frame sees. */
  scope(): FrameScope {
    if (!this.scopeCache) {
      const at = frameScopeAt(this.program.dwarf, this.frames, this.index);
      this.scopeCache = new FrameScope({ dwarf: this.program.dwarf, pc: at?.lookupAddress ?? this.frames[this.index].pc, inlineIndex: at?.inlineIndex ?? 0, frame: this.frame, memory: this.memory, architecture: this.options.architecture });
    }
    return this.scopeCache;
  }

  private contextOf(frame: StackFrame): FrameContext {
    return {
      littleEndian: this.options.architecture.littleEndian,
      addressByteSize: this.options.architecture.addressByteSize,
      cfa: frame.cfa,
      register: (n) => frame.registers.get(n),
      symbolAt: programSymbols(this.program),
      entryValue: callSiteEntryValues(this.program.dwarf, this.frames, frame.index, (caller) => this.contextOf(caller), this.memory),
    };
  }
}
