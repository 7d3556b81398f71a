// Fault scenarios (issue 17): OpenOCD's Tcl port answers garbage, or closes in the middle of a
// reply (a proxy in front of a real OpenOCD, since OpenOCD itself does neither). The session must
// end in a terminated event within 2 s saying what went wrong, the request answered.
import assert from 'node:assert/strict';
import { performance } from 'node:perf_hooks';
import { describe, it } from 'node:test';
import type { OpenocdProcess } from '../../../src/openocd';
import { startOpenocdForSim } from '../../sim/startSim';
import { DapSession, E2E_TIMEOUT_MS } from '../dapSession';
import { FAULT_NOTICE_MS } from './tickWait';
import { TclProxy, type TclProxyFault } from './tclProxy';

describe('faults: the Tcl port misbehaves', { timeout: E2E_TIMEOUT_MS }, () => {
  const cases: [TclProxyFault, RegExp][] = [
    ['garbage', /connection to OpenOCD was lost: .*(not|invalid|unexpected|OpenOCD)/i],
    ['closeMidReply', /connection to OpenOCD was lost: .*(without the 0x1a terminator|closed)/],
  ];
  for (const [fault, message] of cases) {
    it(`${fault}: the session ends with a terminated event saying so`, async (t) => {
      // The session's own board, debugged by an OpenOCD that the session attaches to through the proxy.
      const dap = await DapSession.start('Og', { preload: true });
      let openocd: OpenocdProcess | undefined;
      let proxy: TclProxy | undefined;
      try {
        openocd = await startOpenocdForSim(dap.sim.port);
        proxy = await TclProxy.start(openocd.tclPort);
        await dap.attach(proxy.port);
        const terminated = dap.client.waitForEvent('terminated', FAULT_NOTICE_MS);
        proxy.fault = fault;
        const faultAt = performance.now();
        const step = dap.client.stepInRequest({ threadId: 1, granularity: 'instruction' }).then(() => 'answered', (error: Error) => error.message);
        await terminated;
        t.diagnostic(`terminated event ${(performance.now() - faultAt).toFixed(0)} ms after the fault`);
        assert.notEqual(await step, undefined);
        assert.match(dap.output.filter((o) => o.category === 'stderr').map((o) => o.text).join(''), message);
      } finally {
        await proxy?.close();
        await openocd?.stop();
        await dap.close();
      }
    });
  }
});
