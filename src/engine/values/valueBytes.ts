// Getting at a value's bytes and at its parts: the bytes of a place (memory through the cache,
// registers of the frame, computed bytes), bitfield extraction, members, elements, pointer targets.
import { ArrayType, DW_ATE_signed, DW_ATE_signed_char, DW_ATE_signed_fixed, DwarfType, Member, sizeOf, stripTypedefs } from '../../dwarf';
import type { MemoryCache } from './memoryCache';
import { bigIntToBytes, bytesToBigInt } from './scalarFormat';
import type { FrameRegisters, Value } from './value';

/** The bytes of a value, or why there are none: `missing` means "fetch and ask again". */
export type BytesResult = { readonly bytes: Uint8Array } | { readonly missing: true } | { readonly failure: string };

/** GDB's words for memory that cannot be read. */
export function memoryError(address: number): string {
  return `<error: Cannot access memory at address 0x${address.toString(16)}>`;
}

/** Reads values' bytes for one frame of one halt. */
export class ValueBytes {
  constructor(
    readonly frame: FrameRegisters,
    readonly memory: MemoryCache,
  ) {}

  /** The `byteSize` bytes of `value`'s place (for bitfields: the bytes holding the field, unshifted). */
  raw(value: Value, byteSize: number): BytesResult {
    const place = value.place;
    switch (place.kind) {
      case 'optimizedOut': return { failure: '<optimized out>' };
      case 'unavailable': return { failure: '<unavailable>' };
      case 'bytes':
        if (place.bytes.length < byteSize || place.optimizedOut?.subarray(0, byteSize).some((b) => b !== 0)) return { failure: '<optimized out>' };
        return { bytes: place.bytes.subarray(0, byteSize) };
      case 'memory': {
        const found = this.memory.get(place.address, byteSize);
        if (found === undefined) return { missing: true };
        if (!(found instanceof Uint8Array)) return { failure: memoryError(place.address) };
        return { bytes: found };
      }
      case 'register': {
        // A value wider than a register continues in the next ones (GDB's value_from_register).
        const size = this.frame.addressByteSize;
        const parts: Uint8Array[] = [];
        for (let k = 0; k * size < byteSize; k++) {
          const content = this.frame.register(place.register + k);
          // GDB shows a value in a register the unwinder did not recover (caller-saved, in an outer frame) as optimized out.
          if (content === undefined) return { failure: '<optimized out>' };
          parts.push(bigIntToBytes(content, size, this.frame.littleEndian));
        }
        const bytes = new Uint8Array(parts.length * size);
        parts.forEach((part, k) => bytes.set(part, k * size));
        // A narrow value in a register is its low-order bytes.
        return { bytes: this.frame.littleEndian ? bytes.subarray(0, byteSize) : bytes.subarray(bytes.length - byteSize) };
      }
    }
  }

  /** The value's own bytes: a bitfield is extracted and sign-extended into sizeOf(type) bytes. */
  bytes(value: Value): BytesResult {
    const byteSize = byteSizeOf(value.type);
    if (value.bitSize === undefined) return this.raw(value, byteSize);
    const bitOffset = value.bitOffset ?? 0;
    const storage = this.raw(value, Math.ceil((bitOffset + value.bitSize) / 8));
    if (!('bytes' in storage)) return storage;
    const field = readBits(storage.bytes, bitOffset, value.bitSize, this.frame.littleEndian);
    const signed = isSignedType(value.type);
    const extended = signed ? BigInt.asIntN(value.bitSize, field) : field;
    return { bytes: bigIntToBytes(extended, byteSize, this.frame.littleEndian) };
  }

  /** The value as an integer (integers, enums, bools, chars, pointers); failures pass through. */
  integer(value: Value): { readonly value: bigint } | { readonly missing: true } | { readonly failure: string } {
    const result = this.bytes(value);
    if (!('bytes' in result)) return result;
    return { value: bytesToBigInt(result.bytes, isSignedType(value.type), this.frame.littleEndian) };
  }
}

/** True for computed bytes of which only some pieces were optimized out (their parts can still show). */
export function isPartlyOptimizedOut(value: Value): boolean {
  const place = value.place;
  return place.kind === 'bytes' && place.optimizedOut !== undefined && place.optimizedOut.some((b) => b === 0);
}

/** `bitSize` bits from `bitOffset` (LSB numbering on little-endian targets, DWARF5 5.7.6). */
export function readBits(bytes: Uint8Array, bitOffset: number, bitSize: number, littleEndian: boolean): bigint {
  const whole = bytesToBigInt(bytes, false, littleEndian);
  return (whole >> BigInt(bitOffset)) & ((1n << BigInt(bitSize)) - 1n);
}

/** True for signed integer, signed char and signed enum types (after typedefs). */
export function isSignedType(type: DwarfType): boolean {
  const core = stripTypedefs(type);
  if (core.kind === 'enum') return core.signed;
  return core.kind === 'base' && (core.encoding === DW_ATE_signed || core.encoding === DW_ATE_signed_char || core.encoding === DW_ATE_signed_fixed);
}

/** A part of `parent` at `byteOffset` with `type`: same place kind, shifted. */
export function partOf(parent: Value, type: DwarfType, byteOffset: number, bits?: { bitOffset: number; bitSize: number }, frame?: ValueBytes): Value {
  const place = parent.place;
  const extra = bits ? { bitOffset: bits.bitOffset, bitSize: bits.bitSize } : {};
  switch (place.kind) {
    case 'memory': return { type, place: { kind: 'memory', address: place.address + byteOffset }, ...extra };
    case 'bytes': {
      const optimizedOut = place.optimizedOut?.subarray(byteOffset);
      return { type, place: { kind: 'bytes', bytes: place.bytes.subarray(byteOffset), ...(optimizedOut ? { optimizedOut } : {}) }, ...extra };
    }
    case 'register': {
      // Parts of a register-held aggregate become computed bytes (GCC keeps small structs in registers).
      const whole = frame?.raw(parent, byteSizeOf(parent.type));
      if (whole && 'bytes' in whole) return { type, place: { kind: 'bytes', bytes: whole.bytes.subarray(byteOffset) }, ...extra };
      return { type, place: { kind: 'unavailable', reason: 'register not recovered' }, ...extra };
    }
    default: return { type, place, ...extra };
  }
}

/** The value of one struct/union member. */
export function memberOf(parent: Value, member: Member, frame?: ValueBytes): Value {
  const bits = member.bitSize !== undefined ? { bitOffset: member.bitOffset ?? 0, bitSize: member.bitSize } : undefined;
  return partOf(parent, member.type, member.byteOffset ?? 0, bits, frame);
}

/** An array's element count and element type; a multi-dimensional array is an array of arrays. */
export function arrayShape(type: ArrayType): { count: number | undefined; lowerBound: number; element: DwarfType; elementByteSize: number } {
  const [first, ...rest] = type.dimensions.length > 0 ? type.dimensions : [{ lowerBound: 0, count: undefined }];
  const element: DwarfType = rest.length > 0 ? subArray(type, rest) : type.element;
  const elementByteSize = rest.reduce((size, d) => size * (d.count ?? 0), sizeOf(type.element));
  return { count: first.count, lowerBound: first.lowerBound, element, elementByteSize };
}

const subArrays = new WeakMap<ArrayType, ArrayType>();

/** The row type of a multi-dimensional array (`int16_t [4]` of `int16_t [3][4]`), shared per array. */
function subArray(type: ArrayType, dimensions: ArrayType['dimensions']): ArrayType {
  let found = subArrays.get(type);
  if (!found) {
    // Spread keeps the DIE for naming; sizeOf would read its DW_AT_byte_size, so sizes come from arrayShape.
    found = { ...type, dimensions };
    subArrays.set(type, found);
  }
  return found;
}

/** Element `index` (0-based from the first element) of an array value. */
export function elementOf(parent: Value, type: ArrayType, index: number, frame?: ValueBytes): Value {
  const shape = arrayShape(type);
  return partOf(parent, shape.element, index * shape.elementByteSize, undefined, frame);
}

/** Byte size of a value of `type`, with arrays measured by arrayShape (row types have no DIE size). */
export function byteSizeOf(type: DwarfType): number {
  const core = stripTypedefs(type);
  if (core.kind !== 'array') return sizeOf(type);
  const shape = arrayShape(core);
  return (shape.count ?? 0) * shape.elementByteSize;
}
