// DAP scenarios of how a session meets the dual-core board's cores (issue 19): attach to the running
// board (no reset, no programming; each core stopped where it ran, as GDB on that core's own port
// sees it), launch with stopAtEntry (both cores at the reset handler, each resumed on its own), and
// reset halt/run of the whole chip through openocd.reset.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { DebugProtocol } from '@vscode/debugprotocol';
import type { TargetsResponseBody } from '../../src/adapter/api';
import { TclClient, type OpenocdProcess } from '../../src/openocd';
import type { DualM0Board } from '../sim/board';
import { dualCoreElf } from '../helpers/firmware';
import { gdbBlocks } from '../helpers/gdbOnOpenocd';
import { isAlive } from '../helpers/processes';
import { startOpenocdForSim } from '../sim/startSim';
import { DapSession, E2E_TIMEOUT_MS } from './dapSession';

type Dap = DapSession<DualM0Board>;
const CORES = ['dual.cpu0', 'dual.cpu1'] as const;

/** The next `count` events of `kind` after `action` starts (subscribed first, so none is missed), in order. */
function eventsAfter<E extends DebugProtocol.Event>(dap: Dap, kind: string, count: number, action: () => Promise<unknown>): Promise<E[]> {
  const seen: E[] = [];
  const all = new Promise<E[]>((resolve) => {
    const listener = (event: E): void => {
      seen.push(event);
      if (seen.length < count) return;
      dap.client.off(kind, listener);
      resolve(seen);
    };
    dap.client.on(kind, listener);
  });
  return action().then(() => all);
}

async function states(dap: Dap): Promise<string[]> {
  const { targets } = (await dap.client.customRequest('openocd.targets')).body as TargetsResponseBody;
  return targets.map((target) => `${target.name} ${target.state}`);
}

async function frames(dap: Dap, threadId: number): Promise<DebugProtocol.StackFrame[]> {
  return (await dap.client.stackTraceRequest({ threadId, levels: 20 })).body.stackFrames;
}

async function evaluate(dap: Dap, expression: string, frameId: number): Promise<string> {
  return (await dap.client.evaluateRequest({ expression, frameId, context: 'watch' })).body.result;
}

/** `$sp` in a frame, as evaluate shows it: GDB's type for it is `void *`, so the value reads `(void *) 0x...`. */
async function stackPointer(dap: Dap, frameId: number): Promise<number> {
  const shown = await evaluate(dap, '$sp', frameId);
  const value = /^\(void \*\) (0x[0-9a-f]+)(?: <\w+(?:\+\d+)?>)?$/.exec(shown);
  assert.ok(value, `$sp shows as '${shown}'`);
  return Number(value[1]);
}

/** A frame's PC (its instruction pointer reference without the thread suffix). */
const pcOf = (frame: DebugProtocol.StackFrame): number => Number(frame.instructionPointerReference?.split('@')[0]);

/** Word `index` of the ELF's vector table: 0 is the initial SP, 1 the reset vector (ARMv6-M B1.5.5). */
function vector(dap: Dap, index: number): number {
  const table = dap.elf.sectionData('.isr_vector');
  assert.ok(table, 'the firmware has no .isr_vector');
  return new DataView(table.buffer, table.byteOffset).getUint32(index * 4, true);
}

describe('attach to the running dual-core board', { timeout: E2E_TIMEOUT_MS }, () => {
  let dap: Dap;
  let openocd: OpenocdProcess;
  let tcl: TclClient;
  before(async () => {
    dap = await DapSession.startDual(dualCoreElf(), { preload: true });
    openocd = await startOpenocdForSim(dap.sim.port, { gdbPort: 'auto' }, 'dual-m0');
    tcl = new TclClient({ port: openocd.tclPort, timeoutMs: 20_000 });
    await tcl.connect();
  });
  after(async () => {
    await tcl?.disconnect();
    await openocd?.stop();
    await dap?.close();
  });

  it('halts both cores where they run, without reset or programming; each thread\'s stack, SP and counters equal GDB\'s on that core\'s port', async () => {
    const count = async (name: string): Promise<number> => Number((await tcl.cmd(`dual.cpu0 read_memory 0x${dap.symbol(name).toString(16)} 32 1`)).out);
    // Core 1 counts once core 0 has launched it: both run.
    for (let reads = 0; (await count('core1_count')) < 3; reads++) assert.ok(reads < 1000, 'core1_count never reached 3: the firmware does not run');
    const before = { core0_count: await count('core0_count'), core1_count: await count('core1_count') };
    const stops = await eventsAfter<DebugProtocol.StoppedEvent>(dap, 'stopped', 2, () => dap.attach(openocd.tclPort));
    assert.deepEqual(stops.map((stop) => [stop.body.threadId, stop.body.reason, stop.body.allThreadsStopped]), [[1, 'pause', true], [2, 'pause', true]]);
    assert.deepEqual((await dap.client.threadsRequest()).body.threads.map((thread) => thread.name), [...CORES]);
    assert.deepEqual(await states(dap), ['dual.cpu0 halted', 'dual.cpu1 halted']);
    assert.ok(!dap.output.some(({ text }) => /Programming|Verified/.test(text)), 'attach programmed the board');
    const gdbGroups = [['printf "PC=%x\\n", $pc', 'bt'], ['print $sp'], ['print core0_count'], ['print core1_count']];
    for (const [index, core] of CORES.entries()) {
      const threadId = index + 1;
      const shown = await frames(dap, threadId);
      const [where, sp, core0, core1] = await gdbBlocks({ gdbPort: openocd.ports.gdb! + index, elfPath: dap.elfPath }, gdbGroups);
      const gdbPc = Number.parseInt(/^PC=([0-9a-f]+)$/m.exec(where)![1], 16);
      const gdbFunctions = [...where.matchAll(/^#\d+\s+(?:0x[0-9a-f]+ in )?(\S+) \(/gm)].map((frame) => frame[1]);
      assert.equal(pcOf(shown[0]), gdbPc, `${core}: pc`);
      assert.deepEqual(shown.map((frame) => frame.name), gdbFunctions, `${core}: backtrace`);
      assert.equal(await evaluate(dap, '$sp', shown[0].id), sp.trim().replace(/^\$\d+ = /, ''), `${core}: sp`);
      // The counters are in RAM both cores share: equal to GDB's and not reset (no lower than before).
      for (const [name, gdb] of [['core0_count', core0], ['core1_count', core1]] as const) {
        const value = Number(await evaluate(dap, name, shown[0].id));
        assert.equal(value, Number(gdb.trim().replace(/^\$\d+ = /, '')), `${core}: ${name}`);
        assert.ok(value >= before[name], `${name} went from ${before[name]} back to ${value}: the board was reset`);
      }
    }
  });

  it('leaves both cores running and OpenOCD alive on disconnect', async () => {
    await dap.client.disconnectRequest({});
    for (const core of CORES) assert.equal((await tcl.cmd(`${core} curstate`)).out.trim(), 'running', `${core} after disconnect`);
    assert.ok(isAlive(openocd.pid), 'an attached session must not stop OpenOCD');
  });
});

describe('launch with stopAtEntry on the dual-core board, then reset through openocd.reset', { timeout: E2E_TIMEOUT_MS }, () => {
  let dap: Dap;
  let entryStops: DebugProtocol.StoppedEvent[];
  before(async () => {
    dap = await DapSession.startDual(dualCoreElf());
    entryStops = await eventsAfter<DebugProtocol.StoppedEvent>(dap, 'stopped', 2, () => dap.launch({ stopAtEntry: true }));
  });
  after(async () => dap?.close());

  it('stops both cores at the reset handler with the vector table\'s SP, each reported on its own thread', async () => {
    assert.deepEqual(entryStops.map((stop) => [stop.body.threadId, stop.body.reason, stop.body.allThreadsStopped]), [[1, 'entry', true], [2, 'entry', true]]);
    assert.deepEqual(await states(dap), ['dual.cpu0 halted', 'dual.cpu1 halted']);
    for (const threadId of [1, 2]) {
      const [top] = await frames(dap, threadId);
      assert.deepEqual([top.name, pcOf(top)], ['Reset_Handler', vector(dap, 1) & ~1], `thread ${threadId}`);
      assert.equal(await stackPointer(dap, top.id), vector(dap, 0), `thread ${threadId}: sp`);
    }
  });

  it('continue on core 0 runs core 0 alone; core 1 stays at the reset handler until it is continued, then runs its own loop', async () => {
    const continued = await eventsAfter<DebugProtocol.ContinuedEvent>(dap, 'continued', 1, () => dap.client.continueRequest({ threadId: 1 }));
    assert.equal(continued[0].body.threadId, 1);
    assert.deepEqual(await states(dap), ['dual.cpu0 running', 'dual.cpu1 halted']);
    assert.equal((await dap.tcl('dual.cpu1 curstate')).trim(), 'halted');
    assert.equal((await frames(dap, 2))[0].name, 'Reset_Handler');
    await dap.client.setFunctionBreakpointsRequest({ breakpoints: [{ name: 'core1_tick' }] });
    const [stop] = await eventsAfter<DebugProtocol.StoppedEvent>(dap, 'stopped', 1, () => dap.client.continueRequest({ threadId: 2 }));
    assert.deepEqual([stop.body.threadId, stop.body.reason], [2, 'breakpoint']);
    assert.deepEqual((await frames(dap, 2)).map((frame) => frame.name), ['core1_tick', 'core1_main']);
  });

  it('"reset halt" halts both cores at the reset handler, each with a stop of reason entry', async () => {
    const stops = await eventsAfter<DebugProtocol.StoppedEvent>(dap, 'stopped', 2, () => dap.client.customRequest('openocd.reset', { mode: 'halt' }));
    assert.deepEqual(stops.map((stop) => [stop.body.threadId, stop.body.reason, stop.body.allThreadsStopped]), [[1, 'entry', true], [2, 'entry', true]]);
    for (const threadId of [1, 2]) assert.equal(pcOf((await frames(dap, threadId))[0]), vector(dap, 1) & ~1, `thread ${threadId}`);
  });

  it('"reset run" runs both cores, and the breakpoint set before the reset stops core 1 again', async () => {
    const stopped = new Promise<DebugProtocol.StoppedEvent>((resolve) => dap.client.once('stopped', resolve));
    const continued = await eventsAfter<DebugProtocol.ContinuedEvent>(dap, 'continued', 2, () => dap.client.customRequest('openocd.reset', { mode: 'run' }));
    assert.deepEqual(continued.map((event) => event.body.threadId), [1, 2]);
    const stop = await stopped;
    assert.deepEqual([stop.body.threadId, stop.body.reason], [2, 'breakpoint']);
    assert.equal((await frames(dap, 2))[0].name, 'core1_tick');
    assert.equal((await dap.tcl('dual.cpu0 curstate')).trim(), 'running', 'core 0 runs on');
  });
});

describe('launch with stopAtEntry and stopAllCores on the dual-core board', { timeout: E2E_TIMEOUT_MS }, () => {
  let dap: Dap;
  before(async () => {
    dap = await DapSession.startDual(dualCoreElf());
  });
  after(async () => dap?.close());

  it('stops both cores at the reset handler, and continue on core 0 runs both', async () => {
    const stops = await eventsAfter<DebugProtocol.StoppedEvent>(dap, 'stopped', 2, () => dap.launch({ stopAtEntry: true, stopAllCores: true }));
    assert.deepEqual(stops.map((stop) => [stop.body.threadId, stop.body.reason, stop.body.allThreadsStopped]), [[1, 'entry', true], [2, 'entry', true]]);
    const response = await dap.client.continueRequest({ threadId: 1 });
    assert.equal(response.body.allThreadsContinued, true);
    assert.deepEqual(await states(dap), ['dual.cpu0 running', 'dual.cpu1 running']);
    for (const core of CORES) assert.equal((await dap.tcl(`${core} curstate`)).trim(), 'running', core);
  });
});
