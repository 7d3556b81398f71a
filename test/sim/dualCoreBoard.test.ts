// The dual-core board without OpenOCD: each core's private debug registers and SIO view, the
// shared memory, time slicing on one clock and chip-wide reset, driven through each core's debug
// bus as its AHB-AP would, with the dual-core test firmware (test/firmware/dualcore) in flash.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { ElfFile, type ElfSymbol } from '../../src/elf';
import { dualCoreElf } from '../helpers/firmware';
import { DualM0Board, segmentsFromElf, SIO_BASE, SIO_REGS, SRAM_BASE } from './board';

const DHCSR = 0xe000edf0;
const DEMCR = 0xe000edfc;
const AIRCR = 0xe000ed0c;
const FP_CTRL = 0xe0002000;
const FP_COMP0 = 0xe0002008;
const KEY = 0xa05f0000;
const C_DEBUGEN = 1;
const C_HALT = 2;
const S_HALT = 1 << 17;
const VC_CORERESET = 1;
const SYSRESETREQ = 0x05fa0004;
const FIFO_ST = SIO_BASE + SIO_REGS.FIFO_ST;
const FIFO_WR = SIO_BASE + SIO_REGS.FIFO_WR;
const FIFO_RD = SIO_BASE + SIO_REGS.FIFO_RD;
const VLD = 1;
const RDY = 2;
const WOF = 4;
const ROE = 8;
/** Enough cycles for core 0's start-up, the launch of core 1 and many loop iterations. */
const RUN_CYCLES = 100_000;

const elf = ElfFile.parse(readFileSync(dualCoreElf()));

function symbol(name: string): ElfSymbol {
  const found = elf.symbolByName(name);
  if (!found) throw new Error(`no symbol ${name} in the dual-core firmware`);
  return found;
}

const address = (name: string): number => symbol(name).address;

function bootedBoard(): DualM0Board {
  const board = new DualM0Board();
  board.loadFirmware(segmentsFromElf(readFileSync(dualCoreElf())));
  return board;
}

function read(board: DualM0Board, core: number, address: number): number {
  const value = board.debugBuses[core].read(address, 4);
  assert.notEqual(value, undefined, `core ${core}'s bus read at 0x${address.toString(16)}`);
  return value!;
}

function write(board: DualM0Board, core: number, address: number, value: number): void {
  assert.ok(board.debugBuses[core].write(address, 4, value), `core ${core}'s bus write at 0x${address.toString(16)}`);
}

const counts = (board: DualM0Board): [number, number] => [read(board, 0, address('core0_count')), read(board, 1, address('core1_count'))];

describe('dual-core board: cores, private debug and shared memory', () => {
  it('each core reads its own number at SIO CPUID; memory is the same from both buses', () => {
    const board = new DualM0Board();
    assert.equal(read(board, 0, SIO_BASE), 0);
    assert.equal(read(board, 1, SIO_BASE), 1);
    write(board, 0, SRAM_BASE + 0x3ffc, 0xcafe0001);
    assert.equal(read(board, 1, SRAM_BASE + 0x3ffc), 0xcafe0001, 'the last word of the 16 KiB SRAM, written by one, read by the other');
    assert.equal(board.debugBuses[1].read(SRAM_BASE + 0x4000, 4), undefined, 'past the SRAM: bus error');
  });

  it('runs the firmware: both counters advance, core 1 on the stack core 0 launched it with', () => {
    const board = bootedBoard();
    board.run(RUN_CYCLES);
    const [first0, first1] = counts(board);
    assert.ok(first0 > 0 && first1 > 0, `both cores counted: ${first0}, ${first1}`);
    board.run(RUN_CYCLES);
    const [then0, then1] = counts(board);
    assert.ok(then0 > first0 && then1 > first1, `both counters advanced: ${first0} -> ${then0}, ${first1} -> ${then1}`);
    const stack = address('core1_stack');
    const sp = board.systems[1].cpu.core.readRegister(13);
    assert.ok(sp >= stack && sp <= stack + 1024, `core 1's SP 0x${sp.toString(16)} is in core1_stack`);
  });

  it('halting one core through its DHCSR leaves the other running, and each resumes alone', () => {
    const board = bootedBoard();
    board.run(RUN_CYCLES);
    for (const [halted, running] of [[1, 0], [0, 1]]) {
      write(board, halted, DHCSR, KEY | C_DEBUGEN | C_HALT);
      assert.ok(read(board, halted, DHCSR) & S_HALT, `core ${halted} halted`);
      assert.equal(read(board, running, DHCSR) & S_HALT, 0, `core ${running} still running`);
      const before = counts(board);
      assert.ok(board.run(RUN_CYCLES) > 0, 'time passes while one core runs');
      const after = counts(board);
      assert.equal(after[halted], before[halted], `core ${halted}'s counter stands still`);
      assert.ok(after[running] > before[running], `core ${running}'s counter advances`);
      write(board, halted, DHCSR, KEY | C_DEBUGEN);
    }
    write(board, 0, DHCSR, KEY | C_DEBUGEN | C_HALT);
    write(board, 1, DHCSR, KEY | C_DEBUGEN | C_HALT);
    assert.equal(board.active, false);
    assert.equal(board.run(RUN_CYCLES), 0, 'both halted: no time passes');
  });

  it('an FPB comparator belongs to one core: a breakpoint on shared_step set on core 0 halts core 0 only', () => {
    const board = bootedBoard();
    write(board, 0, DHCSR, KEY | C_DEBUGEN);
    write(board, 1, DHCSR, KEY | C_DEBUGEN);
    const shared = address('shared_step');
    write(board, 0, FP_CTRL, 3);
    write(board, 0, FP_COMP0, ((shared & 2 ? 0x80000000 : 0x40000000) | (shared & 0x1ffffffc) | 1) >>> 0);
    assert.equal(read(board, 1, FP_COMP0), 0, 'core 1 has its own, unset, comparator');
    board.run(RUN_CYCLES);
    assert.ok(read(board, 0, DHCSR) & S_HALT, 'core 0 halted on shared_step');
    assert.equal(board.systems[0].cpu.core.pc, shared);
    assert.equal(read(board, 1, DHCSR) & S_HALT, 0, 'core 1 runs shared_step freely');
  });

  it('SYSRESETREQ from core 1 resets both cores; VC_CORERESET halts only the core that set it', () => {
    const board = bootedBoard();
    board.run(RUN_CYCLES);
    write(board, 0, DHCSR, KEY | C_DEBUGEN);
    write(board, 0, DEMCR, VC_CORERESET);
    write(board, 1, AIRCR, SYSRESETREQ);
    const resetHandler = address('Reset_Handler');
    assert.ok(read(board, 0, DHCSR) & S_HALT, 'core 0 caught the reset');
    assert.equal(board.systems[0].cpu.core.pc, resetHandler);
    assert.equal(board.systems[1].cpu.core.pc, resetHandler, 'core 1 restarted from the reset vector');
    assert.equal(read(board, 1, DHCSR) & S_HALT, 0);
    board.run(RUN_CYCLES);
    const pc = board.systems[1].cpu.core.pc;
    assert.ok(pc >= resetHandler && pc < resetHandler + symbol('Reset_Handler').size, `core 1 waits in Reset_Handler for its launch while core 0 is halted (PC 0x${pc.toString(16)})`);
    write(board, 0, DHCSR, KEY | C_DEBUGEN);
    board.run(RUN_CYCLES);
    const [core0, core1] = counts(board);
    assert.ok(core0 > 0 && core1 > 0, 'core 0 resumed and launched core 1');
  });

  it('nSRST holds both cores until released', () => {
    const board = bootedBoard();
    board.setSystemReset(true);
    assert.equal(board.active, false);
    assert.equal(board.run(RUN_CYCLES), 0);
    board.setSystemReset(false);
    board.run(RUN_CYCLES);
    const [core0, core1] = counts(board);
    assert.ok(core0 > 0 && core1 > 0, `both run after release: ${core0}, ${core1}`);
  });
});

describe('dual-core board: SIO FIFOs (RP2040 datasheet 2.3.1.5)', () => {
  it('a word core 0 writes reaches core 1 only; a core read pops it, a debugger read does not', () => {
    const board = new DualM0Board();
    const core1Bus = board.systemBuses[1];
    assert.equal(read(board, 0, FIFO_ST), RDY, 'empty both ways');
    assert.ok(board.systemBuses[0].write(FIFO_WR, 4, 0x12345678, 'core'));
    assert.equal(read(board, 1, FIFO_ST), VLD | RDY);
    assert.equal(read(board, 0, FIFO_ST), RDY, 'core 0 receives nothing');
    assert.equal(read(board, 1, FIFO_RD), 0x12345678, 'debugger read');
    assert.equal(core1Bus.read(FIFO_RD, 4, 'core'), 0x12345678, 'still there for the core');
    assert.equal(read(board, 1, FIFO_ST), RDY, 'popped');
  });

  it('writing a full FIFO sets WOF, reading an empty one sets ROE; a write to FIFO_ST clears them; reset empties', () => {
    const board = new DualM0Board();
    const [core0Bus, core1Bus] = board.systemBuses;
    for (let i = 0; i < 8; i++) core0Bus.write(FIFO_WR, 4, i, 'core');
    assert.equal(read(board, 0, FIFO_ST), 0, 'full: RDY clear');
    core0Bus.write(FIFO_WR, 4, 8, 'core');
    assert.equal(read(board, 0, FIFO_ST), WOF);
    assert.equal(core1Bus.read(FIFO_RD, 4, 'core'), 0, 'first in, first out');
    core0Bus.write(FIFO_ST, 4, 0xff, 'core');
    assert.equal(read(board, 0, FIFO_ST), RDY);
    write(board, 0, AIRCR, SYSRESETREQ);
    assert.equal(read(board, 1, FIFO_ST), RDY, 'reset emptied it');
    assert.equal(core1Bus.read(FIFO_RD, 4, 'core'), 0);
    assert.equal(read(board, 1, FIFO_ST), RDY | ROE);
  });
});
