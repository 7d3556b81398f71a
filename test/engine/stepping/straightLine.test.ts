// leavesStraightLine and straightLineEnd (src/engine/stepping/straightLine.ts) on real encodings
// decoded by Capstone: Thumb (as the -Og firmware's nested_blocks loop) and RV32IMC.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { InstructionDecoder, type DecodedInstruction } from '../../../src/engine/disassembly';
import { leavesStraightLine, straightLineEnd } from '../../../src/engine/stepping/straightLine';

let thumb: InstructionDecoder;
let riscv: InstructionDecoder;

before(async () => {
  thumb = await InstructionDecoder.create('thumb');
  riscv = await InstructionDecoder.create('riscv32');
});

function one(decoder: InstructionDecoder, bytes: number[]): DecodedInstruction {
  return decoder.decode(Uint8Array.from(bytes), 0x800_0000, 1)[0];
}

/** Code at 0x8000330 from little-endian bytes; instructionAt answers only at its boundaries. */
function code(decoder: InstructionDecoder, bytes: number[]): (address: number) => DecodedInstruction | undefined {
  const list = decoder.decode(Uint8Array.from(bytes), 0x800_0330);
  return (address) => list.find((instruction) => instruction.address === address);
}

describe('leavesStraightLine', () => {
  it('keeps Thumb data processing, loads and stores, including loads that read (not write) pc', () => {
    for (const bytes of [[0x5b, 0x18], [0x01, 0x32], [0x02, 0x2a], [0x01, 0x48], [0x10, 0xb5]]) {
      const instruction = one(thumb, bytes);
      assert.equal(leavesStraightLine(instruction, 'thumb'), false, `${instruction.mnemonic} ${instruction.operands}`);
    }
  });

  it('stops at Thumb branches, calls, returns, pc writes, it, svc, cpsid and undecodable bytes', () => {
    const cases = [[0x06, 0xdc], [0x00, 0xf0, 0x00, 0xf8], [0x70, 0x47], [0x10, 0xbd], [0x87, 0x46], [0x08, 0xbf], [0x00, 0xdf], [0x72, 0xb6], [0x00, 0xde], [0x80, 0x47]];
    for (const bytes of cases) {
      const instruction = one(thumb, bytes);
      assert.equal(leavesStraightLine(instruction, 'thumb'), true, `${instruction.mnemonic} ${instruction.operands}`);
    }
  });

  it('stops at RISC-V branches, jumps and CSR writes, not at arithmetic', () => {
    assert.equal(leavesStraightLine(one(riscv, [0x13, 0x05, 0x15, 0x00]), 'riscv32'), false, 'addi');
    assert.equal(leavesStraightLine(one(riscv, [0x05, 0x05]), 'riscv32'), false, 'c.addi');
    for (const bytes of [[0x63, 0x04, 0xb5, 0x00], [0x01, 0xa0], [0x73, 0x10, 0x05, 0x30], [0x73, 0x00, 0x00, 0x00]]) {
      const instruction = one(riscv, bytes);
      assert.equal(leavesStraightLine(instruction, 'riscv32'), true, `${instruction.mnemonic} ${instruction.operands}`);
    }
  });
});

describe('straightLineEnd', () => {
  // nested_blocks at -Og: adds r3,r3,r1; adds r2,#1; cmp r2,#2; bgt.n; movs r1,r0
  const loop = [0x5b, 0x18, 0x01, 0x32, 0x02, 0x2a, 0x06, 0xdc, 0x01, 0x00];

  it('is the first instruction that may leave straight flow', () => {
    assert.equal(straightLineEnd(0x800_0330, 0x800_033a, code(thumb, loop), 'thumb'), 0x800_0336);
    assert.equal(straightLineEnd(0x800_0336, 0x800_033a, code(thumb, loop), 'thumb'), 0x800_0336, 'the PC itself');
  });

  it('is the end when everything before it falls through, and the PC when the walk misses the end', () => {
    assert.equal(straightLineEnd(0x800_0330, 0x800_0334, code(thumb, loop), 'thumb'), 0x800_0334);
    assert.equal(straightLineEnd(0x800_0330, 0x800_0335, code(thumb, loop), 'thumb'), 0x800_0330);
  });

  it('stops where no instruction is known', () => {
    assert.equal(straightLineEnd(0x800_0330, 0x800_0400, code(thumb, [0x5b, 0x18, 0x01, 0x32]), 'thumb'), 0x800_0334);
  });
});
