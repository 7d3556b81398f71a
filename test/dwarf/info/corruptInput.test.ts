// Robustness: debug info of a real ELF with bytes flipped, truncated or zeroed must give results
// or a DwarfFormatError, never another exception, a hang or a runaway allocation.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { DwarfFormatError } from '../../../src/common';
import { DWARF_SECTION_NAMES, DwarfInfo, DwarfSectionName, DwarfSections, formatTypeDefinition, functionAt, functions, typeOf, variablesInScope } from '../../../src/dwarf';
import { ElfFile } from '../../../src/elf';
import { buildFixture } from '../../fixtures/dwarf/buildFixture';
import { Prng } from '../../fuzz/prng';

/** Runs every query this layer offers over the whole program. */
function exercise(info: DwarfInfo): void {
  for (const cu of info.compileUnits()) {
    for (const die of cu.unit.root.children) formatTypeDefinition(typeOf(die));
  }
  for (const f of functions(info).slice(0, 20)) {
    functionAt(info, f.entryPc);
    const scope = variablesInScope(info, f.entryPc + 2);
    for (const frame of scope?.frames ?? []) for (const v of [...frame.parameters, ...frame.locals]) formatTypeDefinition(v.type);
  }
}

describe('corrupt debug info', () => {
  const elf = ElfFile.parse(readFileSync(buildFixture({ source: 'types.c', opt: '-O2' })));
  const original = DwarfSections.fromElf(elf);
  const targets: DwarfSectionName[] = ['.debug_info', '.debug_abbrev', '.debug_rnglists', '.debug_loclists', '.debug_str', '.debug_line_str', '.debug_aranges'];

  it('the unmodified program runs every query', () => {
    exercise(DwarfInfo.fromElf(elf));
  });

  it('gives results or DwarfFormatError for 300 mutated programs', () => {
    const random = new Prng(0x5eed);
    const next = (): number => random.next();
    let formatErrors = 0;
    for (let round = 0; round < 300; round++) {
      const name = targets[Math.floor(next() * targets.length)];
      const sections: Partial<Record<DwarfSectionName, Uint8Array>> = {};
      for (const section of DWARF_SECTION_NAMES) {
        const bytes = original.get(section);
        if (bytes) sections[section] = bytes;
      }
      const bytes = original.get(name);
      if (!bytes) continue;
      const copy = bytes.slice();
      const mode = round % 3;
      if (mode === 0) {
        for (let flips = 1 + Math.floor(next() * 4); flips > 0; flips--) copy[Math.floor(next() * copy.length)] = Math.floor(next() * 256);
        sections[name] = copy;
      } else if (mode === 1) {
        sections[name] = copy.subarray(0, Math.floor(next() * copy.length));
      } else {
        const at = Math.floor(next() * copy.length);
        copy.fill(0xff, at, Math.min(copy.length, at + 8));
        sections[name] = copy;
      }
      const info = new DwarfInfo(new DwarfSections(sections));
      try {
        exercise(info);
      } catch (error) {
        assert.ok(error instanceof DwarfFormatError, `round ${round} (${name}, mode ${mode}): ${String(error)}`);
        formatErrors++;
      }
    }
    assert.ok(formatErrors > 0, 'some mutations are detected');
  });
});
