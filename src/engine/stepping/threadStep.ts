// Plugs source-level stepping into the engine facade: a Debugger `Stepper` function that runs a
// SourceStepper on a DebugThread (its BreakpointManager's temporary breakpoints, its stop cache).
import type { Stepper } from '../debugger';
import type { InstructionDecoder } from '../disassembly';
import type { Program } from '../program';
import { SourceStepper, StepKind } from './stepper';

/**
 * The step for `Debugger.runStep`: `debugger.runStep(threadId, threadStep(program, decoder, 'over'))`.
 * Resolves with the reason to report: `step`, or what stopped the target first (`breakpoint`...).
 */
export function threadStep(program: Program, decoder: InstructionDecoder, kind: StepKind): Stepper {
  return async (thread, signal) => {
    const stepper = new SourceStepper(program, thread.target, decoder, {
      breakpoints: thread.breakpoints,
      frameMemory: () => thread.cache('unwind the stack').frameMemory(),
      architecture: thread.target.architecture,
    });
    return (await stepper.step(kind, signal)).reason;
  };
}
