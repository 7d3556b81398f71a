// Which inlined frames are shown at a stop whose PC is their first instruction: those a step
// revealed without moving the PC (infrun.c step_into_inline_frame), a stepi, or a user breakpoint set for them.
// State per TargetStop object, so it ends with the stop; stack views and steps read it.
import type { Program } from '../program';
import type { TargetStop } from '../target';

const revealed = new WeakMap<TargetStop, number>();

/**
 * How many inlined calls starting at `stop`'s PC a step entered: pass it as the StackUnwinder's
 * `revealInlined` when unwinding this stop. 0 for any stop no step revealed frames at.
 */
export function revealedInlineFrames(stop: TargetStop | undefined): number {
  return stop ? revealed.get(stop) ?? 0 : 0;
}

/** Records that a step entered `count` inlined calls at `stop` (used by SourceStepper). */
export function revealInlineFrames(stop: TargetStop, count: number): void {
  revealed.set(stop, count);
}

/**
 * A stop on a user breakpoint shows the inlined calls whose first instruction is the PC down to the
 * one a breakpoint there was set for (GDB's skip_inline_frames with stopped_by_user_bp_inline_frame,
 * inline-frame.c): going outwards from the innermost, a call stays hidden unless a breakpoint's
 * location symbol is that call's function. A line or instruction breakpoint (`setFor` holds
 * undefined) gets GDB's innermost function block, so it shows them all; `break dispatch` on an
 * entry where `classify` is inlined shows dispatch. Recorded for `stop`, so a step from it starts
 * in the frame shown, as GDB's does. Returns the count to pass as the StackUnwinder's
 * `revealInlined`. Only for user breakpoint stops: other stops keep the calls hidden.
 */
export function revealInlinedAtUserBreakpoint(program: Program, stop: TargetStop, setFor: readonly (string | undefined)[]): number {
  const frames = program.sourceFramesAt(stop.pc);
  const atEntry = inlinedAtEntry(program, stop.pc);
  let hidden = 0;
  while (hidden < atEntry && !setFor.some((name) => name === undefined || name === frames[hidden].function)) hidden++;
  if (atEntry - hidden > revealedInlineFrames(stop)) revealInlineFrames(stop, atEntry - hidden);
  return revealedInlineFrames(stop);
}

/**
 * A stop after `stepi` shows every inlined call starting at its PC: GDB hides them only when the
 * step was not by instruction (infrun.c handle_signal_stop calls skip_inline_frames only when
 * step_range_end != 1), so a stepi onto the start of an inlined body's second range shows that
 * body's frame (-O2 round_once at 0x8000182). Recorded for `stop`, as a step's reveal is.
 */
export function revealInlinedAfterInstructionStep(program: Program, stop: TargetStop): void {
  const atEntry = inlinedAtEntry(program, stop.pc);
  if (atEntry > revealedInlineFrames(stop)) revealInlineFrames(stop, atEntry);
}

/** How many inlined calls a stop at `pc` hides because `pc` starts one of their ranges. */
function inlinedAtEntry(program: Program, pc: number): number {
  return program.sourceFramesAt(pc).length - program.sourceFramesAt(pc, { hideInlinedAtEntry: true }).length;
}
