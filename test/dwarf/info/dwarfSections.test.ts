import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { DwarfSections } from '../../../src/dwarf';
import { ElfFile } from '../../../src/elf';
import { buildFixture } from '../../fixtures/dwarf/buildFixture';

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

  it('can be built from bytes in unit tests', () => {
    const sections = new DwarfSections({ '.debug_str': Uint8Array.of(0x61, 0) }, { littleEndian: false, addresses: { '.debug_str': 0x10 } });
    assert.equal(sections.has('.debug_str'), true);
    assert.equal(sections.address('.debug_str'), 0x10);
    assert.equal(sections.littleEndian, false);
  });
});
