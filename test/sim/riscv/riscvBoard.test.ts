// The RISC-V board without OpenOCD: the test firmware runs (USART0, timer interrupt), and Debug
// Mode behaves as Debug Spec 0.13.2 chapters 4 and 5 say when driven through the DM's registers.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { before, describe, it } from 'node:test';
import { ElfFile } from '../../../src/elf';
import { riscvBoardElf } from '../../helpers/firmware';
import { segmentsFromElf } from '../board';
import { CmdErr, Dmcontrol, DmRegister } from './debugModule';
import { Dcsr, DebugCause, PROGRAM_BUFFER_ADDRESS } from './debugHart';
import { RiscvBoard, RV_RESET_PC, RV_SRAM_BASE } from './riscvBoard';
import { Mcontrol } from './triggerModule';

const ACTIVE = Dmcontrol.DMACTIVE;
const DCSR = 0x7b0;
const DPC = 0x7b1;
const TSELECT = 0x7a0;
const TDATA1 = 0x7a1;
const TDATA2 = 0x7a2;
const S0 = 0x1008;
const EBREAK = 0x00100073;

/** The board with the -O0 test program in flash, and the debugger's moves on its DM. */
class Debugger {
  readonly board = new RiscvBoard();
  readonly elf: ElfFile;

  constructor(elfPath: string) {
    const bytes = readFileSync(elfPath);
    this.elf = ElfFile.parse(bytes);
    this.board.loadFirmware(segmentsFromElf(bytes));
    this.dm(DmRegister.dmcontrol, ACTIVE | Dmcontrol.ACKHAVERESET);
  }

  symbol(name: string): number {
    const symbol = this.elf.symbolByName(name);
    if (!symbol) throw new Error(`no symbol ${name}`);
    return symbol.address;
  }

  dm(address: number, value?: number): number {
    if (value === undefined) return this.board.debugModule.read(address);
    this.board.debugModule.write(address, value);
    return 0;
  }

  halt(): void {
    this.dm(DmRegister.dmcontrol, ACTIVE | Dmcontrol.HALTREQ);
    this.dm(DmRegister.dmcontrol, ACTIVE);
  }

  resume(): void {
    this.dm(DmRegister.dmcontrol, ACTIVE | Dmcontrol.RESUMEREQ);
  }

  /** Access Register with transfer (§3.6.1.1); throws on cmderr. */
  readRegister(regno: number): number {
    this.dm(DmRegister.command, (2 << 20) | (1 << 17) | regno);
    this.checkCmderr(`read 0x${regno.toString(16)}`);
    return this.dm(DmRegister.data0);
  }

  writeRegister(regno: number, value: number): void {
    this.dm(DmRegister.data0, value);
    this.dm(DmRegister.command, (2 << 20) | (1 << 17) | (1 << 16) | regno);
    this.checkCmderr(`write 0x${regno.toString(16)}`);
  }

  /** One instruction and an ebreak in progbuf0/1, then postexec (no transfer); returns cmderr and clears it. */
  runProgram(instruction: number): number {
    this.dm(DmRegister.progbuf0, instruction);
    this.dm(DmRegister.progbuf0 + 1, EBREAK);
    this.dm(DmRegister.command, (2 << 20) | (1 << 18) | 0x1000);
    const cmderr = this.cmderr();
    this.dm(DmRegister.abstractcs, 7 << 8);
    return cmderr;
  }

  cmderr(): number {
    return (this.dm(DmRegister.abstractcs) >>> 8) & 7;
  }

  get halted(): boolean {
    return (this.dm(DmRegister.dmstatus) & (1 << 9)) !== 0;
  }

  /** Runs the board until it halts or `cycles` pass. */
  runFor(cycles: number): void {
    for (let left = cycles; left > 0 && this.board.active; ) left -= this.board.run(Math.min(left, 10_000)) || left;
  }

  private checkCmderr(what: string): void {
    const cmderr = this.cmderr();
    if (cmderr !== CmdErr.NONE) throw new Error(`${what}: cmderr ${cmderr}`);
  }
}

const cause = (dcsr: number): number => (dcsr >>> 6) & 7;

describe('RiscvBoard', () => {
  let elfPath: string;
  before(() => {
    elfPath = riscvBoardElf('O0');
  });

  it('runs the test program: USART0 text, timer interrupts, the main loop counting', () => {
    const debug = new Debugger(elfPath);
    let text = '';
    debug.board.uartTx.on((byte) => (text += String.fromCharCode(byte)));
    debug.runFor(200_000);
    assert.match(text, /^riscv board up\ntick\n/);
    const ticks = debug.board.bus.read(debug.symbol('timer_ticks'), 4)!;
    assert.ok(ticks >= 15 && ticks <= 20, `~200,000 / 10,000 timer interrupts, got ${ticks}`);
    assert.ok(debug.board.bus.read(debug.symbol('counter'), 4)! > 1000);
  });

  it('enters Debug Mode on haltreq with dpc at the next instruction and cause 3, and resumes there', () => {
    const debug = new Debugger(elfPath);
    debug.runFor(5_000);
    const pc = debug.board.core.pc;
    debug.halt();
    assert.ok(debug.halted);
    assert.equal(debug.readRegister(DPC), pc);
    assert.equal(cause(debug.readRegister(DCSR)), DebugCause.HALTREQ);
    assert.equal(debug.readRegister(DCSR) >>> 28, 4, 'xdebugver 4');
    debug.resume();
    assert.equal(debug.board.hart.state, 'running');
    assert.equal(debug.board.core.pc, pc);
  });

  it('steps one instruction with dcsr.step, taking no pending interrupt while stepie is 0', () => {
    const debug = new Debugger(elfPath);
    debug.runFor(25_000);
    debug.halt();
    const start = debug.symbol('round_once');
    debug.writeRegister(DPC, start);
    debug.writeRegister(DCSR, debug.readRegister(DCSR) | Dcsr.STEP);
    assert.ok(debug.readRegister(0x300) & (1 << 3) && debug.readRegister(0x304) & (1 << 7), 'timer interrupt enabled by the firmware');
    debug.board.core.setInterruptPending(7, true);
    debug.resume();
    assert.ok(debug.halted, 'halted again after the step');
    assert.equal(debug.readRegister(DPC), start + 2, 'past c.addi sp, -32, not in the trap handler');
    assert.equal(cause(debug.readRegister(DCSR)), DebugCause.STEP);
  });

  it('halts on an ebreak when dcsr.ebreakm is set, and traps to mtvec when it is not', () => {
    const debug = new Debugger(elfPath);
    const ebreakAt = RV_SRAM_BASE + 0x6000;
    debug.board.bus.write(ebreakAt, 4, EBREAK);
    debug.halt();
    debug.writeRegister(DCSR, Dcsr.EBREAKM);
    debug.writeRegister(DPC, ebreakAt);
    debug.resume();
    debug.runFor(10);
    assert.ok(debug.halted);
    assert.equal(debug.readRegister(DPC), ebreakAt, 'dpc at the ebreak');
    assert.equal(cause(debug.readRegister(DCSR)), DebugCause.EBREAK);
    debug.writeRegister(DCSR, 0);
    debug.writeRegister(0x305, RV_SRAM_BASE + 0x6100);
    debug.resume();
    debug.runFor(1);
    assert.equal(debug.board.core.readCsr(0x342), 3, 'mcause breakpoint');
    assert.equal(debug.board.core.readCsr(0x341), ebreakAt, 'mepc');
  });

  it('halts before an execute trigger address, and again on resume until the trigger is cleared (debug spec issue 492)', () => {
    const debug = new Debugger(elfPath);
    const address = debug.symbol('round_once');
    debug.halt();
    debug.writeRegister(TSELECT, 1);
    debug.writeRegister(TDATA1, Mcontrol.TYPE_MCONTROL | Mcontrol.DMODE | (1 << 12) | Mcontrol.M | Mcontrol.EXECUTE);
    debug.writeRegister(TDATA2, address);
    debug.resume();
    debug.runFor(50_000);
    assert.ok(debug.halted);
    assert.equal(debug.readRegister(DPC), address);
    assert.equal(cause(debug.readRegister(DCSR)), DebugCause.TRIGGER);
    assert.ok(debug.readRegister(TDATA1) & Mcontrol.HIT, 'hit');
    const cycles = debug.board.cycles;
    debug.resume();
    debug.runFor(50_000);
    assert.equal(debug.readRegister(DPC), address);
    assert.equal(debug.board.cycles, cycles, 'fired again before executing anything');
    debug.writeRegister(TDATA1, 0);
    debug.resume();
    debug.runFor(1_000);
    assert.ok(!debug.halted);
  });

  it('halts before a store to a watched address, with the store not yet done', () => {
    const debug = new Debugger(elfPath);
    const counter = debug.symbol('counter');
    debug.halt();
    debug.writeRegister(TDATA1, Mcontrol.TYPE_MCONTROL | Mcontrol.DMODE | (1 << 12) | Mcontrol.M | Mcontrol.STORE);
    debug.writeRegister(TDATA2, counter);
    const value = debug.board.bus.read(counter, 4)!;
    debug.resume();
    debug.runFor(50_000);
    assert.ok(debug.halted);
    assert.equal(debug.board.bus.read(counter, 4), value, 'timing 0: before the store');
    assert.equal(cause(debug.readRegister(DCSR)), DebugCause.TRIGGER);
    const dpc = debug.readRegister(DPC);
    const opcode = debug.board.bus.read(dpc, 2)! & 0x7f;
    assert.equal(opcode, 0x23, `dpc at a store instruction (crt0 clearing .bss), opcode 0x${opcode.toString(16)} at 0x${dpc.toString(16)}`);
  });

  it('does not take an instruction fetch for a load on a load trigger', () => {
    const debug = new Debugger(elfPath);
    debug.halt();
    debug.writeRegister(TDATA1, Mcontrol.TYPE_MCONTROL | Mcontrol.DMODE | (1 << 12) | Mcontrol.M | Mcontrol.LOAD);
    debug.writeRegister(TDATA2, debug.symbol('round_once'));
    debug.resume();
    debug.runFor(50_000);
    assert.ok(!debug.halted);
  });

  it('enforces the tdata1 WARL rules OpenOCD 0.12 checks by reading back', () => {
    const debug = new Debugger(elfPath);
    debug.halt();
    for (let t = 0; t < 5; t++) debug.writeRegister(TSELECT, t);
    assert.equal(debug.readRegister(TSELECT), 3, 'four triggers: tselect 4 is not kept');
    debug.writeRegister(TDATA1, 0);
    assert.equal(debug.readRegister(TDATA1), Mcontrol.TYPE_MCONTROL, 'type stays 2');
    debug.writeRegister(TDATA1, Mcontrol.TYPE_MCONTROL | (1 << 12) | (1 << 18) | (5 << 7) | (1 << 4) | Mcontrol.M | Mcontrol.EXECUTE);
    assert.equal(debug.readRegister(TDATA1), Mcontrol.TYPE_MCONTROL | Mcontrol.M | Mcontrol.EXECUTE, 'no action 1 without dmode; timing, match, s read 0');
    assert.equal(debug.readRegister(0x7a4), 1 << 2, 'tinfo: type 2');
  });

  it('runs the program buffer at its debug-memory address, and an exception there changes no CSR', () => {
    const debug = new Debugger(elfPath);
    debug.halt();
    const mepc = debug.readRegister(0x341);
    assert.equal(debug.runProgram(0x00000417), CmdErr.NONE, 'auipc s0, 0');
    assert.equal(debug.readRegister(S0), PROGRAM_BUFFER_ADDRESS);
    debug.writeRegister(S0, 0x1000);
    assert.equal(debug.runProgram(0x00042403), CmdErr.EXCEPTION, 'lw s0, 0(s0) from nowhere');
    assert.equal(debug.readRegister(0x341), mepc, 'mepc untouched');
    assert.equal(debug.readRegister(S0), 0x1000, 's0 untouched');
    assert.equal(debug.runProgram(0x7b002473), CmdErr.NONE, 'csrr s0, dcsr in Debug Mode');
    assert.equal(debug.readRegister(S0) >>> 28, 4);
  });

  it('keeps dcsr and dpc from the firmware outside Debug Mode', () => {
    const debug = new Debugger(elfPath);
    debug.halt();
    assert.equal(debug.board.hart.readRegister(DCSR) !== undefined, true);
    debug.resume();
    assert.equal(debug.board.hart.readRegister(DCSR), undefined, 'an illegal CSR outside Debug Mode (§4.8)');
  });

  it('comes out of ndmreset halted at the reset vector when haltreq is held, with havereset set', () => {
    const debug = new Debugger(elfPath);
    debug.runFor(5_000);
    debug.dm(DmRegister.dmcontrol, ACTIVE | Dmcontrol.HALTREQ | Dmcontrol.NDMRESET);
    assert.equal((debug.dm(DmRegister.dmstatus) >>> 12) & 3, 3, 'unavailable while in reset');
    debug.dm(DmRegister.dmcontrol, ACTIVE | Dmcontrol.HALTREQ);
    assert.ok(debug.halted);
    assert.equal(debug.readRegister(DPC), RV_RESET_PC);
    assert.equal((debug.dm(DmRegister.dmstatus) >>> 18) & 3, 3, 'allhavereset');
  });
});
