// Pausing a step that never ends (issue 12), at -O0 and -Og: `next` over the wait for a tick and
// Step Out of wait_for_tick, with SysTick off so neither can finish. Pause must answer with one
// `stopped` event (reason pause) at the PC where the core halted, and the session must step on.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { lineOf } from '../engine/program/sourceLines';
import { DapSession, E2E_TIMEOUT_MS } from './dapSession';
import { haltInTickWaitWithoutTicks } from './faults/tickWait';

/** SysTick control and status (ARMv6-M B3.3.3): haltInTickWaitWithoutTicks writes 0 to it. */
const SYST_CSR = 0xe000e010;
/** CLKSOURCE | TICKINT | ENABLE, as board_init sets it (test/firmware/board.c). */
const SYST_CSR_TICKING = 0x7;

for (const level of ['O0', 'Og'] as const) {
  describe(`pausing a step that never ends (${level})`, { timeout: E2E_TIMEOUT_MS }, () => {
    let dap: DapSession;
    let stoppedEvents = 0;
    before(async () => {
      dap = await DapSession.start(level, { preload: true });
      dap.client.on('stopped', () => stoppedEvents++);
      await dap.launch({ load: false, runToEntryPoint: 'main' });
      await haltInTickWaitWithoutTicks(dap);
    });
    after(async () => dap?.close());

    /** The PC OpenOCD reads from the halted core. */
    async function corePc(): Promise<number> {
      return parseInt(/pc \(\/32\): (0x[0-9a-f]+)/i.exec(await dap.tcl('reg pc'))![1], 16);
    }

    /**
     * Starts `request`, which must be answered although its step goes on, then pauses it: one
     * stopped event, reason pause, at the core's PC; returns the top frame there.
     */
    async function pauseDuring(request: () => Promise<unknown>): Promise<DebugProtocol.StackFrame> {
      const before = stoppedEvents;
      await request();
      assert.equal(stoppedEvents, before, 'the step stopped by itself: it was meant never to end');
      const stopped = dap.client.waitForEvent('stopped') as Promise<DebugProtocol.StoppedEvent>;
      await dap.client.pauseRequest({ threadId: 1 });
      const event = await stopped;
      assert.equal(event.body.reason, 'pause');
      assert.equal(event.body.threadId, 1);
      const [top] = await dap.frames();
      assert.equal(Number(top.instructionPointerReference), await corePc(), 'the stop shows the PC where the core halted');
      return top;
    }

    it('next in the tick wait runs until paused, stops with reason pause where the core is, and an instruction step works after', async () => {
      const top = await pauseDuring(() => dap.client.nextRequest({ threadId: 1 }));
      assert.equal(top.name, 'wait_for_tick');
      assert.equal(top.line, lineOf('main.c', 'while (systick_ticks == seen)'));
      const eventsBefore = stoppedEvents;
      const stepped = dap.client.waitForEvent('stopped') as Promise<DebugProtocol.StoppedEvent>;
      await dap.client.stepInRequest({ threadId: 1, granularity: 'instruction' });
      assert.equal((await stepped).body.reason, 'step');
      assert.equal(stoppedEvents, eventsBefore + 1, 'one stopped event for the instruction step: none left over from the paused next');
      assert.equal((await dap.frames())[0].name, 'wait_for_tick');
    });

    it('Step Out of wait_for_tick runs until paused; with SysTick on again, Step Out returns to main', async () => {
      const top = await pauseDuring(() => dap.client.stepOutRequest({ threadId: 1 }));
      assert.equal(top.name, 'wait_for_tick');
      await dap.tcl(`mww 0x${SYST_CSR.toString(16)} ${SYST_CSR_TICKING}`);
      const eventsBefore = stoppedEvents;
      const stepped = dap.client.waitForEvent('stopped') as Promise<DebugProtocol.StoppedEvent>;
      await dap.client.stepOutRequest({ threadId: 1 });
      assert.equal((await stepped).body.reason, 'step');
      assert.equal(stoppedEvents, eventsBefore + 1, 'one stopped event for the Step Out');
      const [main] = await dap.frames();
      assert.equal(main.name, 'main');
      assert.equal(main.line, lineOf('main.c', 'seen_tick = wait_for_tick(seen_tick);'));
    });
  });
}
