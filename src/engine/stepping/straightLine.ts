// Where straight-line flow from a PC ends (issue 17, LLDB's ThreadPlanStepRange "run to the next
// branch"): the stepper runs there with a temporary breakpoint instead of stepping each instruction.
// Pure: decides from decoded instructions only; it sets no breakpoint and reads no memory.
import type { DecodedInstruction, InstructionSet } from '../disassembly';

/**
 * Thumb instructions that may leave straight-line flow, or after which a breakpoint may not fire
 * where a step would stop: branches (b, bx, blx, cbz, tbb...), exceptions and waits (svc, bkpt,
 * udf, wfi, wfe), PRIMASK/FAULTMASK/CONTROL writes (cps, msr: an interrupt may be taken at once),
 * and `it`, whose block's conditional instructions may or may not fire a breakpoint when their
 * condition fails (ARMv7-M C1.11.2: IMPLEMENTATION DEFINED), so none is planted inside one.
 */
const THUMB_FLOW = /^(b|bl|blx|bx|cbz|cbnz|tbb|tbh|svc|bkpt|udf|wfi|wfe|cpsid|cpsie|msr|it[te]{0,3})(eq|ne|cs|hs|cc|lo|mi|pl|vs|vc|hi|ls|ge|lt|gt|le|al)?(\.[nw])?$/;
/** RV32IMC: jumps, branches, traps, waits, and CSR writes (mstatus.MIE may enable an interrupt). */
const RISCV_FLOW = /^(c\.)?(j|jr|jal|jalr|ret|b[a-z]*|ecall|ebreak|mret|sret|wfi|csr[a-z]*|fence\.i)$/;

/** True when `instruction` may not simply fall through to the next one (see THUMB_FLOW, RISCV_FLOW). */
export function leavesStraightLine(instruction: DecodedInstruction, instructionSet: InstructionSet): boolean {
  if (instruction.invalid || instruction.isCall || instruction.isReturn || instruction.branchTarget !== undefined) return true;
  if (instructionSet === 'riscv32') return RISCV_FLOW.test(instruction.mnemonic);
  // Any write of PC: `mov pc, r0`, `add pc, r1`, `ldr pc, [...]`, a register list holding pc.
  return THUMB_FLOW.test(instruction.mnemonic) || /^pc\b/.test(instruction.operands) || /\bpc\}/.test(instruction.operands);
}

/**
 * True when `instruction` writes the stack pointer: push/pop, `add sp`, `sub sp`, `mov sp`, a
 * writeback through sp (`stmdb sp!`, `ldr r0, [sp], #4`, `str r0, [sp, #-4]!`), RISC-V's rd = sp.
 * A run ends before one, so that the stop's SP equals the start's in the same activation: the
 * stepper's test that the breakpoint was reached by this activation, not by an interrupt running
 * the same code. The CFA cannot be that test: GCC emits no CFI for Thumb-1 epilogues (-Og's
 * `add sp, #8` before `pop {..., pc}` leaves the CFA rule at sp+24).
 */
export function writesStackPointer(instruction: DecodedInstruction): boolean {
  return /^(push|pop|vpush|vpop)(\.[nw])?$/.test(instruction.mnemonic) || /^sp\b/.test(instruction.operands) || /\[sp[^\]]*\]!|\[sp\],/.test(instruction.operands);
}

/**
 * The first address in [pc, end) whose instruction leaves straight-line flow or writes the stack
 * pointer (writesStackPointer), or `end` when every
 * instruction up to it falls through (then `end` must be an instruction boundary the walk lands
 * on: otherwise `pc`). Running from `pc` to the result executes exactly the instructions single
 * steps would, in the same order, so it arrives where the steps would.
 */
export function straightLineEnd(pc: number, end: number, instructionAt: (address: number) => DecodedInstruction | undefined, instructionSet: InstructionSet): number {
  let address = pc;
  while (address < end) {
    const instruction = instructionAt(address);
    if (!instruction || leavesStraightLine(instruction, instructionSet) || writesStackPointer(instruction)) return address;
    address += instruction.byteLength;
  }
  return address === end ? end : pc;
}
