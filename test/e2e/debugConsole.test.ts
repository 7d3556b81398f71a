// DAP scenarios of the debug console and OpenOCD's log on the simulated board: the console shows
// OpenOCD's errors and warnings but not its info lines or halt messages, the openocd.log events
// carry each halt once, and openocdLogInConsole brings the whole log back to the console.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { OPENOCD_LOG_CATEGORY } from '../../src/adapter';
import { DapSession, E2E_TIMEOUT_MS } from './dapSession';

/** armv7m_arch_state's two lines (OpenOCD 0.12 armv7m.c), as OpenOCD prints them on each halt. */
const HALT_LINE = /^\[stm32f0x\.cpu\] halted due to ([\w-]+), current mode: /;
const XPSR_LINE = /^xPSR: 0x[0-9a-f]{8} pc: 0x[0-9a-f]{8} msp: /;

async function untilStopped(dap: DapSession, request: () => Promise<unknown>): Promise<DebugProtocol.StoppedEvent> {
  const stopped = dap.client.waitForEvent('stopped') as Promise<DebugProtocol.StoppedEvent>;
  await request();
  return stopped;
}

/** Two breakpoint hits at work_step and two instruction steps: four halts. */
async function fourHalts(dap: DapSession): Promise<void> {
  await dap.client.setFunctionBreakpointsRequest({ breakpoints: [{ name: 'work_step' }] });
  for (let hit = 0; hit < 2; hit++) assert.equal((await untilStopped(dap, () => dap.client.continueRequest({ threadId: 1 }))).body.reason, 'breakpoint');
  await dap.client.setFunctionBreakpointsRequest({ breakpoints: [] });
  for (let step = 0; step < 2; step++) await untilStopped(dap, () => dap.client.nextRequest({ threadId: 1, granularity: 'instruction' }));
}

/** OpenOCD's halt messages among `lines`: the debug reason of each, after checking its xPSR line follows. */
function haltReasons(lines: readonly string[]): string[] {
  const reasons: string[] = [];
  lines.forEach((line, k) => {
    const match = HALT_LINE.exec(line);
    if (!match) return;
    assert.match(lines[k + 1] ?? '', XPSR_LINE, `no xPSR line after ${line}`);
    reasons.push(match[1]);
  });
  assert.equal(lines.filter((line) => XPSR_LINE.test(line)).length, reasons.length, 'an xPSR line without its halt line');
  return reasons;
}

/** What a client shows in its console: every output event but telemetry, one entry per line. */
function consoleLines(dap: DapSession): { category: string; line: string }[] {
  return dap.output
    .filter((output) => output.category !== 'telemetry')
    .flatMap((output) => output.text.replace(/\n$/, '').split('\n').map((line) => ({ category: output.category, line })));
}

describe('the debug console and OpenOCD log on the simulated board', { timeout: E2E_TIMEOUT_MS }, () => {
  describe('by default', () => {
    let dap: DapSession;
    before(async () => {
      dap = await DapSession.start('O0', { preload: true });
      await dap.launch({ load: false, runToEntryPoint: 'main' });
    });
    after(async () => dap?.close());

    it('logs each halt once, in openocd.log events', async () => {
      await dap.logBarrier('before-the-halts');
      const from = dap.openocdLog.length;
      await fourHalts(dap);
      await dap.logBarrier('after-the-halts');
      const lines = dap.openocdLog.slice(from).map((log) => log.line);
      assert.deepEqual(haltReasons(lines), ['breakpoint', 'breakpoint', 'single-step', 'single-step'], lines.join('\n'));
      assert.ok(dap.openocdLog.some((log) => log.level === 'info' && log.line.startsWith('Info : ')), 'the info lines are in the events');
    });

    it("keeps OpenOCD's info lines and halt messages out of the console, and shows its errors and warnings there", async () => {
      await untilStopped(dap, () => dap.client.nextRequest({ threadId: 1 }));
      await assert.rejects(dap.tcl('mdw 0x30000000'), /Failed to read memory at 0x30000000/);
      await dap.tcl('cortex_m reset_config vectreset');
      await dap.logBarrier('after-the-commands');
      const shown = consoleLines(dap);
      const noise = shown.filter(({ line }) => HALT_LINE.test(line) || XPSR_LINE.test(line) || line.startsWith('Info : ') || line === 'after-the-commands');
      assert.deepEqual(noise, []);
      assert.ok(shown.some(({ category, line }) => category === 'stderr' && line === 'Error: Failed to read memory at 0x30000000'), JSON.stringify(shown));
      assert.ok(shown.some(({ category, line }) => category === 'console' && line === 'Warn : [stm32f0x.cpu] VECTRESET is not supported on your Cortex-M core!'), JSON.stringify(shown));
      assert.ok(dap.openocdLog.some((log) => log.level === 'error' && log.line === 'Error: Failed to read memory at 0x30000000'), 'errors are in the events too');
    });
  });

  describe('with openocdLogInConsole', () => {
    let dap: DapSession;
    before(async () => {
      dap = await DapSession.start('O0', { preload: true });
      await dap.launch({ load: false, runToEntryPoint: 'main', openocdLogInConsole: true });
    });
    after(async () => dap?.close());

    it("shows OpenOCD's whole log in the console, each halt once", async () => {
      await dap.logBarrier('before-the-halts');
      const from = consoleLines(dap).length;
      await fourHalts(dap);
      await dap.logBarrier('after-the-halts');
      const shown = consoleLines(dap);
      const logged = shown.slice(from).filter(({ category }) => category === OPENOCD_LOG_CATEGORY).map(({ line }) => line);
      assert.deepEqual(haltReasons(logged), ['breakpoint', 'breakpoint', 'single-step', 'single-step'], logged.join('\n'));
      assert.ok(logged.includes('after-the-halts'), 'the echo is a log line in the console');
      assert.ok(shown.some(({ category, line }) => category === OPENOCD_LOG_CATEGORY && line.startsWith('Info : ')), 'info lines in the console');
      const ordinary = dap.openocdLog.filter((log) => log.level !== 'error' && log.level !== 'warning');
      assert.deepEqual(shown.filter(({ category }) => category === OPENOCD_LOG_CATEGORY).map(({ line }) => line), ordinary.map((log) => log.line), 'the console has every line of the events');
    });
  });
});
