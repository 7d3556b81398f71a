// What stepping needs of a target: the Target port's run control, and temporary breakpoints that
// do not disturb the user's (the engine's BreakpointManager provides them). Types only.
import type { Target } from '../target';

/** The part of the Target port the stepper drives. */
export type SteppingTarget = Pick<Target, 'stopped' | 'currentStop' | 'halt' | 'resume' | 'stepInstruction' | 'stepInRange' | 'readRegisters' | 'readMemory'>;

/** A temporary breakpoint; removing it leaves a user breakpoint at the same address in place. */
export interface StepBreakpoint {
  remove(): Promise<void>;
}

/** Temporary breakpoints for stepping (BreakpointManager.addTemporary has this shape). */
export interface StepBreakpoints {
  /** Plants a temporary breakpoint; rejects (e.g. UserError) when no comparator is left. */
  addTemporary(address: number): Promise<StepBreakpoint>;
  /** Whether the user has a breakpoint at `address`: a step arriving there stops as a breakpoint hit (GDB). */
  hasUserBreakpoint(address: number): boolean;
}
