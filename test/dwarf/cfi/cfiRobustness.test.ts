// Truncated and mutated .debug_frame: CFI parsing and unwinding give results or typed errors, never hang.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { DwarfFormatError } from '../../../src/common';
import { ARM_UNWIND_ABI, CallFrameInfo, CfiSection, DwarfSections, unwindFrameSync } from '../../../src/dwarf';
import { ElfFile } from '../../../src/elf';
import { armBuild, buildCfiFixture } from './cfiFixture';

/** Everything a consumer does with CFI; only DwarfFormatError may escape, from the throwing APIs. */
function exercise(section: CfiSection, seed: number): number {
  const cfi = new CallFrameInfo([section]);
  let rows = 0;
  for (const entry of [...cfi.cies, ...cfi.fdes]) {
    try {
      cfi.instructions(entry);
    } catch (error) {
      assert.ok(error instanceof DwarfFormatError, String(error));
    }
  }
  for (const fde of cfi.fdes.slice(0, 40)) {
    try {
      rows += cfi.unwindTable(fde).length;
    } catch (error) {
      assert.ok(error instanceof DwarfFormatError, String(error));
    }
    for (const pc of [fde.initialLocation, fde.initialLocation + (seed % Math.max(1, fde.addressRange))]) {
      const result = unwindFrameSync(cfi, { pc: BigInt(pc) }, ARM_UNWIND_ABI, {
        readRegister: (n) => BigInt(0x2000_0000 + n * 4),
        readMemory: (address, byteSize) => (address % 3n === 0n ? undefined : new Uint8Array(byteSize).fill(Number(address & 0xffn))),
      });
      assert.ok(['unwound', 'noCfi', 'failed'].includes(result.kind));
    }
  }
  return rows;
}

describe('CFI parsing and unwinding on corrupted input never crash or hang', () => {
  const path = buildCfiFixture('frames.c', armBuild('cortex-m3', '-O2'));
  const sections = DwarfSections.fromElf(ElfFile.parse(readFileSync(path)));
  const original = sections.get('.debug_frame');
  assert.ok(original);
  const asSection = (bytes: Uint8Array, name: CfiSection['name'] = '.debug_frame'): CfiSection => ({ name, bytes, littleEndian: true, addressSize: 4, address: 0x1000 });

  it('the intact section unwinds', () => {
    assert.ok(exercise(asSection(original), 0) > 10);
  });

  it('survives every truncation', () => {
    for (let length = 0; length < original.length; length++) exercise(asSection(original.subarray(0, length)), length);
  });

  it('survives 2,000 random byte mutations, read as .debug_frame and as .eh_frame', () => {
    let seed = 0x1234_5678;
    const random = (): number => {
      seed ^= seed << 13;
      seed ^= seed >>> 17;
      seed ^= seed << 5;
      return seed >>> 0;
    };
    for (let round = 0; round < 2000; round++) {
      const bytes = Uint8Array.from(original);
      const flips = 1 + (random() % 4);
      for (let i = 0; i < flips; i++) bytes[random() % bytes.length] = random() & 0xff;
      exercise(asSection(bytes, round % 2 ? '.eh_frame' : '.debug_frame'), round);
    }
  });
});
