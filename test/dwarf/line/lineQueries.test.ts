// Line queries on synthetic tables: breakpoints, moved lines, address to line, function entries.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  DebugLine, DwarfSections, DW_FORM_string, DW_FORM_udata, DW_LNCT_directory_index, DW_LNCT_path, DW_LNE_end_sequence,
  DW_LNE_set_address, DW_LNS_advance_line, DW_LNS_advance_pc, DW_LNS_copy, DW_LNS_negate_stmt, DW_LNS_set_file,
  DW_LNS_set_prologue_end, FunctionRangeIndex, functionEntryAddress, joinSourcePath, matchPath, normalizePath,
  resolveFunctionBreakpoints, resolveLineBreakpoint,
} from '../../../src/dwarf';
import { ByteBuilder } from '../../helpers/byteBuilder';
import { extended, lineUnit } from './lineProgramBuilder';

/** A row at `address` with `line` in `file` (0 main.c, 1 util.h); advance_pc counts 2-byte units. */
interface Step { address: number; line: number; file?: number; prologueEnd?: boolean; notStmt?: boolean }

function sequence(b: ByteBuilder, steps: Step[], end: number): void {
  extended(b, DW_LNE_set_address, (o) => o.u32(steps[0].address));
  let address = steps[0].address;
  let line = 1;
  let file = 1;
  for (const step of steps) {
    if (step.address !== address) b.u8(DW_LNS_advance_pc).uleb((step.address - address) / 2);
    if (step.line !== line) b.u8(DW_LNS_advance_line).sleb(step.line - line);
    if ((step.file ?? 0) !== file) b.u8(DW_LNS_set_file).uleb(step.file ?? 0);
    if (step.prologueEnd) b.u8(DW_LNS_set_prologue_end);
    if (step.notStmt) b.u8(DW_LNS_negate_stmt);
    b.u8(DW_LNS_copy);
    if (step.notStmt) b.u8(DW_LNS_negate_stmt);
    [address, line, file] = [step.address, step.line, step.file ?? 0];
  }
  b.u8(DW_LNS_advance_pc).uleb((end - address) / 2);
  extended(b, DW_LNE_end_sequence);
}

const debugLine = lineUnit({
  version: 5,
  v5Directories: { format: [[DW_LNCT_path, DW_FORM_string]], entries: [(b) => b.cString('/proj'), (b) => b.cString('lib')] },
  v5Files: {
    format: [[DW_LNCT_path, DW_FORM_string], [DW_LNCT_directory_index, DW_FORM_udata]],
    entries: [(b) => b.cString('main.c').uleb(0), (b) => b.cString('util.h').uleb(1)],
  },
  program: (b) => {
    // f: two ranges for line 13, and util.h inlined at 0x10c.
    sequence(b, [
      { address: 0x100, line: 10 }, { address: 0x104, line: 11 }, { address: 0x108, line: 13 },
      { address: 0x10c, line: 3, file: 1 }, { address: 0x110, line: 14 }, { address: 0x114, line: 13 },
      { address: 0x118, line: 15 },
    ], 0x120);
    // g: no prologue (two rows at its entry); util.h inlined again at 0x204.
    sequence(b, [{ address: 0x200, line: 20 }, { address: 0x200, line: 21 }, { address: 0x204, line: 3, file: 1 }, { address: 0x208, line: 22 }], 0x210);
    // A function the linker discarded: relocated to 0, outside the code ranges.
    sequence(b, [{ address: 0, line: 13 }], 0x10);
    // h: marks its prologue end.
    sequence(b, [{ address: 0x300, line: 30 }, { address: 0x304, line: 30, notStmt: true }, { address: 0x308, line: 31, prologueEnd: true }], 0x310);
  },
});

const functions = new FunctionRangeIndex([
  { name: 'f', lowPc: 0x100, highPc: 0x120 },
  { name: 'g', lowPc: 0x200, highPc: 0x210 },
  { name: 'h', lowPc: 0x300, highPc: 0x310 },
]);
const lines = new DebugLine(new DwarfSections({ '.debug_line': debugLine }), { codeRanges: [{ lowPc: 0x100, highPc: 0x400 }] });
const at = (path: string, line: number): string[] =>
  resolveLineBreakpoint(lines, path, line, { functions }).locations.map((l) => `0x${l.address.toString(16)} ${l.functionName}:${l.line}`);

describe('line queries', () => {
  it('resolves a line to the lowest address per function, skipping discarded code', () => {
    assert.deepEqual(at('main.c', 13), ['0x108 f:13']);
    const resolution = resolveLineBreakpoint(lines, 'main.c', 13, { functions });
    assert.deepEqual([resolution.line, resolution.moved, resolution.locations[0].path], [13, false, '/proj/main.c']);
  });

  it('gives one location per function where an inlined line appears', () => {
    assert.deepEqual(at('util.h', 3), ['0x10c f:3', '0x204 g:3']);
  });

  it('with a scope lookup, gives one location per scope', () => {
    const resolution = resolveLineBreakpoint(lines, 'main.c', 13, { functions, scopeAt: (address) => address });
    assert.deepEqual(resolution.locations.map((l) => l.address), [0x108, 0x114]);
  });

  it('moves a line without code to the next line with code in the same function, and reports it', () => {
    const resolution = resolveLineBreakpoint(lines, 'main.c', 12, { functions });
    assert.deepEqual([resolution.requestedLine, resolution.line, resolution.moved], [12, 13, true]);
    assert.deepEqual(at('main.c', 12), ['0x108 f:13']);
  });

  it('moves a line between two functions into the next function, as GDB 13 does', () => {
    const resolution = resolveLineBreakpoint(lines, 'main.c', 17, { functions });
    assert.deepEqual([resolution.line, resolution.moved], [20, true]);
    assert.deepEqual(at('main.c', 17), ['0x200 g:20']);
  });

  it('puts a breakpoint on a function\'s first line past its prologue', () => {
    assert.deepEqual(at('main.c', 10), ['0x104 f:11']);
    assert.deepEqual(at('main.c', 20), ['0x200 g:20'], 'g has no prologue: its entry, and the line asked for');
    assert.deepEqual(at('main.c', 30), ['0x308 h:31']);
  });

  it('matches absolute paths, paths relative to comp_dir, and base names as a fallback', () => {
    assert.deepEqual(at('/proj/main.c', 11), ['0x104 f:11']);
    assert.deepEqual(at('lib/util.h', 3).length, 2);
    assert.deepEqual(at('/elsewhere/main.c', 11), ['0x104 f:11']);
    assert.deepEqual(at('other.c', 11), []);
    assert.equal(matchPath('/proj/main.c', '/proj/main.c'), 3);
    assert.equal(matchPath('proj/main.c', '/proj/main.c'), 2);
    assert.equal(matchPath('x/main.c', '/proj/main.c'), 1);
    assert.equal(matchPath('x.c', '/proj/main.c'), 0);
  });

  it('finds the post-prologue entry of functions: prologue_end, second address, or entry when rows share it', () => {
    assert.deepEqual(['f', 'g', 'h'].map((name) => functionEntryAddress(lines, functions.functionsNamed(name)[0])), [0x104, 0x200, 0x308]);
    const [fb] = resolveFunctionBreakpoints(lines, functions, 'f');
    assert.deepEqual([fb.address, fb.location?.line, fb.location?.path], [0x104, 11, '/proj/main.c']);
    assert.deepEqual(resolveFunctionBreakpoints(lines, functions, 'nope'), []);
  });

  it('maps addresses to file, line and column, preferring the last is_stmt row at an address', () => {
    const describe = (address: number): string | undefined => {
      const location = lines.locationAt(address);
      return location && `${location.path}:${location.line}@0x${location.address.toString(16)}`;
    };
    assert.equal(describe(0x10e), '/proj/lib/util.h:3@0x10c');
    assert.equal(describe(0x200), '/proj/main.c:21@0x200');
    assert.equal(describe(0x306), '/proj/main.c:30@0x304', 'a non-stmt row with no statement at its address still counts');
    assert.equal(describe(0x120), undefined, 'end_sequence address is outside');
    assert.equal(describe(0x4), undefined, 'discarded code is not indexed');
  });

  it('answers address queries from the unit .debug_aranges names, without running other units', () => {
    const other = lineUnit({ version: 4, files: [['other.c', 0]], program: (b) => sequence(b, [{ address: 0x1000, line: 7, file: 1 }], 0x1010) });
    const both = new ByteBuilder().raw(other).raw(debugLine).build();
    const hinted = new DebugLine(new DwarfSections({ '.debug_line': both }), { unitOffsetAt: (address) => (address >= 0x1000 ? 0 : other.length) });
    assert.equal(hinted.locationAt(0x104)?.line, 11);
    assert.deepEqual(hinted.units.map((unit) => unit.loaded), [false, true]);
    assert.equal(hinted.locationAt(0x1004)?.line, 7);
  });

  it('lists source files with directories and comp_dir joined', () => {
    assert.deepEqual(lines.sourceFiles(), ['/proj/lib/util.h', '/proj/main.c']);
  });

  it('joins and normalises paths as strings', () => {
    assert.equal(joinSourcePath('/a/b', '../c/./d.c'), '/a/c/d.c');
    assert.equal(joinSourcePath('/a', '/abs/x.c'), '/abs/x.c');
    assert.equal(joinSourcePath('rel', 'x.c'), 'rel/x.c');
    assert.equal(normalizePath('C:\\src\\..\\main.c'), 'C:\\main.c');
    assert.equal(normalizePath('a//b/'), 'a/b');
  });
});
