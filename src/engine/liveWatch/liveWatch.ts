// Live watch (issue 15): C expressions read while the target runs, or from its current stop while
// halted, with the children of the values asked for. One read of a list costs one Tcl round trip
// while its pointers keep their values. No formatting of its own (ValueReader), no Tcl.
import { UserError } from '../../common';
import type { Debugger } from '../debugger';
import type { DebugThread } from '../debugThread';
import { evaluateCExpression, FrameInspector, parseExpression, requestVariables, type ParsingScope } from '../expressions';
import type { Program } from '../program';
import { StackUnwinder } from '../stack';
import type { MemoryRange } from '../target';
import { MemoryCache, mergeRanges, programSymbols, ValueReader, type BatchMemoryReader, type CachedBytes, type NamedValue, type ValueView } from '../values';
import { RunningScope } from './runningScope';

/** One row: a Variables row (GDB `print` text, type, evaluateName...), or `error` when it cannot be read. */
export interface LiveValue extends ValueView {
  /** Why there is no value (`value` holds the same text): a wrong expression, or one that needs a halted target. */
  readonly error?: string;
}

export interface LiveReadOptions {
  /** Expressions (a row's `evaluateName`) whose children to list as well: members, elements, a pointer's target. */
  readonly expand?: readonly string[];
  /** GDB `print/x`, as the Variables view's "Hex". */
  readonly hex?: boolean;
}

export interface LiveReadResult {
  /** True when the target ran: the values were read live, not from a stop. */
  readonly running: boolean;
  /** One per expression, in order. */
  readonly values: readonly LiveValue[];
  /** By `expand` entry: its children (an array's first MAX_LIVE_CHILDREN elements). */
  readonly children: Readonly<Record<string, readonly LiveValue[]>>;
}

/** Elements of an array listed as children; later ones are watched by index (`a[150]`). */
export const MAX_LIVE_CHILDREN = 100;

/**
 * Reads lists of expressions on a thread. Reads never overlap: one that arrives while another
 * runs waits for it. The memory each expression touched is kept as the plan of its next read,
 * so that `*p` reads the pointer and the last pointee in the same request; only a pointer that
 * changed costs another round trip (one per level of a chain).
 */
export class LiveWatch {
  private queue: Promise<unknown> = Promise.resolve();
  private plans = new Map<string, readonly MemoryRange[]>();

  constructor(
    private readonly program: Program,
    private readonly debug: Debugger,
  ) {}

  read(threadId: number, expressions: readonly string[], options: LiveReadOptions = {}): Promise<LiveReadResult> {
    const next = this.queue.then(() => this.readNow(this.debug.thread(threadId), expressions, options));
    this.queue = next.catch(() => undefined);
    return next;
  }

  private async readNow(thread: DebugThread, expressions: readonly string[], options: LiveReadOptions): Promise<LiveReadResult> {
    const running = !thread.isHalted;
    const memory = new RecordingCache({ readMemory: (ranges) => this.debug.readMemory(thread.id, ranges) });
    const expand = options.expand ?? [];
    const texts = [...new Set([...expressions, ...expand])];
    const { scope, reader } = running ? this.runningScope(thread, memory) : await this.haltedScope(thread, memory);
    for (const text of texts) await this.plan(text, scope, reader);
    await memory.flush();
    const plans = new Map<string, readonly MemoryRange[]>();
    const rows = new Map<string, LiveValue>();
    const children: Record<string, readonly LiveValue[]> = {};
    for (const text of texts) {
      memory.recorded = [];
      try {
        const named: NamedValue = { name: text, value: await evaluateCExpression(text, scope, reader), evaluateName: text };
        const [view] = await reader.describe([named], { hex: options.hex });
        rows.set(text, view);
        if (expand.includes(text)) {
          const listed = await reader.describe(await reader.children(named, 0, MAX_LIVE_CHILDREN), { hex: options.hex });
          children[text] = listed.map((child) => (child.evaluateName === undefined ? { ...child, expandable: false } : child));
        }
      } catch (error) {
        if (!(error instanceof UserError)) throw error;
        rows.set(text, { name: text, value: error.message, type: '', expandable: false, error: error.message });
        if (expand.includes(text)) children[text] = [];
      }
      plans.set(text, mergeRanges(memory.recorded));
    }
    this.plans = plans;
    return { running, values: expressions.map((text) => rows.get(text) as LiveValue), children };
  }

  /** Asks the cache for what `text` read last time, or for the variables it names (DWARF) on its first read. */
  private async plan(text: string, scope: ParsingScope, reader: ValueReader): Promise<void> {
    const known = this.plans.get(text);
    if (known) {
      for (const range of known) reader.memory.get(range.address, range.byteLength);
      return;
    }
    try {
      await requestVariables(parseExpression(text, { isTypeName: scope.isTypeName }), scope, reader);
    } catch (error) {
      // The evaluation that follows reports it.
      if (!(error instanceof UserError)) throw error;
    }
  }

  private runningScope(thread: DebugThread, memory: MemoryCache): { scope: ParsingScope; reader: ValueReader } {
    const architecture = thread.target.architecture;
    const { littleEndian, addressByteSize } = architecture;
    const frame = { littleEndian, addressByteSize, cfa: undefined, register: () => undefined, symbolAt: programSymbols(this.program) };
    return { scope: new RunningScope(this.program.dwarf, frame, memory, architecture), reader: new ValueReader(frame, memory) };
  }

  /** The innermost frame of the stop (registers from the stop's snapshot), so locals work while halted. */
  private async haltedScope(thread: DebugThread, memory: MemoryCache): Promise<{ scope: ParsingScope; reader: ValueReader }> {
    const architecture = thread.target.architecture;
    const unwinder = new StackUnwinder(this.program, thread.cache('read its variables').frameMemory(), { architecture });
    const { frames } = await unwinder.slice(0, 2);
    if (frames.length === 0) return this.runningScope(thread, memory);
    const inspector = new FrameInspector(this.program, frames, 0, memory, { architecture });
    return { scope: inspector.scope(), reader: inspector.reader };
  }
}

/** A MemoryCache that remembers every range asked of it (hits too): the plan of the next read. */
class RecordingCache extends MemoryCache {
  recorded: MemoryRange[] = [];

  constructor(reader: BatchMemoryReader) {
    super(reader);
  }

  override get(address: number, byteLength: number): CachedBytes {
    if (byteLength > 0) this.recorded.push({ address, byteLength });
    return super.get(address, byteLength);
  }
}
