// Where straight-line flow from a PC ends (issue 17, LLDB's ThreadPlanStepRange "run to the next
// branch"): the stepper runs there with a temporary breakpoint instead of stepping each instruction.
// Pure: decides from decoded instructions and the Architecture; it sets no breakpoint and reads no memory.
import type { Architecture } from '../arch/architecture';
import type { DecodedInstruction } from '../disassembly';

/**
 * The first address in [pc, end) whose instruction may leave straight-line flow or writes SP (a
 * call, return, direct branch, undecodable bytes, or Architecture.endsStraightRun), or `end` when
 * every instruction up to it falls through (then `end` must be an instruction boundary the walk
 * lands on: otherwise `pc`). Running from `pc` to the result executes exactly the instructions
 * single steps would, in the same order, and arrives with the SP it started with.
 */
export function straightLineEnd(pc: number, end: number, instructionAt: (address: number) => DecodedInstruction | undefined, architecture: Pick<Architecture, 'endsStraightRun'>): number {
  let address = pc;
  while (address < end) {
    const instruction = instructionAt(address);
    if (!instruction || instruction.invalid || instruction.isCall || instruction.isReturn || instruction.branchTarget !== undefined || architecture.endsStraightRun(instruction)) return address;
    address += instruction.byteLength;
  }
  return address === end ? end : pc;
}
