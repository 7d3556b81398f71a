// DWARF encoding primitives: offsets, addresses and 32/64-bit formats (DWARF5 7.4).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ByteReader, DwarfFormatError } from '../../../src/common';
import { checkCount, dwarfConstantName, DW_TAG_subprogram, inSection, maxAddress, readAddress, readInitialLength, readOffset } from '../../../src/dwarf';
import { ByteBuilder } from '../../helpers/byteBuilder';

describe('DWARF encoding primitives (DWARF5 7.4)', () => {
  it('reads 32- and 64-bit initial lengths and rejects the reserved range', () => {
    assert.deepEqual(readInitialLength(new ByteReader(new ByteBuilder().u32(0x10).build()), 's'), { length: 0x10, offsetSize: 4 });
    assert.deepEqual(readInitialLength(new ByteReader(new ByteBuilder().u32(0xffffffff).u64(0x1_0000_0000).build()), 's'), { length: 0x1_0000_0000, offsetSize: 8 });
    assert.throws(() => readInitialLength(new ByteReader(new ByteBuilder().u32(0xfffffff0).build()), '.debug_x'), (e: unknown) => e instanceof DwarfFormatError && e.section === '.debug_x' && e.offset === 0);
  });

  it('reads offsets and addresses of every size', () => {
    const r = new ByteReader(new ByteBuilder().u32(7).u64(8).u8(1).u16(2).u32(3).u64(4).build());
    assert.deepEqual([readOffset(r, 4), readOffset(r, 8), readAddress(r, 1), readAddress(r, 2), readAddress(r, 4), readAddress(r, 8)], [7, 8, 1, 2, 3, 4]);
    assert.throws(() => readAddress(new ByteReader(Uint8Array.of(0, 0, 0)), 3), DwarfFormatError);
    assert.deepEqual([maxAddress(2), maxAddress(4)], [0xffff, 0xffffffff]);
  });

  it('guards counts against the bytes left and maps overruns to the section', () => {
    const r = new ByteReader(new Uint8Array(10));
    checkCount(r, 5, 2, 's', 'entry');
    assert.throws(() => checkCount(r, 6, 2, '.debug_line', 'entry'), (e: unknown) => e instanceof DwarfFormatError && /entry count 6 exceeds the 10 bytes left/.test(e.message));
    assert.throws(() => inSection('.debug_info', () => new ByteReader(Uint8Array.of(1)).u32()), (e: unknown) => e instanceof DwarfFormatError && e.section === '.debug_info' && /truncated/.test(e.message));
  });

  it('names constants by their spec names', () => {
    assert.equal(dwarfConstantName('DW_TAG', DW_TAG_subprogram), 'DW_TAG_subprogram');
    assert.equal(dwarfConstantName('DW_FORM', 0x25), 'DW_FORM_strx1');
    assert.equal(dwarfConstantName('DW_LLE', 0x05), 'DW_LLE_default_location');
    assert.equal(dwarfConstantName('DW_AT', 0x3fff), 'DW_AT_0x3fff');
  });
});
