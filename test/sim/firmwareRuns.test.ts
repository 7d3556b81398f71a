// The test firmware at -O0, -Og and -O2 runs on the simulated board under real OpenOCD 0.12:
// after `reset run` each prints "hello" on USART1.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { optimizationLevels } from '../helpers/firmware';
import { BoardSession } from './boardSession';

describe('the test firmware under OpenOCD', () => {
  for (const level of optimizationLevels) {
    it(`-${level}: reset run prints "hello" on USART1`, async () => {
      const session = await BoardSession.start({ firmware: level });
      try {
        await session.commands.halt();
        const hello = session.uartText('hello\n');
        await session.commands.reset('run');
        assert.equal(await hello, 'hello\n');
        // OpenOCD reports 'reset' until its next poll sees the core running.
        await session.waitFor(async () => (await session.commands.curstate()) === 'running', 'state running');
        assert.equal(session.board.cpu.lockedUp, false);
      } finally {
        await session.close();
      }
    });
  }
});
