// Debug unit, FPB, DWT, vector catch and reset of the Cortex-M0, driven through the debugger's
// bus port exactly as OpenOCD drives them (register addresses from ARMv6-M C1.6, C1.8, C1.9).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { boardWithCode, CODE_BASE, DEFAULT_HANDLER, read, reg, steps, write } from './boardFixture';
import { SRAM_BASE, Stm32f030Board } from './index';

const DHCSR = 0xe000edf0;
const DCRSR = 0xe000edf4;
const DCRDR = 0xe000edf8;
const DEMCR = 0xe000edfc;
const DFSR = 0xe000ed30;
const AIRCR = 0xe000ed0c;
const FP_CTRL = 0xe0002000;
const FP_COMP0 = 0xe0002008;
const DWT_COMP0 = 0xe0001020;
const DWT_MASK0 = 0xe0001024;
const DWT_FUNCTION0 = 0xe0001028;
const KEY = 0xa05f0000;
const C_DEBUGEN = 1;
const C_HALT = 2;
const C_STEP = 4;
const C_MASKINTS = 8;
const S_HALT = 1 << 17;
const S_LOCKUP = 1 << 19;
const S_RETIRE_ST = 1 << 24;
const S_RESET_ST = 1 << 25;

/** adds r0, #1 ; b .-2 : counts in r0 forever. */
const COUNT_LOOP = [0x3001, 0xe7fd];


function halt(board: Stm32f030Board): void {
  write(board, DHCSR, KEY | C_DEBUGEN | C_HALT);
  write(board, DFSR, 0x1f);
}

function readCoreRegister(board: Stm32f030Board, regsel: number): number {
  write(board, DCRSR, regsel);
  return read(board, DCRDR);
}

describe('DHCSR halt, resume and step', () => {
  it('C_HALT stops the core at once; run() then consumes nothing', () => {
    const board = boardWithCode(COUNT_LOOP);
    assert.ok(board.run(100) >= 100);
    write(board, DHCSR, KEY | C_DEBUGEN | C_HALT);
    const dhcsr = read(board, DHCSR);
    assert.ok(dhcsr & S_HALT);
    assert.equal(read(board, DFSR), 1, 'DFSR.HALTED');
    const counted = reg(board, 0);
    assert.equal(board.run(1000), 0);
    assert.equal(board.active, false);
    assert.equal(reg(board, 0), counted);
  });

  it('S_RETIRE_ST and S_RESET_ST are sticky and cleared by the read', () => {
    const board = boardWithCode(COUNT_LOOP);
    assert.ok(read(board, DHCSR) & S_RESET_ST, 'reset since power-on');
    assert.equal(read(board, DHCSR) & S_RESET_ST, 0);
    board.run(10);
    assert.ok(read(board, DHCSR) & S_RETIRE_ST);
    assert.equal(read(board, DHCSR) & S_RETIRE_ST, 0);
  });

  it('C_STEP runs exactly one instruction and halts again with C_HALT set by hardware', () => {
    const board = boardWithCode([0x2001, 0x2102, 0x2203]); // movs r0,#1; movs r1,#2; movs r2,#3
    halt(board);
    write(board, DHCSR, KEY | C_DEBUGEN | C_STEP);
    const dhcsr = read(board, DHCSR);
    assert.ok(dhcsr & S_HALT);
    assert.ok(dhcsr & C_HALT);
    assert.equal(readCoreRegister(board, 15), CODE_BASE + 2);
    assert.deepEqual([reg(board, 0), reg(board, 1)], [1, 0]);
    assert.equal(read(board, DFSR), 1);
  });

  it('resuming clears S_HALT and the core runs until halted again', () => {
    const board = boardWithCode(COUNT_LOOP);
    halt(board);
    write(board, DHCSR, KEY | C_DEBUGEN);
    assert.equal(read(board, DHCSR) & S_HALT, 0);
    assert.ok(board.run(50) > 0);
    assert.ok(reg(board, 0) > 0);
  });

  it('ignores DHCSR writes without DBGKEY or from software; clearing C_DEBUGEN resumes', () => {
    const board = boardWithCode(COUNT_LOOP);
    write(board, DHCSR, C_DEBUGEN | C_HALT);
    assert.equal(read(board, DHCSR) & S_HALT, 0, 'no key');
    assert.ok(board.systemBus.write(DHCSR, 4, KEY | C_DEBUGEN | C_HALT, 'core'));
    assert.equal(read(board, DHCSR) & S_HALT, 0, 'software write');
    halt(board);
    write(board, DHCSR, KEY);
    assert.equal(read(board, DHCSR) & (S_HALT | C_DEBUGEN), 0);
    assert.ok(board.run(10) > 0);
  });

  it('DCRSR/DCRDR read and write core registers while halted', () => {
    const board = boardWithCode(COUNT_LOOP);
    halt(board);
    for (let r = 0; r <= 12; r++) {
      write(board, DCRDR, 0x1000 + r);
      write(board, DCRSR, (1 << 16) | r);
    }
    for (let r = 0; r <= 12; r++) assert.equal(readCoreRegister(board, r), 0x1000 + r);
    write(board, DCRDR, SRAM_BASE + 0x1000);
    write(board, DCRSR, (1 << 16) | 13);
    assert.equal(readCoreRegister(board, 17), SRAM_BASE + 0x1000, 'SP is MSP in Thread mode');
    write(board, DCRDR, 0xf1000000);
    write(board, DCRSR, (1 << 16) | 16);
    assert.equal(readCoreRegister(board, 16), 0xf1000000 >>> 0, 'xPSR with NZCV set');
    write(board, DCRDR, 1);
    write(board, DCRSR, (1 << 16) | 20);
    assert.equal(readCoreRegister(board, 20), 1, 'PRIMASK');
    write(board, DCRDR, CODE_BASE + 2);
    write(board, DCRSR, (1 << 16) | 15);
    assert.equal(readCoreRegister(board, 15), CODE_BASE + 2);
  });
});

describe('interrupt masking while stepping', () => {
  function boardWithPendingSysTick(): Stm32f030Board {
    const handler = CODE_BASE + 0x80;
    const board = boardWithCode([0x2001, 0x2102], { vectors: { 15: handler }, blocks: new Map([[handler, [0x2307, 0x4770]]]) });
    halt(board);
    write(board, 0xe000ed04, 1 << 26); // ICSR.PENDSTSET
    return board;
  }

  it('with C_MASKINTS a step executes the instruction and takes no interrupt', () => {
    const board = boardWithPendingSysTick();
    write(board, DHCSR, KEY | C_DEBUGEN | C_HALT | C_MASKINTS);
    write(board, DHCSR, KEY | C_DEBUGEN | C_STEP | C_MASKINTS);
    assert.equal(reg(board, 15), CODE_BASE + 2);
    assert.equal(reg(board, 16) & 0x3f, 0);
    assert.equal(reg(board, 0), 1);
  });

  it('without C_MASKINTS a step enters the handler and halts on its first instruction', () => {
    const board = boardWithPendingSysTick();
    write(board, DHCSR, KEY | C_DEBUGEN | C_STEP);
    assert.equal(reg(board, 15), CODE_BASE + 0x80);
    assert.equal(reg(board, 16) & 0x3f, 15);
    assert.equal(reg(board, 3), 0, 'the handler has not run yet');
  });
});

describe('FPB breakpoints and BKPT', () => {
  it('an FPB match halts before the instruction, and again on resume while it stays set', () => {
    const board = boardWithCode([0x2001, 0x2102, 0x2203, 0xe7fe]);
    halt(board);
    write(board, FP_CTRL, 3); // KEY | ENABLE
    const target = CODE_BASE + 2; // high halfword of its word: REPLACE = 0b10
    write(board, FP_COMP0, (((target & 0x1ffffffc) | (2 << 30) | 1) >>> 0));
    write(board, DHCSR, KEY | C_DEBUGEN);
    board.run(1000);
    assert.ok(read(board, DHCSR) & S_HALT);
    assert.equal(reg(board, 15), target);
    assert.equal(read(board, DFSR), 2, 'DFSR.BKPT');
    assert.deepEqual([reg(board, 0), reg(board, 1)], [1, 0]);
    write(board, DHCSR, KEY | C_DEBUGEN);
    board.run(1000);
    assert.equal(reg(board, 15), target);
    assert.equal(reg(board, 1), 0);
  });

  it('FP_CTRL reports 4 code comparators and ignores ENABLE without KEY', () => {
    const board = boardWithCode(COUNT_LOOP);
    assert.equal(read(board, FP_CTRL), 0x40);
    write(board, FP_CTRL, 1);
    assert.equal(read(board, FP_CTRL), 0x40);
    write(board, FP_CTRL, 3);
    assert.equal(read(board, FP_CTRL), 0x41);
  });

  it('a breakpoint on an interrupt handler hits after the interrupt entry', () => {
    const handler = CODE_BASE + 0x80;
    const board = boardWithCode(COUNT_LOOP, { vectors: { 15: handler }, blocks: new Map([[handler, [0x4770]]]) });
    halt(board);
    write(board, FP_CTRL, 3);
    write(board, FP_COMP0, ((handler & 0x1ffffffc) | (1 << 30) | 1) >>> 0);
    write(board, 0xe000ed04, 1 << 26);
    write(board, DHCSR, KEY | C_DEBUGEN);
    board.run(1000);
    assert.equal(reg(board, 15), handler);
    assert.equal(reg(board, 16) & 0x3f, 15);
    assert.equal(read(board, DFSR), 2);
  });

  it('BKPT in SRAM halts with PC on the BKPT; without C_DEBUGEN it is a HardFault', () => {
    const code = SRAM_BASE + 0x100;
    const board = boardWithCode([0x4700 | (1 << 3)]); // bx r1
    assert.ok(board.bus.write(code, 2, 0x2005)); // movs r0, #5
    assert.ok(board.bus.write(code + 2, 2, 0xbe11)); // bkpt #0x11
    halt(board);
    board.cpu.writeRegister(1, code | 1);
    write(board, DHCSR, KEY | C_DEBUGEN);
    board.run(1000);
    assert.equal(reg(board, 15), code + 2);
    assert.equal(reg(board, 0), 5);
    assert.equal(read(board, DFSR), 2);

    const undebugged = boardWithCode([0x4700 | (1 << 3)], { vectors: { 3: DEFAULT_HANDLER } });
    assert.ok(undebugged.bus.write(code, 2, 0xbe11));
    undebugged.cpu.writeRegister(1, code | 1);
    steps(undebugged, 2);
    assert.equal(reg(undebugged, 15), DEFAULT_HANDLER);
    assert.equal(reg(undebugged, 16) & 0x3f, 3);
  });
});

describe('DWT watchpoints', () => {
  const watched = SRAM_BASE + 0x40;
  // ldr r2,[r1] ; str r0,[r1] ; movs r3,#1 ; b .
  const code = [0x680a, 0x6008, 0x2301, 0xe7fe];

  function watch(fn: number): Stm32f030Board {
    const board = boardWithCode(code);
    halt(board);
    write(board, DEMCR, 1 << 24); // TRCENA (DWTENA on ARMv6-M)
    write(board, DWT_COMP0, watched);
    write(board, DWT_MASK0, 2); // 4 bytes
    write(board, DWT_FUNCTION0, fn);
    board.cpu.writeRegister(1, watched);
    write(board, DHCSR, KEY | C_DEBUGEN);
    board.run(1000);
    return board;
  }

  it('FUNCTION 6 (write) halts after the store, with DWTTRAP and MATCHED', () => {
    const board = watch(6);
    assert.equal(reg(board, 15), CODE_BASE + 4);
    assert.equal(read(board, DFSR), 4);
    assert.equal(read(board, DWT_FUNCTION0), (1 << 24) | 6);
    assert.equal(read(board, DWT_FUNCTION0), 6, 'MATCHED clears on read');
  });

  it('FUNCTION 5 (read) halts after the load, FUNCTION 7 (access) on the first access', () => {
    assert.equal(reg(watch(5), 15), CODE_BASE + 2);
    assert.equal(reg(watch(7), 15), CODE_BASE + 2);
  });

  it('FUNCTION 4 (PC) halts before the instruction at the address', () => {
    const board = boardWithCode(code);
    halt(board);
    write(board, DEMCR, 1 << 24);
    write(board, DWT_COMP0, CODE_BASE + 4);
    write(board, DWT_FUNCTION0, 4);
    board.cpu.writeRegister(1, watched);
    write(board, DHCSR, KEY | C_DEBUGEN);
    board.run(1000);
    assert.equal(reg(board, 15), CODE_BASE + 4);
    assert.equal(reg(board, 3), 0, 'movs r3, #1 has not run');
    assert.equal(read(board, DFSR), 4);
  });

  it('comparators do nothing without TRCENA', () => {
    const board = boardWithCode(code);
    halt(board);
    write(board, DWT_COMP0, watched);
    write(board, DWT_FUNCTION0, 7);
    board.cpu.writeRegister(1, watched);
    write(board, DHCSR, KEY | C_DEBUGEN);
    board.run(100);
    assert.equal(read(board, DHCSR) & S_HALT, 0);
  });

  it('DWT_CTRL reports 2 comparators', () => {
    assert.equal(read(boardWithCode(code), 0xe0001000), 0x20000000);
  });
});

describe('vector catch, reset and lockup', () => {
  it('SYSRESETREQ with VC_CORERESET halts on the reset vector with DFSR.VCATCH', () => {
    const board = boardWithCode(COUNT_LOOP);
    board.run(100);
    write(board, DHCSR, KEY | C_DEBUGEN);
    write(board, DEMCR, 1);
    write(board, FP_CTRL, 3);
    board.gpioA.writeWord(0x14, 0x20);
    write(board, AIRCR, 0x05fa0004);
    const dhcsr = read(board, DHCSR);
    assert.ok(dhcsr & S_HALT);
    assert.ok(dhcsr & S_RESET_ST);
    assert.equal(read(board, DFSR) & 8, 8);
    assert.equal(reg(board, 15), CODE_BASE);
    assert.equal(reg(board, 0), 0);
    assert.equal(board.gpioA.readWord(0x14), 0, 'peripherals reset');
    assert.equal(read(board, FP_CTRL), 0x41, 'debug components keep their state');
    assert.equal(read(board, DEMCR), 1);
  });

  it('SYSRESETREQ without the key, or without VC_CORERESET, behaves accordingly', () => {
    const board = boardWithCode(COUNT_LOOP);
    board.run(100);
    write(board, AIRCR, 0x00000004);
    assert.ok(reg(board, 0) > 0, 'no key: ignored');
    write(board, AIRCR, 0x05fa0004);
    assert.equal(reg(board, 0), 0);
    assert.equal(read(board, DHCSR) & S_HALT, 0, 'runs from reset');
    assert.equal(read(board, AIRCR), 0xfa050000);
  });

  it('a halted core runs after SYSRESETREQ unless VC_CORERESET is set', () => {
    const board = boardWithCode(COUNT_LOOP);
    halt(board);
    write(board, AIRCR, 0x05fa0004);
    assert.equal(read(board, DHCSR) & (S_HALT | C_HALT), 0);
    assert.ok(board.run(100) > 0);
  });

  it('software SYSRESETREQ resets after the store completes, also when single-stepped', () => {
    // ldr r1, [pc, #4] ; ldr r0, [pc, #8] ; str r0, [r1] ; b . ; .word AIRCR ; .word 0x05fa0004
    const code = [0x4901, 0x4802, 0x6008, 0xe7fe, 0xed0c, 0xe000, 0x0004, 0x05fa];
    const running = boardWithCode(code);
    steps(running, 3);
    assert.equal(reg(running, 15), CODE_BASE, 'back at the reset vector');
    assert.equal(reg(running, 0), 0, 'registers reset');
    const stepped = boardWithCode(code);
    halt(stepped);
    for (let i = 0; i < 3; i++) write(stepped, DHCSR, KEY | C_DEBUGEN | C_STEP);
    assert.equal(reg(stepped, 15), CODE_BASE, 'the reset ends the step at the reset vector');
    assert.equal(read(stepped, DHCSR) & S_HALT, 0, 'and the core runs (no VC_CORERESET)');
  });

  it('VC_HARDERR halts on HardFault entry', () => {
    const board = boardWithCode([0xde00], { vectors: { 3: DEFAULT_HANDLER } });
    halt(board);
    write(board, DEMCR, 1 << 10);
    write(board, DHCSR, KEY | C_DEBUGEN);
    board.run(100);
    assert.ok(read(board, DHCSR) & S_HALT);
    assert.equal(read(board, DFSR), 8);
    assert.equal(reg(board, 15), DEFAULT_HANDLER);
    assert.equal(reg(board, 16) & 0x3f, 3);
  });

  it('blank flash locks the core up at power-on; a halt request clears S_LOCKUP', () => {
    const board = new Stm32f030Board();
    assert.ok(board.run(100) > 0, 'the failed HardFault entry takes time');
    assert.equal(board.run(100), 0, 'then nothing happens');
    assert.ok(read(board, DHCSR) & S_LOCKUP);
    assert.equal(reg(board, 15), 0xfffffffe);
    assert.equal(board.active, false);
    write(board, DHCSR, KEY | C_DEBUGEN | C_HALT);
    const dhcsr = read(board, DHCSR);
    assert.equal(dhcsr & S_LOCKUP, 0);
    assert.ok(dhcsr & S_HALT);
  });

  it('a fault inside the HardFault handler locks up', () => {
    const handler = CODE_BASE + 0x80;
    const board = boardWithCode([0xde00], { vectors: { 3: handler }, blocks: new Map([[handler, [0xde01]]]) });
    board.run(100);
    assert.ok(read(board, DHCSR) & S_LOCKUP);
  });
});
