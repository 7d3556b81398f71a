// Instruction-level tests of the RV32I base, Zicsr, traps and interrupts of the RV32IMC core, on
// programs assembled by riscv64-unknown-elf-gcc (rv32Fixture.ts). Expected values follow the
// RISC-V Unprivileged Spec 20191213 (chapter 2) and Privileged Spec 1.11 (chapter 3).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CAUSE, CSR, Rv32BusError, Rv32Core, Rv32IllegalCsr, type Rv32StepResult } from './rv32Core';
import { BatchAssembler, DATA_BASE, RAM_BASE, RamBus } from './rv32Fixture';

const asm = new BatchAssembler();
const u32 = (n: number) => n >>> 0;
const hex = (n: number) => `0x${u32(n).toString(16)}`;

/** Runs `count` steps (default: one per line of the source); every one must retire. */
function runRetired(core: Rv32Core, count: number): void {
  for (let i = 0; i < count; i++) assert.deepEqual(core.step(), { kind: 'retired' }, `step ${i} at ${hex(core.pc)}`);
}

/**
 * Declares a test: `source` runs from registers `regs` for one step per line (or `steps`), and
 * x[n] must equal expected[n] (compared unsigned).
 */
function check(name: string, source: string, regs: Record<number, number>, expected: Record<number, number>, steps?: number): void {
  const program = asm.add(source);
  it(name, () => {
    const { core } = program.core(regs);
    runRetired(core, steps ?? source.split(';').length);
    for (const [n, value] of Object.entries(expected)) assert.equal(hex(core.x[Number(n)]), hex(value), `x${n}`);
  });
}

/** One step of `program` that must take a trap with this cause and tval. */
function expectTrap(core: Rv32Core, cause: number, tval: number): void {
  const pc = core.pc;
  const result: Rv32StepResult = core.step();
  assert.deepEqual(result, { kind: 'trap', cause, tval });
  assert.equal(hex(core.readCsr(CSR.mepc)), hex(pc), 'mepc is the faulting instruction');
  assert.equal(core.readCsr(CSR.mcause), u32(cause));
  assert.equal(hex(core.readCsr(CSR.mtval)), hex(tval));
  assert.equal(hex(core.pc), hex(core.readCsr(CSR.mtvec)), 'pc = mtvec');
}

describe('RV32I: upper immediates and jumps', () => {
  check('LUI places imm[31:12] and clears the low bits', 'lui x10, 0xfffff', { 10: 0x123 }, { 10: 0xfffff000 });
  check('writes to x0 are ignored', 'lui x0, 1; addi x0, x0, 5', {}, { 0: 0 });
  const auipc = asm.add('auipc x10, 0x80000; auipc x11, 1');
  it('AUIPC adds to its own pc, wrapping at 2^32', () => {
    const { core } = auipc.core();
    runRetired(core, 2);
    assert.equal(hex(core.x[10]), hex(auipc.address + 0x80000000));
    assert.equal(hex(core.x[11]), hex(auipc.address + 4 + 0x1000));
  });
  const jal = asm.add('jal x1, 1f; addi x10, x0, 1; 1: addi x11, x0, 2; jal x0, .-4');
  it('JAL links pc + 4 and jumps forwards and backwards', () => {
    const { core } = jal.core();
    runRetired(core, 2);
    assert.equal(hex(core.x[1]), hex(jal.address + 4));
    assert.equal(core.x[10], 0, 'the skipped instruction did not run');
    assert.equal(core.x[11], 2);
    runRetired(core, 1);
    assert.equal(hex(core.pc), hex(jal.address + 8));
  });
  const jalr = asm.add('jalr x1, 3(x5); .word 0; jalr x5, -4(x5)');
  it('JALR clears bit 0 of the target, and reads rs1 before writing rd = rs1', () => {
    const { core } = jalr.core({ 5: jalr.address + 5 });
    runRetired(core, 1);
    assert.equal(hex(core.pc), hex(jalr.address + 8), '(address + 5 + 3) & ~1');
    assert.equal(hex(core.x[1]), hex(jalr.address + 4));
    runRetired(core, 1);
    assert.equal(hex(core.pc), hex(jalr.address), 'target from the old x5: (address + 5 - 4) & ~1');
    assert.equal(hex(core.x[5]), hex(jalr.address + 12));
  });
});

describe('RV32I: branches', () => {
  const cases: [string, number, number, boolean][] = [
    ['beq', 5, 5, true], ['beq', 5, 6, false], ['bne', 5, 6, true], ['bne', -1, -1, false],
    ['blt', -1, 1, true], ['blt', 1, -1, false], ['bge', 1, -1, true], ['bge', -2, -1, false], ['bge', 7, 7, true],
    ['bltu', 1, -1, true], ['bltu', -1, 1, false], ['bgeu', -1, 1, true], ['bgeu', 1, -1, false], ['bgeu', 0, 0, true],
  ];
  for (const [op, a, b, taken] of cases) {
    const program = asm.add(`${op} x10, x11, 1f; nop; 1: nop`);
    it(`${op} ${a}, ${b} is ${taken ? 'taken' : 'not taken'}`, () => {
      const { core } = program.core({ 10: a, 11: b });
      runRetired(core, 1);
      assert.equal(hex(core.pc), hex(program.address + (taken ? 8 : 4)));
    });
  }
  const backwards = asm.add('nop; bne x10, x0, .-4');
  it('a taken branch goes backwards with a negative offset', () => {
    const { core } = backwards.core({ 10: 1 });
    runRetired(core, 2);
    assert.equal(hex(core.pc), hex(backwards.address));
  });
});

describe('RV32I: loads and stores', () => {
  const loads = asm.add('lb x10, 0(x5); lbu x11, 0(x5); lh x12, 2(x5); lhu x13, 2(x5); lw x14, 4(x5); lw x15, -4(x6)');
  it('LB/LH sign-extend, LBU/LHU zero-extend, LW with positive and negative offsets', () => {
    const { core, bus } = loads.core({ 5: DATA_BASE, 6: DATA_BASE + 8 });
    bus.bytes.set([0x80, 0x7f, 0xfe, 0xff, 0x78, 0x56, 0x34, 0x92], DATA_BASE - RAM_BASE);
    runRetired(core, 6);
    assert.deepEqual([...core.x.slice(10, 16)].map(hex), [-128, 0x80, -2, 0xfffe, 0x92345678, 0x92345678].map(hex));
  });
  const stores = asm.add('sb x10, 0(x5); sh x10, 2(x5); sw x10, 4(x5); sw x11, -8(x6)');
  it('SB/SH/SW store the low bytes little-endian', () => {
    const { core, bus } = stores.core({ 5: DATA_BASE, 6: DATA_BASE + 16, 10: 0x89abcdef, 11: -1 });
    runRetired(core, 4);
    const at = DATA_BASE - RAM_BASE;
    assert.deepEqual([...bus.bytes.slice(at, at + 12)], [0xef, 0, 0xef, 0xcd, 0xef, 0xcd, 0xab, 0x89, 0xff, 0xff, 0xff, 0xff]);
  });
  const misaligned = asm.add('lw x10, 2(x5); lh x10, 1(x5); lhu x10, 3(x5); sw x10, 1(x5); sh x10, 1(x5); lb x11, 1(x5); sb x11, 3(x5)');
  it('misaligned LW/LH/LHU trap with cause 4, SW/SH with cause 6, tval the address; bytes never do', () => {
    const { core } = misaligned.core({ 5: DATA_BASE });
    const faults = [[CAUSE.loadAddressMisaligned, 2], [CAUSE.loadAddressMisaligned, 1], [CAUSE.loadAddressMisaligned, 3], [CAUSE.storeAddressMisaligned, 1], [CAUSE.storeAddressMisaligned, 1]];
    faults.forEach(([cause, offset], i) => {
      core.pc = misaligned.address + 4 * i;
      expectTrap(core, cause, DATA_BASE + offset);
    });
    core.pc = misaligned.address + 20;
    runRetired(core, 2);
  });
  const faults = asm.add('lw x10, 0(x0); sw x10, 0(x0); lbu x10, -1(x5)');
  it('loads and stores outside memory trap with access faults (5, 7)', () => {
    const { core } = faults.core({ 5: RAM_BASE, 10: 42 });
    expectTrap(core, CAUSE.loadAccessFault, 0);
    assert.equal(core.x[10], 42, 'rd unchanged');
    core.pc = faults.address + 4;
    expectTrap(core, CAUSE.storeAccessFault, 0);
    core.pc = faults.address + 8;
    expectTrap(core, CAUSE.loadAccessFault, RAM_BASE - 1);
  });
  const fetch = asm.add('jalr x0, 0(x0)');
  it('fetching outside memory is an instruction access fault (1) at that pc', () => {
    const { core } = fetch.core();
    core.writeCsr(CSR.mtvec, RAM_BASE);
    runRetired(core, 1);
    expectTrap(core, CAUSE.instructionAccessFault, 0);
  });
});

describe('RV32I: integer computation', () => {
  check('ADDI with a negative immediate wraps', 'addi x10, x11, -1', { 11: 0 }, { 10: 0xffffffff });
  check('ADDI at the immediate limits', 'addi x10, x0, 2047; addi x11, x0, -2048', {}, { 10: 2047, 11: -2048 });
  check('SLTI is signed, SLTIU compares the sign-extended immediate unsigned', 'slti x10, x5, 0; sltiu x11, x5, -1; sltiu x12, x6, 1',
    { 5: -1, 6: 0 }, { 10: 1, 11: 0, 12: 1 });
  check('XORI, ORI, ANDI sign-extend their immediate', 'xori x10, x5, -1; ori x11, x5, 0x700; andi x12, x5, -16', { 5: 0x1234567f },
    { 10: ~0x1234567f, 11: 0x1234577f, 12: 0x12345670 });
  check('SLLI, SRLI, SRAI by 0 and 31', 'slli x10, x5, 31; srli x11, x5, 31; srai x12, x5, 31; srai x13, x5, 0', { 5: 0x80000001 },
    { 10: 0x80000000, 11: 1, 12: 0xffffffff, 13: 0x80000001 });
  check('ADD and SUB wrap at 2^32', 'add x10, x5, x6; sub x11, x7, x6', { 5: 0x7fffffff, 6: 1, 7: 0x80000000 },
    { 10: 0x80000000, 11: 0x7fffffff });
  check('SLL, SRL, SRA use rs2[4:0] only', 'sll x10, x5, x6; srl x11, x5, x6; sra x12, x5, x6', { 5: 0x80000010, 6: 33 },
    { 10: 0x20, 11: 0x40000008, 12: 0xc0000008 });
  check('SLT is signed, SLTU unsigned', 'slt x10, x5, x6; sltu x11, x5, x6; sltu x12, x0, x6', { 5: -1, 6: 1 }, { 10: 1, 11: 0, 12: 1 });
  check('XOR, OR, AND', 'xor x10, x5, x6; or x11, x5, x6; and x12, x5, x6', { 5: 0xff00ff00, 6: 0x0ff00ff0 },
    { 10: 0xf0f0f0f0, 11: 0xfff0fff0, 12: 0x0f000f00 });
  check('FENCE and FENCE.I retire as no-ops', 'fence; fence.i; fence rw, w', { 10: 7 }, { 10: 7 });
});

describe('RV32I: system instructions and illegal encodings', () => {
  const ecall = asm.add('ecall');
  it('ECALL traps with cause 11 (environment call from M-mode) and tval 0', () => {
    const { core } = ecall.core();
    core.writeCsr(CSR.mtvec, DATA_BASE);
    expectTrap(core, CAUSE.ecallFromM, 0);
    assert.equal(core.instret, 0n, 'a trapping instruction does not retire');
  });
  const ebreak = asm.add('ebreak');
  it('EBREAK is reported, not executed: pc stays, nothing retires', () => {
    const { core } = ebreak.core();
    assert.deepEqual(core.step(), { kind: 'ebreak', length: 4 });
    assert.equal(hex(core.pc), hex(ebreak.address));
    assert.equal(core.instret, 0n);
    assert.equal(core.readCsr(CSR.mcause), 0, 'no trap taken');
  });
  const illegal = asm.add('.word 0xffffffff; .word 0x02051513; .word 0x0000200f; .word 0x40006533; .word 0x00001067; .word 0x00003503; .word 0x00003023; .word 0x00002063; .word 0x10200073');
  it('reserved encodings trap with cause 2 and the instruction in mtval', () => {
    const words = [0xffffffff, 0x02051513, 0x0000200f, 0x40006533, 0x00001067, 0x00003503, 0x00003023, 0x00002063, 0x10200073];
    const { core } = illegal.core();
    core.writeCsr(CSR.mtvec, DATA_BASE);
    words.forEach((word, i) => {
      core.pc = illegal.address + 4 * i;
      expectTrap(core, CAUSE.illegalInstruction, word);
    });
  });
  const wfi = asm.add('wfi');
  it('WFI retires and reports wfi', () => {
    const { core } = wfi.core();
    assert.deepEqual(core.step(), { kind: 'wfi' });
    assert.equal(hex(core.pc), hex(wfi.address + 4));
    assert.equal(core.instret, 1n);
  });
  const trapAndReturn = asm.add('ecall; nop; mret');
  it('a trap moves MIE to MPIE and clears MIE; MRET restores MIE, sets MPIE and jumps to mepc', () => {
    const { core } = trapAndReturn.core();
    core.writeCsr(CSR.mtvec, trapAndReturn.address + 8);
    core.writeCsr(CSR.mstatus, 1 << 3);
    core.step();
    assert.equal(hex(core.readCsr(CSR.mstatus)), hex(0x1880), 'MPP = M, MPIE = 1, MIE = 0');
    core.writeCsr(CSR.mepc, trapAndReturn.address + 4);
    runRetired(core, 1);
    assert.equal(hex(core.pc), hex(trapAndReturn.address + 4));
    assert.equal(hex(core.readCsr(CSR.mstatus)), hex(0x1888), 'MIE = 1, MPIE = 1');
  });
});

describe('Zicsr and the machine CSRs', () => {
  check('CSRRW swaps, CSRRS sets, CSRRC clears, reading the old value',
    'csrrw x10, mscratch, x5; csrrs x11, mscratch, x6; csrrc x12, mscratch, x7; csrrs x13, mscratch, x0',
    { 5: 0xf0f0f0f0, 6: 0x0000000f, 7: 0xf0000000 }, { 10: 0, 11: 0xf0f0f0f0, 12: 0xf0f0f0ff, 13: 0x00f0f0ff });
  check('CSRRWI, CSRRSI, CSRRCI use the 5-bit zero-extended immediate',
    'csrrwi x10, mscratch, 31; csrrsi x11, mscratch, 0; csrrci x12, mscratch, 5; csrr x13, mscratch', {}, { 10: 0, 11: 31, 12: 31, 13: 26 });
  check('misa reads RV32IMC, the ID CSRs read 0', 'csrr x10, misa; csrr x11, mvendorid; csrr x12, marchid; csrr x13, mimpid; csrr x14, mhartid',
    { 11: 1, 12: 1, 13: 1, 14: 1 }, { 10: 0x40001104, 11: 0, 12: 0, 13: 0, 14: 0 });
  check('WARL fields: mtvec direct mode, mepc[0], mstatus MIE/MPIE/MPP, mie, mip read-only',
    'csrw mtvec, x5; csrr x10, mtvec; csrw mepc, x5; csrr x11, mepc; csrw mstatus, x6; csrr x12, mstatus; csrw mie, x6; csrr x13, mie; csrw mip, x6; csrr x14, mip',
    { 5: 0x80000103, 6: -1 }, { 10: 0x80000100, 11: 0x80000102, 12: 0x1888, 13: 0x888, 14: 0 });
  check('the counters: minstret written by the CSR instruction keeps its value, later ones count',
    'csrw minstret, x5; csrr x10, minstret; csrr x11, minstret; csrr x12, cycle; csrr x13, instreth', { 5: 100 }, { 10: 100, 11: 101, 12: 3, 13: 0 });
  const illegalCsr = asm.add('csrw cycle, x5; csrr x10, 0x7c0; csrr x10, dcsr; csrs mvendorid, x5; csrr x10, mhpmcounter3');
  it('writing a read-only CSR, or any access to an unknown one, is an illegal instruction', () => {
    const { core, bus } = illegalCsr.core({ 5: 1 });
    core.writeCsr(CSR.mtvec, DATA_BASE);
    for (let i = 0; i < 4; i++) {
      core.pc = illegalCsr.address + 4 * i;
      expectTrap(core, CAUSE.illegalInstruction, bus.read32(illegalCsr.address + 4 * i));
    }
    core.pc = illegalCsr.address + 16;
    runRetired(core, 1);
    assert.equal(core.x[10], 0, 'mhpmcounter3 is hard-wired to 0');
  });
  it('readCsr/writeCsr throw Rv32IllegalCsr naming the CSR', () => {
    const core = new Rv32Core(new RamBus());
    assert.throws(() => core.readCsr(0x7c0), (e: unknown) => e instanceof Rv32IllegalCsr && e.csr === 0x7c0 && /0x7c0/.test(e.message));
    assert.throws(() => core.writeCsr(CSR.instret, 1), Rv32IllegalCsr);
  });
  it('64-bit counters carry into their high halves and are BigInt properties', () => {
    const bus = new RamBus();
    bus.write32(RAM_BASE, 0x00000013); // nop
    const core = new Rv32Core(bus);
    core.reset(RAM_BASE);
    core.instret = 0xffffffffn;
    core.cycle = (5n << 32n) | 7n;
    core.step();
    assert.equal(core.instret, 0x100000000n);
    assert.equal(core.readCsr(CSR.minstret), 0);
    assert.equal(core.readCsr(CSR.minstreth), 1);
    assert.equal(core.readCsr(CSR.mcycle), 8);
    assert.equal(core.readCsr(CSR.cycleh), 5);
  });
  const debugCsr = asm.add('csrr x10, dpc; csrw dscratch0, x5; csrw dcsr, x5');
  it('CSRs 0x7a0-0x7bf go to the debugCsrs hook; undefined or false is illegal', () => {
    const { core, bus } = debugCsr.core({ 5: 0x1234 });
    const written: [number, number][] = [];
    core.debugCsrs = {
      read: (csr) => (csr === CSR.dpc ? 0xdeadbeef : undefined),
      write: (csr, value) => csr === CSR.dscratch0 && written.push([csr, value]) > 0,
    };
    core.writeCsr(CSR.mtvec, DATA_BASE);
    runRetired(core, 2);
    assert.equal(hex(core.x[10]), '0xdeadbeef');
    assert.deepEqual(written, [[CSR.dscratch0, 0x1234]]);
    expectTrap(core, CAUSE.illegalInstruction, bus.read32(debugCsr.address + 8));
    assert.equal(hex(core.readCsr(CSR.dpc)), '0xdeadbeef');
    assert.throws(() => core.readCsr(CSR.tselect), Rv32IllegalCsr);
  });
});

describe('interrupts', () => {
  const loop = asm.add('nop; nop; nop');
  const setUp = (mstatus: number) => {
    const { core } = loop.core();
    core.writeCsr(CSR.mtvec, DATA_BASE);
    core.writeCsr(CSR.mie, 0x888);
    core.writeCsr(CSR.mstatus, mstatus);
    return core;
  };
  it('a pending enabled interrupt is taken before the next instruction, with bit 31 in mcause', () => {
    const core = setUp(1 << 3);
    runRetired(core, 1);
    core.setInterruptPending(7, true);
    assert.equal(hex(core.readCsr(CSR.mip)), '0x80');
    expectTrap(core, 0x80000007, 0);
    assert.equal(hex(core.readCsr(CSR.mepc)), hex(loop.address + 4), 'the interrupted instruction did not run');
    assert.equal(core.readCsr(CSR.mstatus) & 0x88, 0x80, 'MIE cleared, MPIE set');
  });
  it('priority is external, then software, then timer', () => {
    const core = setUp(1 << 3);
    for (const n of [7, 3, 11]) core.setInterruptPending(n, true);
    assert.equal(core.step().kind, 'trap');
    assert.equal(hex(core.readCsr(CSR.mcause)), '0x8000000b');
    core.setInterruptPending(11, false);
    core.writeCsr(CSR.mstatus, 1 << 3);
    core.step();
    assert.equal(hex(core.readCsr(CSR.mcause)), '0x80000003');
  });
  it('mstatus.MIE = 0, a disabled mie bit, or interruptsMasked keep executing; wakeUpPending ignores MIE', () => {
    const core = setUp(0);
    core.setInterruptPending(7, true);
    runRetired(core, 1);
    assert.equal(core.wakeUpPending, true);
    core.writeCsr(CSR.mstatus, 1 << 3);
    core.interruptsMasked = true;
    runRetired(core, 1);
    core.interruptsMasked = false;
    core.writeCsr(CSR.mie, 0x800);
    runRetired(core, 1);
    assert.equal(core.wakeUpPending, false);
  });
  it('trap() takes an exception the caller decides on (the Debug Module for EBREAK)', () => {
    const core = setUp(1 << 3);
    core.trap(CAUSE.breakpoint, loop.address);
    assert.equal(hex(core.pc), hex(DATA_BASE));
    assert.equal(core.readCsr(CSR.mcause), 3);
    assert.equal(hex(core.readCsr(CSR.mepc)), hex(loop.address));
    assert.equal(hex(core.readCsr(CSR.mstatus)), '0x1880');
  });
});

describe('program buffer and bus hooks for the Debug Module', () => {
  it('stepFetched executes a word with the hart registers and leaves pc where it was', () => {
    const core = new Rv32Core(new RamBus());
    core.reset(0x1234);
    core.x[10] = 41;
    assert.deepEqual(core.stepFetched(0x00150513, 4), { kind: 'retired' }); // addi x10, x10, 1
    assert.equal(core.x[10], 42);
    assert.equal(hex(core.pc), '0x1234');
    assert.deepEqual(core.stepFetched(0x00100073, 4), { kind: 'ebreak', length: 4 });
    assert.deepEqual(core.stepFetched(0x9002, 2), { kind: 'ebreak', length: 2 });
    assert.equal(core.instret, 0n, 'counters stop in Debug Mode');
  });
  it('stepFetched reports an exception without taking it', () => {
    const core = new Rv32Core(new RamBus());
    core.reset(0x1234);
    core.x[10] = 8;
    assert.deepEqual(core.stepFetched(0x00052503, 4), { kind: 'exception', cause: CAUSE.loadAccessFault, tval: 8 }); // lw x10, 0(x10)
    assert.equal(core.x[10], 8);
    assert.equal(hex(core.pc), '0x1234');
    assert.equal(core.readCsr(CSR.mcause), 0);
    assert.equal(core.readCsr(CSR.mepc), 0);
  });
  const store = asm.add('sw x10, 0(x5)');
  it('anything but Rv32BusError thrown by the bus leaves step() with the instruction undone', () => {
    const { core, bus } = store.core({ 5: DATA_BASE, 10: 9 });
    const stop = new Error('data trigger');
    bus.write32 = () => {
      throw stop;
    };
    assert.throws(() => core.step(), (e) => e === stop);
    assert.equal(hex(core.pc), hex(store.address));
    assert.equal(core.instret, 0n);
    assert.ok(new Rv32BusError(0x10) instanceof Error);
  });
});
