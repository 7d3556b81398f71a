// The instruction decoder's classification, on hand-assembled encodings (ARMv6-M A6.7, RISC-V
// unprivileged spec ch. 2 and 16): what the stepper relies on to find calls and returns.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { InstructionDecoder } from '../../../src/engine/disassembly';

const bytes = (...halfwordsOrWords: [number, 2 | 4][]) =>
  Uint8Array.from(halfwordsOrWords.flatMap(([value, size]) => Array.from({ length: size }, (_, i) => (value >>> (8 * i)) & 0xff)));

describe('InstructionDecoder', () => {
  it('Thumb: BL and BLX are calls with their targets, BX LR and POP {pc} are returns, B is neither', async () => {
    const decoder = await InstructionDecoder.create('thumb');
    try {
      // bl <+0x20> (f000 f80e at 0x1000 -> 0x1020); blx r3; bx lr; pop {r4, pc}; b . ; movs r0, #1
      const code = bytes([0xf000, 2], [0xf80e, 2], [0x4798, 2], [0x4770, 2], [0xbd10, 2], [0xe7fe, 2], [0x2001, 2]);
      const list = decoder.decode(code, 0x1000);
      assert.deepEqual(list.map((i) => [i.address, i.mnemonic, i.isCall, i.isReturn]), [
        [0x1000, 'bl', true, false], [0x1004, 'blx', true, false], [0x1006, 'bx', false, true],
        [0x1008, 'pop', false, true], [0x100a, 'b', false, false], [0x100c, 'movs', false, false],
      ]);
      assert.equal(list[0].branchTarget, 0x1020);
      assert.equal(list[4].branchTarget, 0x100a);
      assert.equal(list[1].branchTarget, undefined, 'a register call has no static target');
    } finally {
      decoder.close();
    }
  });

  it('Thumb: bytes that decode to nothing become .short data and decoding moves on', async () => {
    const decoder = await InstructionDecoder.create('thumb');
    try {
      // A lone first half of a 32-bit BL at the end of the buffer cannot decode.
      const list = decoder.decode(bytes([0x2001, 2], [0xf000, 2]), 0x2000);
      assert.deepEqual(list.map((i) => [i.mnemonic, i.operands, i.invalid]), [['movs', 'r0, #1', false], ['.short', '0xf000', true]]);
    } finally {
      decoder.close();
    }
  });

  it('RISC-V: JAL/JALR linking ra are calls, ret and c.jr ra are returns', async () => {
    const decoder = await InstructionDecoder.create('riscv32');
    try {
      // jal ra, +16; jalr ra, 0(a5); jalr zero, 0(ra) (ret); c.jr ra; addi a0, zero, 0
      const code = bytes([0x010000ef, 4], [0x000780e7, 4], [0x00008067, 4], [0x8082, 2], [0x00000513, 4]);
      const list = decoder.decode(code, 0x8000_0000);
      assert.deepEqual(list.map((i) => [i.address - 0x8000_0000, i.byteLength, i.isCall, i.isReturn]), [
        [0, 4, true, false], [4, 4, true, false], [8, 4, false, true], [12, 2, false, true], [14, 4, false, false],
      ]);
    } finally {
      decoder.close();
    }
  });
});
