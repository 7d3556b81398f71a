// StopCache over an in-memory Target: reads covered by the stop snapshot (stack window, watched
// memory) or earlier reads cost no target call, misses go to the target in one call, unreadable
// ranges are values, writes patch, device writes and forget drop just their bytes.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { StopCache } from '../../../src/engine';
import { FakeTarget, fakeStop, RAM_BASE } from '../fakeTarget';

describe('StopCache', () => {
  const window = Uint8Array.from({ length: 64 }, (_, k) => k);

  it('answers registers and stack reads from the snapshot without calling the target', async () => {
    const target = new FakeTarget();
    const cache = new StopCache(target, fakeStop({ pc: 0x8000100n, sp: BigInt(RAM_BASE + 0x100) }, RAM_BASE + 0x100, window));
    assert.deepEqual([...(await cache.readRegisters(['sp', 'pc']))], [['sp', BigInt(RAM_BASE + 0x100)], ['pc', 0x8000100n]]);
    const [bytes] = await cache.readMemory([{ address: RAM_BASE + 0x104, byteLength: 4 }]);
    assert.deepEqual(bytes, Uint8Array.of(4, 5, 6, 7));
    assert.deepEqual(target.calls, []);
  });

  it('fetches every miss in one target call, keeps order, and remembers results and failures', async () => {
    const target = new FakeTarget();
    target.ram.set([0xaa, 0xbb], 0x10);
    const cache = new StopCache(target, fakeStop({ pc: 0n }, RAM_BASE + 0x100, window));
    const ranges = [{ address: RAM_BASE + 0x10, byteLength: 2 }, { address: RAM_BASE + 0x100, byteLength: 2 }, { address: 0x40000000, byteLength: 4 }];
    const first = await cache.readMemory(ranges);
    assert.deepEqual(first[0], Uint8Array.of(0xaa, 0xbb));
    assert.deepEqual(first[1], Uint8Array.of(0, 1));
    assert.deepEqual(first[2], { error: 'unmapped 0x40000000' });
    assert.deepEqual(target.calls, ['readMemory 2']);
    assert.deepEqual(await cache.readMemory(ranges), first);
    assert.deepEqual(target.calls, ['readMemory 2'], 'the second read is all cached');
  });

  it('reads the stack window once, on the first miss near SP, when the stop was read without it (a stepper\'s last stop)', async () => {
    const target = new FakeTarget();
    target.ram.set([1, 2, 3, 4, 5, 6, 7, 8], 0x104);
    const windows: number[] = [];
    target.readStackWindow = async (sp: number) => {
      windows.push(sp);
      return { address: RAM_BASE + 0x100, bytes: target.ram.slice(0x100, 0x140) };
    };
    const cache = new StopCache(target, fakeStop({ pc: 0n, sp: BigInt(RAM_BASE + 0x104) }, RAM_BASE + 0x104, new Uint8Array(0)));
    assert.deepEqual((await cache.readMemory([{ address: RAM_BASE + 0x104, byteLength: 4 }]))[0], Uint8Array.of(1, 2, 3, 4));
    assert.deepEqual((await cache.readMemory([{ address: RAM_BASE + 0x108, byteLength: 4 }]))[0], Uint8Array.of(5, 6, 7, 8));
    assert.deepEqual((await cache.readMemory([{ address: RAM_BASE + 0x10, byteLength: 1 }]))[0], Uint8Array.of(0));
    assert.deepEqual(windows, [RAM_BASE + 0x104], 'one window read, from SP');
    assert.deepEqual(target.calls, ['readMemory 1'], 'only the read outside the window goes to readMemory');
  });

  it('while a stepper keeps the window off, reads 128 bytes near SP in one request; the full window later, once, for what lies beyond', async () => {
    const target = new FakeTarget();
    target.ram.set([1, 2, 3, 4], 0x124);
    target.ram.set([5, 6, 7, 8], 0x1a0);
    const windows: [number, number | undefined][] = [];
    target.readStackWindow = async (sp: number, byteSize?: number) => {
      windows.push([sp, byteSize]);
      const start = (sp & ~63) - RAM_BASE;
      return { address: RAM_BASE + start, bytes: target.ram.slice(start, start + (byteSize ?? target.stackWindowByteSize)) };
    };
    target.stackWindowByteSize = 0;
    const sp = RAM_BASE + 0x104;
    const cache = new StopCache(target, fakeStop({ pc: 0n, sp: BigInt(sp) }, sp, new Uint8Array(0)));
    assert.deepEqual((await cache.readMemory([{ address: RAM_BASE + 0x124, byteLength: 4 }]))[0], Uint8Array.of(1, 2, 3, 4));
    assert.deepEqual((await cache.readMemory([{ address: RAM_BASE + 0x128, byteLength: 4 }]))[0], Uint8Array.of(0, 0, 0, 0));
    assert.deepEqual(windows, [[sp, 128]], 'one 128-byte window for the words a CFA test reads');
    target.stackWindowByteSize = 512;
    assert.deepEqual((await cache.readMemory([{ address: RAM_BASE + 0x1a0, byteLength: 4 }]))[0], Uint8Array.of(5, 6, 7, 8));
    assert.deepEqual((await cache.readMemory([{ address: RAM_BASE + 0x1c0, byteLength: 4 }]))[0], Uint8Array.of(0, 0, 0, 0));
    assert.deepEqual(windows, [[sp, 128], [sp, 512]], 'the step over, the full window once');
    assert.deepEqual(target.calls, [], 'no word read on its own');
  });

  it('reads registers the snapshot lacks from the target, and writes keep cached copies current', async () => {
    const target = new FakeTarget();
    const cache = new StopCache(target, fakeStop({ pc: 0n }, RAM_BASE + 0x100, window));
    const registers = await cache.readRegisters(['pc', 'fpscr']);
    assert.deepEqual(target.calls, ['readRegisters fpscr']);
    assert.equal(registers.get('pc'), 0n);
    await cache.writeRegister('pc', 0x1234n);
    assert.equal((await cache.readRegisters(['pc'])).get('pc'), 0x1234n);
    await cache.writeMemory(RAM_BASE + 0x102, Uint8Array.of(0xee));
    assert.deepEqual((await cache.readMemory([{ address: RAM_BASE + 0x101, byteLength: 3 }]))[0], Uint8Array.of(1, 0xee, 3));
    assert.equal(target.ram[0x102], 0xee);
  });

  it('answers from the memory read with the stop (Target.stopReads) without calling the target', async () => {
    const target = new FakeTarget();
    const stop = fakeStop({ pc: 0n }, RAM_BASE + 0x100, window);
    const watched = Uint8Array.of(1, 0, 0, 0, 2, 0, 0, 0, 3, 0, 0, 0);
    const cache = new StopCache(target, { ...stop, snapshot: { ...stop.snapshot, memory: [{ address: RAM_BASE + 0x20, bytes: watched }] } });
    const [second] = await cache.readMemory([{ address: RAM_BASE + 0x24, byteLength: 4, accessWidth: 32 }]);
    assert.deepEqual(second, Uint8Array.of(2, 0, 0, 0));
    assert.deepEqual(target.calls, []);
  });

  it('a device write drops only the written bytes: the next read of them asks the target, their neighbours stay cached', async () => {
    const target = new FakeTarget();
    target.ram.set([9, 9, 9, 9], 0x24);
    const stop = fakeStop({ pc: 0n }, RAM_BASE + 0x100, window);
    const cache = new StopCache(target, { ...stop, snapshot: { ...stop.snapshot, memory: [{ address: RAM_BASE + 0x20, bytes: new Uint8Array(12).fill(7) }] } });
    await cache.writeMemory(RAM_BASE + 0x24, Uint8Array.of(1, 0, 0, 0), { accessWidth: 32, device: true });
    // The fake stores what is written; a W1C register would not: the cache must not assume either.
    target.ram.set([0, 0, 0, 0], 0x24);
    const [before, written, afterIt] = await cache.readMemory([
      { address: RAM_BASE + 0x20, byteLength: 4 }, { address: RAM_BASE + 0x24, byteLength: 4 }, { address: RAM_BASE + 0x28, byteLength: 4 },
    ]);
    assert.deepEqual([before, written, afterIt], [new Uint8Array(4).fill(7), new Uint8Array(4), new Uint8Array(4).fill(7)]);
    assert.deepEqual(target.calls, ['writeMemory', 'readMemory 1']);
    cache.forget({ address: RAM_BASE + 0x1c, byteLength: 8 });
    await cache.readMemory([{ address: RAM_BASE + 0x20, byteLength: 4 }, { address: RAM_BASE + 0x28, byteLength: 4 }]);
    assert.deepEqual(target.calls.slice(2), ['readMemory 1'], 'forget dropped 0x20..0x24 only');
  });

  it('frameMemory gives the unwinder unreadable ranges as undefined', async () => {
    const cache = new StopCache(new FakeTarget(), fakeStop({ pc: 0n, sp: 1n }, RAM_BASE, window));
    const memory = cache.frameMemory();
    assert.equal(await memory.readMemory(0x40000000, 4), undefined);
    assert.deepEqual(await memory.readMemory(RAM_BASE + 2, 2), Uint8Array.of(2, 3));
    assert.equal((await memory.registers()).get('sp'), 1n);
  });
});
