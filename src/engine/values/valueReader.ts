// What the adapter asks of values at one halt: formatted text (GDB-like), type names, memory
// references and children, with every byte range needed by a request fetched in batched rounds.
import { formatTypeName, stripTypedefs } from '../../dwarf';
import type { FrameContext } from './locateVariable';
import type { MemoryCache } from './memoryCache';
import type { Value } from './value';
import { arrayShape, byteSizeOf, elementOf, memberOf, ValueBytes } from './valueBytes';
import { FormatOptions, ValueFormatter } from './valueFormatter';

/** A value with the name it is shown under and the expression that reaches it (DAP evaluateName). */
export interface NamedValue {
  readonly name: string;
  readonly value: Value;
  readonly evaluateName?: string;
}

/** One row of the Variables view, DAP-neutral. */
export interface ValueView {
  readonly name: string;
  /** GDB's `print` text (`{x = 1, y = 2}`, `(int32_t *) 0x20000084 <g_squares+12>`, `<optimized out>`). */
  readonly value: string;
  /** GDB's `whatis` text. */
  readonly type: string;
  readonly evaluateName?: string;
  /** `0x…` address of a value that lives in memory (DAP memoryReference). */
  readonly memoryReference?: string;
  /** True when `children` has something to show (struct, union, array, non-null data pointer). */
  readonly expandable: boolean;
  /** Arrays: the element count, for paged `children(value, start, count)`. */
  readonly indexedCount?: number;
}

/** Formatting rounds before giving up (a `char *` inside a struct needs three). */
const MAX_ROUNDS = 8;

/** Values of one frame at one halt. Create one per frame per stop; share the MemoryCache of the stop. */
export class ValueReader {
  readonly bytes: ValueBytes;

  constructor(
    readonly frame: FrameContext,
    readonly memory: MemoryCache,
  ) {
    this.bytes = new ValueBytes(frame, memory);
  }

  /** GDB-like text of every value; all of them share each round's single memory read. */
  async format(values: readonly Value[], options: FormatOptions = {}, top = true): Promise<string[]> {
    for (let round = 0; ; round++) {
      const formatter = new ValueFormatter(this.bytes, options);
      const texts = values.map((value) => formatter.format(value, top));
      if (!formatter.incomplete || round >= MAX_ROUNDS || !this.memory.hasPending) return texts;
      await this.memory.flush();
    }
  }

  /** Rows for the Variables view: one batched read for all of them (plus one per pointer level shown). */
  async describe(values: readonly NamedValue[], options: FormatOptions = {}): Promise<ValueView[]> {
    const texts = await this.format(values.map((v) => v.value), options);
    return Promise.all(values.map(async (named, k) => {
      const core = stripTypedefs(named.value.type);
      const place = named.value.place;
      return {
        name: named.name,
        value: texts[k],
        type: formatTypeName(named.value.type),
        ...(named.evaluateName !== undefined ? { evaluateName: named.evaluateName } : {}),
        ...(place.kind === 'memory' && named.value.bitSize === undefined ? { memoryReference: `0x${place.address.toString(16)}` } : {}),
        expandable: await this.isExpandable(named.value),
        ...(core.kind === 'array' ? { indexedCount: arrayShape(core).count ?? 0 } : {}),
      };
    }));
  }

  /**
   * The children of a value: members of a struct/union, elements of an array (from `start`,
   * `count` of them: paging), or the target of a data pointer as `*name`.
   */
  async children(parent: NamedValue, start = 0, count?: number): Promise<NamedValue[]> {
    const type = stripTypedefs(parent.value.type);
    const path = parent.evaluateName ?? parent.name;
    switch (type.kind) {
      case 'struct': case 'union': case 'class':
        return type.members.filter((m) => !m.artificial).map((m) => {
          const name = m.name ?? `<anonymous ${stripTypedefs(m.type).kind}>`;
          return { name, value: memberOf(parent.value, m, this.bytes), ...(m.name !== undefined ? { evaluateName: `(${path}).${m.name}` } : {}) };
        });
      case 'array': {
        const shape = arrayShape(type);
        const total = shape.count ?? 0;
        const end = Math.min(total, count === undefined ? total : start + count);
        const children: NamedValue[] = [];
        for (let k = start; k < end; k++) {
          const index = k + shape.lowerBound;
          children.push({ name: `[${index}]`, value: elementOf(parent.value, type, k, this.bytes), evaluateName: `(${path})[${index}]` });
        }
        return children;
      }
      case 'pointer': case 'reference': case 'rvalueReference': {
        const target = await this.dereference(parent.value);
        return target ? [{ name: `*${parent.name}`, value: target, evaluateName: `*(${path})` }] : [];
      }
      default: return [];
    }
  }

  /** The object a data pointer points to; undefined for null, void and function pointers or an unreadable pointer. */
  async dereference(pointer: Value): Promise<Value | undefined> {
    const type = stripTypedefs(pointer.type);
    if (type.kind !== 'pointer' && type.kind !== 'reference' && type.kind !== 'rvalueReference') return undefined;
    const target = stripTypedefs(type.target);
    if (target.kind === 'void' || target.kind === 'function') return undefined;
    const address = await this.integer(pointer);
    if (address === undefined || address === 0n) return undefined;
    return { type: type.target, place: { kind: 'memory', address: Number(address) } };
  }

  /** A value as an integer, fetching its bytes if needed; undefined when it cannot be read. */
  async integer(value: Value): Promise<bigint | undefined> {
    for (let round = 0; round < 2; round++) {
      const result = this.bytes.integer(value);
      if ('value' in result) return result.value;
      if ('failure' in result) return undefined;
      await this.memory.flush();
    }
    return undefined;
  }

  /** The bytes of a value (a bitfield extracted; or its first `rawByteSize` bytes), fetching them if needed; a string says why not. */
  async valueBytes(value: Value, rawByteSize?: number): Promise<Uint8Array | string> {
    for (let round = 0; round < 2; round++) {
      const result = rawByteSize === undefined ? this.bytes.bytes(value) : this.bytes.raw(value, rawByteSize);
      if ('bytes' in result) return result.bytes;
      if ('failure' in result) return result.failure;
      await this.memory.flush();
    }
    return '<unavailable>';
  }

  /** `byteSize` bytes of memory at `address` through the cache; a string says why not. */
  async memoryBytes(address: number, byteSize: number): Promise<Uint8Array | string> {
    return this.valueBytes({ type: { kind: 'void' }, place: { kind: 'memory', address } }, byteSize);
  }

  private async isExpandable(value: Value): Promise<boolean> {
    const type = stripTypedefs(value.type);
    if (type.kind === 'struct' || type.kind === 'union' || type.kind === 'class') return type.members.length > 0;
    if (type.kind === 'array') return (arrayShape(type).count ?? 0) > 0;
    if (type.kind === 'pointer') return (await this.dereference(value)) !== undefined && byteSizeOf(type.target) > 0;
    return false;
  }
}

