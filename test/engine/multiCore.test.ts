// Debugger over two fake cores: a stop of one is reported on its own thread and leaves the other
// running unless stopAllCores; continue under stopAllCores resumes both; a core that runs or
// stops makes the other's stop cache read memory again (shared RAM), but not its registers.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Debugger, type DebuggerStoppedEvent, type HaltReason, type TargetStop } from '../../src/engine';
import { FakeTarget, RAM_BASE } from './fakeTarget';

/** A fake core with run control: halt and resume change its state and emit its events. */
class FakeCore extends FakeTarget {
  halts = 0;
  constructor(name: string) {
    super(undefined, name);
  }

  override halt = async (): Promise<TargetStop> => {
    this.halts++;
    if (!this.currentStop) this.stopAt(0x08000100, 'pause');
    return this.currentStop!;
  };

  override resume = async (): Promise<void> => {
    this.currentStop = undefined;
    this.resumed.emit();
  };

  /** The core halts at `pc` by itself (a breakpoint hit). */
  stopAt(pc: number, reason: HaltReason): void {
    this.currentStop = { target: this.name, reason, pc, debugReason: 'breakpoint', snapshot: { registers: new Map([['pc', BigInt(pc)], ['sp', 0x20000800n]]), stackWindow: { address: 0x20000800, bytes: new Uint8Array(0) } } };
    this.stopped.emit(this.currentStop);
  }
}

function twoCores(stopAllCores: boolean): { debug: Debugger; core0: FakeCore; core1: FakeCore; events: (DebuggerStoppedEvent | { continued: number })[] } {
  const core0 = new FakeCore('dual.cpu0');
  const core1 = new FakeCore('dual.cpu1');
  const debug = new Debugger([core0, core1], { roundTrips: 0, close: async () => undefined });
  debug.stopAllCores = stopAllCores;
  const events: (DebuggerStoppedEvent | { continued: number })[] = [];
  debug.stopped.on((event) => events.push(event));
  debug.continued.on(({ threadId }) => events.push({ continued: threadId }));
  return { debug, core0, core1, events };
}

describe('Debugger with two cores', () => {
  it('names threads after the targets, numbered in their order', () => {
    const { debug } = twoCores(false);
    assert.deepEqual(debug.threads.map((thread) => [thread.id, thread.name]), [[1, 'dual.cpu0'], [2, 'dual.cpu1']]);
  });

  it('reports a stop of core 1 on thread 2 alone, not all threads stopped, and core 0 runs on', () => {
    const { debug, core0, core1, events } = twoCores(false);
    core1.stopAt(0x08000200, 'breakpoint');
    assert.deepEqual(events.map((event) => ('threadId' in event ? [event.threadId, event.reason, event.allThreadsStopped] : event)), [[2, 'breakpoint', false]]);
    assert.equal(core0.halts, 0);
    assert.equal(debug.thread(1).isHalted, false);
  });

  it('continue and pause act on the thread asked for only', async () => {
    const { debug, core0, core1, events } = twoCores(false);
    core0.stopAt(0x08000100, 'breakpoint');
    core1.stopAt(0x08000200, 'breakpoint');
    events.length = 0;
    await debug.continue(2);
    assert.deepEqual(events, [{ continued: 2 }]);
    assert.equal(debug.thread(1).isHalted, true);
    await debug.pause(2);
    assert.equal(core1.halts, 1);
    assert.equal(core0.halts, 0);
  });

  it('stopAllCores: a stop of core 1 halts core 0 first, then reports thread 2 with all threads stopped', async () => {
    const { debug, core0, core1, events } = twoCores(true);
    const reported = debug.stopped.next();
    core1.stopAt(0x08000200, 'breakpoint');
    const event = await reported;
    assert.deepEqual([event.threadId, event.reason, event.allThreadsStopped], [2, 'breakpoint', true]);
    assert.equal(core0.halts, 1);
    assert.equal(debug.thread(1).isHalted, true, 'core 0 has its stop when the client asks for it');
    // core 0's own halt is not reported as a stop of its own.
    assert.deepEqual(events.filter((e) => 'threadId' in e).map((e) => (e as DebuggerStoppedEvent).threadId), [2]);
  });

  it('stopAllCores: a stop of core 1 while core 0 steps ends the step unreported: one stopped event, the step answered', async () => {
    const { debug, core0, core1, events } = twoCores(false);
    core0.stopAt(0x08000100, 'breakpoint');
    debug.stopAllCores = true;
    events.length = 0;
    // A step that runs until paused (a `next` over a call that does not return soon).
    const step = debug.runStep(1, async (thread) => {
      const halted = thread.target.stopped.next();
      await thread.target.resume();
      await halted;
    });
    const reported = debug.stopped.next();
    core1.stopAt(0x08000200, 'breakpoint');
    const event = await reported;
    await step;
    assert.deepEqual([event.threadId, event.reason, event.allThreadsStopped], [2, 'breakpoint', true]);
    assert.equal(debug.thread(1).isHalted, true, 'core 0 halted with it');
    // Nothing else: no pause stop of core 0's own (DAP: allThreadsStopped told the client already).
    assert.deepEqual(events.filter((e) => 'threadId' in e).map((e) => [(e as DebuggerStoppedEvent).threadId, (e as DebuggerStoppedEvent).reason]), [[2, 'breakpoint']]);
  });

  it('stopAllCores: continue resumes every halted core', async () => {
    const { debug, core0, core1 } = twoCores(true);
    core0.stopAt(0x08000100, 'breakpoint');
    core1.stopAt(0x08000200, 'breakpoint');
    await debug.continue(1);
    assert.equal(debug.allStop, true);
    assert.equal(core0.currentStop, undefined);
    assert.equal(core1.currentStop, undefined);
  });

  it('a run of core 1 makes core 0 read memory again, not its registers', async () => {
    const { debug, core0, core1 } = twoCores(false);
    core0.stopAt(0x08000100, 'breakpoint');
    core1.stopAt(0x08000200, 'breakpoint');
    const range = { address: RAM_BASE + 0x10, byteLength: 4 };
    core0.ram.set([1, 2, 3, 4], 0x10);
    assert.deepEqual([...(await debug.readMemory(1, [range]))[0] as Uint8Array], [1, 2, 3, 4]);
    core0.ram.set([9, 9, 9, 9], 0x10);
    assert.deepEqual([...(await debug.readMemory(1, [range]))[0] as Uint8Array], [1, 2, 3, 4], 'cached while no other core ran');
    await debug.continue(2);
    core0.calls.length = 0;
    assert.deepEqual([...(await debug.readMemory(1, [range]))[0] as Uint8Array], [9, 9, 9, 9]);
    await debug.readRegisters(1, ['pc']);
    assert.deepEqual(core0.calls, ['readMemory 1']);
  });
});
