// Every DWARF 2-5 attribute form decoded from bytes.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ByteReader, DwarfFormatError } from '../../../src/common';
import * as C from '../../../src/dwarf';
import { AttributeValue, FormContext, readAttributeValue, signedConstant } from '../../../src/dwarf';
import { ByteBuilder } from '../../helpers/byteBuilder';

const debugStr = new ByteBuilder().cString('zero').cString('main').build(); // "main" at 5
const debugLineStr = new ByteBuilder().cString('/src').cString('a.c').build(); // "a.c" at 5

function context(version: number, offsetSize: 4 | 8 = 4, addressSize = 4): FormContext {
  return { encoding: { version, offsetSize, addressSize }, unitOffset: 0x100, section: '.debug_info', strings: { debugStr, debugLineStr } };
}

/** Reads one value of `form` from the bytes `build` writes, and checks every byte was consumed. */
function read(form: number, build: (b: ByteBuilder) => unknown, ctx = context(5), implicitConst?: number): AttributeValue {
  const b = new ByteBuilder();
  build(b);
  const bytes = b.build();
  const r = new ByteReader(bytes);
  const value = readAttributeValue(r, form, ctx, implicitConst);
  assert.equal(r.offset, bytes.length, `form 0x${form.toString(16)} consumed ${r.offset} of ${bytes.length} bytes`);
  return value;
}

const bytesOf = (value: AttributeValue): number[] => ('bytes' in value ? [...value.bytes] : []);

describe('readAttributeValue: every DWARF 2-5 form', () => {
  it('addresses and address indexes', () => {
    assert.deepEqual(read(C.DW_FORM_addr, (b) => b.u32(0x08000123)), { kind: 'address', value: 0x08000123 });
    assert.deepEqual(read(C.DW_FORM_addr, (b) => b.u64(0x1_0000_0000), context(5, 4, 8)), { kind: 'address', value: 0x1_0000_0000 });
    assert.deepEqual(read(C.DW_FORM_addr, (b) => b.u16(0x1234), context(5, 4, 2)), { kind: 'address', value: 0x1234 });
    assert.deepEqual(read(C.DW_FORM_addrx, (b) => b.uleb(300)), { kind: 'addressIndex', index: 300 });
    assert.deepEqual(read(C.DW_FORM_addrx1, (b) => b.u8(7)), { kind: 'addressIndex', index: 7 });
    assert.deepEqual(read(C.DW_FORM_addrx2, (b) => b.u16(0x1234)), { kind: 'addressIndex', index: 0x1234 });
    assert.deepEqual(read(C.DW_FORM_addrx3, (b) => b.u8(1, 2, 3)), { kind: 'addressIndex', index: 0x030201 });
    assert.deepEqual(read(C.DW_FORM_addrx4, (b) => b.u32(0x01020304)), { kind: 'addressIndex', index: 0x01020304 });
    assert.deepEqual(read(C.DW_FORM_GNU_addr_index, (b) => b.uleb(2)), { kind: 'addressIndex', index: 2 });
  });

  it('constants keep their size and signedness', () => {
    assert.deepEqual(read(C.DW_FORM_data1, (b) => b.u8(0xfd)), { kind: 'constant', value: 0xfd, signed: false, byteSize: 1 });
    assert.deepEqual(read(C.DW_FORM_data2, (b) => b.u16(0xfffd)), { kind: 'constant', value: 0xfffd, signed: false, byteSize: 2 });
    assert.deepEqual(read(C.DW_FORM_data4, (b) => b.u32(0x80000000)), { kind: 'constant', value: 0x80000000, signed: false, byteSize: 4 });
    assert.deepEqual(read(C.DW_FORM_data8, (b) => b.u64(0xffff_ffff_ffff_ffffn)), { kind: 'constant', value: 0xffff_ffff_ffff_ffffn, signed: false, byteSize: 8 });
    assert.deepEqual(read(C.DW_FORM_data8, (b) => b.u64(42)), { kind: 'constant', value: 42, signed: false, byteSize: 8 });
    assert.deepEqual(read(C.DW_FORM_sdata, (b) => b.sleb(-129)), { kind: 'constant', value: -129, signed: true, byteSize: 0 });
    assert.deepEqual(read(C.DW_FORM_udata, (b) => b.uleb(624485)), { kind: 'constant', value: 624485, signed: false, byteSize: 0 });
    assert.deepEqual(read(C.DW_FORM_udata, (b) => b.uleb(2n ** 64n - 1n)), { kind: 'constant', value: 2n ** 64n - 1n, signed: false, byteSize: 0 });
    assert.deepEqual(read(C.DW_FORM_implicit_const, () => undefined, context(5), -7), { kind: 'constant', value: -7, signed: true, byteSize: 0 });
    const minus3 = read(C.DW_FORM_data1, (b) => b.u8(0xfd));
    assert.equal(minus3.kind === 'constant' && signedConstant(minus3), -3);
    const big = read(C.DW_FORM_data8, (b) => b.u64(-2n));
    assert.equal(big.kind === 'constant' && signedConstant(big), -2);
  });

  it('blocks, exprloc and data16', () => {
    assert.deepEqual(bytesOf(read(C.DW_FORM_block1, (b) => b.u8(2, 0xaa, 0xbb))), [0xaa, 0xbb]);
    assert.deepEqual(bytesOf(read(C.DW_FORM_block2, (b) => b.u16(1).u8(0xcc))), [0xcc]);
    assert.deepEqual(bytesOf(read(C.DW_FORM_block4, (b) => b.u32(1).u8(0xdd))), [0xdd]);
    assert.deepEqual(bytesOf(read(C.DW_FORM_block, (b) => b.uleb(3).u8(1, 2, 3))), [1, 2, 3]);
    const expr = read(C.DW_FORM_exprloc, (b) => b.uleb(2).u8(0x91, 0x7c));
    assert.deepEqual([expr.kind, ...bytesOf(expr)], ['exprloc', 0x91, 0x7c]);
    assert.deepEqual(bytesOf(read(C.DW_FORM_data16, (b) => b.raw(Array.from({ length: 16 }, (_, i) => i)))), Array.from({ length: 16 }, (_, i) => i));
  });

  it('flags', () => {
    assert.deepEqual(read(C.DW_FORM_flag, (b) => b.u8(1)), { kind: 'flag', value: true });
    assert.deepEqual(read(C.DW_FORM_flag, (b) => b.u8(0)), { kind: 'flag', value: false });
    assert.deepEqual(read(C.DW_FORM_flag_present, () => undefined), { kind: 'flag', value: true });
  });

  it('strings: inline, strp, line_strp in 32- and 64-bit DWARF, and string indexes', () => {
    assert.deepEqual(read(C.DW_FORM_string, (b) => b.cString('héllo')), { kind: 'string', value: 'héllo' });
    assert.deepEqual(read(C.DW_FORM_strp, (b) => b.u32(5)), { kind: 'string', value: 'main' });
    assert.deepEqual(read(C.DW_FORM_strp, (b) => b.u64(5), context(5, 8)), { kind: 'string', value: 'main' });
    assert.deepEqual(read(C.DW_FORM_line_strp, (b) => b.u32(5)), { kind: 'string', value: 'a.c' });
    assert.deepEqual(read(C.DW_FORM_strx, (b) => b.uleb(129)), { kind: 'stringIndex', index: 129 });
    assert.deepEqual(read(C.DW_FORM_strx1, (b) => b.u8(3)), { kind: 'stringIndex', index: 3 });
    assert.deepEqual(read(C.DW_FORM_strx2, (b) => b.u16(0x102)), { kind: 'stringIndex', index: 0x102 });
    assert.deepEqual(read(C.DW_FORM_strx3, (b) => b.u8(1, 0, 1)), { kind: 'stringIndex', index: 0x10001 });
    assert.deepEqual(read(C.DW_FORM_strx4, (b) => b.u32(70000)), { kind: 'stringIndex', index: 70000 });
    assert.deepEqual(read(C.DW_FORM_GNU_str_index, (b) => b.uleb(4)), { kind: 'stringIndex', index: 4 });
  });

  it('references are made absolute; ref_addr is address-sized in DWARF 2 only', () => {
    assert.deepEqual(read(C.DW_FORM_ref1, (b) => b.u8(0x10)), { kind: 'reference', offset: 0x110 });
    assert.deepEqual(read(C.DW_FORM_ref2, (b) => b.u16(0x10)), { kind: 'reference', offset: 0x110 });
    assert.deepEqual(read(C.DW_FORM_ref4, (b) => b.u32(0x10)), { kind: 'reference', offset: 0x110 });
    assert.deepEqual(read(C.DW_FORM_ref8, (b) => b.u64(0x10)), { kind: 'reference', offset: 0x110 });
    assert.deepEqual(read(C.DW_FORM_ref_udata, (b) => b.uleb(0x10)), { kind: 'reference', offset: 0x110 });
    assert.deepEqual(read(C.DW_FORM_ref_addr, (b) => b.u32(0x2000)), { kind: 'reference', offset: 0x2000 });
    assert.deepEqual(read(C.DW_FORM_ref_addr, (b) => b.u64(0x2000), context(4, 8)), { kind: 'reference', offset: 0x2000 });
    assert.deepEqual(read(C.DW_FORM_ref_addr, (b) => b.u16(0x2000), context(2, 4, 2)), { kind: 'reference', offset: 0x2000 });
    assert.deepEqual(read(C.DW_FORM_ref_sig8, (b) => b.u64(0x0123456789abcdefn)), { kind: 'signature', signature: 0x0123456789abcdefn });
  });

  it('section offsets, list indexes and supplementary-file forms', () => {
    assert.deepEqual(read(C.DW_FORM_sec_offset, (b) => b.u32(0x44)), { kind: 'sectionOffset', offset: 0x44 });
    assert.deepEqual(read(C.DW_FORM_sec_offset, (b) => b.u64(0x44), context(5, 8)), { kind: 'sectionOffset', offset: 0x44 });
    assert.deepEqual(read(C.DW_FORM_rnglistx, (b) => b.uleb(2)), { kind: 'rnglistIndex', index: 2 });
    assert.deepEqual(read(C.DW_FORM_loclistx, (b) => b.uleb(3)), { kind: 'loclistIndex', index: 3 });
    assert.deepEqual(read(C.DW_FORM_ref_sup4, (b) => b.u32(9)), { kind: 'supplementary', offset: 9 });
    assert.deepEqual(read(C.DW_FORM_ref_sup8, (b) => b.u64(9)), { kind: 'supplementary', offset: 9 });
    assert.deepEqual(read(C.DW_FORM_strp_sup, (b) => b.u32(9)), { kind: 'supplementary', offset: 9 });
    assert.deepEqual(read(C.DW_FORM_GNU_ref_alt, (b) => b.u32(9)), { kind: 'supplementary', offset: 9 });
    assert.deepEqual(read(C.DW_FORM_GNU_strp_alt, (b) => b.u32(9)), { kind: 'supplementary', offset: 9 });
  });

  it('indirect forms name the real form in the data', () => {
    assert.deepEqual(read(C.DW_FORM_indirect, (b) => b.uleb(C.DW_FORM_data2).u16(0x4242)), { kind: 'constant', value: 0x4242, signed: false, byteSize: 2 });
    assert.deepEqual(read(C.DW_FORM_indirect, (b) => b.uleb(C.DW_FORM_indirect).uleb(C.DW_FORM_flag_present)), { kind: 'flag', value: true });
  });

  it('rejects unknown forms, indirect implicit_const, bad string offsets and truncation with section and offset', () => {
    const fails = (form: number, build: (b: ByteBuilder) => unknown, pattern: RegExp): void => {
      assert.throws(() => read(form, build), (e: unknown) => e instanceof DwarfFormatError && pattern.test(e.message), `form 0x${form.toString(16)}`);
    };
    fails(0x7f, (b) => b.u8(0), /unknown attribute form 0x7f/);
    fails(C.DW_FORM_indirect, (b) => b.uleb(C.DW_FORM_implicit_const), /implicit_const/);
    fails(C.DW_FORM_implicit_const, () => undefined, /without a value/);
    fails(C.DW_FORM_strp, (b) => b.u32(999), /\.debug_str/);
    assert.throws(() => read(C.DW_FORM_block1, (b) => b.u8(5, 1)), /passes the end/);
  });
});
