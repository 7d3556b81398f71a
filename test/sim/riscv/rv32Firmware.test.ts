// Runs test/firmware/riscv/core-checksum.c, built by riscv64-unknown-elf-gcc at -O0, -Og and -O2,
// on the RV32IMC core from _start to its EBREAK, and checks its results against the same
// computations in JS: compiled code (compressed, M, libgcc's 64-bit division) must agree.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { ElfFile } from '../../../src/elf';
import { optimizationLevels, riscvCoreProgramElf } from '../../helpers/firmware';
import { Rv32Core } from './rv32Core';
import { RamBus, RegionBus } from './rv32Fixture';

/** board.ld's memory: flash 128 KiB at 0x08000000, SRAM 32 KiB at 0x20000000. */
const FLASH = { base: 0x08000000, byteSize: 128 * 1024 };
const SRAM = { base: 0x20000000, byteSize: 32 * 1024 };
const STEP_LIMIT = 20_000_000;

function crc32(data: Uint8Array): number {
  let crc = 0xffffffff;
  for (const byte of data) {
    crc ^= byte;
    for (let bit = 0; bit < 8; bit++) crc = (crc >>> 1) ^ (0xedb88320 & -(crc & 1));
  }
  return ~crc >>> 0;
}

function countPrimes(limit: number): number {
  const composite = new Uint8Array(limit);
  let count = 0;
  for (let n = 2; n < limit; n++) {
    if (composite[n]) continue;
    count++;
    for (let m = n * n; m < limit; m += n) composite[m] = 1;
  }
  return count;
}

/** C's / and % truncate towards zero, like JS on integers; unsigned operands are their 32-bit readings. */
function mixDivisions(): number {
  let sum = 0;
  for (let x = -5000; x <= 5000; x += 37) {
    for (const d of [7, -3, 1000, -1, 65537]) {
      sum = (sum + Math.imul(Math.trunc(x / d), 31) + (x % d)) >>> 0;
      const ux = x >>> 0, ud = d >>> 0;
      sum = (sum ^ (Math.trunc(ux / ud) + (ux % ud))) >>> 0;
    }
  }
  return sum;
}

function wideArithmetic(): number {
  let value = 0x123456789abcdefn;
  let folded = 0;
  for (let i = 1n; i < 40n; i++) {
    value = BigInt.asUintN(64, value * 6364136223846793005n + i);
    folded = (folded ^ Number(BigInt.asUintN(32, value / (i * 977n + 3n) + (value >> 32n)))) >>> 0;
    folded = (folded + Number(BigInt.asUintN(32, BigInt.asIntN(64, value * i) >> 17n))) >>> 0;
  }
  return folded;
}

const fib = (n: number): number => (n < 2 ? n : fib(n - 1) + fib(n - 2));

function expectedResults(): number[] {
  const buffer = new Uint8Array(256);
  let state = 12345;
  for (let i = 0; i < buffer.length; i++) {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    buffer[i] = state >>> 16;
  }
  return [crc32(buffer), countPrimes(2000), mixDivisions(), wideArithmetic(), fib(15), 0x600dc0de];
}

describe('core-checksum.c on the RV32IMC core', () => {
  const expected = expectedResults().map((n) => `0x${n.toString(16)}`);
  for (const level of optimizationLevels) {
    it(`-${level}: runs from _start to its EBREAK and computes what JS computes`, () => {
      const elf = ElfFile.parse(new Uint8Array(readFileSync(riscvCoreProgramElf(level, 'checksum'))));
      const bus = new RegionBus([new RamBus(FLASH.base, FLASH.byteSize), new RamBus(SRAM.base, SRAM.byteSize)]);
      bus.load(elf);
      const core = new Rv32Core(bus);
      core.reset(elf.header.entry);
      let steps = 0;
      for (let result = core.step(); result.kind !== 'ebreak'; result = core.step()) {
        assert.notEqual(result.kind, 'trap', `trap ${JSON.stringify(result)} at mepc 0x${core.readCsr(0x341).toString(16)}`);
        assert.ok(++steps < STEP_LIMIT, `no EBREAK within ${STEP_LIMIT} steps (pc 0x${core.pc.toString(16)})`);
      }
      const results = elf.symbolByName('results');
      assert.ok(results !== undefined, 'symbol results');
      const actual = expected.map((_, i) => `0x${bus.read32(results.address + 4 * i).toString(16)}`);
      assert.deepEqual(actual, expected);
      assert.equal(core.instret, BigInt(steps), 'every step retired one instruction');
    });
  }
});
