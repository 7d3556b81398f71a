// Values on the DWARF expression stack (DWARF5 2.5.1): generic (address-sized, no type) or typed
// by a base type, and the arithmetic DWARF defines on them. No opcode decoding, no target access.
import {
  DW_ATE_complex_float, DW_ATE_decimal_float, DW_ATE_float, DW_ATE_imaginary_float, DW_ATE_signed, DW_ATE_signed_char,
  DW_ATE_signed_fixed,
} from '../info/dwarfConstants';
import { ExprBaseType } from './location';

/** One stack entry; `type` undefined means the generic type (address size, DWARF5 2.5.1). */
export interface StackValue {
  /** Always kept as the unsigned bit pattern, masked to the type's width. */
  readonly value: bigint;
  readonly type?: ExprBaseType;
}

/** Raised inside the evaluator for a malformed or unsupported operation; never escapes it. */
export class StackFault extends Error {
  constructor(
    readonly kind: 'error' | 'unsupported',
    reason: string,
  ) {
    super(reason);
  }
}

/** Width in bits of a value of `type` (or of the generic type for an address size). */
export function bitWidth(type: ExprBaseType | undefined, addressSize: number): number {
  return (type ? type.byteSize : addressSize) * 8;
}

/** Signed when the base type says so; the generic type counts as signed where DWARF asks (div, compare). */
function isSigned(type: ExprBaseType | undefined, genericSigned: boolean): boolean {
  if (!type) return genericSigned;
  return type.encoding === DW_ATE_signed || type.encoding === DW_ATE_signed_char || type.encoding === DW_ATE_signed_fixed;
}

function isFloat(type: ExprBaseType | undefined): boolean {
  return (
    type !== undefined &&
    [DW_ATE_float, DW_ATE_complex_float, DW_ATE_imaginary_float, DW_ATE_decimal_float].includes(type.encoding)
  );
}

/** A DW_ATE_float value as a number: IEEE 754 binary32 or binary64 bits (the only ones we compute on). */
function toFloat(entry: StackValue): number {
  const view = new DataView(new ArrayBuffer(8));
  const type = floatType(entry.type);
  if (type.byteSize === 4) {
    view.setUint32(0, Number(entry.value));
    return view.getFloat32(0);
  }
  view.setBigUint64(0, entry.value);
  return view.getFloat64(0);
}

function fromFloat(value: number, type: ExprBaseType | undefined): StackValue {
  const view = new DataView(new ArrayBuffer(8));
  const floating = floatType(type);
  if (floating.byteSize === 4) {
    view.setFloat32(0, value);
    return { value: BigInt(view.getUint32(0)), type: floating };
  }
  view.setFloat64(0, value);
  return { value: view.getBigUint64(0), type: floating };
}

function floatType(type: ExprBaseType | undefined): ExprBaseType {
  if (!type || type.encoding !== DW_ATE_float || (type.byteSize !== 4 && type.byteSize !== 8)) {
    throw new StackFault('unsupported', `arithmetic on ${type ? `${type.byteSize}-byte ` : ''}complex, decimal or extended floating point`);
  }
  return type;
}

/** `second OP top` on binary32/binary64 values, as GCC emits for float and double variables. */
function floatOperation(op: BinaryOperation, second: StackValue, top: StackValue, addressSize: number): StackValue {
  const a = toFloat(second);
  const b = toFloat(top);
  switch (op) {
    case 'plus': return fromFloat(a + b, second.type);
    case 'minus': return fromFloat(a - b, second.type);
    case 'mul': return fromFloat(a * b, second.type);
    case 'div': return fromFloat(a / b, second.type);
    case 'eq': case 'ge': case 'gt': case 'le': case 'lt': case 'ne': {
      const result = { eq: a === b, ge: a >= b, gt: a > b, le: a <= b, lt: a < b, ne: a !== b }[op];
      return makeValue(result ? 1n : 0n, undefined, addressSize);
    }
    default: throw new StackFault('error', `DW_OP_${op} on floating-point values`);
  }
}

/** A stack value of `type` holding `value` (any integer; wrapped to the type's width). */
export function makeValue(value: bigint, type: ExprBaseType | undefined, addressSize: number): StackValue {
  return { value: BigInt.asUintN(bitWidth(type, addressSize), value), type };
}

/** The value read as a signed or unsigned integer according to its type. */
export function numericValue(entry: StackValue, addressSize: number, genericSigned: boolean): bigint {
  const bits = bitWidth(entry.type, addressSize);
  return isSigned(entry.type, genericSigned) ? BigInt.asIntN(bits, entry.value) : entry.value;
}

function sameType(a: StackValue, b: StackValue): boolean {
  if (!a.type || !b.type) return a.type === b.type;
  return a.type.byteSize === b.type.byteSize && a.type.encoding === b.type.encoding;
}

/** Opcodes with two operands, named as in DWARF5 2.5.1.4. */
export type BinaryOperation = 'and' | 'div' | 'minus' | 'mod' | 'mul' | 'or' | 'plus' | 'shl' | 'shr' | 'shra' | 'xor'
  | 'eq' | 'ge' | 'gt' | 'le' | 'lt' | 'ne';

/**
 * `second OP top` (DWARF5 2.5.1.4). Operands must share a type, except shift counts. DW_OP_div
 * divides signed on generic values (as the spec says); DW_OP_mod is unsigned on generic values, as
 * GDB and gimli do; typed values follow their encoding. Comparisons are signed for generic values
 * (DWARF5 2.5.1.4) and push 1 or 0 of the generic type.
 */
export function binaryOperation(op: BinaryOperation, second: StackValue, top: StackValue, addressSize: number): StackValue {
  const isShift = op === 'shl' || op === 'shr' || op === 'shra';
  if (!isShift && !sameType(second, top)) throw new StackFault('error', `DW_OP_${op}: operands of different types`);
  if (isShift && (isFloat(second.type) || isFloat(top.type))) throw new StackFault('error', `DW_OP_${op} on floating-point values`);
  if (isFloat(second.type)) return floatOperation(op, second, top, addressSize);
  const type = second.type;
  const bits = bitWidth(type, addressSize);
  const make = (value: bigint): StackValue => makeValue(value, type, addressSize);
  switch (op) {
    case 'plus': return make(second.value + top.value);
    case 'minus': return make(second.value - top.value);
    case 'mul': return make(second.value * top.value);
    case 'and': return make(second.value & top.value);
    case 'or': return make(second.value | top.value);
    case 'xor': return make(second.value ^ top.value);
    case 'div':
    case 'mod': {
      if (top.value === 0n) throw new StackFault('error', `DW_OP_${op}: division by zero`);
      const signed = op === 'div';
      const a = numericValue(second, addressSize, signed);
      const b = numericValue(top, addressSize, signed);
      // BigInt division truncates toward zero and % takes the dividend's sign, as C does.
      return make(op === 'div' ? a / b : a % b);
    }
    case 'shl':
    case 'shr':
    case 'shra': {
      const count = top.value;
      if (op === 'shra') {
        const signedValue = BigInt.asIntN(bits, second.value);
        return make(signedValue >> (count >= BigInt(bits) ? BigInt(bits) : count));
      }
      if (count >= BigInt(bits)) return make(0n);
      return make(op === 'shl' ? second.value << count : second.value >> count);
    }
    default: {
      const a = numericValue(second, addressSize, true);
      const b = numericValue(top, addressSize, true);
      const result = { eq: a === b, ge: a >= b, gt: a > b, le: a <= b, lt: a < b, ne: a !== b }[op];
      return makeValue(result ? 1n : 0n, undefined, addressSize);
    }
  }
}

/** DW_OP_abs, DW_OP_neg, DW_OP_not (DWARF5 2.5.1.4). abs and neg read the value as signed. */
export function unaryOperation(op: 'abs' | 'neg' | 'not', entry: StackValue, addressSize: number): StackValue {
  if (isFloat(entry.type)) {
    if (op === 'not') throw new StackFault('error', 'DW_OP_not on a floating-point value');
    const x = toFloat(entry);
    return fromFloat(op === 'abs' ? Math.abs(x) : -x, entry.type);
  }
  const signed = numericValue(entry, addressSize, true);
  switch (op) {
    case 'abs': return makeValue(signed < 0n ? -signed : signed, entry.type, addressSize);
    case 'neg': return makeValue(-signed, entry.type, addressSize);
    default: return makeValue(~entry.value, entry.type, addressSize);
  }
}

/**
 * DW_OP_convert (DWARF5 2.5.1.6): keeps the numeric value where it fits, as a C cast does
 * (floating point to integer truncates toward zero).
 */
export function convertValue(entry: StackValue, to: ExprBaseType | undefined, addressSize: number): StackValue {
  if (isFloat(entry.type)) {
    const x = toFloat(entry);
    if (isFloat(to)) return fromFloat(x, to);
    if (!Number.isFinite(x)) throw new StackFault('error', `DW_OP_convert of ${x} to an integer type`);
    return makeValue(BigInt(Math.trunc(x)), to, addressSize);
  }
  if (isFloat(to)) return fromFloat(Number(numericValue(entry, addressSize, false)), to);
  return makeValue(numericValue(entry, addressSize, false), to, addressSize);
}

/** DW_OP_reinterpret (DWARF5 2.5.1.6): same bits, new type; the sizes must agree. */
export function reinterpretValue(entry: StackValue, to: ExprBaseType | undefined, addressSize: number): StackValue {
  if (bitWidth(entry.type, addressSize) !== bitWidth(to, addressSize)) {
    throw new StackFault('error', 'DW_OP_reinterpret between types of different sizes');
  }
  return { value: entry.value, type: to };
}

/** An unsigned integer from target-order bytes (memory reads, DW_OP_const_type). */
export function bytesToBigint(bytes: Uint8Array, littleEndian: boolean): bigint {
  let value = 0n;
  for (let i = 0; i < bytes.length; i++) {
    const byte = bytes[littleEndian ? bytes.length - 1 - i : i];
    value = (value << 8n) | BigInt(byte);
  }
  return value;
}
