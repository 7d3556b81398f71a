import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { CallFrameInfo, DwarfSections, formatCfaInstruction, formatCfaRule, formatRegisterRule } from '../../../src/dwarf';
import { ElfFile } from '../../../src/elf';
import { binutils } from '../../fixtures/dwarf/buildFixture';
import { firmwareElf } from '../../helpers/firmware';
import { buildCfiFixture, parseFramesInstructions, parseFramesInterp } from './cfiFixture';

interface Program {
  readonly name: string;
  readonly path: () => string;
}

const programs: Program[] = [
  ...['cortex-m0', 'cortex-m3'].flatMap((cpu) =>
    ['-O0', '-Og', '-O2'].map((opt) => ({ name: `frames.c ${cpu} ${opt}`, path: () => buildCfiFixture('frames.c', cpu, opt) }))),
  ...(['O0', 'Og', 'O2'] as const).map((level) => ({ name: `test firmware ${level}`, path: () => firmwareElf(level) })),
];

function load(path: string): CallFrameInfo {
  const elf = ElfFile.parse(readFileSync(path));
  return CallFrameInfo.fromSections(DwarfSections.fromElf(elf), { clearThumbBit: true });
}

describe('CallFrameInfo on arm-none-eabi-gcc output, checked against objdump --dwarf=frames-interp', () => {
  for (const program of programs) {
    describe(program.name, () => {
      const path = program.path();
      const cfi = load(path);
      const oracle = parseFramesInterp(binutils('objdump', '--dwarf=frames-interp', path));

      it('parses every CIE and FDE without warnings', () => {
        assert.deepEqual(cfi.warnings.map((w) => w.message), []);
        assert.deepEqual(
          cfi.cies.map((c) => ({ offset: c.offset, augmentation: c.augmentation, codeAlignmentFactor: c.codeAlignmentFactor, dataAlignmentFactor: c.dataAlignmentFactor, returnAddressRegister: c.returnAddressRegister })),
          oracle.cies,
        );
        // objdump prints initial locations as stored; ours have the Thumb bit cleared.
        assert.deepEqual(
          cfi.fdes.map((f) => ({ offset: f.offset, start: f.initialLocation, end: f.initialLocation + f.addressRange })),
          oracle.fdes.map((f) => ({ offset: f.offset, start: f.start & ~1, end: f.end & ~1 })),
        );
        assert.ok(oracle.fdes.length >= 8, 'the program has functions with CFI');
      });

      it('gives the CFA and register rules of every objdump row at its address', () => {
        let rows = 0;
        for (const expected of oracle.fdes) {
          const start = expected.start & ~1;
          const fde = cfi.findFde(start);
          if (expected.rows.length === 0) continue;
          assert.ok(fde, `FDE for 0x${start.toString(16)}`);
          const raColumn = fde.cie.returnAddressRegister;
          const registerOf = (column: string): number => (column === 'ra' ? raColumn : Number(column.slice(1)));
          for (const row of expected.rows) {
            const loc = row.loc - (expected.start & 1);
            const lookup = cfi.unwindRowFor(loc);
            assert.equal(lookup.kind, 'row', `row at 0x${loc.toString(16)}`);
            if (lookup.kind !== 'row') continue;
            const ours = [formatCfaRule(lookup.row.cfa), ...expected.columns.map((column) => formatRegisterRule(lookup.row.registers.get(registerOf(column))))];
            assert.deepEqual(ours, [row.cfa, ...row.rules], `FDE 0x${expected.offset.toString(16)} at 0x${loc.toString(16)}`);
            rows++;
          }
          // Every row boundary objdump shows is one of ours and vice versa.
          const ourStarts = [...new Set(cfi.unwindTable(fde).map((r) => r.startAddress))];
          const theirStarts = [...new Set(expected.rows.map((r) => r.loc - (expected.start & 1)))];
          assert.deepEqual(ourStarts, theirStarts.filter((loc) => loc < fde.initialLocation + fde.addressRange));
        }
        assert.ok(rows > 10, `compared ${rows} rows`);
      });

      it('decodes every instruction as objdump --dwarf=frames prints it', () => {
        const expected = parseFramesInstructions(binutils('objdump', '--dwarf=frames', path));
        for (const entry of [...cfi.cies, ...cfi.fdes]) {
          let location = 'cie' in entry ? entry.initialLocation : 0;
          const lines = cfi.instructions(entry).map((instruction) => {
            const text = formatCfaInstruction(instruction, location);
            if (instruction.kind === 'advanceLoc') location += instruction.delta;
            return text;
          });
          const theirs = expected.get(entry.offset) ?? [];
          assert.deepEqual(lines, theirs, `entry at 0x${entry.offset.toString(16)}`);
        }
      });
    });
  }
});
