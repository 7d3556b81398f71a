// Fault scenario (issue 17): the board's remote_bitbang link stops answering, which freezes
// OpenOCD's event loop. The session must end in a terminated event saying OpenOCD stopped answering
// and naming the command (after the engine's 5 s bound, not issue 17's 2 s: see QUICK_REPLY_MS),
// the request answered, and the OpenOCD we started gone.
import assert from 'node:assert/strict';
import { performance } from 'node:perf_hooks';
import { describe, it } from 'node:test';
import { isAlive, waitGone } from '../../helpers/processes';
import { DapSession, E2E_TIMEOUT_MS } from '../dapSession';

/** The engine's bound on a step's reply (QUICK_REPLY_MS) and a margin. */
const FAULT_NOTICE_MS = 7_000;
/** A stuck OpenOCD gets SIGKILL at once (Session.close). */
const KILL_MS = 3_000;

describe('faults: the board stalls its link', { timeout: E2E_TIMEOUT_MS }, () => {
  it('a step on a stalled link ends the session: OpenOCD stopped answering, and it is killed', async (t) => {
    const dap = await DapSession.start('Og', { preload: true });
    try {
      await dap.launch({ load: false, runToEntryPoint: 'work_step' });
      const pid = dap.session.openocdPid!;
      const terminated = dap.client.waitForEvent('terminated', FAULT_NOTICE_MS);
      dap.sim.simulator.stallLink();
      const faultAt = performance.now();
      const step = dap.client.stepInRequest({ threadId: 1, granularity: 'instruction' }).then(() => 'answered', (error: Error) => error.message);
      await terminated;
      t.diagnostic(`terminated event ${(performance.now() - faultAt).toFixed(0)} ms after the stall`);
      assert.match(await step, /stopped answering/, 'the step fails with the reason the session ended');
      const errors = dap.output.filter((o) => o.category === 'stderr').map((o) => o.text).join('');
      assert.match(errors, /OpenOCD stopped answering: no reply to '[^']*step' within 5000 ms/);
      await assert.rejects(dap.client.threadsRequest(), /the session has ended/);
      const killStart = performance.now();
      assert.ok(await waitGone(pid, KILL_MS), 'OpenOCD left behind');
      t.diagnostic(`OpenOCD gone ${(performance.now() - killStart).toFixed(0)} ms after the terminated event`);
      assert.equal(isAlive(pid), false);
    } finally {
      await dap.close();
    }
  });
});
