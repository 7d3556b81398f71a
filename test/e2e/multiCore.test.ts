// DAP scenarios on the dual-core board (issue 19): one thread per OpenOCD target, each core stopped
// at its own breakpoint with its own stack (GDB on each core's own port as the oracle), stepping
// core 0 while core 1 runs, pause of one core, stopAllCores, and no OpenOCD left after disconnect.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { DebugProtocol } from '@vscode/debugprotocol';
import type { TargetsResponseBody } from '../../src/adapter/api';
import type { DualM0Board } from '../sim/board';
import { dualCoreElf } from '../helpers/firmware';
import { isAlive } from '../helpers/processes';
import { DapSession, E2E_TIMEOUT_MS } from './dapSession';
import { assertFramesLikeGdb, gdbDualCoreStops } from './gdbOracle';

const THREADS = [
  { id: 1, name: 'dual.cpu0' },
  { id: 2, name: 'dual.cpu1' },
];

type Dap = DapSession<DualM0Board>;

/** The stopped event `action` leads to (subscribed before the action, so a quick stop is not missed). */
async function stopAfter(dap: Dap, action: () => Promise<unknown>): Promise<DebugProtocol.StoppedEvent> {
  const stopped = dap.client.waitForEvent('stopped') as Promise<DebugProtocol.StoppedEvent>;
  await action();
  return stopped;
}

/** Each target's state as the Targets view shows it. */
async function states(dap: Dap): Promise<Record<string, string>> {
  const { targets } = (await dap.client.customRequest('openocd.targets')).body as TargetsResponseBody;
  return Object.fromEntries(targets.map((target) => [target.name, target.state]));
}

/** OpenOCD's own word on a core's state, asked on the Tcl port (not the engine's view of it). */
async function curstate(dap: Dap, target: string): Promise<string> {
  return (await dap.tcl(`${target} curstate`)).trim();
}

async function frames(dap: Dap, threadId: number): Promise<DebugProtocol.StackFrame[]> {
  return (await dap.client.stackTraceRequest({ threadId, levels: 20 })).body.stackFrames;
}

async function evaluate(dap: Dap, expression: string, frameId: number): Promise<string> {
  return (await dap.client.evaluateRequest({ expression, frameId, context: 'watch' })).body.result;
}

describe('dual-core board, each core on its own (stopAllCores false)', { timeout: 2 * E2E_TIMEOUT_MS }, () => {
  let dap: Dap;
  let first: DebugProtocol.StoppedEvent;
  before(async () => {
    dap = await DapSession.startDual(dualCoreElf());
    first = await dap.launch({ runToEntryPoint: 'main' });
  });
  after(async () => dap?.close());

  it('has one thread per OpenOCD target, named after it; runToEntryPoint stops core 0 alone while core 1 runs', async () => {
    assert.deepEqual((await dap.client.threadsRequest()).body.threads, THREADS);
    assert.deepEqual([first.body.threadId, first.body.allThreadsStopped], [1, false]);
    assert.equal((await frames(dap, 1))[0].name, 'main');
    assert.deepEqual(await states(dap), { 'dual.cpu0': 'halted', 'dual.cpu1': 'running' });
    assert.equal(await curstate(dap, 'dual.cpu1'), 'running');
  });

  it('launches onto the blank board without a failed memory read: the locked-up cores\' SP 0xFFFFFFFC is no stack', async () => {
    await dap.logBarrier('after-the-launch');
    // The scenario: both cores came up in lockup on the erased flash (their SP read 0xFFFFFFFC).
    for (const core of ['dual.cpu0', 'dual.cpu1']) assert.ok(dap.openocdLog.some(({ line }) => line === `Error: [${core}] clearing lockup after double fault`), `${core} was not locked up`);
    const failedReads = [...dap.openocdLog.map(({ line }) => line), ...dap.output.map(({ text }) => text)].filter((line) => /Failed to read memory|read_memory: read at/.test(line));
    assert.deepEqual(failedReads, []);
  });

  it('stops each core at its own breakpoint with its own stack, as GDB on that core\'s port shows it', async () => {
    const gdb = await gdbDualCoreStops(dap.elfPath, ['core0_tick', 'core1_tick']);
    // core 1 is launched by core 0: run core 0 on, and core 1 stops alone in core1_tick.
    await dap.client.setFunctionBreakpointsRequest({ breakpoints: [{ name: 'core1_tick' }] });
    const core1Stop = await stopAfter(dap, () => dap.client.continueRequest({ threadId: 1 }));
    assert.deepEqual([core1Stop.body.threadId, core1Stop.body.reason, core1Stop.body.allThreadsStopped], [2, 'breakpoint', false]);
    assert.equal(await curstate(dap, 'dual.cpu0'), 'running', 'core 0 runs on while core 1 is stopped');
    let set: DebugProtocol.SetFunctionBreakpointsResponse | undefined;
    const core0Stop = await stopAfter(dap, async () => (set = await dap.client.setFunctionBreakpointsRequest({ breakpoints: [{ name: 'core1_tick' }, { name: 'core0_tick' }] })));
    assert.deepEqual(set!.body.breakpoints.map((breakpoint) => [breakpoint.verified, breakpoint.message]), [[true, undefined], [true, undefined]]);
    assert.deepEqual([core0Stop.body.threadId, core0Stop.body.reason, core0Stop.body.allThreadsStopped], [1, 'breakpoint', false]);
    assertFramesLikeGdb(await frames(dap, 1), gdb[0], 'core 0');
    assertFramesLikeGdb(await frames(dap, 2), gdb[1], 'core 1');
    // Each thread's registers are its own core's (the console's `>` runs on the frame's target).
    for (const threadId of [1, 2]) {
      const [top] = await frames(dap, threadId);
      const pc = await dap.client.evaluateRequest({ expression: '> reg pc', frameId: top.id, context: 'repl' });
      assert.match(pc.body.result, new RegExp(`pc \\(/32\\): 0x0*${Number(top.instructionPointerReference?.split('@')[0]).toString(16)}`, 'i'));
    }
    await dap.client.setFunctionBreakpointsRequest({ breakpoints: [] });
  });

  it('keeps core 0\'s frames valid while core 1 runs and stops again', async () => {
    const [top] = await frames(dap, 1);
    await dap.client.continueRequest({ threadId: 2 });
    const stopped = await stopAfter(dap, () => dap.client.pauseRequest({ threadId: 2 }));
    assert.deepEqual([stopped.body.threadId, stopped.body.reason, stopped.body.allThreadsStopped], [2, 'pause', false]);
    const scopes = (await dap.client.scopesRequest({ frameId: top.id })).body.scopes;
    assert.ok(scopes.some((scope) => scope.name === 'Registers'));
    assert.deepEqual(await states(dap), { 'dual.cpu0': 'halted', 'dual.cpu1': 'halted' });
  });

  it('steps core 0 while core 1 runs, and core 1\'s counter goes on changing under the halted core 0', async () => {
    await dap.client.continueRequest({ threadId: 2 });
    const [before] = await frames(dap, 1);
    assert.equal(before.name, 'core0_tick');
    const stepped = await stopAfter(dap, () => dap.client.stepOutRequest({ threadId: 1 }));
    assert.deepEqual([stepped.body.threadId, stepped.body.reason, stepped.body.allThreadsStopped], [1, 'step', false]);
    const [after] = await frames(dap, 1);
    assert.equal(after.name, 'main');
    for (let k = 0; k < 2; k++) {
      const next = await stopAfter(dap, () => dap.client.nextRequest({ threadId: 1 }));
      assert.deepEqual([next.body.threadId, next.body.reason, next.body.allThreadsStopped], [1, 'step', false]);
      const [top] = await frames(dap, 1);
      assert.equal(top.name, 'main');
    }
    assert.equal(await curstate(dap, 'dual.cpu1'), 'running', 'core 1 ran on during the steps');
    const [top] = await frames(dap, 1);
    const counts = [Number(await evaluate(dap, 'core1_count', top.id))];
    // Each read goes to the board: core 1 counts on while core 0 is halted (no cached value).
    while (counts.length < 3) counts.push(Number(await evaluate(dap, 'core1_count', top.id)));
    assert.ok(counts[2] > counts[0], `core1_count read ${counts.join(', ')} while core 1 ran`);
  });

  it('keeps thread ids and names across a restart', async () => {
    const stopped = await stopAfter(dap, () => dap.client.restartRequest({}));
    assert.equal(stopped.body.threadId, 1);
    assert.deepEqual((await dap.client.threadsRequest()).body.threads, THREADS);
  });
});

describe('dual-core board with stopAllCores', { timeout: E2E_TIMEOUT_MS }, () => {
  let dap: Dap;
  before(async () => {
    dap = await DapSession.startDual(dualCoreElf());
  });
  after(async () => dap?.close());

  it('halts the other core with every stop and resumes both with continue', async () => {
    const first = await dap.launch({ runToEntryPoint: 'main', stopAllCores: true });
    assert.deepEqual([first.body.threadId, first.body.allThreadsStopped], [1, true]);
    assert.deepEqual(await states(dap), { 'dual.cpu0': 'halted', 'dual.cpu1': 'halted' });
    await dap.client.setFunctionBreakpointsRequest({ breakpoints: [{ name: 'core1_tick' }] });
    const continued = dap.client.continueRequest({ threadId: 1 });
    const stopped = await stopAfter(dap, () => continued);
    assert.equal((await continued).body.allThreadsContinued, true);
    assert.deepEqual([stopped.body.threadId, stopped.body.reason, stopped.body.allThreadsStopped], [2, 'breakpoint', true]);
    assert.equal(await curstate(dap, 'dual.cpu0'), 'halted', 'core 0 was halted with core 1');
    assert.equal((await frames(dap, 2))[0].name, 'core1_tick');
    assert.ok((await frames(dap, 1)).length > 0, 'core 0 has its stack');
  });

  it('leaves no OpenOCD running after disconnect', async () => {
    const pid = dap.session.openocdPid!;
    assert.ok(isAlive(pid));
    await dap.client.disconnectRequest({ terminateDebuggee: true });
    assert.equal(isAlive(pid), false, 'OpenOCD still runs after disconnect');
  });
});

describe('dual-core board with stopAllCores: a stop while another core steps', { timeout: E2E_TIMEOUT_MS }, () => {
  let dap: Dap;
  before(async () => {
    dap = await DapSession.startDual(dualCoreElf());
  });
  after(async () => dap?.close());

  it('reports one stopped event, for the core that stopped, and ends the other core\'s step without a stop of its own', async () => {
    await dap.launch({ runToEntryPoint: 'main', stopAllCores: true });
    // One comparator each: the step's temporary breakpoint needs one too (the board's FPB has two).
    await dap.client.setFunctionBreakpointsRequest({ breakpoints: [{ name: 'core1_main' }] });
    // Core 0 launches core 1 and steps over wait_for_core1, a step that lasts until core 1 has
    // started; then core 1 alone is resumed, and stops at core1_main's first line before it starts.
    const waitLine = readFileSync(join(dirname(dap.elfPath), '..', 'main.c'), 'utf8').split('\n').indexOf('  wait_for_core1();') + 1;
    for (let step = 0; step < 3 && (await frames(dap, 1))[0].line !== waitLine; step++) {
      const stepped = await stopAfter(dap, () => dap.client.nextRequest({ threadId: 1 }));
      assert.deepEqual([stepped.body.threadId, stepped.body.reason, stepped.body.allThreadsStopped], [1, 'step', true]);
    }
    assert.equal((await frames(dap, 1))[0].line, waitLine);
    const [core1Top] = await frames(dap, 2);
    const seen: [number | undefined, string][] = [];
    dap.client.on('stopped', (event: DebugProtocol.StoppedEvent) => seen.push([event.body.threadId, event.body.reason]));
    await dap.client.nextRequest({ threadId: 1 });
    // The step has started once OpenOCD sees core 0 run (it spins in wait_for_core1 from then on).
    for (let asked = 0; asked < 500 && (await curstate(dap, 'dual.cpu0')) !== 'running'; asked++);
    assert.equal(await curstate(dap, 'dual.cpu0'), 'running', 'core 0 steps over wait_for_core1');
    const stopped = await stopAfter(dap, () => dap.client.evaluateRequest({ expression: '> resume', frameId: core1Top.id, context: 'repl' }));
    assert.deepEqual([stopped.body.threadId, stopped.body.reason, stopped.body.allThreadsStopped], [2, 'breakpoint', true]);
    assert.equal(await curstate(dap, 'dual.cpu0'), 'halted', 'the step of core 0 ended with the stop of core 1');
    assert.equal((await frames(dap, 2))[0].name, 'core1_main');
    assert.deepEqual((await frames(dap, 1)).map((frame) => frame.name), ['wait_for_core1', 'main'], 'core 0 has its stack, where the step was');
    // The next stop comes after anything the first one led to: no stop of thread 1 came between.
    await dap.client.setFunctionBreakpointsRequest({ breakpoints: [{ name: 'core1_tick' }] });
    const again = await stopAfter(dap, () => dap.client.continueRequest({ threadId: 2 }));
    assert.deepEqual([again.body.threadId, again.body.reason], [2, 'breakpoint']);
    assert.deepEqual(seen, [[2, 'breakpoint'], [2, 'breakpoint']]);
  });
});
