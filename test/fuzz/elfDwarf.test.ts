// Fuzz test of the whole ELF/DWARF reader: mutated copies of fixture ELFs (fixed-seed PRNG; byte
// flips, truncations, corrupted length and offset fields) run through every parser. Each must
// succeed or throw ElfFormatError / DwarfFormatError naming where; never another error or a hang.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { DwarfFormatError, ElfFormatError } from '../../src/common';
import {
  CallFrameInfo, DwarfInfo, DwarfSections, debugLineForElf, dwarfScopeAt, functionLookupFromElf, functions,
  resolveFunctionBreakpoints, resolveLineBreakpoint, typeFromDie, variablesInScope,
} from '../../src/dwarf';
import { ElfFile } from '../../src/elf';
import { buildLineFixture } from '../dwarf/line/lineOracles';
import { buildFixture } from '../fixtures/dwarf/buildFixture';
import { firmwareElf } from '../helpers/firmware';
import { fuzzCases, fuzzPrng, replayHint, type Prng } from './prng';

interface Target {
  readonly name: string;
  readonly bytes: Uint8Array;
  /** [start, end) of each debug section in the file, where most mutations land. */
  readonly debugRanges: readonly (readonly [number, number])[];
  /** File offsets of length and offset fields: unit headers and section header sizes/offsets. */
  readonly fields: readonly number[];
}

function target(name: string, path: string): Target {
  const bytes = new Uint8Array(readFileSync(path));
  const elf = ElfFile.parse(bytes);
  const debug = elf.sections.filter((s) => s.name.startsWith('.debug_') && s.size > 0);
  const fields: number[] = [];
  // Section headers: sh_offset and sh_size of every section (ELF32 layout: +16 and +20).
  const shoff = new DataView(bytes.buffer, bytes.byteOffset).getUint32(0x20, true);
  for (const s of elf.sections) fields.push(shoff + s.index * 40 + 16, shoff + s.index * 40 + 20);
  // Unit lengths and the words after them (version/abbrev offset/header_length) of every unit.
  for (const s of debug) {
    const view = new DataView(bytes.buffer, bytes.byteOffset + s.offset, s.size);
    for (let at = 0; at + 4 <= s.size && fields.length < 4000;) {
      fields.push(s.offset + at, s.offset + at + 4, s.offset + at + 6);
      const length = view.getUint32(at, true);
      if (length === 0 || length >= 0xfffffff0) break;
      at += 4 + length;
    }
  }
  return { name, bytes, debugRanges: debug.map((s) => [s.offset, s.offset + s.size] as const), fields };
}

/** One mutated copy: a few byte flips, a truncation, or a corrupted length/offset field. */
function mutate(t: Target, random: Prng): { bytes: Uint8Array; what: string } {
  const pick = (n: number): number => random.int(n);
  const bytes = Uint8Array.from(t.bytes);
  const kind = pick(10);
  if (kind < 5) {
    const flips = 1 + pick(8);
    const where: number[] = [];
    for (let i = 0; i < flips; i++) {
      const [start, end] = random.next() < 0.85 ? t.debugRanges[pick(t.debugRanges.length)] : [0, bytes.length];
      const at = start + pick(end - start);
      bytes[at] ^= 1 + pick(255);
      where.push(at);
    }
    return { bytes, what: `flip ${where.map((w) => `0x${w.toString(16)}`).join(',')}` };
  }
  if (kind < 7) {
    const [start, end] = random.next() < 0.7 ? t.debugRanges[pick(t.debugRanges.length)] : [64, bytes.length];
    const length = start + pick(end - start);
    return { bytes: bytes.subarray(0, length), what: `truncate at 0x${length.toString(16)}` };
  }
  const at = t.fields[pick(t.fields.length)];
  const values = [0, 1, 0xffffffff, 0xfffffff0, 0x7fffffff, 0x10000, pick(0x100000000), (bytes[at] | (bytes[at + 1] << 8)) + 1 + pick(64)];
  const value = values[pick(values.length)];
  new DataView(bytes.buffer).setUint32(at, value >>> 0, true);
  return { bytes, what: `field 0x${at.toString(16)} := 0x${(value >>> 0).toString(16)}` };
}

/** Runs every parser that has landed over one file, as a debugger session would use them. */
function readEverything(bytes: Uint8Array): void {
  const elf = ElfFile.parse(bytes);
  void elf.symbols;
  elf.loadSegments();
  const sections = DwarfSections.fromElf(elf);
  const info = new DwarfInfo(sections);
  for (const unit of [...info.units, ...info.typeUnits]) {
    const pending = [unit.root];
    for (let die = pending.pop(); die; die = pending.pop()) pending.push(...die.children);
  }
  const addresses: number[] = [];
  for (const fn of functions(info).slice(0, 20)) {
    addresses.push(fn.entryPc);
    variablesInScope(info, fn.entryPc);
  }
  for (const cu of info.compileUnits().slice(0, 4)) {
    for (const die of cu.unit.root.children.slice(0, 40)) typeFromDie(die);
  }
  const lines = debugLineForElf(elf, info);
  for (const unit of lines.units) void unit.table;
  const files = lines.sourceFiles();
  const fnLookup = functionLookupFromElf(elf);
  for (const address of addresses.slice(0, 5)) lines.locationAt(address);
  if (files.length > 0) resolveLineBreakpoint(lines, files[0], 10, { functions: fnLookup, scopeAt: dwarfScopeAt(info) });
  resolveFunctionBreakpoints(lines, fnLookup, 'main');
  const cfi = CallFrameInfo.fromSections(sections, { clearThumbBit: true });
  for (const fde of cfi.fdes.slice(0, 30)) cfi.unwindTable(fde);
  for (const address of addresses.slice(0, 5)) cfi.unwindRowFor(address);
}

describe('fuzzed ELF/DWARF input', () => {
  // A quarter of the mutants npm test ran before issue 17 (the same first ones; an eighth of the firmware's): `npm run fuzz` runs many more.
  const targets: { t: Target; cases: number }[] = [
    { t: target('lines -O2 DWARF 5', buildLineFixture(['-O2', '-gdwarf-5', '-gno-as-loc-support'])), cases: 200 },
    { t: target('lines -Og DWARF 4', buildLineFixture(['-Og', '-gdwarf-4', '-gno-as-loc-support'])), cases: 150 },
    { t: target('lines -O0 gas', buildLineFixture(['-O0'])), cases: 125 },
    { t: target('types.c -O2', buildFixture({ source: 'types.c', opt: '-O2' })), cases: 100 },
    { t: target('firmware -O2', firmwareElf('O2')), cases: 25 },
  ];

  for (const { t, cases: base } of targets) {
    const cases = fuzzCases(base);
    it(`${t.name}: ${cases} mutants fail only with ElfFormatError or DwarfFormatError naming the place`, () => {
      readEverything(t.bytes); // the unmutated file reads cleanly
      const random = fuzzPrng(0x5eed ^ t.bytes.length);
      const outcomes = { ok: 0, elf: 0, dwarf: 0 };
      for (let i = 0; i < cases; i++) {
        const { bytes, what } = mutate(t, random);
        try {
          readEverything(bytes);
          outcomes.ok++;
        } catch (error) {
          if (error instanceof DwarfFormatError) {
            assert.ok(error.section.length > 0 && Number.isInteger(error.offset), `${replayHint(random, i)} (${what}): ${error.message}`);
            outcomes.dwarf++;
          } else if (error instanceof ElfFormatError) {
            assert.match(error.message, /at file offset 0x[0-9a-f]+/, `${replayHint(random, i)} (${what}): ElfFormatError without offset`);
            outcomes.elf++;
          } else {
            assert.fail(`${replayHint(random, i)} (${what}): ${error instanceof Error ? error.stack : String(error)}`);
          }
        }
      }
      // Every kind of outcome happens, so the mutations reach past the ELF header into DWARF.
      assert.ok(outcomes.ok > 0 && outcomes.dwarf > 0, JSON.stringify(outcomes));
    });
  }
});
