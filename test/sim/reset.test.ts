// Reset through real OpenOCD 0.12 on the simulated board: `reset halt` stops at the reset vector,
// `reset run` restarts the firmware, `reset init` runs the overridden reset-init proc, SRST works.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { BoardSession } from './boardSession';

const VECTOR_TABLE = 0x08000000;
const RCC_CFGR = 0x40021004;

describe('reset through OpenOCD', () => {
  let session: BoardSession;
  before(async () => {
    session = await BoardSession.start({ firmware: 'O0' });
  });
  after(async () => {
    await session?.close();
  });

  it('`reset halt` stops at the reset vector with the initial stack pointer', async () => {
    const initialSp = session.board.bus.read(VECTOR_TABLE, 4) ?? 0;
    const resetVector = (session.board.bus.read(VECTOR_TABLE + 4, 4) ?? 0) & ~1;
    assert.equal(resetVector, session.symbol('Reset_Handler'));
    const from = session.log.length;
    await session.cmd('reset halt');
    await session.haltReasonSince(from);
    assert.equal(await session.cmd('stm32f0x.cpu curstate'), 'halted');
    assert.equal(await session.reg('pc'), resetVector);
    assert.equal(await session.reg('msp'), initialSp);
    assert.equal((await session.reg('xPSR')) >>> 24, 0x01, 'Thumb bit set, no exception active');
  });

  it('`reset run` restarts the firmware: it runs and prints hello again', async () => {
    await session.cmd('halt');
    const hello = session.uartText('hello\n');
    await session.cmd('reset run');
    assert.equal(await session.cmd('stm32f0x.cpu curstate'), 'running');
    assert.equal(await hello, 'hello\n');
  });

  it('`reset init` runs the reset-init proc without `adapter speed` errors: SYSCLK is the PLL', async () => {
    const from = session.log.length;
    await session.cmd('reset init');
    assert.equal(await session.cmd('stm32f0x.cpu curstate'), 'halted');
    const cfgr = Number(await session.cmd(`read_memory ${RCC_CFGR} 32 1`));
    assert.equal(cfgr & 0xf, 0b1010, 'SW = PLL and SWS = PLL');
    assert.doesNotMatch(session.log.slice(from).join('\n'), /Translation from khz|Error: /);
  });

  it('drives nSRST through remote_bitbang with `reset_config srst_only`', async () => {
    const board = session.board;
    const srst: boolean[] = [];
    const setSystemReset = board.setSystemReset.bind(board);
    board.setSystemReset = (asserted) => {
      srst.push(asserted);
      setSystemReset(asserted);
    };
    await session.cmd('reset_config srst_only srst_nogate');
    try {
      await session.cmd('reset halt');
      assert.ok(srst.includes(true), 'SRST was asserted');
      assert.equal(srst.at(-1), false, 'and released');
      assert.equal(await session.reg('pc'), session.symbol('Reset_Handler'));
      srst.length = 0;
      await session.cmd('reset run');
      assert.deepEqual([srst.includes(true), srst.at(-1)], [true, false]);
      assert.equal(await session.cmd('stm32f0x.cpu curstate'), 'running');
    } finally {
      board.setSystemReset = setSystemReset;
      await session.cmd('reset_config none srst_nogate');
    }
  });
});
