// Which inlined frames a step revealed at a stop without moving the PC (GDB's step into an inlined
// call at its first instruction, infrun.c step_into_inline_frame). State per TargetStop object,
// so it ends with the stop; the stack view asks for it when it unwinds that stop.
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
