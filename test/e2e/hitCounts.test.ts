// DAP scenarios of hit counts on the simulated board: the stop at the Nth hit where GDB's `ignore`
// stops (same loop_count), `% N` and `> N`, a wrong hit count refused by name, counts back to 0 on
// restart unless keepHitCountsOnRestart, and what an auto-resumed hit costs (no events, round trips).
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
/** Runs once per SysTick, in recursion_bottom. */
const line = lineOf('workload.c', 'recursion_bottom_hits++;');

/** A launched session at main, with helpers for this file's scenarios. */
function board(launch: Record<string, unknown> = {}) {
  let dap: DapSession;
  before(async () => {
    dap = await DapSession.start(level, { preload: true });
    await dap.launch({ load: false, runToEntryPoint: 'main', ...launch });
  });
  after(async () => dap?.close());
  const value = async (expression: string): Promise<string> => (await dap.client.evaluateRequest({ expression, context: 'watch', frameId: (await dap.frames(1))[0].id })).body.result;
  const set = (breakpoint: Omit<DebugProtocol.SourceBreakpoint, 'line'>) => dap.client.setBreakpointsRequest({ source: { path: workload }, breakpoints: [{ line, ...breakpoint }] });
  const clear = () => dap.client.setBreakpointsRequest({ source: { path: workload }, breakpoints: [] });
  const untilStop = () => continueToStop(dap);
  const restart = async (): Promise<void> => {
    const entry = dap.client.waitForEvent('stopped');
    await dap.client.send('restart', {});
    await entry;
  };
  return { dap: () => dap, value, set, clear, untilStop, restart };
}

describe(`hit counts (${level})`, { timeout: 4 * E2E_TIMEOUT_MS }, () => {
  const b = board();

  it("stops at the 5th hit, where GDB's ignore 4 stops (same loop_count), unseen before it and at most 2 round trips a hit", async () => {
    const [set] = (await b.set({ hitCondition: '5' })).body.breakpoints;
    assert.equal(set.verified, true, set.message);
    const { events, roundTrips, stopped } = await b.untilStop();
    assert.equal(stopped.body.reason, 'breakpoint');
    assert.deepEqual(events, ['continued', 'stopped'], 'the four hits that did not count showed nothing');
    // Plus the continue's own early halt checks (at most 4, OpenocdTarget.checkHaltSoon); the hits resumed unseen have none.
    assert.ok(roundTrips <= 2 * 5 + 4, `5 hits took ${roundTrips} Tcl round trips`);
    const mine = [await b.value('loop_count'), await b.value('recursion_bottom_hits')];
    const gdb = await gdbFromMain(level, [[`break workload.c:${line}`, 'ignore 2 4', 'continue'], ['print loop_count'], ['print recursion_bottom_hits']]);
    assert.deepEqual(mine, gdb.slice(1).map(printed));
    assert.deepEqual(mine, ['5', '4']);
    await b.clear();
  });

  it('% 3 stops every third hit, > 2 at every hit after the second', async () => {
    const start = Number(await b.value('loop_count'));
    await b.set({ hitCondition: '% 3' });
    const stops: number[] = [];
    for (let k = 0; k < 2; k++) {
      await b.untilStop();
      stops.push(Number(await b.value('loop_count')));
    }
    assert.deepEqual(stops, [start + 3, start + 6]);
    await b.clear();
    await b.set({ hitCondition: '> 2' });
    stops.length = 0;
    for (let k = 0; k < 2; k++) {
      await b.untilStop();
      stops.push(Number(await b.value('loop_count')));
    }
    assert.deepEqual(stops, [start + 9, start + 10]);
    await b.clear();
  });

  it('refuses a hit count it does not understand, naming it, and a log message with an open brace', async () => {
    const [bad] = (await b.set({ hitCondition: 'twice' })).body.breakpoints;
    assert.equal(bad.verified, false);
    assert.equal(bad.message, "hit count 'twice' is not understood: write N or '== N' (stop at hit N), '>= N', '> N' or '% N' (every Nth hit), N a positive integer");
    const [open] = (await b.set({ logMessage: 'hits {recursion_bottom_hits' })).body.breakpoints;
    assert.equal(open.verified, false);
    assert.equal(open.message, "log message 'hits {recursion_bottom_hits': '{' at column 6 is never closed (write '{{' for a brace)");
    await b.clear();
  });

  it('a false condition resumes unseen, at most 2 round trips a hit once the first hit read its global', async () => {
    const hits = Number(await b.value('recursion_bottom_hits'));
    await b.set({ condition: `recursion_bottom_hits == ${hits + 5}` });
    const { events, roundTrips } = await b.untilStop();
    assert.deepEqual(events, ['continued', 'stopped']);
    assert.equal(await b.value('recursion_bottom_hits'), String(hits + 5));
    assert.ok(roundTrips <= 2 * 6 + 1 + 4, `6 hits took ${roundTrips} Tcl round trips (4: the continue's early halt checks)`);
    await b.clear();
  });

  it('counts from 0 again after a restart', async () => {
    await b.set({ hitCondition: '>= 3' });
    await b.restart();
    await b.untilStop();
    assert.equal(await b.value('loop_count'), '3');
    await b.restart();
    await b.untilStop();
    assert.equal(await b.value('loop_count'), '3', 'the count started again at 0');
    await b.clear();
  });
});

describe(`hit counts with keepHitCountsOnRestart (${level})`, { timeout: 2 * E2E_TIMEOUT_MS }, () => {
  const b = board({ keepHitCountsOnRestart: true });

  it('goes on counting across a restart', async () => {
    await b.set({ hitCondition: '>= 3' });
    await b.untilStop();
    assert.equal(await b.value('loop_count'), '3');
    await b.restart();
    await b.untilStop();
    assert.equal(await b.value('loop_count'), '1', 'the 4th hit, the first after the restart, stopped');
  });
});
