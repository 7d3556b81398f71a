// RefreshLoop: runs never overlap, whether the period or now() asks for them; a run longer than
// the period makes the next one wait for its end; after stop() only now() runs the task.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Deferred } from '../../../src/common';
import { RefreshLoop } from '../../../src/extension/liveWatch/refreshLoop';

/** A task whose runs the test ends one by one; it counts how many ran at the same time. */
function heldTask() {
  const ends: Deferred<void>[] = [];
  let begun = new Deferred<void>();
  let active = 0;
  const state = { most: 0, runs: 0 };
  const task = async (): Promise<void> => {
    active++;
    state.most = Math.max(state.most, active);
    state.runs++;
    const end = new Deferred<void>();
    ends.push(end);
    begun.resolve();
    await end.promise;
    active--;
  };
  /** Waits until run number `n` (1-based) has begun. */
  const begunRun = async (n: number): Promise<void> => {
    while (state.runs < n) {
      begun = new Deferred<void>();
      await begun.promise;
    }
  };
  return { task, state, ends, begunRun };
}

describe('RefreshLoop', () => {
  it('never runs the task twice at a time: a slow run holds back both the period and now()', async () => {
    const held = heldTask();
    const loop = new RefreshLoop(held.task, () => 0);
    loop.start();
    await held.begunRun(1);
    const asked = loop.now();
    assert.equal(held.state.runs, 1, 'now() began a run while one was in flight');
    held.ends[0].resolve();
    await held.begunRun(2);
    held.ends[1].resolve();
    await held.begunRun(3);
    loop.stop();
    assert.equal(loop.isRunning, false);
    held.ends[2].resolve();
    await asked;
    const last = loop.now();
    await held.begunRun(4);
    held.ends[3].resolve();
    await last;
    assert.equal(held.state.most, 1, 'two runs overlapped');
  });
});
