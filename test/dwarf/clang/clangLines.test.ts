// Clang fixture tests: line tables and breakpoints of clang-built ELFs (DWARF 4 and 5, -O0/-O2)
// against readelf --debug-dump=decodedline and GDB's break, with the oracle parsers of test/dwarf/line.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { describe, it } from 'node:test';
import { debugLineForElf, dwarfInlinedCopies, dwarfScopeAt, DwarfInfo, functionLookupFromElf, resolveFunctionBreakpoints, resolveLineBreakpoint } from '../../../src/dwarf';
import { ElfFile } from '../../../src/elf';
import { gdbBreakpoints, ReadelfRow, readelfRows, shadowedForGdb } from '../line/lineOracles';
import { buildClangFixture, buildName, ClangBuild, lineSourcesDir } from './clangFixture';

const builds: ClangBuild[] = (['types', 'lines'] as const).flatMap((program) =>
  (['-O0', '-O2'] as const).flatMap((opt) => ([5, 4] as const).map((dwarfVersion) => ({ program, opt, dwarfVersion }))));

/** Source files whose every line is tried as a FILE:LINE breakpoint. */
function sourcesOf(build: ClangBuild): string[] {
  return build.program === 'types' ? [join(__dirname, '..', '..', 'fixtures', 'dwarf', 'types.c')] : ['lines.c', 'lines.h', 'points.c'].map((f) => join(lineSourcesDir, f));
}

for (const build of builds) {
  describe(`clang line tables vs readelf and GDB: ${buildName(build)}`, () => {
    const path = buildClangFixture(build);
    const elf = ElfFile.parse(readFileSync(path));
    const lines = debugLineForElf(elf);
    const functions = functionLookupFromElf(elf);

    it('decodes every row as readelf --debug-dump=decodedline does', () => {
      const ours: ReadelfRow[] = [];
      const ownUnits = lines.units.filter((unit) => /fixtures/.test(unit.filePath(unit.header.version >= 5 ? 0 : 1) ?? ''));
      assert.ok(ownUnits.length > 0);
      for (const unit of ownUnits) assert.equal(unit.header.version, build.dwarfVersion, `unit 0x${unit.offset.toString(16)}`);
      for (const unit of lines.units) {
        for (let i = 0; i < unit.table.rowCount; i++) {
          const row = unit.table.row(i);
          ours.push({ file: basename(unit.filePath(row.file) ?? '?'), line: row.endSequence ? undefined : row.line, address: row.address, isStmt: row.endSequence ? false : row.isStmt });
        }
      }
      const theirs = readelfRows(path).map((row) => (row.line === undefined ? { ...row, isStmt: false } : row));
      assert.ok(theirs.length > 20, `${theirs.length} rows`);
      assert.deepEqual(ours, theirs);
    });

    it('resolves break FUNC to GDB\'s out-of-line locations; GDB\'s others are the inlined copies', () => {
      const inlinedCopies = dwarfInlinedCopies(DwarfInfo.fromElf(elf));
      const names = [...new Set(elf.symbols.filter((s) => s.type === 'FUNC' && s.size > 0 && !s.name.startsWith('__')).map((s) => s.name))];
      const theirs = gdbBreakpoints(path, names);
      names.forEach((name, i) => {
        const ours = resolveFunctionBreakpoints(lines, functions, name, { inlinedCopies }).map((b) => `0x${b.address.toString(16)}:${b.location?.line}`);
        const gdbTexts = theirs[i].map((l) => `0x${l.address.toString(16)}:${l.line}`);
        assert.ok(ours.length > 0 && ours.every((text) => gdbTexts.includes(text)), `${name}: ours ${ours.join(' ')}, GDB ${gdbTexts.join(' ')}`);
        // Known difference: GDB 13 adds a location per inlined copy of a function that also has an
        // out-of-line body (Clang inlines through known function pointers); we ask for copies only
        // when no out-of-line body exists.
        const copies = inlinedCopies(name);
        for (const extra of theirs[i].filter((l) => !ours.includes(`0x${l.address.toString(16)}:${l.line}`))) {
          assert.ok(copies.some((ranges) => ranges.some((r) => extra.address >= r.lowPc && extra.address < r.highPc)), `${name}: GDB's 0x${extra.address.toString(16)} is in no inlined copy`);
        }
      });
      assert.ok(names.length >= 4, names.join(' '));
    });

    it('resolves every FILE:LINE of the sources to GDB\'s break locations, one per function or inlined copy', () => {
      const rows = readelfRows(path);
      const info = DwarfInfo.fromElf(elf);
      const scopeAt = dwarfScopeAt(info);
      const specs = sourcesOf(build).flatMap((source) => readFileSync(source, 'utf8').split('\n').map((_, i) => `${basename(source)}:${i + 1}`));
      const theirs = gdbBreakpoints(path, specs);
      let agreed = 0;
      const differences: string[] = [];
      specs.forEach((spec, i) => {
        const [file, lineText] = spec.split(':');
        const line = Number(lineText);
        const ours = resolveLineBreakpoint(lines, file, line, { functions, scopeAt });
        const gdbLocations = theirs[i];
        const gdbTexts = new Set(gdbLocations.map((l) => `0x${l.address.toString(16)}:${l.line}`));
        // Deliberate difference: GDB 13 slides a line outside any function into the next function.
        const slidOut = ours.moved && gdbLocations.every((l) => l.line > line);
        let shadowed = 0;
        for (const location of ours.locations) {
          if (gdbTexts.has(`0x${location.address.toString(16)}:${location.line}`)) agreed++;
          else if (shadowedForGdb(rows, location.address, basename(location.path), location.line)) shadowed++;
          else differences.push(`${spec}: ours 0x${location.address.toString(16)}:${location.line}, GDB ${[...gdbTexts].join(' ')}`);
        }
        // GDB slid on to a later line when it lost ours (see shadowedForGdb), or out of a function.
        if (slidOut || (shadowed > 0 && shadowed === ours.locations.length)) return;
        for (const missing of gdbLocations.filter((l) => !ours.locations.some((o) => o.address === l.address))) {
          differences.push(`${spec}: GDB 0x${missing.address.toString(16)}:${missing.line} (${functions.functionAt(missing.address)?.name}) is missing`);
        }
      });
      assert.deepEqual(differences, []);
      assert.ok(agreed >= 10, `${agreed} locations agreed`);
    });
  });
}
