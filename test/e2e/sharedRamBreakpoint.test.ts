// A breakpoint in code both cores run from the SRAM they share (dual-core board, ram_count): a
// software breakpoint written once, stopping whichever core runs it with its own stack (GDB on
// each core's port as the oracle), stepped over by either core without losing an instruction, and
// written back to the ELF's bytes when removed (issue 19; engine/openocdTarget/sharedBreakpoints.ts).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { DebugProtocol } from '@vscode/debugprotocol';
import type { DebugClient } from '@vscode/debugadapter-testsupport';
import type { DualM0Board } from '../sim/board';
import { dualCoreElf } from '../helpers/firmware';
import { DapSession, E2E_TIMEOUT_MS } from './dapSession';
import { assertFramesLikeGdb, gdbDualCoreStops } from './gdbOracle';

type Dap = DapSession<DualM0Board>;

/** Bound on waiting for one core's stop; reaching it fails the test with what was awaited. */
const STOP_WAIT_MS = 30_000;

/** Every stopped event, kept per thread until a test takes it: two cores stop in either order. */
class StopQueue {
  private readonly pending: DebugProtocol.StoppedEvent[] = [];
  private readonly waiters: { threadId: number; resolve: (event: DebugProtocol.StoppedEvent) => void }[] = [];

  constructor(client: DebugClient) {
    client.on('stopped', (event: DebugProtocol.StoppedEvent) => {
      const waiter = this.waiters.findIndex((w) => w.threadId === event.body.threadId);
      if (waiter >= 0) this.waiters.splice(waiter, 1)[0].resolve(event);
      else this.pending.push(event);
    });
  }

  /** The oldest stop of `threadId` not taken yet, or the next one to come. */
  next(threadId: number): Promise<DebugProtocol.StoppedEvent> {
    const index = this.pending.findIndex((event) => event.body.threadId === threadId);
    if (index >= 0) return Promise.resolve(this.pending.splice(index, 1)[0]);
    return new Promise((resolve, reject) => {
      const waiter = { threadId, resolve: (event: DebugProtocol.StoppedEvent) => (clearTimeout(timer), resolve(event)) };
      const timer = setTimeout(() => {
        this.waiters.splice(this.waiters.indexOf(waiter), 1);
        reject(new Error(`no stopped event on thread ${threadId} within ${STOP_WAIT_MS} ms`));
      }, STOP_WAIT_MS);
      this.waiters.push(waiter);
    });
  }

  /** Stops not taken yet, by thread. */
  untaken(): number[] {
    return this.pending.map((event) => event.body.threadId ?? 0);
  }
}

async function frames(dap: Dap, threadId: number): Promise<DebugProtocol.StackFrame[]> {
  return (await dap.client.stackTraceRequest({ threadId, levels: 20 })).body.stackFrames;
}

async function evaluate(dap: Dap, threadId: number, expression: string): Promise<string> {
  const [top] = await frames(dap, threadId);
  return (await dap.client.evaluateRequest({ expression, frameId: top.id, context: 'watch' })).body.result;
}

async function readMemory(dap: Dap, address: number, count: number): Promise<number[]> {
  const body = (await dap.client.send('readMemory', { memoryReference: `0x${address.toString(16)}`, count })).body as { data: string };
  return [...Buffer.from(body.data, 'base64')];
}

function pcOf(frame: DebugProtocol.StackFrame): number {
  return Number(frame.instructionPointerReference?.split('@')[0]);
}

describe('dual-core board: a breakpoint in the RAM code both cores run', { timeout: 4 * E2E_TIMEOUT_MS }, () => {
  let dap: Dap;
  let stops: StopQueue;
  let ramCount: number;
  before(async () => {
    dap = await DapSession.startDual(dualCoreElf());
    await dap.launch({ runToEntryPoint: 'main' });
    stops = new StopQueue(dap.client);
    ramCount = dap.symbol('ram_count');
  });
  after(async () => dap?.close());

  it('is verified on both cores and stops each core there with its own stack, as GDB on that core\'s port', async () => {
    assert.ok(ramCount >= 0x20000000 && ramCount < 0x20002000, `ram_count runs from SRAM (0x${ramCount.toString(16)})`);
    const gdb = await gdbDualCoreStops(dap.elfPath, ['ram_count', 'ram_count']);
    const set = await dap.client.setFunctionBreakpointsRequest({ breakpoints: [{ name: 'ram_count' }] });
    assert.deepEqual(set.body.breakpoints.map((breakpoint) => [breakpoint.verified, breakpoint.message]), [[true, undefined]]);
    await dap.client.continueRequest({ threadId: 1 });
    for (const [threadId, core] of [[1, 0], [2, 1]]) {
      const stop = await stops.next(threadId);
      assert.deepEqual([stop.body.reason, stop.body.allThreadsStopped], ['breakpoint', false]);
      assertFramesLikeGdb(await frames(dap, threadId), gdb[core], `core ${core}`);
      assert.equal(await evaluate(dap, threadId, 'core'), String(core), `core ${core}'s own argument`);
    }
  });

  it('lets each core continue past it again and again, every instruction of each call run (its count goes up by one per hit)', async () => {
    for (let round = 0; round < 3; round++) {
      for (const [threadId, core] of [[1, 0], [2, 1]]) {
        const before = Number(await evaluate(dap, threadId, `ram_counts[${core}]`));
        await dap.client.continueRequest({ threadId });
        const stop = await stops.next(threadId);
        assert.equal(stop.body.reason, 'breakpoint', `core ${core}, round ${round}`);
        const [top] = await frames(dap, threadId);
        assert.deepEqual([top.name, pcOf(top)], ['ram_count', ramCount], `core ${core}, round ${round}`);
        // A core stepping over the BKPT by skipping it (OpenOCD's own way for a BKPT it did not set) would lose its first instruction.
        assert.equal(Number(await evaluate(dap, threadId, `ram_counts[${core}]`)), before + 1, `core ${core}, round ${round}: one call ran whole`);
      }
    }
  });

  it('steps core 1 over it one instruction while core 0 runs, the breakpoint still in place after', async () => {
    const breakpointBytes = await readMemory(dap, ramCount, 2);
    assert.notDeepEqual(breakpointBytes, [...dap.elf.sectionData('.data')!.subarray(0, 2)], 'the BKPT is in memory while set');
    await dap.client.continueRequest({ threadId: 1 });
    await dap.client.stepInRequest({ threadId: 2, granularity: 'instruction' });
    const stepped = await stops.next(2);
    assert.equal(stepped.body.reason, 'step');
    const [top] = await frames(dap, 2);
    assert.equal(pcOf(top), ramCount + 2, 'one instruction further');
    // The replaced instruction ran: ram_count starts with a literal load (Thumb `LDR Rt, [PC, #imm8*4]`,
    // ARMv6-M A6.7.27), so Rt holds the ELF's literal word (ram_count is the start of .data).
    const image = dap.elf.sectionData('.data')!;
    const first = image[0] | (image[1] << 8);
    assert.equal(first & 0xf800, 0x4800, `ram_count starts with an LDR (literal): 0x${first.toString(16)}`);
    const literal = ((ramCount + 4) & ~3) + (first & 0xff) * 4 - ramCount;
    const expected = new DataView(image.buffer, image.byteOffset).getUint32(literal, true);
    assert.equal(Number(await evaluate(dap, 2, `$r${(first >> 8) & 7}`)), expected);
    assert.deepEqual(await readMemory(dap, ramCount, 2), breakpointBytes, 'the breakpoint is back after the step');
    // Core 0 ran on through it meanwhile and stopped there.
    const core0 = await stops.next(1);
    assert.equal(core0.body.reason, 'breakpoint');
    const before = Number(await evaluate(dap, 2, 'ram_counts[1]'));
    await dap.client.stepOutRequest({ threadId: 2 });
    assert.equal((await stops.next(2)).body.reason, 'step');
    assert.equal((await frames(dap, 2))[0].name, 'core1_main');
    assert.equal(Number(await evaluate(dap, 2, 'ram_counts[1]')), before + 1);
  });

  it('writes the original instructions back once when removed, equal to the ELF, and both cores run on unstopped', async () => {
    await dap.client.setFunctionBreakpointsRequest({ breakpoints: [] });
    const image = [...dap.elf.sectionData('.data')!.subarray(0, 16)];
    assert.deepEqual(await readMemory(dap, ramCount, 16), image);
    await dap.client.continueRequest({ threadId: 1 });
    await dap.client.continueRequest({ threadId: 2 });
    // Read on the board while both cores run (the Tcl port: no thread is halted to evaluate in).
    const count = async (core: number): Promise<number> => Number((await dap.tcl(`dual.cpu0 read_memory ${dap.symbol('ram_counts') + 4 * core} 32 1`)).trim());
    for (const core of [0, 1]) {
      const first = await count(core);
      let now = first;
      for (let read = 0; read < 200 && now < first + 2; read++) now = await count(core);
      assert.ok(now >= first + 2, `core ${core} calls ram_count on (${first} -> ${now})`);
    }
    assert.deepEqual(stops.untaken(), [], 'no core stopped');
    assert.deepEqual(await readMemory(dap, ramCount, 16), image);
  });

  it('keeps the instructions whole across a restart with the breakpoint set (lifted and set again at the reset)', async () => {
    await dap.client.setFunctionBreakpointsRequest({ breakpoints: [{ name: 'ram_count' }] });
    const restarted = stops.next(1);
    await dap.client.restartRequest({});
    await restarted;
    assert.equal((await frames(dap, 1))[0].name, 'main');
    await dap.client.setFunctionBreakpointsRequest({ breakpoints: [] });
    assert.deepEqual(await readMemory(dap, ramCount, 16), [...dap.elf.sectionData('.data')!.subarray(0, 16)]);
  });
});
