// ElfFile on arm-none-eabi-gcc output, checked against readelf and nm.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { ElfFile, PT_LOAD } from '../../src/elf';
import { binutils, buildFixture } from '../fixtures/dwarf/buildFixture';
import { firmwareElf } from '../helpers/firmware';

const hex = (text: string): number => parseInt(text, 16);

const builds: [string, () => string][] = [
  ['fixture -O0', () => buildFixture({ source: 'types.c', opt: '-O0' })],
  ['fixture -O2', () => buildFixture({ source: 'types.c', opt: '-O2' })],
  ['firmware O0', () => firmwareElf('O0')],
  ['firmware O2', () => firmwareElf('O2')],
];

describe('ElfFile on arm-none-eabi-gcc output, checked against binutils', () => {
  for (const [opt, build] of builds) {
    const path = build();
    const elf = ElfFile.parse(readFileSync(path));

    it(`${opt}: sections match readelf -S`, () => {
      const expected = [...binutils('readelf', '-S', '-W', path).matchAll(/^\s*\[\s*(\d+)\]\s+(\S*)\s+([A-Z_]+)\s+([0-9a-f]{8})\s+([0-9a-f]{6})\s+([0-9a-f]{6})/gm)]
        .map((m) => ({ index: Number(m[1]), name: m[3] === 'NULL' ? '' : m[2], addr: hex(m[4]), offset: hex(m[5]), size: hex(m[6]) }));
      assert.ok(expected.length > 10);
      assert.deepEqual(elf.sections.map(({ index, name, addr, offset, size }) => ({ index, name, addr, offset, size })), expected);
      const executable = [...binutils('readelf', '-S', '-W', path).matchAll(/^\s*\[\s*\d+\]\s+\S+\s+PROGBITS\s+([0-9a-f]{8})\s+[0-9a-f]{6}\s+([0-9a-f]{6})\s+\S+\s+A?X/gm)]
        .map((m) => ({ lowPc: hex(m[1]), highPc: hex(m[1]) + hex(m[2]) }));
      assert.ok(executable.length > 0);
      assert.deepEqual(elf.codeRanges(), executable);
    });

    it(`${opt}: load segments match readelf -l, .data loads from flash`, () => {
      const expected = [...binutils('readelf', '-l', '-W', path).matchAll(/^\s*LOAD\s+0x([0-9a-f]+)\s+0x([0-9a-f]+)\s+0x([0-9a-f]+)\s+0x([0-9a-f]+)\s+0x([0-9a-f]+)/gm)]
        .map((m) => ({ offset: hex(m[1]), vaddr: hex(m[2]), paddr: hex(m[3]), filesz: hex(m[4]), memsz: hex(m[5]) }));
      assert.deepEqual(elf.segments.filter((s) => s.type === PT_LOAD).map(({ offset, vaddr, paddr, filesz, memsz }) => ({ offset, vaddr, paddr, filesz, memsz })), expected);
      const ram = elf.loadSegments().find((s) => s.vaddr === 0x20000000);
      assert.ok(ram && ram.paddr >= 0x08000000 && ram.paddr < 0x08010000, 'initialised data is programmed into flash');
      const data = elf.section('.data');
      assert.deepEqual(ram.data.subarray(0, data?.size), elf.sectionData('.data'));
    });

    it(`${opt}: symbols match nm, Thumb functions have bit 0 cleared`, () => {
      const expected = binutils('nm', '-S', path).trim().split('\n').map((line) => line.trim().split(/\s+/))
        .map((f) => `${hex(f[0])} ${f.length === 4 ? hex(f[1]) : 0} ${f[f.length - 1]}`).sort();
      const ours = elf.symbols
        .filter((s) => s.name && !s.name.startsWith('$') && s.type !== 'FILE' && s.type !== 'SECTION')
        .map((s) => `${s.address} ${s.size} ${s.name}`).sort();
      assert.deepEqual(ours, expected);
      const reset = elf.symbolByName('Reset_Handler');
      assert.equal(reset?.thumb, true);
      assert.equal(reset?.value, (reset?.address ?? 0) + 1);
      assert.equal(elf.header.entry, reset?.value);
    });

    it(`${opt}: functions by address and symbols by name match readelf -s, before and after the address index is built`, () => {
      // readelf -s: "Num: Value Size Type Bind Vis Ndx Name"; Thumb functions have bit 0 set.
      const nm = binutils('readelf', '-s', '-W', path).split('\n').map((line) => line.trim().split(/\s+/))
        .filter((f) => f.length === 8 && f[3] === 'FUNC' && Number(f[2]) > 0 && f[6] !== 'UND')
        .map((f) => ({ address: hex(f[1]) - (hex(f[1]) % 2), size: Number(f[2]), name: f[7] }));
      assert.ok(nm.length > 5);
      const fresh = ElfFile.parse(readFileSync(path));
      // The first lookups scan the table, later ones use the sorted index: both must agree.
      const early = nm.slice(0, 8).map((f) => fresh.functionSymbolAt(f.address + f.size - 1));
      for (const f of nm) {
        for (const inside of [f.address, f.address + f.size - 1]) {
          const found = fresh.functionSymbolAt(inside);
          assert.ok(found && found.address <= inside && inside < found.address + found.size && found.type === 'FUNC', `${f.name} at 0x${inside.toString(16)}`);
        }
      }
      assert.deepEqual(nm.slice(0, 8).map((f) => fresh.functionSymbolAt(f.address + f.size - 1)), early);
      assert.equal(fresh.functionSymbolAt(0xfffffff0), undefined);
      for (const f of nm) {
        const named = fresh.symbolsNamed(f.name);
        assert.ok(named.some((s) => s.address === f.address && s.size === f.size), f.name);
        assert.ok(named.every((s) => s.name === f.name && s.sectionIndex !== 0), f.name);
      }
      assert.deepEqual(fresh.symbolsNamed('no_such_function_anywhere'), []);
    });

    it(`${opt}: symbolAt finds every sized function and object from any address inside it`, () => {
      const sized = elf.symbols.filter((s) => (s.type === 'FUNC' || s.type === 'OBJECT') && s.size > 0);
      assert.ok(sized.length > 5);
      for (const symbol of sized) {
        for (const inside of [symbol.address, symbol.address + symbol.size - 1]) {
          assert.equal(elf.symbolAt(inside)?.address, symbol.address, `${symbol.name} at 0x${inside.toString(16)}`);
        }
      }
    });
  }
});
