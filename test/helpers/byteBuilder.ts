// Builds byte sequences for unit tests of binary readers (ELF, DWARF sections, CFI, DW_OP):
// fixed-width integers, LEB128, C strings, and labelled offsets patched in later.

/** Little-endian unless told otherwise; every method returns `this` for chaining. */
export class ByteBuilder {
  private readonly bytes: number[] = [];
  private readonly labels = new Map<string, number>();
  private readonly fixups: { at: number; size: 1 | 2 | 4; label: string; relativeTo: number }[] = [];

  constructor(readonly littleEndian = true) {}

  get length(): number {
    return this.bytes.length;
  }

  u8(...values: number[]): this {
    for (const v of values) this.bytes.push(v & 0xff);
    return this;
  }

  u16(value: number): this {
    return this.uint(value, 2);
  }

  u32(value: number): this {
    return this.uint(value, 4);
  }

  u64(value: bigint | number): this {
    const big = BigInt.asUintN(64, BigInt(value));
    const lo = Number(big & 0xffffffffn);
    const hi = Number(big >> 32n);
    return this.littleEndian ? this.u32(lo).u32(hi) : this.u32(hi).u32(lo);
  }

  /** Unsigned integer of `size` bytes (1-8). */
  uint(value: number, size: number): this {
    const parts: number[] = [];
    let v = BigInt.asUintN(size * 8, BigInt(value));
    for (let i = 0; i < size; i++) {
      parts.push(Number(v & 0xffn));
      v >>= 8n;
    }
    if (!this.littleEndian) parts.reverse();
    this.bytes.push(...parts);
    return this;
  }

  uleb(value: number | bigint): this {
    let v = BigInt(value);
    do {
      let byte = Number(v & 0x7fn);
      v >>= 7n;
      if (v !== 0n) byte |= 0x80;
      this.bytes.push(byte);
    } while (v !== 0n);
    return this;
  }

  sleb(value: number | bigint): this {
    let v = BigInt(value);
    for (;;) {
      const byte = Number(v & 0x7fn);
      v >>= 7n;
      const done = (v === 0n && (byte & 0x40) === 0) || (v === -1n && (byte & 0x40) !== 0);
      this.bytes.push(done ? byte : byte | 0x80);
      if (done) return this;
    }
  }

  cString(text: string): this {
    this.bytes.push(...new TextEncoder().encode(text), 0);
    return this;
  }

  raw(data: ArrayLike<number>): this {
    for (let i = 0; i < data.length; i++) this.bytes.push(data[i] & 0xff);
    return this;
  }

  /** Records the current offset under `name`. */
  label(name: string): this {
    this.labels.set(name, this.bytes.length);
    return this;
  }

  /**
   * Reserves `size` bytes that will hold `offset(label) - relativeTo` once built; use for unit
   * lengths (`lengthTo('end', 4)` right after the length field is written relative to its end).
   */
  ref(label: string, size: 1 | 2 | 4, relativeTo = 0): this {
    this.fixups.push({ at: this.bytes.length, size, label, relativeTo });
    return this.uint(0, size);
  }

  /** A 4-byte unit length covering everything from after the field to `label`. */
  unitLength(endLabel: string): this {
    return this.ref(endLabel, 4, this.bytes.length + 4);
  }

  offsetOf(label: string): number {
    const offset = this.labels.get(label);
    if (offset === undefined) throw new Error(`ByteBuilder: no label ${label}`);
    return offset;
  }

  build(): Uint8Array {
    const out = Uint8Array.from(this.bytes);
    for (const fixup of this.fixups) {
      let v = this.offsetOf(fixup.label) - fixup.relativeTo;
      for (let i = 0; i < fixup.size; i++) {
        const index = this.littleEndian ? fixup.at + i : fixup.at + fixup.size - 1 - i;
        out[index] = v & 0xff;
        v >>>= 8;
      }
    }
    return out;
  }
}
