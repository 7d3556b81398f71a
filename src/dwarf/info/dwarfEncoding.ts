// Encoding primitives shared by every DWARF section reader: initial length (32/64-bit DWARF),
// section offsets, target addresses, and turning reader overruns into DwarfFormatError.
import { ByteReader, ByteReaderOverrun, DwarfFormatError } from '../../common';

/** How a unit (or any DWARF header) encodes sizes: DWARF5 7.4 (32/64-bit) and 7.5.1 address_size. */
export interface DwarfEncoding {
  /** 2 to 5. */
  readonly version: number;
  /** Size of a target address in bytes. */
  readonly addressSize: number;
  /** 4 in 32-bit DWARF, 8 in 64-bit DWARF (DWARF5 7.4). */
  readonly offsetSize: 4 | 8;
}

/**
 * Reads an initial length field (DWARF5 7.4): a u32, or 0xffffffff followed by a u64 in 64-bit
 * DWARF. Returns the length and the offset size it implies; 0xfffffff0-0xfffffffe are reserved.
 */
export function readInitialLength(r: ByteReader, section: string): { length: number; offsetSize: 4 | 8 } {
  const at = r.offset;
  const first = r.u32();
  if (first === 0xffffffff) return { length: r.u64Number(), offsetSize: 8 };
  if (first >= 0xfffffff0) throw new DwarfFormatError(`reserved initial length 0x${first.toString(16)}`, section, at);
  return { length: first, offsetSize: 4 };
}

/** A section offset of `offsetSize` bytes (DWARF5 7.4). */
export function readOffset(r: ByteReader, offsetSize: number): number {
  return offsetSize === 8 ? r.u64Number() : r.u32();
}

/** A target address of `addressSize` bytes (1, 2, 4 or 8). */
export function readAddress(r: ByteReader, addressSize: number): number {
  switch (addressSize) {
    case 1: return r.u8();
    case 2: return r.u16();
    case 4: return r.u32();
    case 8: return r.u64Number();
    default: throw new DwarfFormatError(`unsupported address size ${addressSize}`, 'address', r.offset);
  }
}

/** The all-ones address of `addressSize` bytes (base address selection entries, DWARF5 2.17.3). */
export function maxAddress(addressSize: number): number {
  return addressSize >= 8 ? Number(0xffffffffffffffffn) : 2 ** (addressSize * 8) - 1;
}

/** Runs `read`, turning a ByteReaderOverrun into a DwarfFormatError naming `section`. */
export function inSection<T>(section: string, read: () => T): T {
  try {
    return read();
  } catch (error) {
    if (error instanceof ByteReaderOverrun) throw new DwarfFormatError(`truncated: ${error.message}`, section, error.offset);
    throw error;
  }
}

/** Checks that `count` items of at least `minItemSize` bytes can fit in what remains of `r`. */
export function checkCount(r: ByteReader, count: number, minItemSize: number, section: string, what: string): void {
  if (count < 0 || count * minItemSize > r.remaining) {
    throw new DwarfFormatError(`${what} count ${count} exceeds the ${r.remaining} bytes left`, section, r.offset);
  }
}
