// Range and location lists of DWARF 2-4 (.debug_ranges, .debug_loc) and 5 (rnglists, loclists).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DwarfFormatError } from '../../../src/common';
import * as C from '../../../src/dwarf';
import { dieRanges, DwarfInfo, DwarfSections, ListContext, locationAt, readAranges, readLoc, readLocationList, readLocLists, readRanges, readRngList } from '../../../src/dwarf';
import { ByteBuilder } from '../../helpers/byteBuilder';
import { addr, buildInfo, name } from './unitBuilder';

/** .debug_addr entries: index i holds 0x1000 * (i + 1). */
const context: ListContext = { addressSize: 4, littleEndian: true, baseAddress: 0x8000, addressAtIndex: (i) => 0x1000 * (i + 1) };
const plain = (ranges: readonly { lowPc: number; highPc: number }[]): [number, number][] => ranges.map((r) => [r.lowPc, r.highPc]);

describe('.debug_rnglists (DWARF 5)', () => {
  it('decodes every DW_RLE kind, tracking the base address', () => {
    const bytes = new ByteBuilder().u8(0xee) // something before the list
      .u8(C.DW_RLE_offset_pair).uleb(0x10).uleb(0x20) // base 0x8000 from the unit
      .u8(C.DW_RLE_base_addressx).uleb(1) // base 0x2000
      .u8(C.DW_RLE_offset_pair).uleb(0x4).uleb(0x8)
      .u8(C.DW_RLE_startx_endx).uleb(2).uleb(3)
      .u8(C.DW_RLE_startx_length).uleb(0).uleb(0x40)
      .u8(C.DW_RLE_base_address).u32(0x20000000)
      .u8(C.DW_RLE_offset_pair).uleb(0).uleb(2)
      .u8(C.DW_RLE_start_end).u32(0x500).u32(0x600)
      .u8(C.DW_RLE_start_length).u32(0x700).uleb(0x10)
      .u8(C.DW_RLE_offset_pair).uleb(5).uleb(5) // empty: dropped
      .u8(C.DW_RLE_end_of_list).build();
    assert.deepEqual(plain(readRngList(bytes, 1, context)), [
      [0x8010, 0x8020], [0x2004, 0x2008], [0x3000, 0x4000], [0x1000, 0x1040], [0x20000000, 0x20000002], [0x500, 0x600], [0x700, 0x710],
    ]);
  });

  it('rejects unknown kinds, a missing end and offsets outside the section', () => {
    assert.throws(() => readRngList(Uint8Array.of(0x09), 0, context), (e: unknown) => e instanceof DwarfFormatError && e.section === '.debug_rnglists' && /kind 0x9/.test(e.message));
    assert.throws(() => readRngList(Uint8Array.of(C.DW_RLE_offset_pair, 1, 2), 0, context), (e: unknown) => e instanceof DwarfFormatError && /truncated/.test(e.message));
    assert.throws(() => readRngList(Uint8Array.of(0), 3, context), (e: unknown) => e instanceof DwarfFormatError && e.offset === 3);
    assert.throws(() => readRngList(undefined, 0, context), DwarfFormatError);
  });
});

describe('.debug_ranges (DWARF 2-4)', () => {
  it('decodes offset pairs and base address selection entries', () => {
    const bytes = new ByteBuilder().u32(0x10).u32(0x20).u32(0xffffffff).u32(0x1000).u32(0).u32(4).u32(0).u32(0).build();
    assert.deepEqual(plain(readRanges(bytes, 0, context)), [[0x8010, 0x8020], [0x1000, 0x1004]]);
    const wide = new ByteBuilder().u64(0xffff_ffff_ffff_ffffn).u64(0x1_0000_0000n).u64(0).u64(8).u64(0).u64(0).build();
    assert.deepEqual(plain(readRanges(wide, 0, { ...context, addressSize: 8 })), [[0x1_0000_0000, 0x1_0000_0008]]);
    assert.throws(() => readRanges(bytes.subarray(0, 12), 0, context), (e: unknown) => e instanceof DwarfFormatError && e.section === '.debug_ranges');
  });
});

describe('.debug_loclists (DWARF 5)', () => {
  it('decodes every DW_LLE kind into ranges with expression bytes, plus the default location', () => {
    const expr = (b: ByteBuilder, ...ops: number[]): ByteBuilder => b.uleb(ops.length).u8(...ops);
    const b = new ByteBuilder();
    expr(b.u8(C.DW_LLE_offset_pair).uleb(0).uleb(4), 0x50); // DW_OP_reg0 at 0x8000-0x8004
    b.u8(C.DW_LLE_base_addressx).uleb(0);
    expr(b.u8(C.DW_LLE_offset_pair).uleb(2).uleb(6), 0x51);
    expr(b.u8(C.DW_LLE_startx_endx).uleb(1).uleb(2), 0x52);
    expr(b.u8(C.DW_LLE_startx_length).uleb(3).uleb(8), 0x91, 0x7c);
    b.u8(C.DW_LLE_GNU_view_pair).uleb(1).uleb(2);
    b.u8(C.DW_LLE_base_address).u32(0x100);
    expr(b.u8(C.DW_LLE_offset_pair).uleb(0).uleb(1));
    expr(b.u8(C.DW_LLE_start_end).u32(0x600).u32(0x700), 0x30, 0x9f);
    expr(b.u8(C.DW_LLE_start_length).u32(0x800).uleb(2), 0x53);
    expr(b.u8(C.DW_LLE_default_location), 0x54);
    b.u8(C.DW_LLE_end_of_list);
    const list = readLocLists(b.build(), 0, context);
    assert.deepEqual(list.entries.map((e) => [e.lowPc, e.highPc, [...e.expression]]), [
      [0x8000, 0x8004, [0x50]], [0x1002, 0x1006, [0x51]], [0x2000, 0x3000, [0x52]], [0x4000, 0x4008, [0x91, 0x7c]],
      [0x100, 0x101, []], [0x600, 0x700, [0x30, 0x9f]], [0x800, 0x802, [0x53]],
    ]);
    assert.deepEqual([...(list.defaultExpression ?? [])], [0x54]);
    assert.deepEqual([...(locationAt(list, 0x4007) ?? [])], [0x91, 0x7c]);
    assert.deepEqual([...(locationAt(list, 0x9999) ?? [])], [0x54], 'default location where no entry applies');
    assert.equal(locationAt({ entries: list.entries }, 0x9999), undefined);
  });

  it('rejects unknown kinds and expressions longer than the section', () => {
    assert.throws(() => readLocLists(Uint8Array.of(0x0a), 0, context), (e: unknown) => e instanceof DwarfFormatError && e.section === '.debug_loclists');
    assert.throws(() => readLocLists(Uint8Array.of(C.DW_LLE_default_location, 100, 1), 0, context), (e: unknown) => e instanceof DwarfFormatError && /truncated/.test(e.message));
  });
});

describe('.debug_loc (DWARF 2-4)', () => {
  it('decodes address pairs with 2-byte expression lengths and base selection', () => {
    const bytes = new ByteBuilder().u32(0).u32(4).u16(1).u8(0x50).u32(0xffffffff).u32(0x2000).u32(4).u32(8).u16(2).u8(0x91, 0x10).u32(0).u32(0).build();
    const list = readLoc(bytes, 0, context);
    assert.deepEqual(list.entries.map((e) => [e.lowPc, e.highPc, [...e.expression]]), [[0x8000, 0x8004, [0x50]], [0x2004, 0x2008, [0x91, 0x10]]]);
  });
});

describe('lists reached from DIEs', () => {
  it('DW_FORM_rnglistx and loclistx go through rnglists_base/loclists_base offset tables', () => {
    // .debug_rnglists: 12-byte header, 2 offsets relative to the base (12), then the lists.
    const rng = new ByteBuilder().u32(0).u16(5).u8(4, 0).u32(2).u32(8).u32(9)
      .u8(C.DW_RLE_end_of_list) // list 0 at base+8 is empty
      .u8(C.DW_RLE_offset_pair).uleb(0x10).uleb(0x18).u8(C.DW_RLE_end_of_list).build(); // list 1 at base+9
    const loclists = new ByteBuilder().u32(0).u16(5).u8(4, 0).u32(1).u32(4)
      .u8(C.DW_LLE_offset_pair).uleb(0).uleb(0x20).uleb(1).u8(0x55).u8(C.DW_LLE_end_of_list).build();
    const { info, abbrev } = buildInfo([{ version: 5, root: {
      tag: C.DW_TAG_compile_unit,
      attrs: [name('lists.c'), addr(C.DW_AT_low_pc, 0x08000000), { at: C.DW_AT_rnglists_base, form: C.DW_FORM_sec_offset, write: (b) => b.u32(12) }, { at: C.DW_AT_loclists_base, form: C.DW_FORM_sec_offset, write: (b) => b.u32(12) }],
      children: [{ tag: C.DW_TAG_lexical_block, attrs: [{ at: C.DW_AT_ranges, form: C.DW_FORM_rnglistx, write: (b) => b.uleb(1) }], children: [
        { tag: C.DW_TAG_variable, attrs: [name('v'), { at: C.DW_AT_location, form: C.DW_FORM_loclistx, write: (b) => b.uleb(0) }] },
      ] }],
    } }]);
    const dwarf = new DwarfInfo(new DwarfSections({ '.debug_info': info, '.debug_abbrev': abbrev, '.debug_rnglists': rng, '.debug_loclists': loclists }));
    const block = dwarf.units[0].root.children[0];
    assert.deepEqual(plain(dieRanges(block)), [[0x08000010, 0x08000018]]);
    const variable = block.children[0];
    const list = readLocationList(variable.unit, variable.attr(C.DW_AT_location)!);
    assert.deepEqual(list.entries.map((e) => [e.lowPc, e.highPc, [...e.expression]]), [[0x08000000, 0x08000020, [0x55]]]);
  });

  it('low_pc with high_pc as an address (DWARF 2-3) or as a length (DWARF 4+)', () => {
    const { info, abbrev } = buildInfo([{ version: 3, root: { tag: C.DW_TAG_compile_unit, attrs: [name('a.c')], children: [
      { tag: C.DW_TAG_subprogram, attrs: [name('f'), addr(C.DW_AT_low_pc, 0x100), addr(C.DW_AT_high_pc, 0x140)] },
      { tag: C.DW_TAG_subprogram, attrs: [name('g'), addr(C.DW_AT_low_pc, 0x200), { at: C.DW_AT_high_pc, form: C.DW_FORM_data4, write: (b) => b.u32(0x10) }] },
      { tag: C.DW_TAG_subprogram, attrs: [name('declared_only')] },
    ] } }]);
    const dwarf = new DwarfInfo(new DwarfSections({ '.debug_info': info, '.debug_abbrev': abbrev }));
    assert.deepEqual(dwarf.units[0].root.children.map((d) => plain(dieRanges(d))), [[[0x100, 0x140]], [[0x200, 0x210]], []]);
  });
});

describe('.debug_aranges', () => {
  it('reads sets of 32-bit and 64-bit DWARF, aligning tuples, sorted by address', () => {
    const b = new ByteBuilder();
    b.unitLength('e1').u16(2).u32(0x40).u8(4, 0).u32(0).u32(0x2000).u32(0x10).u32(0x1000).u32(0x20).u32(0).u32(0).label('e1');
    b.u32(0xffffffff).ref('e2', 4, b.length + 8).u32(0).u16(2).u64(0x80).u8(4, 0).u32(0x3000).u32(4).u32(0).u32(0).label('e2');
    const entries = readAranges(b.build(), true);
    assert.deepEqual(entries.map((e) => [e.lowPc, e.highPc, e.unitOffset]), [[0x1000, 0x1020, 0x40], [0x2000, 0x2010, 0x40], [0x3000, 0x3004, 0x80]]);
    assert.throws(() => readAranges(Uint8Array.of(8, 0, 0, 0, 3, 0, 0, 0, 0, 0, 0, 0), true), (e: unknown) => e instanceof DwarfFormatError && /version 3/.test(e.message));
  });
});
