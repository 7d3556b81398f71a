// OpenocdLiveness: what counts as a blocked OpenOCD (BlockedSpan on made-up /proc samples), and the
// watcher on real processes: one blocked in a read fires `frozen`, a missing one is not watched.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { describe, it } from 'node:test';
import { OpenocdUnresponsiveError } from '../../src/common';
import { BlockedSpan, MAX_SAMPLE_GAP_MS, OpenocdLiveness, readProcessSample, SAMPLE_PERIOD_MS, STALL_MS, type ProcessSample } from '../../src/openocd';

/** Samples every SAMPLE_PERIOD_MS from 0, with the given fields changed per sample. */
function samples(...changes: Partial<ProcessSample>[]): ProcessSample[] {
  return changes.map((change, k) => ({ atMs: k * SAMPLE_PERIOD_MS, runNs: 5_000, state: 'S', wchan: 'wait_woken', ...change }));
}

function spans(sequence: readonly ProcessSample[]): number[] {
  const span = new BlockedSpan();
  return sequence.map((sample) => span.add(sample));
}

describe('BlockedSpan', () => {
  it('adds up the time a process sleeps in a link read without running', () => {
    assert.deepEqual(spans(samples({}, {}, {}, {})), [0, 100, 200, 300]);
  });

  it('starts again when the process ran, even for a microsecond', () => {
    const ran = { runNs: 5_001 };
    assert.deepEqual(spans(samples({}, {}, ran, ran, ran)), [0, 100, 0, 100, 200]);
  });

  it('does not count the event loop select, a timed sleep or a log pipe write', () => {
    for (const wchan of ['poll_schedule_timeout.constprop.0', 'do_select', 'ep_poll', 'hrtimer_nanosleep', 'anon_pipe_write']) {
      assert.deepEqual(spans(samples({ wchan }, { wchan }, { wchan })), [0, 0, 0], wchan);
    }
  });

  it('does not count a runnable process the machine has no CPU for, a stopped one, or an unnamed wait', () => {
    for (const change of [{ state: 'R' }, { state: 'T' }, { state: 't' }, { wchan: '0' }]) {
      assert.deepEqual(spans(samples(change, change, change)), [0, 0, 0], JSON.stringify(change));
    }
  });

  it('does not count a gap in which this process did not run either, and keeps what came before', () => {
    const late = MAX_SAMPLE_GAP_MS + 1;
    const sequence = [...samples({}, {}), { atMs: 100 + late, runNs: 5_000, state: 'S', wchan: 'wait_woken' }, { atMs: 200 + late, runNs: 5_000, state: 'S', wchan: 'wait_woken' }];
    assert.deepEqual(spans(sequence), [0, 100, 100, 200]);
  });

  it('starts again when the wait changes', () => {
    assert.deepEqual(spans(samples({}, {}, { wchan: 'unix_stream_data_wait' }, { wchan: 'unix_stream_data_wait' })), [0, 100, 0, 100]);
  });
});

describe('OpenocdLiveness', { skip: process.platform !== 'linux' && 'reads Linux /proc', timeout: 10_000 }, () => {
  it('reads a live process: state and wait of a sleeping one', async () => {
    const child = spawn('cat', [], { stdio: ['pipe', 'ignore', 'ignore'] });
    try {
      await new Promise((resolve) => child.once('spawn', resolve));
      const sample = readProcessSample(child.pid!, 0);
      assert.ok(Number.isInteger(sample.runNs) && sample.runNs >= 0, `runNs ${sample.runNs}`);
      assert.match(sample.state, /^[RSD]$/);
    } finally {
      child.kill();
    }
  });

  it('fires frozen with the wait it names for a process blocked in a read', async () => {
    // cat reading its stdin (a socket pair) that nobody writes to: a read that never returns, as
    // remote_bitbang's on a stalled link.
    const child = spawn('cat', [], { stdio: ['pipe', 'ignore', 'ignore'] });
    try {
      await new Promise((resolve) => child.once('spawn', resolve));
      const liveness = OpenocdLiveness.watch(child.pid!);
      assert.ok(liveness, 'a Linux process is watched');
      const error = await liveness.frozen.next();
      assert.ok(error instanceof OpenocdUnresponsiveError);
      const ms = Number(/for (\d+) ms/.exec(error.message)?.[1]);
      assert.ok(ms >= STALL_MS, error.message);
      assert.match(error.message, /^OpenOCD stopped answering: its process has slept in '\w*read\w*' for \d+ ms without running/);
    } finally {
      child.kill();
    }
  });

  it('does not watch a process that is not there', () => {
    assert.equal(OpenocdLiveness.watch(2 ** 22 + 1), undefined);
  });
});
