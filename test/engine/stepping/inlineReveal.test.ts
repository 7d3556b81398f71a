// Which inlined frames a stop on a user breakpoint or after stepi shows (src/engine/stepping/inlineReveal.ts),
// on the stepping firmware at -O2: GCC inlines classify at dispatch's first instruction, round_once in main.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { Program } from '../../../src/engine/program';
import { revealedInlineFrames, revealInlinedAfterInstructionStep, revealInlinedAtUserBreakpoint } from '../../../src/engine/stepping/inlineReveal';
import type { TargetStop } from '../../../src/engine/target';
import { steppingElf } from '../../helpers/firmware';

describe('inlined frames shown at a stop: user breakpoints (GDB stopped_by_user_bp_inline_frame), stepi, entries', () => {
  const program = Program.fromElf(readFileSync(steppingElf('O2')));
  const [entry] = program.resolveFunction('dispatch').map((location) => location.address);
  /** A fresh stop at dispatch's entry: what is revealed is recorded per stop object. */
  const stopAtEntry = () => ({ pc: entry, reason: 'breakpoint' }) as unknown as TargetStop;

  it('has classify inlined at the first instruction of dispatch (the premise)', () => {
    assert.deepEqual(program.sourceFramesAt(entry).map((frame) => frame.function), ['classify', 'dispatch']);
    assert.ok(program.resolveFunction('classify').some((location) => location.address === entry));
  });

  it('break dispatch shows dispatch: the inlined call it was not set for stays hidden', () => {
    assert.equal(revealInlinedAtUserBreakpoint(program, stopAtEntry(), ['dispatch']), 0);
  });

  it('break classify shows the inlined classify', () => {
    assert.equal(revealInlinedAtUserBreakpoint(program, stopAtEntry(), ['classify']), 1);
    assert.equal(revealInlinedAtUserBreakpoint(program, stopAtEntry(), ['dispatch', 'classify']), 1);
  });

  it('a line or instruction breakpoint there shows the innermost inlined call', () => {
    assert.equal(revealInlinedAtUserBreakpoint(program, stopAtEntry(), [undefined]), 1);
    assert.equal(revealInlinedAtUserBreakpoint(program, stopAtEntry(), ['dispatch', undefined]), 1);
  });

  it('a stepi onto the start of an inlined body\'s second range shows the inlined frame, as GDB\'s stepi does', () => {
    const [, second] = program.sourceFramesAt(0x8000182).find((frame) => frame.function === 'round_once')!.ranges;
    assert.equal(second.lowPc, 0x8000182, 'round_once\'s second range starts there');
    assert.deepEqual(program.sourceFramesAt(second.lowPc, { hideInlinedAtEntry: true }).map((frame) => frame.function), ['main']);
    const stop = { pc: second.lowPc, reason: 'step' } as unknown as TargetStop;
    revealInlinedAfterInstructionStep(program, stop);
    assert.equal(revealedInlineFrames(stop), 1);
  });

  it('hides an inlined call at its entry and where a range starts after code outside it, not where a range continues the one before (GDB block_starting_point_at)', () => {
    const os = Program.fromElf(readFileSync(steppingElf('Os')));
    const shown = (pc: number) => os.sourceFramesAt(pc, { hideInlinedAtEntry: true }).map((frame) => frame.function);
    const ranges = os.sourceFramesAt(0x8000110).find((frame) => frame.function === 'round_once')!.ranges;
    assert.deepEqual(ranges.map((range) => [range.lowPc, range.highPc]), [[0x800010c, 0x8000110], [0x8000110, 0x800015e], [0x8000160, 0x8000166]]);
    assert.deepEqual(shown(0x800010c), ['main'], 'BLOCK_ENTRY_PC: the first listed range\'s start');
    assert.deepEqual(shown(0x8000110), ['round_once', 'main'], 'continues the range before');
    assert.deepEqual(shown(0x8000160), ['main'], 'after 0x800015e, which is main\'s');
  });
});
