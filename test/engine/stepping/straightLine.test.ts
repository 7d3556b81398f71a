// straightLineEnd (src/engine/stepping/straightLine.ts) with the Cortex-M and RV32 architectures'
// endsStraightRun and inConditionalBlock (arch/thumbFlow.ts, arch/rv32Flow.ts), on real encodings
// decoded by Capstone: Thumb (as the -Og firmware's nested_blocks loop) and RV32IMC.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { cortexMArchitecture, RV32_ARCHITECTURE, type Architecture } from '../../../src/engine/arch';
import { InstructionDecoder, type DecodedInstruction } from '../../../src/engine/disassembly';
import { straightLineEnd } from '../../../src/engine/stepping/straightLine';

let thumb: InstructionDecoder;
let riscv: InstructionDecoder;

before(async () => {
  thumb = await InstructionDecoder.create('thumb');
  riscv = await InstructionDecoder.create('riscv32');
});

function one(decoder: InstructionDecoder, bytes: number[]): DecodedInstruction {
  return decoder.decode(Uint8Array.from(bytes), 0x800_0000, 1)[0];
}

const CORTEX_M = cortexMArchitecture('armv6m');

/** True when a run from this instruction ends before it: straightLineEnd stays at its address. */
function endsRun(instruction: DecodedInstruction, architecture: Architecture): boolean {
  return straightLineEnd(instruction.address, instruction.address + instruction.byteLength, () => instruction, architecture) === instruction.address;
}

/** Code at 0x8000330 from little-endian bytes; instructionAt answers only at its boundaries. */
function code(decoder: InstructionDecoder, bytes: number[]): (address: number) => DecodedInstruction | undefined {
  const list = decoder.decode(Uint8Array.from(bytes), 0x800_0330);
  return (address) => list.find((instruction) => instruction.address === address);
}

describe('what ends a straight run', () => {
  it('keeps Thumb data processing, loads and stores, including loads that read (not write) pc', () => {
    for (const bytes of [[0x5b, 0x18], [0x01, 0x32], [0x02, 0x2a], [0x01, 0x48], [0x01, 0x98]]) {
      const instruction = one(thumb, bytes);
      assert.equal(endsRun(instruction, CORTEX_M), false, `${instruction.mnemonic} ${instruction.operands}`);
    }
  });

  it('stops at Thumb branches, calls, returns, pc writes, it, svc, cpsid and undecodable bytes', () => {
    const cases = [[0x06, 0xdc], [0x00, 0xf0, 0x00, 0xf8], [0x70, 0x47], [0x10, 0xbd], [0x87, 0x46], [0x08, 0xbf], [0x00, 0xdf], [0x72, 0xb6], [0x00, 0xde], [0x80, 0x47]];
    for (const bytes of cases) {
      const instruction = one(thumb, bytes);
      assert.equal(endsRun(instruction, CORTEX_M), true, `${instruction.mnemonic} ${instruction.operands}`);
    }
  });

  it('stops at RISC-V branches, jumps and CSR writes, not at arithmetic', () => {
    assert.equal(endsRun(one(riscv, [0x13, 0x05, 0x15, 0x00]), RV32_ARCHITECTURE), false, 'addi');
    assert.equal(endsRun(one(riscv, [0x05, 0x05]), RV32_ARCHITECTURE), false, 'c.addi');
    for (const bytes of [[0x63, 0x04, 0xb5, 0x00], [0x01, 0xa0], [0x73, 0x10, 0x05, 0x30], [0x73, 0x00, 0x00, 0x00]]) {
      const instruction = one(riscv, bytes);
      assert.equal(endsRun(instruction, RV32_ARCHITECTURE), true, `${instruction.mnemonic} ${instruction.operands}`);
    }
  });
});

describe('a straight run ends before an SP write', () => {
  it('Thumb push, pop, add/sub/mov sp and writebacks through sp', () => {
    // push {r4, lr}; pop {r4, r5, r6, pc}; add sp, #8; sub sp, #8; mov sp, r7; stmdb sp!, {r4, lr}; ldr r0, [sp], #4; str r0, [sp, #-4]!
    const cases = [[0x10, 0xb5], [0x70, 0xbd], [0x02, 0xb0], [0x82, 0xb0], [0xbd, 0x46], [0x2d, 0xe9, 0x10, 0x40], [0x5d, 0xf8, 0x04, 0x0b], [0x4d, 0xf8, 0x04, 0x0d]];
    for (const bytes of cases) {
      const instruction = one(thumb, bytes);
      assert.equal(endsRun(instruction, CORTEX_M), true, `${instruction.mnemonic} ${instruction.operands}`);
    }
  });

  it('not before Thumb reads through sp or sp as a source', () => {
    // ldr r0, [sp, #4]; add r7, sp, #0; mov r0, sp; str r0, [sp, #4]
    for (const bytes of [[0x01, 0x98], [0x00, 0xaf], [0x68, 0x46], [0x01, 0x90]]) {
      const instruction = one(thumb, bytes);
      assert.equal(endsRun(instruction, CORTEX_M), false, `${instruction.mnemonic} ${instruction.operands}`);
    }
  });

  it('RISC-V instructions whose rd is sp, not loads through sp', () => {
    // addi sp, sp, -16; c.addi16sp sp, -32; lw a0, 12(sp)
    assert.equal(endsRun(one(riscv, [0x13, 0x01, 0x01, 0xff]), RV32_ARCHITECTURE), true, 'addi sp');
    assert.equal(endsRun(one(riscv, [0x01, 0x71]), RV32_ARCHITECTURE), true, 'c.addi16sp');
    assert.equal(endsRun(one(riscv, [0x03, 0x25, 0xc1, 0x00]), RV32_ARCHITECTURE), false, 'lw a0, 12(sp)');
  });
});

describe('straightLineEnd', () => {
  // nested_blocks at -Og: adds r3,r3,r1; adds r2,#1; cmp r2,#2; bgt.n; movs r1,r0
  const loop = [0x5b, 0x18, 0x01, 0x32, 0x02, 0x2a, 0x06, 0xdc, 0x01, 0x00];

  it('is the first instruction that may leave straight flow', () => {
    assert.equal(straightLineEnd(0x800_0330, 0x800_033a, code(thumb, loop), CORTEX_M), 0x800_0336);
    assert.equal(straightLineEnd(0x800_0336, 0x800_033a, code(thumb, loop), CORTEX_M), 0x800_0336, 'the PC itself');
  });

  it('is the end when everything before it falls through, and the PC when the walk misses the end', () => {
    assert.equal(straightLineEnd(0x800_0330, 0x800_0334, code(thumb, loop), CORTEX_M), 0x800_0334);
    assert.equal(straightLineEnd(0x800_0330, 0x800_0335, code(thumb, loop), CORTEX_M), 0x800_0330);
  });

  it('ends before an instruction that writes sp (round_once at -Og: adds; adds; add sp, #8; pop)', () => {
    const epilogue = [0xa4, 0x19, 0x60, 0x19, 0x02, 0xb0, 0x70, 0xbd];
    assert.equal(straightLineEnd(0x800_0330, 0x800_0338, code(thumb, epilogue), CORTEX_M), 0x800_0334);
  });

  it('stops where no instruction is known', () => {
    assert.equal(straightLineEnd(0x800_0330, 0x800_0400, code(thumb, [0x5b, 0x18, 0x01, 0x32]), CORTEX_M), 0x800_0334);
  });
});

describe('inConditionalBlock', () => {
  it('is true on Cortex-M when xPSR holds IT state, false outside an IT block and on RV32', () => {
    assert.equal(CORTEX_M.inConditionalBlock(new Map([['xPSR', 0x0100_1800n]])), true, 'ITSTATE in [15:10]');
    assert.equal(CORTEX_M.inConditionalBlock(new Map([['xPSR', 0x0200_0000n]])), true, 'ITSTATE in [26:25]');
    assert.equal(CORTEX_M.inConditionalBlock(new Map([['xPSR', 0x6100_0000n]])), false, 'T bit and flags only');
    assert.equal(RV32_ARCHITECTURE.inConditionalBlock(new Map([['mstatus', 0x1888n]])), false);
  });
});
