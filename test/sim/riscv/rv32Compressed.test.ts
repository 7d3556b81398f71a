// Tests of RV32C: each compressed instruction's expansion against the 32-bit instruction
// riscv64-unknown-elf-gcc encodes for it (Unprivileged Spec 20191213 tables 16.5-16.7), reserved
// encodings, and the behaviour that differs from the expansion (link pc + 2, fetch of halfwords).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CAUSE, CSR, type Rv32Core } from './rv32Core';
import { expandCompressed, ILLEGAL } from './rv32Compressed';
import { BatchAssembler, RAM_BASE, RAM_BYTE_SIZE } from './rv32Fixture';

const asm = new BatchAssembler();
const hex = (n: number) => `0x${(n >>> 0).toString(16)}`;

/** [compressed, its 32-bit equivalent]; immediates at both ends of their ranges. */
const pairs: [string, string][] = [
  ['c.addi4spn x8, x2, 4', 'addi x8, x2, 4'],
  ['c.addi4spn x15, x2, 1020', 'addi x15, x2, 1020'],
  ['c.lw x9, 0(x10)', 'lw x9, 0(x10)'],
  ['c.lw x15, 124(x8)', 'lw x15, 124(x8)'],
  ['c.sw x9, 64(x14)', 'sw x9, 64(x14)'],
  ['c.sw x15, 124(x8)', 'sw x15, 124(x8)'],
  ['c.nop', 'addi x0, x0, 0'],
  ['c.addi x10, -32', 'addi x10, x10, -32'],
  ['c.addi x31, 31', 'addi x31, x31, 31'],
  ['c.li x5, -1', 'addi x5, x0, -1'],
  ['c.li x31, 31', 'addi x31, x0, 31'],
  ['c.addi16sp x2, -512', 'addi x2, x2, -512'],
  ['c.addi16sp x2, 496', 'addi x2, x2, 496'],
  ['c.lui x10, 1', 'lui x10, 1'],
  ['c.lui x31, 0xfffe0', 'lui x31, 0xfffe0'],
  ['c.lui x3, 0x1f', 'lui x3, 0x1f'],
  ['c.srli x8, 1', 'srli x8, x8, 1'],
  ['c.srli x15, 31', 'srli x15, x15, 31'],
  ['c.srai x9, 31', 'srai x9, x9, 31'],
  ['c.andi x10, -32', 'andi x10, x10, -32'],
  ['c.andi x11, 31', 'andi x11, x11, 31'],
  ['c.sub x8, x15', 'sub x8, x8, x15'],
  ['c.xor x9, x14', 'xor x9, x9, x14'],
  ['c.or x10, x13', 'or x10, x10, x13'],
  ['c.and x11, x12', 'and x11, x11, x12'],
  ['c.beqz x8, .+254', 'beq x8, x0, .+254'],
  ['c.bnez x15, .-256', 'bne x15, x0, .-256'],
  ['c.beqz x9, .+2', 'beq x9, x0, .+2'],
  ['c.j .+2046', 'jal x0, .+2046'],
  ['c.j .-2048', 'jal x0, .-2048'],
  ['c.jal .+1366', 'jal x1, .+1366'],
  ['c.jal .-1366', 'jal x1, .-1366'],
  ['c.slli x1, 1', 'slli x1, x1, 1'],
  ['c.slli x31, 31', 'slli x31, x31, 31'],
  ['c.lwsp x1, 0(x2)', 'lw x1, 0(x2)'],
  ['c.lwsp x31, 252(x2)', 'lw x31, 252(x2)'],
  ['c.swsp x0, 0(x2)', 'sw x0, 0(x2)'],
  ['c.swsp x31, 252(x2)', 'sw x31, 252(x2)'],
  ['c.jr x1', 'jalr x0, 0(x1)'],
  ['c.jalr x31', 'jalr x1, 0(x31)'],
  ['c.mv x10, x11', 'add x10, x0, x11'],
  ['c.add x31, x1', 'add x31, x31, x1'],
  ['c.ebreak', 'ebreak'],
];
/** Both forms at the same pc: each pair is its own program, the 32-bit form right after .balign 4. */
const pairPrograms = pairs.map(([compressed, full]) => ({ compressed: asm.add(compressed), full: asm.add(full) }));

describe('RV32C expansions equal what the assembler encodes for the 32-bit form', () => {
  it('every instruction of tables 16.5-16.7 (RV32, no F/D), at the ends of its immediate range', () => {
    pairs.forEach(([compressed, full], i) => {
      const { compressed: c, full: f } = pairPrograms[i];
      const { bus } = c.core();
      const halfword = bus.read16(c.address);
      assert.notEqual(halfword & 3, 3, `${compressed} assembled compressed`);
      // Branch and jump targets are pc-relative: assemble both at the same offset from their labels.
      assert.equal(hex(expandCompressed(halfword)), hex(bus.read32(f.address)), `${compressed} -> ${full}`);
    });
  });
  it('reserved and unsupported encodings expand to ILLEGAL', () => {
    const reserved: Record<string, number> = {
      'all zeros (C.ADDI4SPN nzuimm = 0)': 0x0000, 'C.ADDI4SPN nzuimm = 0, rd = x9': 0x0004, 'C.FLD': 0x2000, 'C.FLW': 0x6000,
      'C.FSD': 0xa000, 'C.FSW': 0xe000, 'quadrant 0, funct3 100': 0x8000, 'C.ADDI16SP 0': 0x6101, 'C.LUI 0': 0x6501,
      'C.SRLI shamt[5] = 1': 0x9001, 'C.SRAI shamt[5] = 1': 0x9401, 'C.SUBW': 0x9c01, 'C.ADDW': 0x9c21,
      'C.SLLI shamt[5] = 1': 0x1506, 'C.FLDSP': 0x2002, 'C.LWSP rd = 0': 0x4002, 'C.FLWSP': 0x6002,
      'C.JR rs1 = 0': 0x8002, 'C.FSDSP': 0xa002, 'C.FSWSP': 0xe002,
    };
    for (const [name, halfword] of Object.entries(reserved)) assert.equal(expandCompressed(halfword), ILLEGAL, name);
  });
});

/** Runs `count` steps that must all retire. */
function retire(core: Rv32Core, count: number): void {
  for (let i = 0; i < count; i++) assert.deepEqual(core.step(), { kind: 'retired' }, `step ${i} at ${hex(core.pc)}`);
}

describe('RV32C execution', () => {
  const jal = asm.add('c.jal 1f; c.nop; 1: c.jalr x1');
  it('C.JAL and C.JALR link pc + 2; C.JALR jumps to the old rs1 when rs1 = x1', () => {
    const { core } = jal.core();
    retire(core, 1);
    assert.equal(hex(core.x[1]), hex(jal.address + 2));
    assert.equal(hex(core.pc), hex(jal.address + 4));
    retire(core, 1);
    assert.equal(hex(core.pc), hex(jal.address + 2), 'jumped to the old x1');
    assert.equal(hex(core.x[1]), hex(jal.address + 6));
  });
  const mixed = asm.add('c.nop; addi x10, x0, 77; c.mv x11, x10; c.ebreak');
  it('a 32-bit instruction at pc % 4 = 2 is fetched as two halfwords; C.EBREAK reports length 2', () => {
    const { core } = mixed.core();
    retire(core, 3);
    assert.equal(core.x[11], 77);
    assert.equal(hex(core.pc), hex(mixed.address + 8));
    assert.deepEqual(core.step(), { kind: 'ebreak', length: 2 });
    assert.equal(hex(core.pc), hex(mixed.address + 8));
  });
  const stack = asm.add('c.swsp x10, 8(x2); c.lwsp x11, 8(x2); c.addi16sp x2, -16; c.addi4spn x8, x2, 24; c.lw x9, 0(x8)');
  it('stack-relative loads and stores address memory through x2', () => {
    const sp = RAM_BASE + 0x9000;
    const { core, bus } = stack.core({ 2: sp, 10: -5 });
    retire(core, 5);
    assert.equal(bus.read32(sp + 8), 0xfffffffb);
    assert.equal(core.x[11], -5);
    assert.equal(hex(core.x[2]), hex(sp - 16));
    assert.equal(hex(core.x[8]), hex(sp + 8));
    assert.equal(core.x[9], -5);
  });
  const illegal = asm.add('.half 0; c.nop');
  it('the halfword 0x0000 traps as an illegal instruction with mtval 0', () => {
    const { core } = illegal.core();
    core.writeCsr(CSR.mtvec, illegal.address + 2);
    assert.deepEqual(core.step(), { kind: 'trap', cause: CAUSE.illegalInstruction, tval: 0 });
    assert.equal(hex(core.readCsr(CSR.mepc)), hex(illegal.address));
  });
  const reserved = asm.add('.half 0x6101');
  it('a reserved compressed encoding traps with its 16 bits in mtval', () => {
    const { core } = reserved.core();
    assert.deepEqual(core.step(), { kind: 'trap', cause: CAUSE.illegalInstruction, tval: 0x6101 });
  });
  it('a 32-bit instruction whose upper half lies outside memory is an instruction access fault at its pc', () => {
    const { core, bus } = illegal.core();
    const last = RAM_BASE + RAM_BYTE_SIZE - 2;
    bus.write16(last, 0x0513); // low half of addi x10, x0, 0
    core.pc = last;
    assert.deepEqual(core.step(), { kind: 'trap', cause: CAUSE.instructionAccessFault, tval: last });
  });
});
