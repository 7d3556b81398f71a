// DwarfSections: debug sections of an ElfFile by name, and strings read on demand.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { DwarfFormatError } from '../../../src/common';
import { debugLineForElf, DwarfInfo, DwarfSections, functionLookupFromElf, resolveFunctionBreakpoints } from '../../../src/dwarf';
import { ElfFile } from '../../../src/elf';
import { buildFixture } from '../../fixtures/dwarf/buildFixture';
import { firmwareElf } from '../../helpers/firmware';

describe('DwarfSections', () => {
  it('collects the debug sections of a gcc ELF as views of its bytes', () => {
    const elf = ElfFile.parse(readFileSync(buildFixture({ source: 'types.c', opt: '-O0' })));
    const sections = DwarfSections.fromElf(elf);
    for (const name of ['.debug_info', '.debug_abbrev', '.debug_line', '.debug_str', '.debug_frame'] as const) {
      assert.deepEqual(sections.get(name), elf.sectionData(name), name);
    }
    assert.equal(sections.get('.eh_frame'), undefined);
    assert.equal(sections.littleEndian, true);
    assert.equal(sections.addressSize, 4);
    assert.deepEqual(sections.warnings, []);
  });

  it('reads an ELF loaded on demand only as far as the queries need, with the same answers', () => {
    const path = firmwareElf('O2');
    const file = readFileSync(path);
    const loaded: [number, number][] = [];
    const sparse = new Uint8Array(file.length);
    const elf = ElfFile.parse(sparse, {
      load: (offset, length) => {
        loaded.push([offset, offset + length]);
        sparse.set(file.subarray(offset, offset + length), offset);
      },
    });
    const eager = ElfFile.parse(file);
    const str = eager.section('.debug_str');
    assert.ok(str && str.size > 4096, '.debug_str spans more than one chunk');
    const inside = (start: number, end: number): number =>
      loaded.reduce((sum, [a, b]) => sum + Math.max(0, Math.min(b, end) - Math.max(a, start)), 0);

    const sections = DwarfSections.fromElf(elf);
    const eagerSections = DwarfSections.fromElf(eager);
    const name = new DwarfInfo(sections).units[0].name;
    assert.ok(name);
    assert.equal(name, new DwarfInfo(eagerSections).units[0].name);
    assert.ok(inside(str.offset, str.offset + str.size) < str.size, 'one unit name reads part of .debug_str');
    assert.equal(inside(0, file.length) < file.length, true, 'the whole file is not read');

    // Every string, line table and breakpoint answer matches the fully read file.
    const describe = (target: ElfFile, dwarf: DwarfSections): string => {
      const info = new DwarfInfo(dwarf);
      const lines = debugLineForElf(target, info);
      const units = info.compileUnits().map((cu) => `${cu.name} ${cu.compDir} ${cu.unit.producer}`);
      const breaks = resolveFunctionBreakpoints(lines, functionLookupFromElf(target), 'main').map((b) => `${b.address} ${b.location?.path}:${b.location?.line}`);
      return JSON.stringify([units, lines.sourceFiles(), breaks, target.symbolByName('main')]);
    };
    assert.equal(describe(elf, sections), describe(eager, eagerSections));
    assert.throws(() => sections.cString('.debug_str', str.size), (e: unknown) => e instanceof DwarfFormatError && e.section === '.debug_str');
    assert.deepEqual(elf.bytes, new Uint8Array(file), 'reading bytes loads the rest');
  });

  it('can be built from bytes in unit tests', () => {
    const sections = new DwarfSections({ '.debug_str': Uint8Array.of(0x61, 0) }, { littleEndian: false, addresses: { '.debug_str': 0x10 } });
    assert.equal(sections.has('.debug_str'), true);
    assert.equal(sections.address('.debug_str'), 0x10);
    assert.equal(sections.littleEndian, false);
  });
});
