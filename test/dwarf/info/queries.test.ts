// Address, scope and type queries on DIE trees built byte by byte, and bounds on corrupt trees.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as C from '../../../src/dwarf';
import { DwarfInfo, DwarfSections, formatTypeDefinition, formatTypeName, functionAt, functions, functionsNamed, ScopeVariable, sizeOf, typeOf, variablesInScope } from '../../../src/dwarf';
import { DwarfFormatError } from '../../../src/common';
import { ByteBuilder } from '../../helpers/byteBuilder';
import { addr, AttrSpec, buildInfo, data1, DieSpec, name } from './unitBuilder';

const ref = (at: number, label: string): AttrSpec => ({ at, form: C.DW_FORM_ref4, write: (b) => b.ref(label, 4, 0) });
const expr = (at: number, ...ops: number[]): AttrSpec => ({ at, form: C.DW_FORM_exprloc, write: (b) => b.uleb(ops.length).u8(...ops) });
const flag = (at: number): AttrSpec => ({ at, form: C.DW_FORM_flag_present });
const secOffset = (at: number, offset: number): AttrSpec => ({ at, form: C.DW_FORM_sec_offset, write: (b) => b.u32(offset) });

/**
 * A DWARF 5 unit: `outer` (0x1000-0x1100) holds a block (0x1010-0x1040) holding an inlined call
 * of `helper` (0x1020-0x1030) written at line 42 column 7; `helper`'s parameter `unused` was
 * dropped, its local `tmp` lives in r1 only in 0x1020-0x1028 (a location list).
 */
function program(): DwarfInfo {
  const loclists = new ByteBuilder().u32(0).u16(5).u8(4, 0).u32(0).label('list')
    .u8(C.DW_LLE_offset_pair).uleb(0x20).uleb(0x28).uleb(1).u8(0x51).u8(C.DW_LLE_end_of_list).build();
  const children: DieSpec[] = [
    { tag: C.DW_TAG_base_type, label: 'int', attrs: [name('int'), data1(C.DW_AT_byte_size, 4), data1(C.DW_AT_encoding, C.DW_ATE_signed)] },
    { tag: C.DW_TAG_base_type, label: 'uchar', attrs: [name('unsigned char'), data1(C.DW_AT_byte_size, 1), data1(C.DW_AT_encoding, C.DW_ATE_unsigned_char)] },
    { tag: C.DW_TAG_variable, attrs: [name('counter'), ref(C.DW_AT_type, 'int'), expr(C.DW_AT_location, 0x03, 0, 0, 0, 0x20)] },
    { tag: C.DW_TAG_variable, attrs: [name('g'), ref(C.DW_AT_type, 'int'), flag(C.DW_AT_external), expr(C.DW_AT_location, 0x03, 4, 0, 0, 0x20)] },
    { tag: C.DW_TAG_variable, attrs: [name('limit'), ref(C.DW_AT_type, 'int'), { at: C.DW_AT_const_value, form: C.DW_FORM_data1, write: (b) => b.u8(0xfb) }] },
    { tag: C.DW_TAG_variable, attrs: [name('ext'), ref(C.DW_AT_type, 'int'), flag(C.DW_AT_external), flag(C.DW_AT_declaration)] },
    { tag: C.DW_TAG_subprogram, label: 'helper', attrs: [name('helper'), data1(C.DW_AT_inline, C.DW_INL_declared_inlined), data1(C.DW_AT_decl_line, 10)], children: [
      { tag: C.DW_TAG_formal_parameter, label: 'x', attrs: [name('x'), ref(C.DW_AT_type, 'int')] },
      { tag: C.DW_TAG_formal_parameter, label: 'unused', attrs: [name('unused'), ref(C.DW_AT_type, 'uchar')] },
      { tag: C.DW_TAG_variable, label: 'tmp', attrs: [name('tmp'), ref(C.DW_AT_type, 'int')] },
      { tag: C.DW_TAG_variable, label: 'gone', attrs: [name('gone'), ref(C.DW_AT_type, 'int')] },
    ] },
    { tag: C.DW_TAG_subprogram, attrs: [name('outer'), flag(C.DW_AT_external), addr(C.DW_AT_low_pc, 0x1000), { at: C.DW_AT_high_pc, form: C.DW_FORM_data4, write: (b) => b.u32(0x100) }, expr(C.DW_AT_frame_base, 0x9c), data1(C.DW_AT_decl_line, 20)], children: [
      { tag: C.DW_TAG_formal_parameter, attrs: [name('arg'), ref(C.DW_AT_type, 'int'), expr(C.DW_AT_location, 0x91, 0x7c)] },
      { tag: C.DW_TAG_variable, attrs: [name('whole'), ref(C.DW_AT_type, 'int'), expr(C.DW_AT_location, 0x91, 0x78)] },
      { tag: C.DW_TAG_lexical_block, attrs: [addr(C.DW_AT_low_pc, 0x1010), { at: C.DW_AT_high_pc, form: C.DW_FORM_data4, write: (b) => b.u32(0x30) }], children: [
        { tag: C.DW_TAG_variable, attrs: [name('blockvar'), ref(C.DW_AT_type, 'int'), expr(C.DW_AT_location, 0x91, 0x74)] },
        { tag: C.DW_TAG_inlined_subroutine, attrs: [ref(C.DW_AT_abstract_origin, 'helper'), addr(C.DW_AT_low_pc, 0x1020), { at: C.DW_AT_high_pc, form: C.DW_FORM_data4, write: (b) => b.u32(0x10) }, data1(C.DW_AT_call_file, 1), data1(C.DW_AT_call_line, 42), data1(C.DW_AT_call_column, 7)], children: [
          { tag: C.DW_TAG_formal_parameter, attrs: [ref(C.DW_AT_abstract_origin, 'x'), expr(C.DW_AT_location, 0x50)] },
          { tag: C.DW_TAG_lexical_block, attrs: [], children: [
            { tag: C.DW_TAG_variable, attrs: [ref(C.DW_AT_abstract_origin, 'tmp'), secOffset(C.DW_AT_location, 12)] },
          ] },
        ] },
      ] },
      { tag: C.DW_TAG_lexical_block, attrs: [addr(C.DW_AT_low_pc, 0x1080), { at: C.DW_AT_high_pc, form: C.DW_FORM_data4, write: (b) => b.u32(0x10) }], children: [
        { tag: C.DW_TAG_variable, attrs: [name('elsewhere'), ref(C.DW_AT_type, 'int'), expr(C.DW_AT_location, 0x91, 0x70)] },
      ] },
    ] },
  ];
  const { info, abbrev } = buildInfo([{ version: 5, root: { tag: C.DW_TAG_compile_unit, attrs: [name('q.c'), addr(C.DW_AT_low_pc, 0x1000), { at: C.DW_AT_high_pc, form: C.DW_FORM_data4, write: (b) => b.u32(0x100) }], children } }]);
  return new DwarfInfo(new DwarfSections({ '.debug_info': info, '.debug_abbrev': abbrev, '.debug_loclists': loclists }));
}

const describeVariable = (v: ScopeVariable): string =>
  `${v.kind} ${formatTypeName(v.type, v.name)} ${v.location.kind === 'expression' ? `[${[...v.location.expression].join(',')}]` : v.location.kind === 'constant' ? `= ${String(v.location.value)}` : 'optimized out'}`;

describe('address queries (DWARF5 3.3, 3.3.8)', () => {
  const info = program();

  it('finds the function and the inlined call around an address, with its call site', () => {
    const found = functionAt(info, 0x1024);
    assert.equal(found?.function.name, 'outer');
    assert.deepEqual(found?.function.ranges, [{ lowPc: 0x1000, highPc: 0x1100 }]);
    assert.equal(found?.function.entryPc, 0x1000);
    assert.deepEqual(found?.inlined.map((call) => [call.name, call.callFile, call.callLine, call.callColumn, call.entryPc]), [['helper', 1, 42, 7, 0x1020]]);
    assert.deepEqual(found?.scopes.map((d) => d.tag), [C.DW_TAG_subprogram, C.DW_TAG_lexical_block, C.DW_TAG_inlined_subroutine], 'a block without code is not a scope of its own');
    assert.deepEqual(functionAt(info, 0x1050)?.inlined, []);
    assert.equal(functionAt(info, 0x1100), undefined, 'high_pc is exclusive');
    assert.equal(functionAt(info, 0x0fff), undefined);
    assert.deepEqual(functions(info).map((f) => f.name), ['outer'], 'the abstract helper has no code of its own');
    assert.deepEqual(functionsNamed(info, 'outer').map((f) => f.declLine), [20]);
  });

  it('lists variables per frame, innermost first, resolving location lists at the address', () => {
    const scope = variablesInScope(info, 0x1024);
    assert.ok(scope);
    assert.deepEqual(scope.frames.map((f) => [f.name, f.parameters.map(describeVariable), f.locals.map(describeVariable)]), [
      ['helper', ['parameter int x [80]', 'parameter unsigned char unused optimized out'], ['local int tmp [81]', 'local int gone optimized out']],
      ['outer', ['parameter int arg [145,124]'], ['local int blockvar [145,116]', 'local int whole [145,120]']],
    ]);
    assert.deepEqual(scope.frameBase, { kind: 'expression', expression: Uint8Array.of(0x9c) });
    assert.deepEqual(scope.fileStatics.map(describeVariable), ['fileStatic int counter [3,0,0,0,32]', 'fileStatic int limit = -5']);
    assert.deepEqual(scope.globals.map(describeVariable), ['global int g [3,4,0,0,32]'], 'the extern declaration is not a definition');
    const later = variablesInScope(info, 0x102a);
    assert.equal(later?.frames[0].locals[0].location.kind, 'optimizedOut', 'past the end of its location list entry');
    assert.deepEqual(variablesInScope(info, 0x1084)?.frames[0].locals.map((v) => v.name), ['elsewhere', 'whole']);
    assert.equal(variablesInScope(info, 0x2000), undefined);
  });
});

describe('types (DWARF5 5.1-5.13)', () => {
  /** One unit holding the given type DIEs, plus `int`; returns a type DIE by label. */
  function types(children: DieSpec[], version = 5, littleEndian = true): (label: string) => C.DwarfType {
    const all: DieSpec[] = [{ tag: C.DW_TAG_base_type, label: 'int', attrs: [name('int'), data1(C.DW_AT_byte_size, 4), data1(C.DW_AT_encoding, C.DW_ATE_signed)] }, ...children];
    const { info, abbrev } = buildInfo([{ version, root: { tag: C.DW_TAG_compile_unit, attrs: [name('t.c'), data1(C.DW_AT_language, C.DW_LANG_C11)], children: all } }], littleEndian);
    const dwarf = new DwarfInfo(new DwarfSections({ '.debug_info': info, '.debug_abbrev': abbrev }, { littleEndian }));
    const labels = new Map<string, number>();
    let index = 0;
    for (const spec of all) labels.set(spec.label ?? `#${index}`, index++);
    return (label) => C.typeFromDie(dwarf.units[0].root.children[labels.get(label) ?? -1]);
  }

  it('normalises DWARF 2 bit_offset (from the most significant bit) and DWARF 4 data_bit_offset alike', () => {
    const member = (fieldName: string, attrs: AttrSpec[]): DieSpec => ({ tag: C.DW_TAG_member, attrs: [name(fieldName), ref(C.DW_AT_type, 'int'), ...attrs] });
    for (const littleEndian of [true, false]) {
      const get = types([{ tag: C.DW_TAG_structure_type, label: 's', attrs: [name('bits'), data1(C.DW_AT_byte_size, 8)], children: [
        member('old', [data1(C.DW_AT_byte_size, 4), data1(C.DW_AT_bit_size, 3), data1(C.DW_AT_bit_offset, 26), data1(C.DW_AT_data_member_location, 4)]),
        member('new', [data1(C.DW_AT_bit_size, 5), data1(C.DW_AT_data_bit_offset, 11)]),
        member('plain', [expr(C.DW_AT_data_member_location, 0x23, 0x84, 0x01)]),
      ] }], 4, littleEndian);
      const type = get('s');
      assert.ok(type.kind === 'struct');
      const [old, fresh, plain] = type.members;
      // Little-endian: bits 32 - 26 - 3 = 3..5 of the storage at byte 4. Big-endian keeps the MSB numbering.
      assert.deepEqual([old.byteOffset, old.bitOffset, old.bitSize], littleEndian ? [4, 3, 3] : [7, 2, 3]);
      assert.deepEqual([fresh.byteOffset, fresh.bitOffset, fresh.bitSize], [1, 3, 5]);
      assert.deepEqual([plain.byteOffset, plain.bitSize], [132, undefined], 'DW_OP_plus_uconst member offset');
    }
  });

  it('arrays: count, upper bound, lower bound, unknown bound; sizes', () => {
    const get = types([
      { tag: C.DW_TAG_array_type, label: 'a', attrs: [ref(C.DW_AT_type, 'int')], children: [
        { tag: C.DW_TAG_subrange_type, attrs: [data1(C.DW_AT_count, 3)] },
        { tag: C.DW_TAG_subrange_type, attrs: [data1(C.DW_AT_lower_bound, 1), data1(C.DW_AT_upper_bound, 4)] },
      ] },
      { tag: C.DW_TAG_array_type, label: 'flex', attrs: [ref(C.DW_AT_type, 'int')], children: [{ tag: C.DW_TAG_subrange_type, attrs: [] }] },
    ]);
    const a = get('a');
    assert.ok(a.kind === 'array');
    assert.deepEqual(a.dimensions, [{ lowerBound: 0, count: 3 }, { lowerBound: 1, count: 4 }]);
    assert.equal(sizeOf(a), 48);
    assert.equal(formatTypeName(a), 'int [3][4]');
    assert.equal(formatTypeName(get('flex')), 'int []');
  });

  it('enums read dataN values as signed when the underlying type is signed', () => {
    const enumerator = (label: string, value: number): DieSpec => ({ tag: C.DW_TAG_enumerator, attrs: [name(label), { at: C.DW_AT_const_value, form: C.DW_FORM_data1, write: (b) => b.u8(value) }] });
    const get = types([
      { tag: C.DW_TAG_enumeration_type, label: 'e', attrs: [name('dir'), data1(C.DW_AT_byte_size, 1), ref(C.DW_AT_type, 'int')], children: [enumerator('DOWN', 0xff), enumerator('UP', 1)] },
      { tag: C.DW_TAG_enumeration_type, label: 'u', attrs: [name('mask'), data1(C.DW_AT_byte_size, 1), data1(C.DW_AT_encoding, C.DW_ATE_unsigned)], children: [enumerator('ALL', 0xff)] },
    ]);
    const e = get('e');
    const u = get('u');
    assert.ok(e.kind === 'enum' && u.kind === 'enum');
    assert.deepEqual(e.enumerators, [{ name: 'DOWN', value: -1 }, { name: 'UP', value: 1 }]);
    assert.deepEqual(u.enumerators, [{ name: 'ALL', value: 255 }]);
    assert.equal(formatTypeDefinition(e), 'enum dir {DOWN = -1, UP = 1}');
  });

  it('function pointers, qualifiers, references and cyclic structs format like GDB', () => {
    const get = types([
      { tag: C.DW_TAG_subroutine_type, label: 'fn', attrs: [flag(C.DW_AT_prototyped), ref(C.DW_AT_type, 'int')], children: [
        { tag: C.DW_TAG_formal_parameter, attrs: [ref(C.DW_AT_type, 'int')] },
        { tag: C.DW_TAG_unspecified_parameters, attrs: [] },
      ] },
      { tag: C.DW_TAG_pointer_type, label: 'fnp', attrs: [data1(C.DW_AT_byte_size, 4), ref(C.DW_AT_type, 'fn')] },
      { tag: C.DW_TAG_subroutine_type, label: 'proc', attrs: [flag(C.DW_AT_prototyped)] },
      { tag: C.DW_TAG_pointer_type, label: 'procp', attrs: [data1(C.DW_AT_byte_size, 4), ref(C.DW_AT_type, 'proc')] },
      { tag: C.DW_TAG_const_type, label: 'cint', attrs: [ref(C.DW_AT_type, 'int')] },
      { tag: C.DW_TAG_reference_type, label: 'ref', attrs: [data1(C.DW_AT_byte_size, 4), ref(C.DW_AT_type, 'cint')] },
      { tag: C.DW_TAG_structure_type, label: 'node', attrs: [name('node'), data1(C.DW_AT_byte_size, 4)], children: [
        { tag: C.DW_TAG_member, attrs: [name('next'), ref(C.DW_AT_type, 'nodep'), data1(C.DW_AT_data_member_location, 0)] },
      ] },
      { tag: C.DW_TAG_pointer_type, label: 'nodep', attrs: [data1(C.DW_AT_byte_size, 4), ref(C.DW_AT_type, 'node')] },
      { tag: C.DW_TAG_typedef, label: 'loop', attrs: [name('loop'), ref(C.DW_AT_type, 'loop')] },
      { tag: C.DW_TAG_pointer_type, label: 'voidp', attrs: [data1(C.DW_AT_byte_size, 4)] },
    ]);
    assert.equal(formatTypeName(get('fnp')), 'int (*)(int, ...)');
    assert.equal(formatTypeName(get('procp')), 'void (*)(void)');
    assert.equal(formatTypeName(get('ref')), 'const int &');
    assert.equal(formatTypeName(get('nodep'), 'head'), 'struct node *head');
    assert.equal(formatTypeDefinition(get('node')), 'struct node {\n    struct node *next;\n}');
    assert.equal(formatTypeName(get('voidp')), 'void *');
    assert.equal(formatTypeDefinition(get('loop')), 'loop', 'a typedef cycle in corrupt input ends');
    assert.equal(sizeOf(get('loop')), 0);
    const node = get('node');
    assert.ok(node.kind === 'struct' && node.members[0].type.kind === 'pointer' && node.members[0].type.target === node, 'cycles share one object');
  });

  it('typeOf follows DW_AT_type, and is void without it', () => {
    const get = types([{ tag: C.DW_TAG_pointer_type, label: 'p', attrs: [data1(C.DW_AT_byte_size, 4), ref(C.DW_AT_type, 'int')] }]);
    const pointer = get('p');
    assert.ok(pointer.kind === 'pointer');
    assert.equal(typeOf(pointer.die).kind, 'base');
    assert.equal(typeOf(pointer.target.die!).kind, 'void');
  });
});

describe('Clang-style DWARF 5 built byte by byte (strx, addrx, rnglistx, loclistx; real clang output: test/dwarf/clang)', () => {
  it('finds functions and variables through the index forms and bases', () => {
    const str = new ByteBuilder().cString('clang.c').cString('f').cString('v').cString('int').build(); // 0, 8, 10, 12
    const strOffsets = new ByteBuilder().u32(20).u16(5).u16(0).u32(0).u32(8).u32(10).u32(12).build();
    const addrs = new ByteBuilder().u32(12).u16(5).u8(4, 0).u32(0x08000100).u32(0x08000200).build();
    const rnglists = new ByteBuilder().u32(0).u16(5).u8(4, 0).u32(1).u32(4)
      .u8(C.DW_RLE_startx_length).uleb(0).uleb(0x20).u8(C.DW_RLE_startx_length).uleb(1).uleb(0x10).u8(C.DW_RLE_end_of_list).build();
    const loclists = new ByteBuilder().u32(0).u16(5).u8(4, 0).u32(1).u32(4)
      .u8(C.DW_LLE_base_addressx).uleb(0).u8(C.DW_LLE_offset_pair).uleb(4).uleb(0x10).uleb(1).u8(0x50)
      .u8(C.DW_LLE_startx_length).uleb(1).uleb(8).uleb(2).u8(0x91, 0x08).u8(C.DW_LLE_end_of_list).build();
    const strx = (at: number, index: number): AttrSpec => ({ at, form: C.DW_FORM_strx1, write: (b) => b.u8(index) });
    const base = (at: number): AttrSpec => ({ at, form: C.DW_FORM_sec_offset, write: (b) => b.u32(8) });
    const { info, abbrev } = buildInfo([{ version: 5, root: {
      tag: C.DW_TAG_compile_unit,
      attrs: [strx(C.DW_AT_name, 0), base(C.DW_AT_str_offsets_base), base(C.DW_AT_addr_base), { at: C.DW_AT_rnglists_base, form: C.DW_FORM_sec_offset, write: (b) => b.u32(12) },
        { at: C.DW_AT_loclists_base, form: C.DW_FORM_sec_offset, write: (b) => b.u32(12) }, { at: C.DW_AT_low_pc, form: C.DW_FORM_addr, write: (b) => b.u32(0) },
        { at: C.DW_AT_ranges, form: C.DW_FORM_rnglistx, write: (b) => b.uleb(0) }],
      children: [
        { tag: C.DW_TAG_base_type, label: 'int', attrs: [strx(C.DW_AT_name, 3), data1(C.DW_AT_encoding, C.DW_ATE_signed), data1(C.DW_AT_byte_size, 4)] },
        { tag: C.DW_TAG_subprogram, attrs: [{ at: C.DW_AT_low_pc, form: C.DW_FORM_addrx, write: (b) => b.uleb(1) }, { at: C.DW_AT_high_pc, form: C.DW_FORM_data4, write: (b) => b.u32(0x10) },
          expr(C.DW_AT_frame_base, 0x57), strx(C.DW_AT_name, 1), flag(C.DW_AT_external)], children: [
          { tag: C.DW_TAG_formal_parameter, attrs: [{ at: C.DW_AT_location, form: C.DW_FORM_loclistx, write: (b) => b.uleb(0) }, strx(C.DW_AT_name, 2), ref(C.DW_AT_type, 'int')] },
        ] },
      ],
    } }]);
    const dwarf = new DwarfInfo(new DwarfSections({
      '.debug_info': info, '.debug_abbrev': abbrev, '.debug_str': str, '.debug_str_offsets': strOffsets, '.debug_addr': addrs,
      '.debug_rnglists': rnglists, '.debug_loclists': loclists,
    }));
    assert.deepEqual(dwarf.compileUnits().map((cu) => [cu.name, cu.ranges.map((r) => [r.lowPc, r.highPc])]), [['clang.c', [[0x08000100, 0x08000120], [0x08000200, 0x08000210]]]]);
    assert.equal(dwarf.unitForAddress(0x0800020f)?.name, 'clang.c');
    assert.equal(functionAt(dwarf, 0x08000204)?.function.name, 'f');
    const at = (pc: number): string[] => variablesInScope(dwarf, pc)?.frames[0].parameters.map(describeVariable) ?? [];
    assert.deepEqual(at(0x08000200), ['parameter int v [145,8]'], 'DW_LLE_startx_length entry');
    assert.deepEqual(at(0x08000207), ['parameter int v [145,8]']);
    assert.deepEqual(at(0x08000208), ['parameter int v optimized out'], 'past 0x08000200 + 8; the base_addressx entry covers 0x08000104-0x08000110');
  });
});

describe('bounds on corrupt trees', () => {
  it('rejects DIEs nested deeper than MAX_DIE_DEPTH instead of recursing without end', () => {
    let die: DieSpec = { tag: C.DW_TAG_lexical_block, attrs: [] };
    for (let i = 0; i < C.MAX_DIE_DEPTH + 5; i++) die = { tag: C.DW_TAG_lexical_block, attrs: [], children: [die] };
    const { info, abbrev } = buildInfo([{ version: 4, root: { tag: C.DW_TAG_compile_unit, attrs: [name('deep.c')], children: [die] } }]);
    const dwarf = new DwarfInfo(new DwarfSections({ '.debug_info': info, '.debug_abbrev': abbrev }));
    assert.throws(() => dwarf.units[0].root, (e: unknown) => e instanceof DwarfFormatError && /nested deeper than 256/.test(e.message));
  });

  it('ends endless type chains and declaration cycles with a placeholder and a warning', () => {
    const children: DieSpec[] = [];
    for (let i = 0; i < 300; i++) children.push({ tag: C.DW_TAG_pointer_type, label: `p${i}`, attrs: [data1(C.DW_AT_byte_size, 4), ref(C.DW_AT_type, `p${i + 1}`)] });
    children.push({ tag: C.DW_TAG_base_type, label: 'p300', attrs: [name('int'), data1(C.DW_AT_byte_size, 4)] });
    children.push({ tag: C.DW_TAG_structure_type, label: 'a', attrs: [flag(C.DW_AT_declaration), ref(C.DW_AT_signature, 'b')] });
    children.push({ tag: C.DW_TAG_structure_type, label: 'b', attrs: [flag(C.DW_AT_declaration), ref(C.DW_AT_signature, 'a')] });
    children.push({ tag: C.DW_TAG_union_type, label: 'u', attrs: [data1(C.DW_AT_byte_size, 4)], children: [{ tag: C.DW_TAG_member, attrs: [ref(C.DW_AT_type, 'u')] }] });
    const { info, abbrev } = buildInfo([{ version: 5, root: { tag: C.DW_TAG_compile_unit, attrs: [name('chain.c')], children } }]);
    const dwarf = new DwarfInfo(new DwarfSections({ '.debug_info': info, '.debug_abbrev': abbrev }));
    const dies = dwarf.units[0].root.children;
    assert.match(formatTypeName(C.typeFromDie(dies[0])), /too deep/);
    assert.match(formatTypeName(C.typeFromDie(dies[301])), /too deep/);
    assert.match(formatTypeDefinition(C.typeFromDie(dies[303])), /^union \{/);
    assert.ok(dwarf.warnings.some((w) => /type chain deeper than/.test(w)));
  });
});

