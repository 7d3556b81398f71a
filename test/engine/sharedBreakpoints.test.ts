// The engine on the dual-core board under real OpenOCD 0.12: a software breakpoint in the SRAM both
// cores run (ram_count) that only core 1 wants (its temporary breakpoint, as a step or run-to sets)
// stops core 1 there, while core 0 runs through it unseen, every call of its own whole.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { ElfFile } from '../../src/elf';
import { connectOpenocdDebugger, type Debugger, type DebuggerStoppedEvent } from '../../src/engine';
import type { OpenocdProcess } from '../../src/openocd';
import { dualCoreElf } from '../helpers/firmware';
import type { DualM0Board } from '../sim/board';
import { startOpenocdForSim, startSim, type InProcessSim } from '../sim/startSim';

/** Calls of ram_count core 0 must make while core 1 is halted there, so that it surely passed the breakpoint. */
const CALLS = 20;

describe('a software breakpoint in shared RAM that one core wants (dual-core board, real OpenOCD)', { timeout: 120_000 }, () => {
  let sim: InProcessSim<DualM0Board> | undefined;
  let openocd: OpenocdProcess | undefined;
  let debug: Debugger;
  let elf: ElfFile;
  const stops: DebuggerStoppedEvent[] = [];
  const symbol = (name: string): number => elf.symbolByName(name)!.address;
  const word = async (threadId: number, address: number): Promise<number> => {
    const [bytes] = await debug.readMemory(threadId, [{ address, byteLength: 4 }]);
    return new DataView((bytes as Uint8Array).buffer).getUint32(0, true);
  };

  before(async () => {
    const path = dualCoreElf();
    elf = ElfFile.parse(readFileSync(path));
    const board = await startSim({ board: 'dual-m0', firmwarePath: path, cyclesPerSecond: 8_000_000 });
    sim = board;
    openocd = await startOpenocdForSim(board.port, {}, 'dual-m0');
    debug = await connectOpenocdDebugger({ port: openocd.tclPort, timeoutMs: 20_000 });
    debug.stopped.on((event) => stops.push(event));
  });
  after(async () => {
    await debug?.close().catch(() => undefined);
    await openocd?.stop();
    await sim?.stop();
  });

  it('stops core 1 at its own temporary breakpoint while core 0 calls through it on and on', async () => {
    const ramCount = symbol('ram_count');
    const core1 = debug.thread(2);
    const paused = debug.stopped.next((event) => event.threadId === 2, AbortSignal.timeout(20_000));
    await debug.pause(2);
    await paused;
    const temporary = await core1.breakpoints.addTemporary(ramCount);
    const hit = debug.stopped.next((event) => event.threadId === 2, AbortSignal.timeout(20_000));
    await debug.continue(2);
    assert.deepEqual([(await hit).stop.pc, (await hit).reason], [ramCount, 'breakpoint']);
    // Core 0 passes the BKPT core 1's table owns: each hit is stepped over by writing the
    // instruction back for one step, so every call counts once.
    const counts = symbol('ram_counts');
    const from = await word(1, counts);
    let now = from;
    for (let read = 0; read < 500 && now < from + CALLS; read++) now = await word(1, counts);
    assert.ok(now >= from + CALLS, `core 0 calls ram_count on while core 1 is stopped there (${from} -> ${now})`);
    assert.equal(debug.thread(1).isHalted, false, 'core 0 runs');
    assert.equal(debug.thread(2).stop?.pc, ramCount, 'core 1 stays halted there');
    assert.deepEqual(stops.filter((event) => event.threadId === 1), [], 'no stop of core 0 was reported');
    // Core 1's own hit, stepped over through the same lift, counts once.
    const before = await word(2, counts + 4);
    const again = debug.stopped.next((event) => event.threadId === 2, AbortSignal.timeout(20_000));
    await debug.continue(2);
    assert.equal((await again).stop.pc, ramCount);
    assert.equal(await word(2, counts + 4), before + 1);
    await temporary.remove();
    const image = [...elf.sectionData('.data')!.subarray(0, 16)];
    const [bytes] = await debug.readMemory(2, [{ address: ramCount, byteLength: 16 }]);
    assert.deepEqual([...(bytes as Uint8Array)], image, 'the instruction is back, once');
  });
});
