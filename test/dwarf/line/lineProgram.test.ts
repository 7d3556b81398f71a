// Line program opcodes and headers v2-v5, byte by byte (DWARF5 6.2).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DwarfFormatError } from '../../../src/common';
import {
  DW_FORM_data1, DW_FORM_data16, DW_FORM_data2, DW_FORM_line_strp, DW_FORM_string, DW_FORM_strp, DW_FORM_strx1,
  DW_FORM_udata, DW_LNCT_directory_index, DW_LNCT_MD5, DW_LNCT_path, DW_LNCT_size, DW_LNCT_timestamp,
  DW_LNE_define_file, DW_LNE_end_sequence, DW_LNE_set_address, DW_LNE_set_discriminator, DW_LNS_advance_line,
  DW_LNS_advance_pc, DW_LNS_const_add_pc, DW_LNS_copy, DW_LNS_fixed_advance_pc, DW_LNS_negate_stmt,
  DW_LNS_set_basic_block, DW_LNS_set_column, DW_LNS_set_epilogue_begin, DW_LNS_set_file, DW_LNS_set_isa,
  DW_LNS_set_prologue_end, LineRow, parseLineProgramHeader, runLineProgram,
} from '../../../src/dwarf';
import { ByteBuilder } from '../../helpers/byteBuilder';
import { extended, lineUnit, section } from './lineProgramBuilder';

function rows(bytes: Uint8Array, offset = 0, strings = {}): LineRow[] {
  const table = runLineProgram(bytes, parseLineProgramHeader(bytes, offset, strings));
  return Array.from({ length: table.rowCount }, (_, i) => table.row(i));
}

/** The fields a test cares about, in a compact form. */
function brief(row: LineRow): string {
  const flags = [row.isStmt && 'stmt', row.basicBlock && 'bb', row.endSequence && 'end', row.prologueEnd && 'pe',
    row.epilogueBegin && 'eb'].filter(Boolean).join(',');
  return `0x${row.address.toString(16)}.${row.opIndex} f${row.file} l${row.line} c${row.column} isa${row.isa} d${row.discriminator} ${flags}`;
}

describe('line program opcodes (DWARF5 6.2.5)', () => {
  it('runs every standard opcode and the special opcode formula on a DWARF 2 header', () => {
    // DWARF 2: opcode_base 10, so opcodes 10-12 are special opcodes here, not prologue_end etc.
    const bytes = lineUnit({
      version: 2, opcodeBase: 10, lineBase: -5, lineRange: 14, minimumInstructionLength: 2,
      directories: ['inc'], files: [['a.c', 0], ['b.h', 1]],
      program: (b) => {
        extended(b, DW_LNE_set_address, (o) => o.u32(0x1000));
        b.u8(DW_LNS_copy);
        b.u8(10 + 3 * 14 + 7); // special: operation advance 3 (6 bytes), line += -5 + 7 = 2
        b.u8(DW_LNS_advance_pc).uleb(5); // 10 bytes
        b.u8(DW_LNS_advance_line).sleb(-2);
        b.u8(DW_LNS_set_file).uleb(2).u8(DW_LNS_set_column).uleb(7).u8(DW_LNS_negate_stmt).u8(DW_LNS_set_basic_block);
        b.u8(DW_LNS_copy);
        b.u8(DW_LNS_const_add_pc); // (255 - 10) / 14 = 17 operations = 34 bytes
        b.u8(DW_LNS_fixed_advance_pc).u16(3); // not scaled by minimum_instruction_length
        b.u8(10 + 9); // special opcode: advance 0, line += -5 + 9
        extended(b, DW_LNE_end_sequence);
      },
    });
    assert.deepEqual(rows(bytes).map(brief), [
      '0x1000.0 f1 l1 c0 isa0 d0 stmt',
      '0x1006.0 f1 l3 c0 isa0 d0 stmt',
      '0x1010.0 f2 l1 c7 isa0 d0 bb',
      '0x1035.0 f2 l5 c7 isa0 d0 ',
      '0x1035.0 f2 l5 c7 isa0 d0 end',
    ]);
  });

  it('records prologue_end, epilogue_begin, isa and discriminator, and clears them after each row (DWARF 3-4)', () => {
    const bytes = lineUnit({
      version: 3,
      files: [['a.c', 0]],
      program: (b) => {
        extended(b, DW_LNE_set_address, (o) => o.u32(0x2000));
        b.u8(DW_LNS_set_prologue_end).u8(DW_LNS_set_isa).uleb(3);
        extended(b, DW_LNE_set_discriminator, (o) => o.uleb(4));
        b.u8(DW_LNS_copy);
        b.u8(DW_LNS_set_epilogue_begin).u8(13 + 14 + 5); // advance 1 op (2 bytes), line +0
        b.u8(DW_LNS_advance_pc).uleb(1);
        extended(b, DW_LNE_end_sequence);
        // A second sequence starts from the initial registers again.
        extended(b, DW_LNE_set_address, (o) => o.u32(0x3000));
        b.u8(DW_LNS_copy);
        b.u8(DW_LNS_advance_pc).uleb(2);
        extended(b, DW_LNE_end_sequence);
      },
    });
    assert.deepEqual(rows(bytes).map(brief), [
      '0x2000.0 f1 l1 c0 isa3 d4 stmt,pe',
      '0x2002.0 f1 l1 c0 isa3 d0 stmt,eb',
      '0x2004.0 f1 l1 c0 isa3 d0 stmt,end',
      '0x3000.0 f1 l1 c0 isa0 d0 stmt',
      '0x3004.0 f1 l1 c0 isa0 d0 stmt,end',
    ]);
  });

  it('handles VLIW op_index, DW_LNE_define_file, and skips unknown standard and extended opcodes (DWARF 4)', () => {
    const bytes = lineUnit({
      version: 4, maximumOperationsPerInstruction: 3, minimumInstructionLength: 8, opcodeBase: 14, defaultIsStmt: false,
      standardOpcodeLengths: [0, 1, 1, 1, 1, 0, 0, 0, 1, 0, 0, 1, 2],
      files: [['a.c', 0]],
      program: (b) => {
        extended(b, DW_LNE_set_address, (o) => o.u64(0x4000));
        b.u8(DW_LNS_advance_pc).uleb(4); // op_index 0 + 4 ops: address += 8 * 1, op_index 1
        b.u8(DW_LNS_copy);
        b.u8(13).uleb(1000).uleb(2000); // opcode 13: not in DWARF 5, declared with 2 ULEB128 operands
        extended(b, 0x80, (o) => o.u32(0xdeadbeef)); // DW_LNE_lo_user: skipped by its length
        extended(b, DW_LNE_define_file, (o) => o.cString('gen.c').uleb(0).uleb(0).uleb(0));
        b.u8(DW_LNS_set_file).uleb(2);
        b.u8(14 + 2 * 14 + 5); // special: 2 ops -> op_index 3 -> address += 8, op_index 0; line +0
        extended(b, DW_LNE_end_sequence);
      },
    });
    const table = runLineProgram(bytes, parseLineProgramHeader(bytes, 0));
    assert.deepEqual(Array.from({ length: table.rowCount }, (_, i) => brief(table.row(i))), [
      '0x4008.1 f1 l1 c0 isa0 d0 ',
      '0x4010.0 f2 l1 c0 isa0 d0 ',
      '0x4010.0 f2 l1 c0 isa0 d0 end',
    ]);
    assert.deepEqual(table.fileNames.map((f) => f.path), ['a.c', 'gen.c']);
  });
});

describe('line program headers', () => {
  it('reads a DWARF 5 header with every entry form: line_strp, strp, string, strx, udata, data1/2, data16 MD5', () => {
    const lineStr = new ByteBuilder().cString('/work').cString('src/main.c').build();
    const debugStr = new ByteBuilder().cString('').cString('include').build();
    const md5 = Array.from({ length: 16 }, (_, i) => i * 17);
    const bytes = lineUnit({
      version: 5,
      v5Directories: {
        format: [[DW_LNCT_path, DW_FORM_line_strp]],
        entries: [(b) => b.u32(0), (b) => b.u32(0)],
      },
      v5Files: {
        format: [[DW_LNCT_path, DW_FORM_string], [DW_LNCT_directory_index, DW_FORM_udata], [DW_LNCT_MD5, DW_FORM_data16],
          [DW_LNCT_size, DW_FORM_data2], [DW_LNCT_timestamp, DW_FORM_data1]],
        entries: [
          (b) => b.cString('main.c').uleb(0).raw(md5).u16(1234).u8(9),
          (b) => b.cString('util.h').uleb(1).raw(md5).u16(0).u8(0),
        ],
      },
      program: () => undefined,
    });
    const header = parseLineProgramHeader(bytes, 0, { debugLineStr: lineStr, debugStr });
    assert.equal(header.version, 5);
    assert.equal(header.addressSize, 4);
    assert.deepEqual(header.includeDirectories, ['/work', '/work']);
    assert.deepEqual(header.fileNames.map((f) => [f.path, f.directoryIndex, f.byteSize, f.timestamp]), [['main.c', 0, 1234, 9], ['util.h', 1, 0, 0]]);
    assert.deepEqual(Array.from(header.fileNames[0].md5 ?? []), md5);

    const withStrp = lineUnit({
      version: 5,
      v5Directories: { format: [[DW_LNCT_path, DW_FORM_strp]], entries: [(b) => b.u32(1)] },
      v5Files: {
        format: [[DW_LNCT_path, DW_FORM_line_strp], [DW_LNCT_directory_index, DW_FORM_data1], [DW_LNCT_path, DW_FORM_strx1]],
        entries: [(b) => b.u32(6).u8(0).u8(7)],
      },
      program: () => undefined,
    });
    const strx = (index: number): string => `strx#${index}`;
    const h2 = parseLineProgramHeader(withStrp, 0, { debugLineStr: lineStr, debugStr, strx });
    assert.deepEqual(h2.includeDirectories, ['include']);
    assert.equal(h2.fileNames[0].path, 'strx#7', 'the last DW_LNCT_path of an entry wins');
  });

  it('reads 64-bit DWARF units (unit_length escape, 8-byte header_length and string offsets)', () => {
    const lineStr = new ByteBuilder().cString('/abs').cString('f.c').build();
    const bytes = section(
      lineUnit({ version: 3, offsetSize: 8, files: [['x.c', 0]], program: (b) => { extended(b, DW_LNE_set_address, (o) => o.u32(4)); b.u8(DW_LNS_copy); extended(b, DW_LNE_end_sequence); } }),
      lineUnit({
        version: 5, offsetSize: 8,
        v5Directories: { format: [[DW_LNCT_path, DW_FORM_line_strp]], entries: [(b) => b.u64(0)] },
        v5Files: { format: [[DW_LNCT_path, DW_FORM_line_strp], [DW_LNCT_directory_index, DW_FORM_udata]], entries: [(b) => b.u64(5).uleb(0)] },
        program: () => undefined,
      }),
    );
    const first = parseLineProgramHeader(bytes, 0);
    assert.equal(first.offsetSize, 8);
    assert.deepEqual(rows(bytes).map(brief), ['0x4.0 f1 l1 c0 isa0 d0 stmt', '0x4.0 f1 l1 c0 isa0 d0 stmt,end']);
    const second = parseLineProgramHeader(bytes, first.unitEnd, { debugLineStr: lineStr });
    assert.equal(second.offsetSize, 8);
    assert.deepEqual([second.includeDirectories, second.fileNames[0].path], [['/abs'], 'f.c']);
  });

  it('rejects malformed headers and programs with DwarfFormatError naming .debug_line and the offset', () => {
    const good = lineUnit({ version: 4, files: [['a.c', 0]], program: (b) => { extended(b, DW_LNE_set_address, (o) => o.u32(0)); b.u8(DW_LNS_copy); } });
    const expectError = (bytes: Uint8Array, message: RegExp, run = false, section = '.debug_line'): void => {
      assert.throws(() => {
        const header = parseLineProgramHeader(bytes, 0);
        if (run) runLineProgram(bytes, header);
      }, (error: unknown) => error instanceof DwarfFormatError && error.section === section && message.test(error.message));
    };
    const badVersion = Uint8Array.from(good);
    badVersion[4] = 9;
    expectError(badVersion, /\.debug_line\+0x4: unsupported line table version 9/);
    expectError(good.subarray(0, 20), /unit_length .* passes the end/);
    const zeroRange = Uint8Array.from(good);
    zeroRange[4 + 2 + 4 + 4] = 0; // min_inst, max_ops, default_is_stmt, line_base, then line_range
    expectError(zeroRange, /line_range is 0/);
    const cut = Uint8Array.from(good);
    cut[0] -= 2; // the unit now ends inside DW_LNE_set_address's operand
    expectError(cut.subarray(0, cut.length - 2), /\.debug_line\+0x27: truncated/, true);
    const hugeCount = lineUnit({ version: 5, v5Directories: { format: [[DW_LNCT_path, DW_FORM_string]], entries: [] }, program: () => undefined });
    const patched = Uint8Array.from(hugeCount);
    patched[patched.length - 3] = 0x7f; // directories_count
    expectError(patched, /entry count 127 exceeds the 2 bytes left/);
    const strx = lineUnit({ version: 5, v5Directories: { format: [[DW_LNCT_path, DW_FORM_strx1]], entries: [(b) => b.u8(0)] }, program: () => undefined });
    expectError(strx, /needs the unit's .debug_str_offsets/);
    const lineStrMissing = lineUnit({ version: 5, v5Directories: { format: [[DW_LNCT_path, DW_FORM_line_strp]], entries: [(b) => b.u32(0)] }, program: () => undefined });
    expectError(lineStrMissing, /string offset 0x0 is outside .debug_line_str/, false, '.debug_line_str');
    const badAddress = lineUnit({ version: 4, program: (b) => extended(b, DW_LNE_set_address, (o) => o.u8(1, 2, 3)) });
    expectError(badAddress, /DW_LNE_set_address with a 3-byte operand/, true);
  });
});
