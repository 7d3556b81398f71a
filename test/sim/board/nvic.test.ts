// NVIC and SysTick of the Cortex-M0 (ARMv6-M B3.3, B3.4): exception entry and return, enable and
// pending state, WFI sleep with time passing, and debugger memory access while the core runs.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { boardWithCode, CODE_BASE, read, reg, write } from './boardFixture';
import { SRAM_BASE } from './index';

const SYST_CSR = 0xe000e010;
const SYST_RVR = 0xe000e014;
const DHCSR = 0xe000edf0;
const S_HALT = 1 << 17;
const S_SLEEP = 1 << 18;
/** adds r0, #1 ; b .-2 : counts in r0 forever. */
const COUNT_LOOP = [0x3001, 0xe7fd];

describe('SysTick, NVIC and sleep', () => {
  it('SysTick pends its exception on wrap; the handler runs and returns to the interrupted code', () => {
    const handler = CODE_BASE + 0x80;
    // handler: adds r4, #1 ; bx lr
    const board = boardWithCode(COUNT_LOOP, { vectors: { 15: handler }, blocks: new Map([[handler, [0x3401, 0x4770]]]) });
    write(board, SYST_RVR, 999);
    write(board, SYST_CSR, 7); // ENABLE | TICKINT | CLKSOURCE (core clock)
    board.run(10_500);
    assert.equal(reg(board, 4), 10);
    assert.equal(reg(board, 16) & 0x3f, 0, 'back in Thread mode');
    assert.ok(reg(board, 0) > 1000, 'the main loop kept counting');
  });

  it('an enabled external interrupt preempts; a disabled one stays pending', () => {
    const handler = CODE_BASE + 0x80;
    const board = boardWithCode(COUNT_LOOP, { vectors: { [16 + 5]: handler }, blocks: new Map([[handler, [0xe7fe]]]) });
    write(board, 0xe000e200, 1 << 5); // ISPR
    board.run(10);
    assert.equal(reg(board, 16) & 0x3f, 0);
    assert.equal(read(board, 0xe000e200), 1 << 5, 'still pending');
    assert.equal(read(board, 0xe000ed04) & 0x3f000, 0, 'ICSR.VECTPENDING counts enabled ones only');
    write(board, 0xe000e100, 1 << 5); // ISER
    board.run(40);
    assert.equal(reg(board, 16) & 0x3f, 16 + 5);
    assert.equal(reg(board, 15), handler);
  });

  it('WFI sleeps (S_SLEEP) while SysTick counts, and the tick wakes the core', () => {
    const handler = CODE_BASE + 0x80;
    // wfi ; adds r0, #1 ; b .-4
    const board = boardWithCode([0xbf30, 0x3001, 0xe7fc], { vectors: { 15: handler }, blocks: new Map([[handler, [0x4770]]]) });
    board.run(10);
    assert.ok(read(board, DHCSR) & S_SLEEP);
    assert.equal(board.active, false, 'nothing can wake it');
    write(board, SYST_RVR, 10_000);
    write(board, SYST_CSR, 7);
    assert.equal(board.active, true);
    assert.equal(board.run(5_000), 5_000);
    assert.equal(reg(board, 0), 0);
    board.run(10_000);
    assert.equal(reg(board, 0), 1);
  });

  it('the debugger reads and writes memory while the core runs', () => {
    const board = boardWithCode(COUNT_LOOP);
    board.run(100);
    assert.ok(board.bus.write(SRAM_BASE, 4, 0x12345678));
    assert.equal(board.bus.read(SRAM_BASE, 4), 0x12345678);
    assert.equal(read(board, DHCSR) & S_HALT, 0);
    board.run(100);
    assert.equal(read(board, DHCSR) & S_HALT, 0);
  });
});
