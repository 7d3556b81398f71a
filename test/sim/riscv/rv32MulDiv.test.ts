// Tests of the M extension: every operation on edge values against 64-bit BigInt arithmetic and
// the Unprivileged Spec's table 7.1 (division by zero, overflow), then each instruction as
// riscv64-unknown-elf-gcc encodes it, executed by the core.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { mulDiv } from './rv32MulDiv';
import { BatchAssembler } from './rv32Fixture';

const INT_MIN = -0x80000000;
const edges = [0, 1, -1, 2, -2, 3, 7, -7, 0x7fffffff, INT_MIN, 0x10000, 0xffff, 0x12345678, -0x12345678, 0x55555555, -0x55555556];

const s = (n: number) => BigInt(n | 0);
const u = (n: number) => BigInt(n >>> 0);
const low32 = (n: bigint) => Number(BigInt.asIntN(32, n));

/** The spec's result of each funct3, computed on BigInt (table 7.1 for the special cases). */
const oracle: Record<string, { funct3: number; compute: (a: number, b: number) => number }> = {
  mul: { funct3: 0, compute: (a, b) => low32(s(a) * s(b)) },
  mulh: { funct3: 1, compute: (a, b) => low32((s(a) * s(b)) >> 32n) },
  mulhsu: { funct3: 2, compute: (a, b) => low32((s(a) * u(b)) >> 32n) },
  mulhu: { funct3: 3, compute: (a, b) => low32((u(a) * u(b)) >> 32n) },
  div: { funct3: 4, compute: (a, b) => (b === 0 ? -1 : a === INT_MIN && b === -1 ? INT_MIN : low32(s(a) / s(b))) },
  divu: { funct3: 5, compute: (a, b) => (b === 0 ? -1 : low32(u(a) / u(b))) },
  rem: { funct3: 6, compute: (a, b) => (b === 0 ? a : a === INT_MIN && b === -1 ? 0 : low32(s(a) % s(b))) },
  remu: { funct3: 7, compute: (a, b) => (b === 0 ? a : low32(u(a) % u(b))) },
};

describe('M extension arithmetic', () => {
  for (const [name, { funct3, compute }] of Object.entries(oracle)) {
    it(`${name} on ${edges.length}x${edges.length} edge pairs and 2,000 seeded pairs equals BigInt arithmetic`, () => {
      const pairs: [number, number][] = edges.flatMap((a) => edges.map((b): [number, number] => [a, b]));
      let seed = 0x2545f491;
      const next = () => (seed = (Math.imul(seed, 1664525) + 1013904223) | 0);
      for (let i = 0; i < 2000; i++) pairs.push([next(), next() >> (i % 32)]);
      for (const [a, b] of pairs) assert.equal(mulDiv(funct3, a, b), compute(a, b), `${name}(${a}, ${b})`);
    });
  }
  it('division by zero and overflow give table 7.1', () => {
    assert.deepEqual([4, 5, 6, 7].map((f) => mulDiv(f, 42, 0)), [-1, -1, 42, 42]);
    assert.deepEqual([mulDiv(4, INT_MIN, -1), mulDiv(6, INT_MIN, -1)], [INT_MIN, 0]);
  });
});

describe('M extension instructions', () => {
  const asm = new BatchAssembler();
  const ops = Object.keys(oracle);
  const program = asm.add(ops.map((op, i) => `${op} x${10 + i}, x5, x6`).join('; '));
  for (const [a, b] of [[-7, 2], [INT_MIN, -1], [0x12345678, 0], [-1, -1]]) {
    it(`each of ${ops.join(', ')} on ${a}, ${b} writes the spec's result to rd`, () => {
      const { core } = program.core({ 5: a, 6: b });
      for (let i = 0; i < ops.length; i++) assert.deepEqual(core.step(), { kind: 'retired' });
      ops.forEach((op, i) => assert.equal(core.x[10 + i], oracle[op].compute(a, b), op));
    });
  }
});
