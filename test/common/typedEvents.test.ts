// TypedEvent delivery, next() with abort, and withTimeout.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { TypedEvent, withTimeout } from '../../src/common';

describe('TypedEvent', () => {
  it('delivers to listeners until disposed', () => {
    const event = new TypedEvent<number>();
    const seen: number[] = [];
    const sub = event.on((v) => seen.push(v));
    event.emit(1);
    sub.dispose();
    event.emit(2);
    assert.deepEqual(seen, [1]);
  });

  it('next() resolves with the first matching value and unsubscribes', async () => {
    const event = new TypedEvent<string>();
    const waiting = event.next((v) => v.startsWith('halt'));
    event.emit('running');
    event.emit('halted');
    assert.equal(await waiting, 'halted');
    assert.equal(event.listenerCount, 0);
  });

  it('next() rejects when its signal aborts', async () => {
    const event = new TypedEvent<string>();
    const controller = new AbortController();
    const waiting = event.next(undefined, controller.signal);
    controller.abort(new Error('stop'));
    await assert.rejects(waiting, /stop/);
    assert.equal(event.listenerCount, 0);
  });
});

describe('withTimeout', () => {
  it('rejects with the given error when the promise does not settle', async () => {
    await assert.rejects(withTimeout(new Promise(() => undefined), 10, () => new Error('late')), /late/);
  });
  it('passes a value through', async () => {
    assert.equal(await withTimeout(Promise.resolve(7), 1000, () => new Error('late')), 7);
  });
});
