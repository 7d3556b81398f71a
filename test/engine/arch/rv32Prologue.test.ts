// The RV32 prologue reader on prologues riscv64-unknown-elf-as assembled (-march=rv32imc; the
// encodings are in the comments): ADDI/C.ADDI/C.ADDI16SP on sp, SW/C.SWSP to the stack.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyzeRv32Prologue } from '../../../src/engine/arch/rv32Prologue';

const halfwords = (...values: number[]) => Uint8Array.from(values.flatMap((h) => [h & 0xff, h >> 8]));
const words = (...values: number[]) => Uint8Array.from(values.flatMap((w) => [w & 0xff, (w >>> 8) & 0xff, (w >>> 16) & 0xff, w >>> 24]));
const RA = 1;
const S0 = 8;

describe('analyzeRv32Prologue', () => {
  // c.addi sp,-32; c.swsp ra,28(sp); c.swsp s0,24(sp); c.addi4spn s0,sp,32; c.li a5,1
  const compressed = halfwords(0x1101, 0xce06, 0xcc22, 0x1000, 0x4785);

  it('compressed: CFA = SP + 32, ra and s0 saved just below the CFA', () => {
    const result = analyzeRv32Prologue(compressed, 0x100, 0x10a);
    assert.equal(result.cfaOffset, 32);
    assert.deepEqual([...result.savedAt], [[RA, -4], [S0, -8]]);
  });

  it('only what ran before the PC counts', () => {
    assert.deepEqual(analyzeRv32Prologue(compressed, 0x100, 0x102), { cfaOffset: 32, savedAt: new Map() });
    assert.deepEqual(analyzeRv32Prologue(compressed, 0x100, 0x100), { cfaOffset: 0, savedAt: new Map() });
  });

  it('C.ADDI16SP: c.addi16sp sp,-64; c.swsp ra,60(sp); the c.jr ends the scan', () => {
    const result = analyzeRv32Prologue(halfwords(0x7139, 0xde06, 0x8082), 0x200, 0x206);
    assert.equal(result.cfaOffset, 64);
    assert.deepEqual([...result.savedAt], [[RA, -4]]);
  });

  it('32-bit: addi sp,sp,-48; sw ra,44(sp); sw s0,40(sp); addi s0,sp,48; lui a5; mul ends it', () => {
    const code = words(0xfd010113, 0x02112623, 0x02812423, 0x03010413, 0x123457b7, 0x02c58533, 0xfe010113);
    const result = analyzeRv32Prologue(code, 0x300, 0x300 + code.length);
    assert.equal(result.cfaOffset, 48);
    assert.deepEqual([...result.savedAt], [[RA, -4], [S0, -8]]);
  });

  it('a leaf that touches no stack saves nothing (its return address stays in ra)', () => {
    assert.deepEqual(analyzeRv32Prologue(halfwords(0x450d, 0x8082), 0x400, 0x404), { cfaOffset: 0, savedAt: new Map() });
  });
});
