// Which variables a frame of the unwound stack sees: the scope lookup address (a caller's return
// address minus one, as GDB's get_frame_address_in_block) and the frame's place among the inlined
// source frames at that address. No target access.
import { DwarfInfo, variablesInScope, VariablesInScope } from '../../dwarf';
import type { StackFrame } from '../stack';

/** The variables in scope for `frames[index]` and which of VariablesInScope.frames it is. */
export interface FrameScopeAt {
  readonly scope: VariablesInScope;
  /** Index into scope.frames (0 = innermost inlined call at the lookup address). */
  readonly inlineIndex: number;
  /** The address scopes were looked up at. */
  readonly lookupAddress: number;
}

/**
 * The scope of frame `index`. Frames of one machine frame (an inlined call and its callers up to
 * the concrete function) share its PC; only a caller machine frame's PC is a return address,
 * which may already be past the call's scope, hence the `- 1`.
 */
export function frameScopeAt(dwarf: DwarfInfo, frames: readonly StackFrame[], index: number): FrameScopeAt | undefined {
  const frame = frames[index];
  if (!frame) return undefined;
  let innermost = index;
  while (innermost > 0 && frames[innermost - 1].inlined && frames[innermost - 1].pc === frame.pc && frames[innermost - 1].cfa === frame.cfa) innermost--;
  const lookupAddress = innermost > 0 && !frames[innermost].interrupted ? frame.pc - 1 : frame.pc;
  const scope = variablesInScope(dwarf, lookupAddress);
  if (!scope) return undefined;
  return { scope, inlineIndex: scope.frames.length - 1 - frame.id.inlineDepth, lookupAddress };
}
