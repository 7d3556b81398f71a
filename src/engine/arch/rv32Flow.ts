// RV32IMC instructions a stepper's run to a temporary breakpoint must end before (stepping/
// straightLine.ts), by Capstone's mnemonics and operands.
import type { DecodedInstruction } from '../disassembly/instructionDecoder';

/** Jumps, branches, traps, waits, and CSR writes (mstatus.MIE may enable an interrupt: Privileged Spec 3.1.6.1). */
const FLOW = /^(c\.)?(j|jr|jal|jalr|ret|b[a-z]*|ecall|ebreak|mret|sret|wfi|csr[a-z]*|fence\.i)$/;
/** rd = sp: `addi sp, sp, -16`, `c.addi16sp sp, -32`, `mv sp, a0`, `lw sp, 0(a0)`. */
const SP_WRITE = /^sp\b/;

export function rv32EndsStraightRun(instruction: DecodedInstruction): boolean {
  return FLOW.test(instruction.mnemonic) || SP_WRITE.test(instruction.operands);
}
