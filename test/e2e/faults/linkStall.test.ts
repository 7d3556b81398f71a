// Fault scenario (issue 17): the board's remote_bitbang link stops answering, which freezes
// OpenOCD's event loop. With a step in flight, and with the target running and no request at all,
// the session must end within 2 s in a terminated event saying OpenOCD stopped answering, any
// request answered, and the OpenOCD we started gone (OpenocdLiveness: Linux /proc). A link that is
// only late must not end it.
import assert from 'node:assert/strict';
import { performance } from 'node:perf_hooks';
import { describe, it, type TestContext } from 'node:test';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { isAlive, waitGone } from '../../helpers/processes';
import { DapSession, E2E_TIMEOUT_MS } from '../dapSession';
import { FAULT_NOTICE_MS } from './tickWait';

/** A stuck OpenOCD gets SIGKILL at once (Session.close). */
const KILL_MS = 3_000;
/** What the session says when /proc shows OpenOCD's process blocked outside its event loop. */
const BLOCKED_MESSAGE = /OpenOCD stopped answering: its process has slept in '[^']+' for \d+ ms without running/;

/** A slow link: each answer this late, LATE_REPLIES times (2 s in all, more than OpenocdLiveness's STALL_MS). */
const LATE_REPLY_MS = 400;
const LATE_REPLIES = 5;

/** What the session showed as errors. */
function stderrText(dap: DapSession): string {
  return dap.output.filter((o) => o.category === 'stderr').map((o) => o.text).join('');
}

/** Stalls the link, runs `during` (a request, or nothing), and checks the end the user sees. */
async function stallEndsSession(t: TestContext, dap: DapSession, during: () => Promise<string> | undefined): Promise<string | undefined> {
  const pid = dap.session.openocdPid!;
  const terminated = dap.client.waitForEvent('terminated', FAULT_NOTICE_MS);
  dap.sim.simulator.stallLink();
  const faultAt = performance.now();
  const request = during();
  await terminated;
  t.diagnostic(`terminated event ${(performance.now() - faultAt).toFixed(0)} ms after the stall`);
  assert.match(stderrText(dap), BLOCKED_MESSAGE);
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

  it('a slow link, each answer 400 ms late for 2 s, does not end the session', async () => {
    const dap = await DapSession.start('Og', { preload: true });
    try {
      await dap.launch({ load: false, runToEntryPoint: 'work_step' });
      await dap.client.continueRequest({ threadId: 1 });
      // OpenOCD polls the running target and waits 400 ms for each answer: silent for longer than
      // STALL_MS in all, but never that long at a stretch.
      const ended = new Promise<never>((_resolve, reject) => dap.client.once('terminated', () => reject(new Error(`the session ended: ${stderrText(dap)}`))));
      ended.catch(() => undefined);
      await Promise.race([dap.sim.simulator.delayLink(LATE_REPLY_MS, LATE_REPLIES), ended]);
      const stopped = dap.client.waitForEvent('stopped') as Promise<DebugProtocol.StoppedEvent>;
      await dap.client.pauseRequest({ threadId: 1 });
      assert.equal((await stopped).body.reason, 'pause');
      assert.equal(stderrText(dap), '', 'no error shown');
    } finally {
      await dap.close();
    }
  });
});
