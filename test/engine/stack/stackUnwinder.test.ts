// Stack unwinding on the simulated STM32F030 under real OpenOCD, compared with GDB's `bt` and
// `info frame` on the same halted target: a stop in SysTick_Handler (through the exception
// frame) and a stop at the bottom of the recursion (7 real frames, each with its own CFA).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { optimizationLevels } from '../../helpers/firmware';
import { StackUnwinder } from '../../../src/engine/stack';
import { LiveTarget, parseBacktrace, parseFrameAddresses } from './liveTarget';

const hex = (n: number | undefined) => (n === undefined ? 'undefined' : `0x${n.toString(16)}`);
const baseName = (path: string | undefined) => path?.split('/').pop();

for (const level of optimizationLevels) {
  describe(`stack unwinding on the ${level} firmware, against GDB's bt`, () => {
    let live: LiveTarget;
    before(async () => {
      live = await LiveTarget.start(level);
      await live.halt();
    });
    after(async () => {
      await live?.close();
    });

    /** Our frames against GDB's `bt` and `info frame`; `gdbStopsEarly` when GDB's bt ends before main. */
    async function compareWithGdb(frameCount: number, gdbStopsEarly = false): Promise<void> {
      const unwinder = live.unwinder();
      const { frames: all, totalFrames, endReason } = await unwinder.all();
      const infoFrames = Array.from({ length: frameCount }, (_, i) => [`frame ${i}`, 'info frame']).flat();
      const out = await live.gdb(['bt', ...infoFrames]);
      const expected = parseBacktrace(out).filter((f) => f.function !== '<signal handler called>');
      assert.ok(expected.length >= 3, out);
      assert.equal(totalFrames, all.length);
      if (!gdbStopsEarly) assert.equal(endReason, 'reached main');
      const frames = gdbStopsEarly ? all.slice(0, expected.length) : all;
      assert.deepEqual(
        frames.map((f) => [f.function, baseName(f.source?.path), f.source?.line]),
        expected.map((f) => [f.function, baseName(f.file), f.line]),
        out,
      );
      // GDB shows the PC of every caller frame; ours must be the same return address.
      expected.forEach((f, i) => {
        if (f.pc !== undefined) assert.equal(hex(frames[i].pc), hex(f.pc), `frame ${i} pc`);
      });
      const cfas = parseFrameAddresses(out);
      const signalLevels = parseBacktrace(out).filter((f) => f.function === '<signal handler called>').map((f) => f.level);
      let ours = 0;
      for (let levelIndex = 0; levelIndex < frameCount + signalLevels.length && ours < frames.length; levelIndex++) {
        if (signalLevels.includes(levelIndex)) continue;
        if (cfas.has(levelIndex)) assert.equal(hex(frames[ours].cfa), hex(cfas.get(levelIndex)), `CFA of frame ${ours} (${frames[ours].function})`);
        ours++;
      }
    }

    it('a stop in SysTick_Handler shows the handler, the interrupted function, then main, as GDB does', async () => {
      const [handler] = live.program.resolveFunction('SysTick_Handler');
      await live.runTo(handler.address);
      const unwinder = live.unwinder();
      const { frames } = await unwinder.all();
      assert.equal(frames[0].function, 'SysTick_Handler');
      assert.equal(frames[1].interrupted, true, 'frame 1 is the interrupted code');
      assert.equal(frames[frames.length - 1].function, 'main');
      await compareWithGdb(frames.length + 1);
    });

    it('in libgcc assembly without CFI (__clzsi2 under __clzdi2) frames unwind from the prologue and name their symbols, as in GDB', async () => {
      const routine = live.program.elf.symbolByName('__clzsi2')!;
      await live.runTo(routine.address);
      const { frames } = await live.unwinder().all();
      assert.equal(live.program.cfi.findFde(frames[1].pc - 1), undefined, 'frame 1 has no CFI (the case under test)');
      await compareWithGdb(4, true);
    });

    it('a stop at the bottom of recurse(5) shows 6 recurse frames with GDB\'s CFAs, and delayed loading gives the same frames', async () => {
      const [bottom] = live.program.resolveFunction('recursion_bottom');
      await live.runTo(bottom.address);
      const unwinder = live.unwinder();
      const first = await unwinder.slice(0, 3);
      assert.equal(first.totalFrames, undefined, 'three frames do not need the whole stack');
      assert.deepEqual(first.frames.map((f) => f.function), ['recursion_bottom', 'recurse', 'recurse']);
      const { frames } = await unwinder.all();
      assert.deepEqual(frames.slice(0, 3), first.frames);
      const recurseFrames = frames.filter((f) => f.function === 'recurse');
      assert.equal(recurseFrames.length, 6);
      assert.equal(new Set(recurseFrames.map((f) => f.cfa)).size, 6, 'each recursion level has its own CFA');
      for (let i = 1; i < recurseFrames.length; i++) assert.ok(recurseFrames[i].cfa! > recurseFrames[i - 1].cfa!, 'CFAs grow towards the caller');
      await compareWithGdb(frames.length);
      const bounded = await new StackUnwinder(live.program, live.thread.cache().frameMemory(), { architecture: live.target.architecture, maxFrames: 3 }).all();
      assert.deepEqual(bounded.frames.map((f) => f.function), ['recursion_bottom', 'recurse', 'recurse']);
      assert.equal(bounded.endReason, 'stopped after 3 frames');
    });
  });
}
