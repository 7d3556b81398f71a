// A line whose first statement row shares its address with an inlined callee's first row: the
// breakpoint stays at the line's first instruction, where GDB 13 moves it to the next line
// (docs/gdb-differences.md, "GDB is wrong here": `break m175.c:714` of `npm run bench dwarf`).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  DebugLine, DwarfSections, DW_FORM_string, DW_FORM_udata, DW_LNCT_directory_index, DW_LNCT_path, DW_LNE_end_sequence,
  DW_LNE_set_address, DW_LNS_advance_line, DW_LNS_advance_pc, DW_LNS_copy, DW_LNS_negate_stmt, DW_LNS_set_file, resolveLineBreakpoint,
} from '../../../src/dwarf';
import { extended, lineUnit } from './lineProgramBuilder';

const M175 = 0;
const COMMON_H = 1;

/**
 * The rows GCC 12 -O2 emits for `h = mix32(h, r->id + k);` (line 714, mix32 inlined from
 * common.h) in the bench's m175_f7, rebased to 0x77a: four rows at the line's first address
 * (714, then mix32's common.h:7 and :9 as statements, 714 again as a non-statement), the argument's code,
 * mix32's body interleaved with line 714, then line 715's statement after mix32 returned.
 */
const rows: readonly { address: number; file: number; line: number; stmt: boolean }[] = [
  { address: 0x778, file: M175, line: 713, stmt: true },
  { address: 0x77a, file: M175, line: 714, stmt: true },
  { address: 0x77a, file: COMMON_H, line: 7, stmt: true },
  { address: 0x77a, file: COMMON_H, line: 9, stmt: true },
  { address: 0x77a, file: M175, line: 714, stmt: false },
  { address: 0x77e, file: M175, line: 714, stmt: false },
  { address: 0x786, file: COMMON_H, line: 9, stmt: false },
  { address: 0x788, file: COMMON_H, line: 10, stmt: true },
  { address: 0x78a, file: M175, line: 714, stmt: false },
  { address: 0x78e, file: COMMON_H, line: 10, stmt: false },
  { address: 0x796, file: M175, line: 715, stmt: true },
];

const bytes = lineUnit({
  version: 5,
  v5Directories: { format: [[DW_LNCT_path, DW_FORM_string]], entries: [(b) => b.cString('/proj')] },
  v5Files: {
    format: [[DW_LNCT_path, DW_FORM_string], [DW_LNCT_directory_index, DW_FORM_udata]],
    entries: [(b) => b.cString('m175.c').uleb(0), (b) => b.cString('common.h').uleb(0)],
  },
  program: (b) => {
    // advance_pc counts 2-byte units (the builder's minimum_instruction_length).
    extended(b, DW_LNE_set_address, (o) => o.u32(rows[0].address));
    let [address, file, line, stmt] = [rows[0].address, -1, 1, true];
    for (const row of rows) {
      if (row.address !== address) b.u8(DW_LNS_advance_pc).uleb((row.address - address) / 2);
      if (row.file !== file) b.u8(DW_LNS_set_file).uleb(row.file);
      if (row.line !== line) b.u8(DW_LNS_advance_line).sleb(row.line - line);
      if (row.stmt !== stmt) b.u8(DW_LNS_negate_stmt);
      b.u8(DW_LNS_copy);
      [address, file, line, stmt] = [row.address, row.file, row.line, row.stmt];
    }
    b.u8(DW_LNS_advance_pc).uleb((0x79a - address) / 2);
    extended(b, DW_LNE_end_sequence);
  },
});
const lines = new DebugLine(new DwarfSections({ '.debug_line': bytes }), { codeRanges: [{ lowPc: 0x700, highPc: 0x800 }] });

describe('a line starting where an inlined callee\'s first row is', () => {
  it('break m175.c:714 goes to the line\'s first instruction, before its code and the inlined call run', () => {
    // GDB 13 drops the 714 rows at 0x77a from its table (the switch to common.h at the same
    // address ends m175.c's entries there) and, finding no statement of 714 left, moves to 715
    // at 0x796, where h = mix32(...) has already run.
    const resolution = resolveLineBreakpoint(lines, 'm175.c', 714);
    assert.deepEqual(resolution.locations.map((location) => [location.address, location.line]), [[0x77a, 714]]);
    assert.equal(resolution.moved, false);
  });
});
