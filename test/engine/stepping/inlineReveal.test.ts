// Which inlined frames a stop on a user breakpoint shows (src/engine/stepping/inlineReveal.ts), on
// the stepping firmware at -O2, where GCC inlines classify at dispatch's first instruction.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { Program } from '../../../src/engine/program';
import { revealInlinedAtUserBreakpoint } from '../../../src/engine/stepping/inlineReveal';
import type { TargetStop } from '../../../src/engine/target';
import { steppingElf } from '../../helpers/firmware';

describe('inlined frames shown at a user breakpoint (GDB stopped_by_user_bp_inline_frame)', () => {
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
});
