// ByteReader: fixed-width reads, LEB128 (DWARF5 7.6 examples), C strings, and refusal of
// overruns, overlong LEB128 and NaN offsets.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ByteReader, ByteReaderOverrun } from '../../src/common';

describe('ByteReader', () => {
  it('reads LEB128 values from the DWARF5 7.6 examples', () => {
    // DWARF5 Table 7.6 (unsigned) and 7.7 (signed).
    const r = new ByteReader(Uint8Array.from([2, 127, 0x80, 1, 0x81, 1, 0x82, 1, 0xb9, 0x64]));
    assert.deepEqual([r.uleb128(), r.uleb128(), r.uleb128(), r.uleb128(), r.uleb128(), r.uleb128()], [2, 127, 128, 129, 130, 12857]);
    const s = new ByteReader(Uint8Array.from([2, 0x7e, 0xff, 0, 0x81, 0x7f, 0x80, 1, 0x80, 0x7f]));
    assert.deepEqual([s.sleb128(), s.sleb128(), s.sleb128(), s.sleb128(), s.sleb128(), s.sleb128()], [2, -2, 127, -127, 128, -128]);
  });

  it('reads exact 64-bit LEB128 as bigint', () => {
    const bytes = Uint8Array.from([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01]);
    assert.equal(new ByteReader(bytes).uleb128Big(), 0xffff_ffff_ffff_ffffn);
    assert.equal(new ByteReader(Uint8Array.from([0x7f])).sleb128Big(), -1n);
  });

  it('honours endianness and the window it was given', () => {
    const bytes = Uint8Array.from([0, 0x12, 0x34, 0x56, 0x78, 0]);
    assert.equal(new ByteReader(bytes, true, 1, 5).u32(), 0x78563412);
    assert.equal(new ByteReader(bytes, false, 1, 5).u32(), 0x12345678);
    assert.equal(new ByteReader(bytes, true, 1, 4).u24(), 0x563412);
  });

  it('reports an overrun with its offset instead of reading past the end', () => {
    const r = new ByteReader(Uint8Array.from([1, 2, 3]), true, 0, 2);
    r.u8();
    assert.throws(() => r.u16(), (e: unknown) => e instanceof ByteReaderOverrun && e.offset === 1 && e.end === 2);
    assert.throws(() => new ByteReader(Uint8Array.from([0x80, 0x80])).uleb128(), ByteReaderOverrun);
    assert.throws(() => new ByteReader(Uint8Array.from([0x41, 0x42])).cString(), ByteReaderOverrun);
  });

  it('decodes C strings as UTF-8 and moves past the NUL', () => {
    const r = new ByteReader(new TextEncoder().encode('main\0µC\0'));
    assert.equal(r.cString(), 'main');
    assert.equal(r.cString(), 'µC');
    assert.ok(r.atEnd);
  });
});

describe('ByteReader on hostile input', () => {
  it('refuses an overlong LEB128 instead of returning NaN or Infinity', () => {
    const overlong = Uint8Array.from([...new Array(200).fill(0xff), 0x01]);
    assert.throws(() => new ByteReader(overlong).uleb128(), /wider than 64 bits/);
    assert.throws(() => new ByteReader(overlong).sleb128(), /wider than 64 bits/);
    const padded = Uint8Array.from([0x81, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00]);
    assert.equal(new ByteReader(padded).uleb128(), 1);
  });

  it('refuses NaN lengths and offsets, and a window outside the bytes', () => {
    const r = new ByteReader(Uint8Array.from([1, 2, 3]));
    assert.throws(() => r.skip(Number.NaN), ByteReaderOverrun);
    assert.throws(() => r.seek(Number.NaN), ByteReaderOverrun);
    assert.throws(() => new ByteReader(Uint8Array.from([1]), true, -1), ByteReaderOverrun);
    assert.throws(() => new ByteReader(Uint8Array.from([1]), true, 0, 2), ByteReaderOverrun);
  });
});
