// Which inlined frames are shown at a stop whose PC is their first instruction: those a step
// revealed without moving the PC (infrun.c step_into_inline_frame) or a user breakpoint set in them.
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
 * A stop on a user breakpoint shows every inlined call whose first instruction is the PC (GDB's
 * stopped_by_user_bp_inline_frame, inline-frame.c): GDB's linespec gives a breakpoint location the
 * innermost function block at its address, so a line or function breakpoint there was set in
 * them. Recorded for `stop`, so a step from it starts in the inlined frame as GDB's does. Returns
 * the count to pass as the StackUnwinder's `revealInlined`. Only for user breakpoint stops: other
 * stops keep the calls hidden.
 */
export function revealInlinedAtUserBreakpoint(program: Program, stop: TargetStop): number {
  const atEntry = program.sourceFramesAt(stop.pc).length - program.sourceFramesAt(stop.pc, { hideInlinedAtEntry: true }).length;
  if (atEntry > revealedInlineFrames(stop)) revealInlineFrames(stop, atEntry);
  return revealedInlineFrames(stop);
}
