// Line entries as GDB records them (ROW_LINE_ENTRY, GDB PR 17276): rows repeating a discriminated
// line continue its entry, so an address there is mid-line and no breakpoint goes there.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  DebugLine, DwarfSections, DW_FORM_string, DW_FORM_udata, DW_LNCT_directory_index, DW_LNCT_path, DW_LNE_end_sequence,
  DW_LNE_set_address, DW_LNE_set_discriminator, DW_LNS_advance_line, DW_LNS_advance_pc, DW_LNS_copy, DW_LNS_set_file, resolveLineBreakpoint,
} from '../../../src/dwarf';
import { extended, lineUnit } from './lineProgramBuilder';

/**
 * The rows of span_of's loop at -Og (test/firmware/stepping/filters.c), as GCC 12 emits them: the
 * `for` header (line 35) in three basic blocks, the last two (the increment and the test) after
 * a jump, with discriminators; then the body's line 36.
 */
const rows: readonly { address: number; line: number; discriminator?: number }[] = [
  { address: 0x214, line: 35 }, { address: 0x214, line: 35, discriminator: 1 }, { address: 0x218, line: 35, discriminator: 2 },
  { address: 0x21a, line: 35, discriminator: 1 }, { address: 0x21e, line: 36 }, { address: 0x222, line: 35 },
];

const bytes = lineUnit({
  version: 5,
  v5Directories: { format: [[DW_LNCT_path, DW_FORM_string]], entries: [(b) => b.cString('/proj')] },
  v5Files: { format: [[DW_LNCT_path, DW_FORM_string], [DW_LNCT_directory_index, DW_FORM_udata]], entries: [(b) => b.cString('filters.c').uleb(0)] },
  program: (b) => {
    // advance_pc counts 2-byte units (the builder's minimum_instruction_length).
    extended(b, DW_LNE_set_address, (o) => o.u32(rows[0].address));
    b.u8(DW_LNS_set_file).uleb(0);
    let address = rows[0].address;
    let line = 1;
    for (const row of rows) {
      if (row.address !== address) b.u8(DW_LNS_advance_pc).uleb((row.address - address) / 2);
      if (row.line !== line) b.u8(DW_LNS_advance_line).sleb(row.line - line);
      if (row.discriminator) extended(b, DW_LNE_set_discriminator, (o) => o.uleb(row.discriminator!));
      b.u8(DW_LNS_copy);
      [address, line] = [row.address, row.line];
    }
    b.u8(DW_LNS_advance_pc).uleb((0x226 - address) / 2);
    extended(b, DW_LNE_end_sequence);
  },
});
const lines = new DebugLine(new DwarfSections({ '.debug_line': bytes }), { codeRanges: [{ lowPc: 0x200, highPc: 0x300 }] });

describe('line entries (GDB PR 17276)', () => {
  it('an address in a later block of a discriminated line is in the middle of the entry that began the line', () => {
    // GDB goes on stepping there (infrun.c: "stepped into the middle of a line"); a row of its own
    // would make a step from line 36 stop at the loop increment.
    assert.deepEqual([lines.locationAt(0x218)?.address, lines.locationAt(0x218)?.line], [0x214, 35]);
    assert.deepEqual([lines.locationAt(0x21a)?.address, lines.locationAt(0x21c)?.address], [0x214, 0x214]);
  });

  it('a new line, or the same line again after another, starts an entry', () => {
    assert.equal(lines.locationAt(0x21e)?.address, 0x21e);
    assert.deepEqual([lines.locationAt(0x222)?.address, lines.locationAt(0x222)?.line], [0x222, 35]);
  });

  it('a line breakpoint goes only where an entry starts', () => {
    const resolution = resolveLineBreakpoint(lines, 'filters.c', 35, { scopeAt: (address) => address });
    assert.deepEqual(resolution.locations.map((location) => location.address), [0x214, 0x222]);
  });
});
