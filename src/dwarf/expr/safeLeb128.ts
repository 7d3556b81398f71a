// LEB128 operands as safe integers for the expression and CFI decoders. ByteReader's number
// LEB128 turns overlong input into NaN or Infinity, which would defeat its own bounds checks.
import { ByteReader, ByteReaderOverrun } from '../../common';

/** Unsigned LEB128 (DWARF5 7.6) that must fit a safe integer; overlong input reads as an overrun. */
export function safeUleb128(r: ByteReader): number {
  return checked(r, r.uleb128());
}

/** Signed LEB128 (DWARF5 7.6) that must fit a safe integer. */
export function safeSleb128(r: ByteReader): number {
  return checked(r, r.sleb128());
}

function checked(r: ByteReader, value: number): number {
  if (!Number.isSafeInteger(value)) throw new ByteReaderOverrun(r.offset, 0, r.end);
  return value;
}
