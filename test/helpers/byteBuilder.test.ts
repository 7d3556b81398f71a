// ByteBuilder round-trips through ByteReader and patches labelled lengths.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ByteReader } from '../../src/common';
import { ByteBuilder } from './byteBuilder';

describe('ByteBuilder', () => {
  it('round-trips through ByteReader', () => {
    const bytes = new ByteBuilder().u8(1).u16(0x1234).u32(0xdeadbeef).u64(-1n).uleb(624485).sleb(-123456).cString('x').build();
    const r = new ByteReader(bytes);
    assert.deepEqual([r.u8(), r.u16(), r.u32(), r.u64(), r.uleb128(), r.sleb128(), r.cString()], [1, 0x1234, 0xdeadbeef, 0xffff_ffff_ffff_ffffn, 624485, -123456, 'x']);
    assert.ok(r.atEnd);
  });

  it('patches unit lengths from labels', () => {
    const bytes = new ByteBuilder().unitLength('end').u16(5).u8(9).label('end').build();
    assert.equal(new ByteReader(bytes).u32(), 3);
  });
});
