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
        await session.cmd('halt');
        const hello = session.uartText('hello\n');
        await session.cmd('reset run');
        assert.equal(await hello, 'hello\n');
        assert.equal(await session.cmd('stm32f0x.cpu curstate'), 'running');
      } finally {
        await session.close();
      }
    });
  }
});
