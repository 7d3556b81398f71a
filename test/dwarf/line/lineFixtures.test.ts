// Fixture tests: line tables of ELFs built by arm-none-eabi-gcc (-O0/-Og/-O2; gas's DWARF 3 tables
// and GCC's own DWARF 2/4/5 and 64-bit tables; the test firmware) compared with readelf and GDB.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { describe, it } from 'node:test';
import {
  DebugLine, debugLineForElf, DW_AT_inline, DW_TAG_subprogram, dwarfInlinedCopies, DwarfInfo, DwarfSections, functionLookupFromElf, normalizePath,
  resolveFunctionBreakpoints, resolveLineBreakpoint,
} from '../../../src/dwarf';
import { ElfFile } from '../../../src/elf';
import { firmwareDir, firmwareElf } from '../../helpers/firmware';
import { buildLineFixture, fixturesDir, gdbBreakpoints, gdbInfoLines, gdbSources, ReadelfRow, readelfRows, shadowedForGdb } from './lineOracles';

interface Case {
  readonly name: string;
  readonly elf: () => string;
  /** Source files whose every line is tried as a breakpoint. */
  readonly sources: readonly string[];
}

const mine = ['lines.c', 'lines.h', 'points.c'].map((file) => join(fixturesDir, file));
const firmwareSources = ['main.c', 'workload.c', 'variables.c', 'board.c', 'fault.c'].map((file) => join(firmwareDir, file));
const cases: Case[] = [
  ...(['-O0', '-Og', '-O2'] as const).map((opt) => ({ name: `fixture ${opt} (gas DWARF 3 tables)`, elf: () => buildLineFixture([opt]), sources: mine })),
  { name: 'fixture -O2 DWARF 5 (GCC tables, line_strp, MD5-less)', elf: () => buildLineFixture(['-O2', '-gdwarf-5', '-gno-as-loc-support']), sources: mine },
  { name: 'fixture -Og DWARF 4', elf: () => buildLineFixture(['-Og', '-gdwarf-4', '-gno-as-loc-support']), sources: mine },
  { name: 'fixture -O0 DWARF 2', elf: () => buildLineFixture(['-O0', '-gdwarf-2', '-gno-as-loc-support']), sources: mine },
  { name: 'fixture -O0 64-bit DWARF 5', elf: () => buildLineFixture(['-O0', '-gdwarf-5', '-gdwarf64', '-gno-as-loc-support']), sources: mine },
  { name: 'fixture -O2 with discarded functions (gc-sections)', elf: () => buildLineFixture(['-O2', '-ffunction-sections', '-Wl,--gc-sections']), sources: mine },
  ...(['O0', 'Og', 'O2'] as const).map((level) => ({ name: `firmware ${level}`, elf: () => firmwareElf(level), sources: firmwareSources })),
];

function load(path: string) {
  const elf = ElfFile.parse(readFileSync(path));
  return { elf, lines: debugLineForElf(elf), functions: functionLookupFromElf(elf) };
}

for (const testCase of cases) {
  describe(`line tables vs readelf and GDB: ${testCase.name}`, () => {
    const path = testCase.elf();
    const { elf, lines, functions } = load(path);
    const rows = readelfRows(path);

    it('decodes every row as readelf --debug-dump=decodedline does', () => {
      const ours: ReadelfRow[] = [];
      for (const unit of lines.units) {
        const table = unit.table;
        for (let i = 0; i < table.rowCount; i++) {
          const row = table.row(i);
          ours.push({ file: basename(unit.filePath(row.file) ?? '?'), line: row.endSequence ? undefined : row.line, address: row.address, isStmt: row.endSequence ? false : row.isStmt });
        }
      }
      const theirs = rows.map((row) => (row.line === undefined ? { ...row, isStmt: false } : row));
      assert.equal(ours.length, theirs.length);
      assert.deepEqual(ours, theirs);
    });

    it('never skips a unit whose file table names a base name (the FILE:LINE prefilter)', () => {
      const fresh = debugLineForElf(elf);
      const encode = (name: string): Uint8Array => new TextEncoder().encode(`${name}\0`);
      const absent = fresh.units.map((unit) => unit.mayNameFile(encode('no_such_file_here.c')));
      let checked = 0;
      for (const unit of fresh.units) {
        const first = unit.header.version >= 5 ? 0 : 1;
        for (let file = first; file < unit.fileCount(); file++) {
          const name = unit.fileEntry(file)?.path.split('/').pop() ?? '';
          assert.ok(new DebugLine(DwarfSections.fromElf(elf), { units: [unit.ref] }).units[0].mayNameFile(encode(name)), `${name} in unit 0x${unit.offset.toString(16)}`);
          checked++;
        }
      }
      assert.ok(checked > 0);
      fresh.units.forEach((unit, i) => assert.equal(absent[i], unit.header.version >= 5, `unit 0x${unit.offset.toString(16)} version ${unit.header.version}`));
    });

    it('lists the source files GDB lists (info sources)', () => {
      // GDB prints directory/../name joins as they are; we normalise them.
      assert.deepEqual(lines.sourceFiles(), [...new Set(gdbSources(path).map(normalizePath))].sort());
    });

    it('resolves function breakpoints to the addresses and lines of GDB\'s break FUNC', () => {
      const names = [...new Set(elf.symbols.filter((s) => s.type === 'FUNC' && s.size > 0 && s.name).map((s) => s.name))];
      const gdbLocations = gdbBreakpoints(path, names);
      let compared = 0;
      names.forEach((name, i) => {
        const theirs = gdbLocations[i];
        if (theirs.length === 0) return; // no line info (assembly): GDB sets no source location
        for (const ours of resolveFunctionBreakpoints(lines, functions, name)) {
          const match = theirs.find((location) => location.address === ours.address);
          assert.ok(match, `${name}: ours 0x${ours.address.toString(16)}, GDB ${theirs.map((l) => `0x${l.address.toString(16)}`).join(' ')}`);
          assert.equal(ours.location?.line, match.line, `${name} line`);
          compared++;
        }
      });
      assert.ok(compared >= 2, `compared ${compared} functions`);
    });

    it('resolves a function that exists only as inlined copies to each copy, as GDB\'s break FUNC does', () => {
      const info = new DwarfInfo(DwarfSections.fromElf(elf));
      const symbols = new Set(elf.symbols.map((s) => s.name));
      const names = new Set<string>();
      for (const unit of info.units) {
        for (const die of unit.root.children) {
          if (die.tag === DW_TAG_subprogram && die.attr(DW_AT_inline) && die.name && !symbols.has(die.name)) names.add(die.name);
        }
      }
      const list = [...names];
      const gdbLocations = gdbBreakpoints(path, list);
      let compared = 0;
      list.forEach((name, i) => {
        const ours = resolveFunctionBreakpoints(lines, functions, name, { inlinedCopies: dwarfInlinedCopies(info) });
        const theirs = [...gdbLocations[i]].sort((a, b) => a.address - b.address);
        assert.deepEqual(ours.map((b) => `0x${b.address.toString(16)}:${b.location?.line}`), theirs.map((l) => `0x${l.address.toString(16)}:${l.line}`), name);
        compared += ours.length;
      });
      if (/-O2/.test(testCase.name)) assert.ok(compared >= 2, `compared ${compared} inlined copies`);
    });

    it('maps row addresses to the file and line of GDB\'s info line *ADDR', () => {
      const starts = [...new Set(rows.filter((row) => row.line !== undefined && lines.isCode(row.address)).map((row) => row.address))];
      const sample = starts.filter((_, i) => i % Math.ceil(starts.length / 300) === 0);
      const theirs = gdbInfoLines(path, sample.flatMap((address) => [address, address + 1]));
      sample.flatMap((address) => [address, address + 1]).forEach((address, i) => {
        const ours = lines.locationAt(address);
        const gdbSays = theirs[i];
        const label = `0x${address.toString(16)}`;
        if (!gdbSays) {
          assert.ok(!ours || ours.line === 0, `${label}: GDB has no line, we say ${ours?.path}:${ours?.line}`);
          return;
        }
        const oursText = `${basename(ours?.path ?? '')}:${ours?.line}`;
        const theirsText = `${basename(gdbSays.file)}:${gdbSays.line}`;
        if (oursText === theirsText) return;
        // Several rows start at this address and GDB kept another one: it drops a row that
        // repeats the previous line when that line has discriminators (GDB PR 17276), and rows
        // shadowed by a file switch. Both must at least be rows at the same address.
        assert.equal(ours?.address, gdbSays.start, `${label}: ours ${oursText}, GDB ${theirsText}`);
        assert.ok(rows.some((row) => row.address === gdbSays.start && `${row.file}:${row.line}` === theirsText), `${label}: GDB's ${theirsText} is no row at 0x${gdbSays.start.toString(16)}`);
      });
    });

    it('resolves FILE:LINE breakpoints like GDB\'s break, per function, moved lines included', () => {
      const specs: { file: string; line: number }[] = [];
      for (const source of testCase.sources) {
        const count = readFileSync(source, 'utf8').split('\n').length;
        for (let line = 1; line <= count; line++) specs.push({ file: basename(source), line });
      }
      const theirs = gdbBreakpoints(path, specs.map((s) => `${s.file}:${s.line}`));
      let agreed = 0;
      specs.forEach(({ file, line }, i) => {
        const label = `${file}:${line}`;
        const ours = resolveLineBreakpoint(lines, file, line, { functions });
        const gdbLocations = theirs[i];
        if (gdbLocations.length === 0) {
          assert.deepEqual(ours.locations, [], `${label}: GDB has no location`);
          return;
        }
        if (ours.locations.length === 0) {
          // Deliberate difference: GDB 13 slides a line outside any function into the next one.
          assert.ok(ours.moved && gdbLocations.every((l) => l.line > line), `${label}: we found nothing, GDB ${JSON.stringify(gdbLocations)}`);
          return;
        }
        for (const location of ours.locations) {
          const fn = functions.functionAt(location.address);
          const inSameFunction = gdbLocations.filter((l) => functions.functionAt(l.address) === fn).map((l) => l.address).sort((a, b) => a - b);
          if (inSameFunction[0] === location.address) {
            const match = gdbLocations.find((l) => l.address === location.address);
            if (match?.line !== location.line) {
              // Same address; GDB lost our line's row at it (see shadowedForGdb) and names a later one.
              assert.ok(shadowedForGdb(rows, location.address, basename(location.path), location.line), `${label} at 0x${location.address.toString(16)}: line ${location.line}, GDB ${match?.line}`);
            }
            agreed++;
          } else {
            assert.ok(
              shadowedForGdb(rows, location.address, basename(location.path), location.line),
              `${label}: ours 0x${location.address.toString(16)} (${fn?.name}), GDB ${JSON.stringify(gdbLocations)}`,
            );
          }
        }
      });
      assert.ok(agreed >= 10, `agreed on ${agreed} locations`);
    });
  });
}
