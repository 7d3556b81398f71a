// DAP scenarios of logpoints on the simulated board: the console text of each hit exactly as GDB's
// dprintf and print give the same values, braces, a failing expression's error in place, the
// breakpoint's source line on the output, no stop shown, and at most 2 round trips a hit.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { lineOf } from '../engine/program/sourceLines';
import { firmwareDir } from '../helpers/firmware';
import { continueToStop } from './continueToStop';
import { DapSession, E2E_TIMEOUT_MS } from './dapSession';
import { gdbFromMain, printed } from './gdbHits';

const level = 'Og';
const workload = `${firmwareDir}/workload.c`;
/** Runs once per SysTick, in recursion_bottom, before work_step's `calls++`. */
const logLine = lineOf('workload.c', 'recursion_bottom_hits++;');
const stopLine = lineOf('workload.c', 'calls++;');
const message = 'hit {recursion_bottom_hits} loop {loop_count} square {g_squares[2] * 3} at {g_record.position} {{literal}} bad {no_such_name}';

describe(`logpoints (${level})`, { timeout: 4 * E2E_TIMEOUT_MS }, () => {
  let dap: DapSession;
  before(async () => {
    dap = await DapSession.start(level, { preload: true });
    await dap.launch({ load: false, runToEntryPoint: 'main' });
  });
  after(async () => dap?.close());

  /** Continues to the next stop; the logpoint's lines printed meanwhile. */
  const run = async () => {
    const result = await continueToStop(dap);
    return { ...result, lines: result.output.filter((line) => line.output.startsWith('hit ')) };
  };

  it("prints each hit's message with GDB's values, at the logpoint's line, and resumes unseen", async () => {
    const set = await dap.client.setBreakpointsRequest({ source: { path: workload }, breakpoints: [{ line: logLine, logMessage: message }, { line: stopLine, hitCondition: '% 3' }] });
    assert.deepEqual(set.body.breakpoints.map((b) => b.verified), [true, true]);
    const { lines, events, stopped } = await run();
    assert.equal(stopped.body.reason, 'breakpoint');
    assert.equal((await dap.frames(1))[0].line, stopLine);
    assert.deepEqual(events, ['continued', 'stopped'], 'the logpoint hits showed no stop');

    const frameId = (await dap.frames(1))[0].id;
    const error = await dap.client.evaluateRequest({ expression: 'no_such_name', frameId, context: 'watch' }).then(() => 'evaluated', (e: Error) => e.message);
    const [hits, square, position] = await gdbFromMain(level, [
      [`dprintf workload.c:${logLine},"hit %u loop %u\\n", recursion_bottom_hits, loop_count`, `break workload.c:${stopLine}`, 'ignore 3 2', 'continue'],
      ['print g_squares[2] * 3'],
      ['print g_record.position'],
    ]);
    const gdbLines = hits.split('\n').filter((line) => /^hit \d+ loop \d+$/.test(line));
    assert.equal(gdbLines.length, 3, hits);
    const expected = gdbLines.map((line) => `${line} square ${printed(square)} at ${printed(position)} {literal} bad <error: ${error}>\n`);
    assert.deepEqual(lines.map((line) => line.output), expected);
    for (const line of lines) {
      assert.equal(line.category, 'console');
      assert.equal(line.source?.path, workload);
      assert.equal(line.line, logLine);
    }
  });

  it('an auto-resumed hit costs at most 2 Tcl round trips once the first hit read its globals', async () => {
    const { lines, events, roundTrips } = await run();
    assert.deepEqual(events, ['continued', 'stopped']);
    assert.equal(lines.length, 3);
    // The resume and its early halt checks (at most 4; none after a hit resumed unseen), 3 logpoint
    // hits and 2 uncounted hits of the `% 3` breakpoint, then the stop's snapshot.
    assert.ok(roundTrips <= 1 + 4 + 2 * 5 + 1, `${roundTrips} Tcl round trips for 5 hits resumed and a stop`);
    console.log(`-${level}: 5 auto-resumed hits and a stop: ${roundTrips} Tcl round trips`);
  });

  it('a pause while logpoint hits go by stops the target with reason pause', async () => {
    await dap.client.setBreakpointsRequest({ source: { path: workload }, breakpoints: [{ line: logLine, logMessage: message }] });
    for (let round = 0; round < 3; round++) {
      const printed = new Promise<void>((resolve) => {
        const onOutput = (event: DebugProtocol.OutputEvent) => {
          if (!event.body.output.startsWith('hit ')) return;
          dap.client.off('output', onOutput);
          resolve();
        };
        dap.client.on('output', onOutput);
      });
      const stopped = dap.client.waitForEvent('stopped') as Promise<DebugProtocol.StoppedEvent>;
      await dap.client.continueRequest({ threadId: 1 });
      await printed;
      await dap.client.pauseRequest({ threadId: 1 });
      assert.equal((await stopped).body.reason, 'pause');
    }
    await dap.client.setBreakpointsRequest({ source: { path: workload }, breakpoints: [] });
  });
});
