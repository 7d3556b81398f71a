// Fault scenarios (issue 17): OpenOCD killed while a step runs, while flash is programmed and while
// a Variables request reads memory. Each must end in a terminated event saying OpenOCD exited,
// within 2 s of the kill, with the request in flight answered and no OpenOCD left behind.
import assert from 'node:assert/strict';
import { performance } from 'node:perf_hooks';
import { describe, it, type TestContext } from 'node:test';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { CUSTOM_REQUESTS } from '../../../src/adapter/api';
import { isAlive, waitGone } from '../../helpers/processes';
import { DapSession, E2E_TIMEOUT_MS } from '../dapSession';
import { FAULT_NOTICE_MS, haltInTickWaitWithoutTicks } from './tickWait';


/**
 * Kills the session's OpenOCD, then checks what the user sees: a terminated event within 2 s,
 * a stderr line naming the exit, OpenOCD gone, and the session refusing further requests.
 */
async function killAndExpectEnd(t: TestContext, dap: DapSession, inFlight: Promise<unknown>): Promise<void> {
  const pid = dap.session.openocdPid!;
  const terminated = dap.client.waitForEvent('terminated', FAULT_NOTICE_MS);
  const killedAt = performance.now();
  process.kill(pid, 'SIGKILL');
  await terminated;
  t.diagnostic(`terminated event ${(performance.now() - killedAt).toFixed(0)} ms after the kill`);
  // The request in flight is answered (an error or a result), never left pending.
  await Promise.race([inFlight.then(() => 'answered', () => 'answered'), new Promise((resolve) => setTimeout(resolve, FAULT_NOTICE_MS, 'pending'))]).then((state) =>
    assert.equal(state, 'answered', 'the request in flight at the kill got no response'));
  const errors = dap.output.filter((o) => o.category === 'stderr').map((o) => o.text).join('');
  assert.match(errors, /OpenOCD exited \(SIGKILL\)|connection to OpenOCD was lost/);
  await assert.rejects(dap.client.threadsRequest(), /the session has ended/);
  assert.ok(await waitGone(pid, FAULT_NOTICE_MS), 'OpenOCD left behind');
  assert.equal(isAlive(pid), false);
}

describe('faults: OpenOCD killed', { timeout: E2E_TIMEOUT_MS }, () => {
  it('during a step: a next over the wait for a tick that never comes', async (t) => {
    const dap = await DapSession.start('Og', { preload: true });
    try {
      await dap.launch({ load: false, runToEntryPoint: 'led_toggle' });
      await haltInTickWaitWithoutTicks(dap);
      const stops: string[] = [];
      dap.client.on('stopped', (event: DebugProtocol.StoppedEvent) => stops.push(event.body.description ?? event.body.reason));
      // Answered once the step has started; it would run until paused.
      await dap.client.nextRequest({ threadId: 1 });
      await killAndExpectEnd(t, dap, Promise.resolve());
      assert.deepEqual(stops, [], 'a stop was reported for a step OpenOCD never finished');
    } finally {
      await dap.close();
    }
  });

  it('during flash programming: the program request fails saying so', async (t) => {
    const dap = await DapSession.start('Og', { preload: true });
    try {
      await dap.launch({ load: false, runToEntryPoint: 'main' });
      const writing = new Promise<void>((resolve) => dap.client.on('progressUpdate', () => resolve()));
      const program = dap.client.customRequest(CUSTOM_REQUESTS.program, { path: dap.elfPath }).then(() => 'programmed', (error: Error) => error.message);
      await writing;
      await killAndExpectEnd(t, dap, program);
      // Whichever is noticed first: a Tcl connection closing, or the process exit ending the session.
      assert.match(await program, /OpenOCD closed the (Tcl|notification) connection|the session has ended: OpenOCD exited \(SIGKILL\)/);
    } finally {
      await dap.close();
    }
  });

  it('during a Variables request: it is answered, with values or an error', async (t) => {
    const dap = await DapSession.start('Og', { preload: true });
    try {
      await dap.launch({ load: false, runToEntryPoint: 'main' });
      const [frame] = await dap.frames(1);
      const scopes = (await dap.client.scopesRequest({ frameId: frame.id })).body.scopes;
      const globals = scopes.find((scope) => scope.name === 'Globals')!;
      // Globals are read only when opened: this request goes to OpenOCD.
      const variables: Promise<DebugProtocol.VariablesResponse> = dap.client.variablesRequest({ variablesReference: globals.variablesReference });
      await killAndExpectEnd(t, dap, variables);
    } finally {
      await dap.close();
    }
  });
});
