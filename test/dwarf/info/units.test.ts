// Abbreviation tables, unit headers v2-v5 and DIE trees with references and unit bases.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DwarfFormatError } from '../../../src/common';
import * as C from '../../../src/dwarf';
import { DwarfInfo, DwarfSections, LazyAbbrevTable, parseAbbrevTable, readUnitHeader } from '../../../src/dwarf';
import { ByteBuilder } from '../../helpers/byteBuilder';
import { addr, buildInfo, data1, DieSpec, name } from './unitBuilder';

const cu = (children: DieSpec[]): DieSpec => ({
  tag: C.DW_TAG_compile_unit, attrs: [name('main.c'), name('/home/dev', C.DW_AT_comp_dir)], children,
});

function infoFor(sections: Record<string, Uint8Array>, littleEndian = true): DwarfInfo {
  return new DwarfInfo(new DwarfSections(sections, { littleEndian }));
}

describe('.debug_abbrev', () => {
  it('parses codes, tags, children flags, attribute specs and implicit_const values', () => {
    const bytes = new ByteBuilder()
      .uleb(1).uleb(C.DW_TAG_compile_unit).u8(1).uleb(C.DW_AT_name).uleb(C.DW_FORM_strp).u8(0, 0)
      .uleb(300).uleb(C.DW_TAG_variable).u8(0).uleb(C.DW_AT_decl_file).uleb(C.DW_FORM_implicit_const).sleb(-5).uleb(C.DW_AT_external).uleb(C.DW_FORM_flag_present).u8(0, 0)
      .u8(0).build();
    const table = parseAbbrevTable(bytes, 0);
    assert.deepEqual(table.get(1), { code: 1, tag: C.DW_TAG_compile_unit, hasChildren: true, attributes: [{ name: C.DW_AT_name, form: C.DW_FORM_strp }] });
    assert.deepEqual(table.get(300), {
      code: 300, tag: C.DW_TAG_variable, hasChildren: false,
      attributes: [{ name: C.DW_AT_decl_file, form: C.DW_FORM_implicit_const, implicitConst: -5 }, { name: C.DW_AT_external, form: C.DW_FORM_flag_present }],
    });
  });

  it('reads a table only as far as the code asked for (DwarfInfo.abbrevTable)', () => {
    // Code 1 is well formed; the declaration after it is cut short.
    const bytes = new ByteBuilder().uleb(1).uleb(C.DW_TAG_compile_unit).u8(1).uleb(C.DW_AT_name).uleb(C.DW_FORM_strp).u8(0, 0).uleb(2).uleb(C.DW_TAG_variable).build();
    const table = new LazyAbbrevTable(bytes, 0);
    assert.equal(table.get(1)?.tag, C.DW_TAG_compile_unit);
    assert.throws(() => table.get(2), (e: unknown) => e instanceof DwarfFormatError && e.section === '.debug_abbrev' && /truncated/.test(e.message));
    assert.throws(() => table.size, DwarfFormatError);
    const whole = new ByteBuilder().uleb(1).uleb(C.DW_TAG_compile_unit).u8(0).u8(0, 0).uleb(2).uleb(C.DW_TAG_variable).u8(0).u8(0, 0).u8(0).build();
    const lazy = new LazyAbbrevTable(whole, 0);
    assert.equal(lazy.get(7), undefined, 'an undeclared code reads to the end');
    assert.deepEqual([...lazy.keys()], [1, 2]);
    assert.deepEqual([...lazy], [...parseAbbrevTable(whole, 0)]);
  });

  it('rejects duplicate codes, truncation and offsets outside the section', () => {
    const dup = new ByteBuilder().uleb(1).uleb(0x11).u8(0).u8(0, 0).uleb(1).uleb(0x11).u8(0).u8(0, 0).u8(0).build();
    assert.throws(() => parseAbbrevTable(dup, 0), (e: unknown) => e instanceof DwarfFormatError && e.section === '.debug_abbrev' && /duplicate/.test(e.message));
    assert.throws(() => parseAbbrevTable(Uint8Array.of(1, 0x11, 0, 3), 0), (e: unknown) => e instanceof DwarfFormatError && /truncated/.test(e.message));
    assert.throws(() => parseAbbrevTable(Uint8Array.of(0), 4), DwarfFormatError);
  });
});

describe('unit headers', () => {
  for (const version of [2, 3, 4, 5]) {
    for (const offsetSize of [4, 8] as const) {
      it(`DWARF ${version}, ${offsetSize * 8}-bit: header fields and the DIEs after it`, () => {
        const { info, abbrev } = buildInfo([{ version, offsetSize, root: cu([{ tag: C.DW_TAG_base_type, attrs: [name('int'), data1(C.DW_AT_byte_size, 4)] }]) }]);
        const header = readUnitHeader(info, true, 0, '.debug_info');
        assert.deepEqual(
          { version: header.version, offsetSize: header.offsetSize, addressSize: header.addressSize, unitType: header.unitType, abbrevOffset: header.abbrevOffset, endOffset: header.endOffset },
          { version, offsetSize, addressSize: 4, unitType: C.DW_UT_compile, abbrevOffset: 0, endOffset: info.length },
        );
        const headerBytes = (offsetSize === 8 ? 12 : 4) + 2 + 1 + offsetSize + (version >= 5 ? 1 : 0);
        assert.equal(header.firstDieOffset, headerBytes);
        const dwarf = infoFor({ '.debug_info': info, '.debug_abbrev': abbrev });
        const [unit] = dwarf.units;
        assert.deepEqual([unit.name, unit.compDir, unit.root.children[0].name, unit.root.children[0].number(C.DW_AT_byte_size)], ['main.c', '/home/dev', 'int', 4]);
      });
    }
  }

  it('DWARF 5 type, skeleton and partial units', () => {
    const { info, abbrev } = buildInfo([
      { version: 5, unitType: C.DW_UT_type, typeSignature: 0x1122334455667788n, typeLabel: 'T', root: { tag: C.DW_TAG_type_unit, attrs: [], children: [{ tag: C.DW_TAG_structure_type, label: 'T', attrs: [name('point'), data1(C.DW_AT_byte_size, 8)] }] } },
      { version: 5, unitType: C.DW_UT_skeleton, dwoId: 0xabcdefn, root: { tag: C.DW_TAG_skeleton_unit, attrs: [name('split.dwo', C.DW_AT_dwo_name)] } },
      { version: 5, unitType: C.DW_UT_partial, root: { tag: C.DW_TAG_partial_unit, attrs: [name('part.c')] } },
    ]);
    const dwarf = infoFor({ '.debug_info': info, '.debug_abbrev': abbrev });
    const [typeUnit, skeleton, partial] = dwarf.units;
    assert.equal(typeUnit.header.typeSignature, 0x1122334455667788n);
    assert.equal(dwarf.typeUnitBySignature(0x1122334455667788n)?.name, 'point');
    assert.equal(skeleton.header.dwoId, 0xabcdefn);
    assert.equal(skeleton.root.string(C.DW_AT_dwo_name), 'split.dwo');
    assert.deepEqual(dwarf.compileUnits().map((u) => u.name ?? u.unit.root.string(C.DW_AT_dwo_name)), ['', 'part.c'], 'type units are not compile units; the skeleton is');
    assert.equal(partial.header.unitType, C.DW_UT_partial);
  });

  it('DWARF 4 type units in .debug_types and ref_sig8 to them', () => {
    const types = buildInfo([{ version: 4, typeSignature: 0x99n, typeLabel: 'S', root: { tag: C.DW_TAG_type_unit, attrs: [], children: [{ tag: C.DW_TAG_structure_type, label: 'S', attrs: [name('sig_struct')] }] } }]);
    const main = buildInfo([{ version: 4, root: cu([{ tag: C.DW_TAG_variable, attrs: [name('v'), { at: C.DW_AT_type, form: C.DW_FORM_ref_sig8, write: (b) => b.u64(0x99n) }] }]) }]);
    // Both builders start abbreviations at 0; give .debug_types its own copy after main's.
    const abbrev = new Uint8Array([...main.abbrev, ...types.abbrev]);
    const typesInfo = types.info.slice();
    new DataView(typesInfo.buffer).setUint32(6, main.abbrev.length, true);
    const dwarf = infoFor({ '.debug_info': main.info, '.debug_types': typesInfo, '.debug_abbrev': abbrev });
    const variable = dwarf.units[0].root.children[0];
    assert.equal(variable.follow(C.DW_AT_type)?.name, 'sig_struct');
  });

  it('big-endian units', () => {
    const { info, abbrev } = buildInfo([{ version: 4, root: cu([{ tag: C.DW_TAG_variable, attrs: [name('x'), { at: C.DW_AT_decl_line, form: C.DW_FORM_data2, write: (b) => b.u16(0x1234) }] }]) }], false);
    const dwarf = infoFor({ '.debug_info': info, '.debug_abbrev': abbrev }, false);
    assert.equal(dwarf.units[0].root.children[0].number(C.DW_AT_decl_line), 0x1234);
  });

  it('rejects bad versions, unit types, address sizes, reserved lengths and lengths past the end', () => {
    const { info } = buildInfo([{ version: 5, root: cu([]) }]);
    const patched = (at: number, value: number, size = 1): Uint8Array => {
      const copy = info.slice();
      if (size === 1) copy[at] = value;
      else new DataView(copy.buffer).setUint32(at, value, true);
      return copy;
    };
    const fails = (bytes: Uint8Array, pattern: RegExp): void => {
      assert.throws(() => readUnitHeader(bytes, true, 0, '.debug_info'), (e: unknown) => e instanceof DwarfFormatError && e.section === '.debug_info' && e.offset === 0 && pattern.test(e.message));
    };
    fails(patched(4, 6), /version 6/);
    fails(patched(4, 1), /version 1/);
    fails(patched(6, 9), /unit type 0x9/);
    fails(patched(7, 3), /address size 3/);
    fails(patched(0, 0xfffffff3, 4), /reserved initial length/);
    fails(patched(0, 0x1000, 4), /passes the end/);
  });
});

describe('DIE trees, references and unit bases', () => {
  it('follows ref4 within a unit, ref_addr across units, abstract origins and specifications', () => {
    const { info, abbrev } = buildInfo([
      { version: 4, root: cu([
        { tag: C.DW_TAG_base_type, label: 'int', attrs: [name('int'), data1(C.DW_AT_byte_size, 4), data1(C.DW_AT_encoding, C.DW_ATE_signed)] },
        { tag: C.DW_TAG_subprogram, label: 'abstract', attrs: [name('helper'), data1(C.DW_AT_decl_line, 12), data1(C.DW_AT_inline, C.DW_INL_inlined)] },
      ]) },
      { version: 4, root: cu([
        { tag: C.DW_TAG_variable, attrs: [name('counter'), { at: C.DW_AT_type, form: C.DW_FORM_ref_addr, write: (b) => b.ref('int', 4) }] },
        { tag: C.DW_TAG_subprogram, attrs: [{ at: C.DW_AT_abstract_origin, form: C.DW_FORM_ref_addr, write: (b) => b.ref('abstract', 4) }, addr(C.DW_AT_low_pc, 0x100)] },
      ]) },
    ]);
    const dwarf = infoFor({ '.debug_info': info, '.debug_abbrev': abbrev });
    const second = dwarf.units[1].root;
    assert.equal(second.children[0].follow(C.DW_AT_type)?.name, 'int');
    assert.equal(second.children[1].name, 'helper', 'name through DW_AT_abstract_origin');
    assert.equal(second.children[1].inherited(C.DW_AT_decl_line)?.value.kind, 'constant');
    assert.equal(dwarf.dieAt(dwarf.units[0].root.children[0].offset)?.name, 'int');
    assert.equal(dwarf.unitContaining(info.length + 5), undefined);
  });

  it('resolves strx through str_offsets_base and addrx through addr_base (DWARF 5)', () => {
    const str = new ByteBuilder().cString('unused').label('a').cString('alpha').label('b').cString('beta').build();
    const strOffsets = new ByteBuilder().u32(12).u16(5).u16(0).u32(0).u32(7).u32(13).build(); // header, [junk, alpha, beta]
    const debugAddr = new ByteBuilder().u32(12).u16(5).u8(4, 0).u32(0x1000).u32(0x2000).build();
    const { info, abbrev } = buildInfo([{ version: 5, root: {
      tag: C.DW_TAG_compile_unit,
      attrs: [
        { at: C.DW_AT_str_offsets_base, form: C.DW_FORM_sec_offset, write: (b) => b.u32(8) },
        { at: C.DW_AT_addr_base, form: C.DW_FORM_sec_offset, write: (b) => b.u32(8) },
        { at: C.DW_AT_name, form: C.DW_FORM_strx1, write: (b) => b.u8(1) },
        { at: C.DW_AT_low_pc, form: C.DW_FORM_addrx, write: (b) => b.uleb(1) },
      ],
      children: [{ tag: C.DW_TAG_variable, attrs: [{ at: C.DW_AT_name, form: C.DW_FORM_strx4, write: (b) => b.u32(2) }, { at: C.DW_AT_location, form: C.DW_FORM_exprloc, write: (b) => b.uleb(1).u8(0x50) }] }],
    } }]);
    const dwarf = infoFor({ '.debug_info': info, '.debug_abbrev': abbrev, '.debug_str': str, '.debug_str_offsets': strOffsets, '.debug_addr': debugAddr });
    const [unit] = dwarf.units;
    assert.deepEqual([unit.name, unit.baseAddress, unit.root.children[0].name], ['alpha', 0x2000, 'beta']);
    assert.throws(() => unit.string({ kind: 'stringIndex', index: 9 }), (e: unknown) => e instanceof DwarfFormatError && e.section === '.debug_str_offsets');
    assert.throws(() => unit.addressAtIndex(5), (e: unknown) => e instanceof DwarfFormatError && e.section === '.debug_addr');
  });

  it('reports an unknown abbreviation code and a truncated DIE as DwarfFormatError', () => {
    const { info, abbrev } = buildInfo([{ version: 4, root: cu([{ tag: C.DW_TAG_variable, attrs: [name('x')] }]) }]);
    const unknown = info.slice();
    const firstDie = 11;
    unknown[firstDie] = 0x7f;
    assert.throws(() => infoFor({ '.debug_info': unknown, '.debug_abbrev': abbrev }).units[0].root, (e: unknown) => e instanceof DwarfFormatError && e.offset === firstDie && /abbreviation code 127/.test(e.message));
    const cut = info.slice(0, info.length - 2); // ends inside the string "x"
    new DataView(cut.buffer).setUint32(0, cut.length - 4, true);
    assert.throws(() => infoFor({ '.debug_info': cut, '.debug_abbrev': abbrev }).units[0].root, (e: unknown) => e instanceof DwarfFormatError && e.section === '.debug_info' && /truncated/.test(e.message));
    const open = info.slice(0, info.length - 1); // no null entry closing the children
    new DataView(open.buffer).setUint32(0, open.length - 4, true);
    const dwarf = infoFor({ '.debug_info': open, '.debug_abbrev': abbrev });
    assert.equal(dwarf.units[0].root.children[0].name, 'x');
    assert.match(dwarf.warnings.join('\n'), /ends inside the children/);
  });
});
