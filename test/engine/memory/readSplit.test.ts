// Unit tests of readSplit: a window across region boundaries of a memory map gives readable and
// unreadable spans with the right bytes, in few reads. The reader is a map of mapped regions that
// fails a read touching any unmapped byte, as OpenOCD's transfer does.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readSplit, REGION_ALIGNMENT_BYTES, type RangeReader } from '../../../src/engine';

const FLASH = { address: 0x08000000, byteLength: 0x10000 };
const SRAM = { address: 0x20000000, byteLength: 0x2000 };

/** The byte a mapped address holds (distinct per address, so misplaced bytes show). */
const byteAt = (address: number): number => (address * 7 + (address >>> 8)) & 0xff;

/** A reader over FLASH and SRAM, recording each read. */
function memoryMap(reads: { address: number; byteLength: number }[]): RangeReader {
  return async (address, byteLength) => {
    reads.push({ address, byteLength });
    const inside = [FLASH, SRAM].some((r) => address >= r.address && address + byteLength <= r.address + r.byteLength);
    return inside ? Uint8Array.from({ length: byteLength }, (_, k) => byteAt(address + k)) : undefined;
  };
}

const plain = (spans: Awaited<ReturnType<typeof readSplit>>) => spans.map((s) => ({ address: s.address, byteLength: s.byteLength, readable: s.bytes !== undefined }));

describe('readSplit', () => {
  it('reads a mapped window in one read', async () => {
    const reads: { address: number; byteLength: number }[] = [];
    const spans = await readSplit(memoryMap(reads), 0x08000100, 0x08000300);
    assert.deepEqual(plain(spans), [{ address: 0x08000100, byteLength: 0x200, readable: true }]);
    assert.deepEqual([...spans[0].bytes!], Array.from({ length: 0x200 }, (_, k) => byteAt(0x08000100 + k)));
    assert.equal(reads.length, 1);
  });

  it('splits a window across the flash base into an unreadable and a readable span', async () => {
    const reads: { address: number; byteLength: number }[] = [];
    const spans = await readSplit(memoryMap(reads), 0x07ffff00, 0x08000100);
    assert.deepEqual(plain(spans), [
      { address: 0x07ffff00, byteLength: 0x100, readable: false },
      { address: 0x08000000, byteLength: 0x100, readable: true },
    ]);
    assert.deepEqual([...spans[1].bytes!], Array.from({ length: 0x100 }, (_, k) => byteAt(0x08000000 + k)));
    assert.equal(reads.length, 3, 'the failed read, then one per side of the flash base');
  });

  it('gives readable, unreadable, readable spans and joins the pieces of each', async () => {
    const from = SRAM.address + SRAM.byteLength - 0x800;
    const spans = await readSplit(memoryMap([]), 0x1fffff00, from + 0x1000);
    assert.deepEqual(plain(spans), [
      { address: 0x1fffff00, byteLength: 0x100, readable: false },
      { address: SRAM.address, byteLength: SRAM.byteLength, readable: true },
      { address: SRAM.address + SRAM.byteLength, byteLength: 0x800, readable: false },
    ]);
  });

  it('does not split an unreadable window below REGION_ALIGNMENT_BYTES', async () => {
    const reads: { address: number; byteLength: number }[] = [];
    const spans = await readSplit(memoryMap(reads), 0x40000010, 0x40000010 + REGION_ALIGNMENT_BYTES - 0x20);
    assert.deepEqual(plain(spans), [{ address: 0x40000010, byteLength: REGION_ALIGNMENT_BYTES - 0x20, readable: false }]);
    assert.equal(reads.length, 1);
  });

  it('reads nothing for an empty window', async () => {
    const reads: { address: number; byteLength: number }[] = [];
    assert.deepEqual(await readSplit(memoryMap(reads), 0x08000000, 0x08000000), []);
    assert.equal(reads.length, 0);
  });
});
