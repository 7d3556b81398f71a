// Fault scenario (issue 17): the board's remote_bitbang link stops answering, which freezes
// OpenOCD's event loop. With a step in flight, and with the target running and no request at all,
// the session must end within 2 s in a terminated event saying OpenOCD stopped answering, any
// request answered, and the OpenOCD we started gone (OpenocdLiveness: Linux /proc).
import assert from 'node:assert/strict';
import { performance } from 'node:perf_hooks';
import { describe, it, type TestContext } from 'node:test';
import { isAlive, waitGone } from '../../helpers/processes';
import { DapSession, E2E_TIMEOUT_MS } from '../dapSession';
import { FAULT_NOTICE_MS } from './tickWait';

/** A stuck OpenOCD gets SIGKILL at once (Session.close). */
const KILL_MS = 3_000;
/** What the session says when /proc shows OpenOCD's process blocked outside its event loop. */
const BLOCKED_MESSAGE = /OpenOCD stopped answering: its process has slept in '[^']+' for \d+ ms without running/;

/** Stalls the link, runs `during` (a request, or nothing), and checks the end the user sees. */
async function stallEndsSession(t: TestContext, dap: DapSession, during: () => Promise<string> | undefined): Promise<string | undefined> {
  const pid = dap.session.openocdPid!;
  const terminated = dap.client.waitForEvent('terminated', FAULT_NOTICE_MS);
  dap.sim.simulator.stallLink();
  const faultAt = performance.now();
  const request = during();
  await terminated;
  t.diagnostic(`terminated event ${(performance.now() - faultAt).toFixed(0)} ms after the stall`);
  const errors = dap.output.filter((o) => o.category === 'stderr').map((o) => o.text).join('');
  assert.match(errors, BLOCKED_MESSAGE);
  await assert.rejects(dap.client.threadsRequest(), /the session has ended/);
  const killStart = performance.now();
  assert.ok(await waitGone(pid, KILL_MS), 'OpenOCD left behind');
  t.diagnostic(`OpenOCD gone ${(performance.now() - killStart).toFixed(0)} ms after the terminated event`);
  assert.equal(isAlive(pid), false);
  return request;
}

describe('faults: the board stalls its link', { timeout: E2E_TIMEOUT_MS }, () => {
  it('a step on a stalled link ends the session: OpenOCD stopped answering, and it is killed', async (t) => {
    const dap = await DapSession.start('Og', { preload: true });
    try {
      await dap.launch({ load: false, runToEntryPoint: 'work_step' });
      const step = await stallEndsSession(t, dap, () =>
        dap.client.stepInRequest({ threadId: 1, granularity: 'instruction' }).then(
          () => 'answered',
          (error: Error) => error.message,
        ),
      );
      assert.match(step ?? '', BLOCKED_MESSAGE, 'the step fails with the reason the session ended');
    } finally {
      await dap.close();
    }
  });

  it('a stalled link under a running target ends the session with no request in flight', async (t) => {
    const dap = await DapSession.start('Og', { preload: true });
    try {
      await dap.launch({ load: false, runToEntryPoint: 'work_step' });
      const continued = dap.client.waitForEvent('continued');
      await dap.client.continueRequest({ threadId: 1 });
      await continued;
      await stallEndsSession(t, dap, () => undefined);
    } finally {
      await dap.close();
    }
  });
});
