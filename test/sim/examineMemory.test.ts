// Real OpenOCD 0.12 against the simulated board: examination as OpenOCD logs it, and memory
// accesses of 8, 16 and 32 bits on SRAM and peripheral registers, halted and running.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { TclCommandError } from '../../src/common';
import { BoardSession } from './boardSession';

const SRAM_SCRATCH = 0x20001800;
const GPIOA_ODR = 0x48000014;
const DBGMCU_IDCODE = 0x40015800;
const DBGMCU_CR = 0x40015804;
const FLASH_SIZE_REGISTER = 0x1ffff7cc;

describe('OpenOCD examines the simulated STM32F030', () => {
  let session: BoardSession;
  before(async () => {
    session = await BoardSession.start({ firmware: 'O0' });
  });
  after(async () => {
    await session?.close();
  });

  it('finds the JTAG TAP and logs a Cortex-M0 r0p0 with 4 breakpoints and 2 watchpoints', async () => {
    await session.waitForLog(/target has \d+ breakpoints/, 0);
    const log = session.log.join('\n');
    assert.match(log, /tap\/device found: 0x0bb11477 \(mfg: 0x23b \(ARM Ltd\), part: 0xbb11, ver: 0x0\)/);
    assert.match(log, /Cortex-M0 r0p0 processor detected/);
    assert.match(log, /target has 4 breakpoints, 2 watchpoints/);
    assert.doesNotMatch(log, /Error: /);
  });

  it('shows the AHB-AP and its ROM table in `dap info`', async () => {
    const info = await session.cmd('stm32f0x.dap info 0');
    assert.match(info, /AP ID register 0x04770021/);
    assert.match(info, /Type is MEM-AP AHB3/);
    assert.match(info, /MEM-AP BASE 0xe00ff003/);
  });

  it('writes and reads SRAM with 8, 16 and 32-bit accesses, unaligned bytes included', async () => {
    await session.cmd('halt');
    await session.cmd(`write_memory ${SRAM_SCRATCH} 32 {0x11223344 0x55667788}`);
    await session.cmd(`write_memory ${SRAM_SCRATCH + 1} 8 {0xa1 0xa2 0xa3}`);
    await session.cmd(`write_memory ${SRAM_SCRATCH + 6} 16 {0xb2b1}`);
    assert.equal(await session.cmd(`read_memory ${SRAM_SCRATCH} 8 8`), '0x44 0xa1 0xa2 0xa3 0x88 0x77 0xb1 0xb2');
    assert.equal(await session.cmd(`read_memory ${SRAM_SCRATCH + 2} 16 2`), '0xa3a2 0x7788');
    assert.equal(await session.cmd(`read_memory ${SRAM_SCRATCH} 32 2`), '0xa3a2a144 0xb2b17788');
    assert.equal(session.board.bus.read(SRAM_SCRATCH + 4, 4), 0xb2b17788, 'the board holds what OpenOCD wrote');
  });

  it('reads peripheral identification registers of 32 and 16 bits', async () => {
    assert.equal(Number(await session.cmd(`read_memory ${DBGMCU_IDCODE} 32 1`)), 0x20006440);
    assert.equal(Number(await session.cmd(`read_memory ${FLASH_SIZE_REGISTER} 16 1`)), 64);
  });

  it('writes and reads peripheral registers with 8, 16 and 32-bit accesses', async () => {
    await session.cmd(`write_memory ${GPIOA_ODR} 32 {0x0000a5a5}`);
    assert.equal(Number(await session.cmd(`read_memory ${GPIOA_ODR} 32 1`)), 0xa5a5);
    await session.cmd(`write_memory ${GPIOA_ODR} 16 {0x1234}`);
    assert.equal(await session.cmd(`read_memory ${GPIOA_ODR} 8 2`), '0x34 0x12');
    await session.cmd(`write_memory ${GPIOA_ODR + 1} 8 {0x56}`);
    assert.equal(Number(await session.cmd(`read_memory ${GPIOA_ODR} 16 1`)), 0x5634);
    await session.cmd(`write_memory ${DBGMCU_CR} 32 {0x6}`);
    assert.equal(Number(await session.cmd(`read_memory ${DBGMCU_CR} 32 1`)), 0x6);
  });

  it('reports a bus error as a failed read, and the next access works (STICKYERR cleared)', async () => {
    await assert.rejects(session.cmd('read_memory 0x60000000 32 1'), TclCommandError);
    assert.match(session.log.join('\n'), /JTAG-DP STICKY ERROR/);
    assert.equal(Number(await session.cmd(`read_memory ${DBGMCU_IDCODE} 32 1`)), 0x20006440);
  });

  it('reads memory while the core runs: the tick counter changes under OpenOCD', async () => {
    const loopCount = session.symbol('loop_count');
    await session.cmd('resume');
    assert.equal(await session.cmd('stm32f0x.cpu curstate'), 'running');
    const first = await session.readWord(loopCount);
    await session.waitFor(async () => (await session.readWord(loopCount)) > first, 'loop_count to advance while running');
    assert.equal(await session.cmd('stm32f0x.cpu curstate'), 'running');
  });
});
