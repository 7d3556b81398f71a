// Fault scenario (issue 17): the target resets by itself while a step runs (here `reset run` from a
// second Tcl client, as a watchdog would). The step must end within 2 s in a stop that says the
// target was reset, and the session must go on (a later step works).
import assert from 'node:assert/strict';
import { performance } from 'node:perf_hooks';
import { describe, it } from 'node:test';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { freePort, TclClient } from '../../../src/openocd';
import { DapSession, E2E_TIMEOUT_MS } from '../dapSession';
import { FAULT_NOTICE_MS, haltInTickWaitWithoutTicks } from './tickWait';


describe('faults: the target resets during a step', { timeout: E2E_TIMEOUT_MS }, () => {
  it('reset run from a second Tcl client ends the step in a stop that says so, and the session goes on', async (t) => {
    const dap = await DapSession.start('Og', { preload: true });
    try {
      const tclPort = await freePort();
      await dap.launch({ load: false, runToEntryPoint: 'led_toggle', tclPort });
      await haltInTickWaitWithoutTicks(dap);
      await dap.client.nextRequest({ threadId: 1 });
      await using other = new TclClient({ port: tclPort });
      await other.connect();
      const stopped = dap.client.waitForEvent('stopped', FAULT_NOTICE_MS) as Promise<DebugProtocol.StoppedEvent>;
      const resetAt = performance.now();
      await other.cmd('reset run');
      const event = await stopped;
      t.diagnostic(`stopped event ${(performance.now() - resetAt).toFixed(0)} ms after reset run was sent`);
      assert.match(event.body.description ?? '', /the target was reset \(reset run/);
      assert.match(dap.output.filter((o) => o.category === 'stderr').map((o) => o.text).join(''), /the target was reset \(reset run: another OpenOCD client, a watchdog or the program\) during the step/);
      // The session goes on: the stack is the restarted program's, and a step works.
      assert.ok((await dap.frames()).length > 0);
      const next = dap.client.waitForEvent('stopped') as Promise<DebugProtocol.StoppedEvent>;
      await dap.client.stepInRequest({ threadId: 1, granularity: 'instruction' });
      assert.equal((await next).body.reason, 'step');
    } finally {
      await dap.close();
    }
  });
});
