// A value as GDB's `print` shows it: scalars, enums (flag enums too), pointers with `<symbol>`,
// char strings, structs, unions and arrays with repeats and limits. Synchronous over ValueBytes:
// a byte range not fetched yet marks the result incomplete (the caller fetches and asks again).
import {
  ArrayType, DW_ATE_boolean, DW_ATE_float, DW_ATE_UTF, DW_ATE_signed_char, DW_ATE_unsigned_char, DwarfType, EnumType, formatTypeName, Member,
  stripTypedefs,
} from '../../dwarf';
import { arrayShape, byteSizeOf, elementOf, isPartlyOptimizedOut, isSignedType, memberOf, memoryError, ValueBytes } from './valueBytes';
import {
  bytesToBigInt, formatCharLiteral, formatCString, formatFloat, hexOf, PRINT_ELEMENTS_LIMIT, REPEAT_THRESHOLD,
} from './scalarFormat';
import type { Value } from './value';

/** DAP `format` options. */
export interface FormatOptions {
  /** DAP ValueFormat.hex: integers, enums, chars, bools and floats' bits in hexadecimal (GDB `print/x`). */
  readonly hex?: boolean;
}

/** GDB's `max-value-size` default: bigger arrays are read only as far as printed. */
const MAX_VALUE_BYTES = 65536;

/** Bytes read per step when following a `char *` to its NUL. */
const STRING_CHUNK_BYTES = 64;

/** True for one-byte character types: GDB prints them as `65 'A'` and their arrays as strings. */
export function isCharType(type: DwarfType): boolean {
  const core = stripTypedefs(type);
  return core.kind === 'base' && core.byteSize === 1 && (core.encoding === DW_ATE_signed_char || core.encoding === DW_ATE_unsigned_char || core.encoding === DW_ATE_UTF);
}

/** One formatting pass; `incomplete` is set when some bytes were not fetched yet. */
export class ValueFormatter {
  incomplete = false;

  constructor(
    readonly reader: ValueBytes,
    readonly options: FormatOptions = {},
  ) {}

  /** `print NAME`'s text: `top` adds GDB's `(type *) ` prefix on pointers. */
  format(value: Value, top = true): string {
    const type = stripTypedefs(value.type);
    switch (type.kind) {
      case 'base': return this.scalar(value, type.encoding);
      case 'enum': return this.enumeration(value, type);
      case 'pointer': case 'reference': case 'rvalueReference': return this.pointer(value, top);
      case 'struct': case 'union': case 'class': return this.aggregate(value, type.members);
      case 'array': return this.array(value, type);
      case 'function': return this.functionValue(value);
      case 'void': return 'void';
      default: return `<unknown type ${formatTypeName(value.type)}>`;
    }
  }

  private bytesOrText(value: Value): Uint8Array | string {
    const result = this.reader.bytes(value);
    if ('bytes' in result) return result.bytes;
    if ('missing' in result) {
      this.incomplete = true;
      return '…';
    }
    return result.failure;
  }

  private scalar(value: Value, encoding: number): string {
    const bytes = this.bytesOrText(value);
    if (typeof bytes === 'string') return bytes;
    const littleEndian = this.reader.frame.littleEndian;
    if (encoding === DW_ATE_float) {
      return this.options.hex ? hexOf(bytesToBigInt(bytes, false, littleEndian), bytes.length * 8) : formatFloat(bytes, littleEndian);
    }
    const signed = isSignedType(value.type);
    const number = bytesToBigInt(bytes, signed, littleEndian);
    // GDB /x shows a bitfield at its declared type's width (a 4-bit int -3 is 0xfffffffd).
    if (this.options.hex) return hexOf(number, bytes.length * 8);
    if (encoding === DW_ATE_boolean) return number === 0n ? 'false' : number === 1n ? 'true' : number.toString();
    if (isCharType(value.type)) return `${number} ${formatCharLiteral(bytes[0])}`;
    return number.toString();
  }

  /** GDB generic_val_print_enum_1: the enumerator, a flag-enum decomposition, or the number. */
  private enumeration(value: Value, type: EnumType): string {
    const integer = this.reader.integer(value);
    if ('missing' in integer) {
      this.incomplete = true;
      return '…';
    }
    if ('failure' in integer) return integer.failure;
    const number = integer.value;
    if (this.options.hex) return hexOf(number, type.byteSize * 8);
    const exact = type.enumerators.find((e) => BigInt(e.value) === number);
    if (exact) return exact.name;
    if (!isFlagEnum(type)) return number.toString();
    let rest = number;
    const names: string[] = [];
    for (const enumerator of type.enumerators) {
      const bits = BigInt(enumerator.value);
      if (bits !== 0n && (rest & bits) === bits) {
        names.push(enumerator.name);
        rest &= ~bits;
      }
    }
    if (rest !== 0n) names.push(`unknown: 0x${rest.toString(16)}`);
    return names.length === 0 ? '0' : `(${names.join(' | ')})`;
  }

  private pointer(value: Value, top: boolean): string {
    const integer = this.reader.integer(value);
    if ('missing' in integer) {
      this.incomplete = true;
      return '…';
    }
    if ('failure' in integer) return integer.failure;
    const address = Number(BigInt.asUintN(this.reader.frame.addressByteSize * 8, integer.value));
    const target = stripTypedefs((stripTypedefs(value.type) as { target: DwarfType }).target);
    const hex = `0x${address.toString(16)}`;
    // GDB /x prints a pointer as the bare number: no type, symbol or string.
    if (this.options.hex) return hex;
    if (target.kind === 'function') {
      const text = `${hex}${this.symbolSuffix(address & ~1)}`;
      return top ? `(${formatTypeName(value.type)}) ${text}` : text;
    }
    let text = `${hex}${this.symbolSuffix(address)}`;
    const pointsToChars = isCharType(target);
    if (pointsToChars && address !== 0) text += ` ${this.cString(address)}`;
    if (!top || isPlainCharPointer(value.type)) return text;
    return `(${formatTypeName(value.type)}) ${text}`;
  }

  private symbolSuffix(address: number): string {
    if (address === 0) return '';
    const symbol = this.reader.frame.symbolAt?.(address);
    if (!symbol) return '';
    return symbol.offset === 0 ? ` <${symbol.name}>` : ` <${symbol.name}+${symbol.offset}>`;
  }

  /** The NUL-terminated string at `address`, read in aligned chunks (an aligned chunk stays in one memory region). */
  private cString(address: number): string {
    const collected: number[] = [];
    let at = address;
    while (collected.length < PRINT_ELEMENTS_LIMIT) {
      const chunkEnd = (Math.floor(at / STRING_CHUNK_BYTES) + 1) * STRING_CHUNK_BYTES;
      const found = this.reader.memory.get(at, chunkEnd - at);
      if (found === undefined) {
        this.incomplete = true;
        return '…';
      }
      if (!(found instanceof Uint8Array)) {
        if (collected.length === 0) return memoryError(at);
        return `${formatCString(Uint8Array.from(collected), false)}${memoryError(at)}`;
      }
      const nul = found.indexOf(0);
      const take = nul >= 0 ? found.subarray(0, nul) : found;
      collected.push(...take);
      if (nul >= 0) break;
      at = chunkEnd;
    }
    const truncated = collected.length > PRINT_ELEMENTS_LIMIT;
    return formatCString(Uint8Array.from(collected.slice(0, PRINT_ELEMENTS_LIMIT)), truncated || collected.length === PRINT_ELEMENTS_LIMIT);
  }

  private aggregate(value: Value, members: readonly Member[]): string {
    // Fetch the whole object once (one range), then format the members from it.
    const whole = this.reader.raw(value, byteSizeOf(value.type));
    if ('missing' in whole) {
      this.incomplete = true;
      return '…';
    }
    if ('failure' in whole && !isPartlyOptimizedOut(value)) return whole.failure;
    const parts = members
      .filter((m) => !m.artificial)
      .map((m) => {
        const text = this.format(memberOf(value, m, this.reader), false);
        return m.name === undefined ? text : `${m.name} = ${text}`;
      });
    return `{${parts.join(', ')}}`;
  }

  /**
   * GDB's value_print_array_elements: runs of identical elements (by bytes, scanned over the whole
   * array) over REPEAT_THRESHOLD collapse, a run counts as REPEAT_THRESHOLD printed elements, and
   * printing stops at PRINT_ELEMENTS_LIMIT with `...`. Arrays over MAX_VALUE_BYTES (GDB's
   * max-value-size) are read only as far as printed.
   */
  private array(value: Value, type: ArrayType): string {
    const shape = arrayShape(type);
    const count = shape.count ?? 0;
    const size = shape.elementByteSize;
    const readCount = count * size <= MAX_VALUE_BYTES ? count : Math.min(count, PRINT_ELEMENTS_LIMIT);
    const whole = this.reader.raw(value, readCount * size);
    if ('missing' in whole) {
      this.incomplete = true;
      return '…';
    }
    if ('failure' in whole) {
      if (!isPartlyOptimizedOut(value)) return whole.failure;
      return `{${Array.from({ length: Math.min(count, PRINT_ELEMENTS_LIMIT) }, (_, k) => this.format(elementOf(value, type, k, this.reader), false)).join(', ')}}`;
    }
    if (isCharType(shape.element) && !this.options.hex) {
      // GDB's generic_printstr drops one trailing NUL of the whole array, then stops printing
      // at the element limit; an array read only in part (over MAX_VALUE_BYTES) always ends in `...`.
      if (readCount < count) return formatCString(whole.bytes, true);
      const length = count > 0 && whole.bytes[count - 1] === 0 ? count - 1 : count;
      return formatCString(whole.bytes.subarray(0, length), false);
    }
    const element = (k: number): Uint8Array => whole.bytes.subarray(k * size, (k + 1) * size);
    const parts: string[] = [];
    let printed = 0;
    let k = 0;
    for (; k < readCount && printed < PRINT_ELEMENTS_LIMIT; k++) {
      let next = k + 1;
      while (next < readCount && sameBytes(element(next), element(k))) next++;
      const text = this.format(elementOf(value, type, k, this.reader), false);
      if (next - k > REPEAT_THRESHOLD) {
        parts.push(`${text} <repeats ${next - k} times>`);
        k = next - 1;
        printed += REPEAT_THRESHOLD;
      } else {
        parts.push(text);
        printed++;
      }
    }
    return `{${parts.join(', ')}${k < count ? '...' : ''}}`;
  }

  /** A function designator (`*g_op`, `main`): `{int (void)} 0x8000150 <main>`. */
  private functionValue(value: Value): string {
    if (value.place.kind !== 'memory') return `{${formatTypeName(value.type)}} <optimized out>`;
    const address = value.place.address;
    return `{${formatTypeName(value.type)}} 0x${address.toString(16)}${this.symbolSuffix(address & ~1)}`;
  }
}

/** GDB prints no `(type) ` prefix for an unnamed pointer to a type named `char` (cv-qualified or not). */
function isPlainCharPointer(type: DwarfType): boolean {
  let pointer = type;
  while (pointer.kind === 'const' || pointer.kind === 'volatile' || pointer.kind === 'restrict') pointer = pointer.target;
  if (pointer.kind !== 'pointer') return false;
  let target = pointer.target;
  while (target.kind === 'const' || target.kind === 'volatile' || target.kind === 'restrict') target = target.target;
  return target.kind === 'base' && target.name === 'char';
}

/** GDB's flag enum (dwarf2/read.c process_enumeration_scope): non-negative values with disjoint bits. */
export function isFlagEnum(type: EnumType): boolean {
  let mask = 0n;
  for (const enumerator of type.enumerators) {
    const bits = BigInt(enumerator.value);
    if (bits < 0n || (mask & bits) !== 0n) return false;
    mask |= bits;
  }
  return true;
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((byte, k) => byte === b[k]);
}
