// Fault scenario (issue 17): the board's debug port answers WAIT for a while (JTAG-DP ACK WAIT,
// ADIv5 B3.3.2: the access is ignored and must be retried). OpenOCD retries; the session must go
// on: the step under the WAITs stops as usual and the stack and locals are right afterwards.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { DapSession, E2E_TIMEOUT_MS } from '../dapSession';

describe('faults: the board answers WAIT', { timeout: E2E_TIMEOUT_MS }, () => {
  // 20 WAITs: an even count once ended OpenOCD's retry on a discarded access (the simulated DP ignored
  // the CTRL/STAT write clearing STICKYORUN while WAITing; see JtagDp.accessRegister), and OpenOCD
  // then logged "external resume detected" and refused the next step with "target not halted".
  it('a step under a burst of WAIT answers stops as usual, and the session goes on', async () => {
    const dap = await DapSession.start('Og', { preload: true });
    try {
      await dap.launch({ load: false, runToEntryPoint: 'work_step' });
      const before = await dap.frames();
      const dp = dap.sim.simulator.jtagDp;
      const waitsBefore = dp.waitCount;
      for (let k = 0; k < 3; k++) {
        dp.injectWait(20);
        const stopped = dap.client.waitForEvent('stopped') as Promise<DebugProtocol.StoppedEvent>;
        await dap.client.stepInRequest({ threadId: 1, granularity: 'instruction' });
        assert.equal((await stopped).body.reason, 'step');
      }
      assert.ok(dp.waitCount - waitsBefore >= 60, `the board answered WAIT ${dp.waitCount - waitsBefore} times`);
      const after = await dap.frames();
      assert.deepEqual(after.map((frame) => frame.name), before.map((frame) => frame.name), 'still in work_step, same callers');
      const scopes = (await dap.client.scopesRequest({ frameId: after[0].id })).body.scopes;
      const locals = (await dap.client.variablesRequest({ variablesReference: scopes.find((scope) => scope.name === 'Locals')!.variablesReference })).body.variables;
      assert.ok(locals.some((variable) => variable.name === 'iteration'), `Locals: ${locals.map((variable) => variable.name).join(', ')}`);
    } finally {
      await dap.close();
    }
  });
});
