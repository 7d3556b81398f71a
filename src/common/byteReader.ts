// A bounds-checked cursor over a Uint8Array: fixed-width integers, LEB128 and C strings.
// It knows no file format; callers turn its RangeError-free failures into their own errors.

/** Raised by ByteReader when a read would pass the end; callers map it to a format error. */
export class ByteReaderOverrun extends Error {
  constructor(readonly offset: number, readonly wanted: number, readonly end: number) {
    super(`read of ${wanted} bytes at offset 0x${offset.toString(16)} passes the end 0x${end.toString(16)}`);
  }
}

/** Raised for bytes that are in bounds but cannot be decoded (an overlong LEB128). */
export class ByteReaderMalformed extends ByteReaderOverrun {
  constructor(offset: number, readonly reason: string) {
    super(offset, 0, offset);
    this.message = `${reason} at offset 0x${offset.toString(16)}`;
  }
}

/**
 * Cursor over `bytes[start, end)`. `offset` is absolute in `bytes`, so error messages can name
 * the place in the section or file.
 */
export class ByteReader {
  private readonly view: DataView;
  offset: number;

  constructor(
    readonly bytes: Uint8Array,
    readonly littleEndian = true,
    readonly start = 0,
    readonly end = bytes.length,
  ) {
    if (!(start >= 0 && start <= end && end <= bytes.length)) throw new ByteReaderOverrun(start, end - start, bytes.length);
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.offset = start;
  }

  get remaining(): number {
    return this.end - this.offset;
  }

  get atEnd(): boolean {
    return this.offset >= this.end;
  }

  /** A reader over the next `length` bytes, sharing the buffer; advances this one past them. */
  sub(length: number): ByteReader {
    this.need(length);
    const reader = new ByteReader(this.bytes, this.littleEndian, this.offset, this.offset + length);
    this.offset += length;
    return reader;
  }

  seek(offset: number): this {
    if (!(offset >= this.start && offset <= this.end)) throw new ByteReaderOverrun(offset, 0, this.end);
    this.offset = offset;
    return this;
  }

  skip(length: number): this {
    this.need(length);
    this.offset += length;
    return this;
  }

  u8(): number {
    this.need(1);
    return this.view.getUint8(this.offset++);
  }

  i8(): number {
    this.need(1);
    return this.view.getInt8(this.offset++);
  }

  u16(): number {
    this.need(2);
    const value = this.view.getUint16(this.offset, this.littleEndian);
    this.offset += 2;
    return value;
  }

  i16(): number {
    this.need(2);
    const value = this.view.getInt16(this.offset, this.littleEndian);
    this.offset += 2;
    return value;
  }

  /** Three-byte unsigned integer (DWARF 5 DW_FORM_strx3/addrx3). */
  u24(): number {
    const a = this.u8();
    const b = this.u8();
    const c = this.u8();
    return this.littleEndian ? a | (b << 8) | (c << 16) : (a << 16) | (b << 8) | c;
  }

  u32(): number {
    this.need(4);
    const value = this.view.getUint32(this.offset, this.littleEndian);
    this.offset += 4;
    return value;
  }

  i32(): number {
    this.need(4);
    const value = this.view.getInt32(this.offset, this.littleEndian);
    this.offset += 4;
    return value;
  }

  u64(): bigint {
    this.need(8);
    const value = this.view.getBigUint64(this.offset, this.littleEndian);
    this.offset += 8;
    return value;
  }

  i64(): bigint {
    this.need(8);
    const value = this.view.getBigInt64(this.offset, this.littleEndian);
    this.offset += 8;
    return value;
  }

  /** 64-bit value as a number; exact below 2^53, which covers every offset and address we meet. */
  u64Number(): number {
    return Number(this.u64());
  }

  /**
   * Unsigned LEB128 (DWARF5 7.6) as a number; values above 2^53 lose precision. Payload beyond
   * 64 bits is malformed (never NaN or Infinity, which would defeat the bounds checks).
   */
  uleb128(): number {
    const start = this.offset;
    let result = 0;
    let scale = 1;
    for (;;) {
      const byte = this.u8();
      if (scale < 2 ** 64) result += (byte & 0x7f) * scale;
      else if ((byte & 0x7f) !== 0) throw new ByteReaderMalformed(start, 'LEB128 value wider than 64 bits');
      scale *= 128;
      if ((byte & 0x80) === 0) return result;
    }
  }

  /** Signed LEB128 (DWARF5 7.6) as a number; payload beyond 64 bits is malformed. */
  sleb128(): number {
    const start = this.offset;
    let result = 0;
    let scale = 1;
    let byte: number;
    do {
      byte = this.u8();
      if (scale < 2 ** 64) result += (byte & 0x7f) * scale;
      else if ((byte & 0x7f) !== 0 && (byte & 0x7f) !== 0x7f) throw new ByteReaderMalformed(start, 'LEB128 value wider than 64 bits');
      scale *= 128;
    } while (byte & 0x80);
    if (byte & 0x40) result -= Math.min(scale, 2 ** 64);
    return result;
  }

  /** Unsigned LEB128 as an exact bigint. */
  uleb128Big(): bigint {
    let result = 0n;
    let shift = 0n;
    for (;;) {
      const byte = this.u8();
      result |= BigInt(byte & 0x7f) << shift;
      shift += 7n;
      if ((byte & 0x80) === 0) return result;
    }
  }

  /** Signed LEB128 as an exact bigint. */
  sleb128Big(): bigint {
    let result = 0n;
    let shift = 0n;
    let byte: number;
    do {
      byte = this.u8();
      result |= BigInt(byte & 0x7f) << shift;
      shift += 7n;
    } while (byte & 0x80);
    if (byte & 0x40) result -= 1n << shift;
    return result;
  }

  /** NUL-terminated string, decoded as UTF-8; the cursor moves past the NUL. */
  cString(): string {
    let stop = this.offset;
    while (stop < this.end && this.bytes[stop] !== 0) stop++;
    if (stop >= this.end) throw new ByteReaderOverrun(this.offset, stop - this.offset + 1, this.end);
    const text = utf8.decode(this.bytes.subarray(this.offset, stop));
    this.offset = stop + 1;
    return text;
  }

  bytesView(length: number): Uint8Array {
    this.need(length);
    const view = this.bytes.subarray(this.offset, this.offset + length);
    this.offset += length;
    return view;
  }

  private need(length: number): void {
    if (!(length >= 0) || this.offset + length > this.end) throw new ByteReaderOverrun(this.offset, length, this.end);
  }
}

const utf8 = new TextDecoder('utf-8');

/** Reads a NUL-terminated UTF-8 string at `offset` of a string table (ELF .strtab, DWARF .debug_str). */
export function cStringAt(bytes: Uint8Array, offset: number): string {
  return new ByteReader(bytes, true, offset).cString();
}
