// Unwinding without call frame information on RV32 (RISC-V psABI): reads a function's prologue
// (stack adjustment, register stores to the stack) to find its CFA and saved registers, as GDB's
// riscv_scan_prologue does. Pure: works on code bytes; reads no target state.
import type { PrologueAnalysis } from './architecture';

const SP = 2;

/** One instruction's effect on the frame: SP moved by `spDelta`, or `register` stored at `sp + offset`. */
type PrologueStep = { spDelta: number } | { register: number; offset: number } | 'filler' | 'end';

/**
 * Scans the RV32IC code of a function from its entry `start` up to (not including) `pc`. It
 * understands ADDI/C.ADDI/C.ADDI16SP on sp (Unpriv. 2.4, 16.5), SW/C.SWSP of a register to the
 * stack (2.6, 16.3), steps over the frame-pointer set-up and constant loads prologues interleave,
 * and stops at anything else: the body starts there.
 */
export function analyzeRv32Prologue(code: Uint8Array, start: number, pc: number): PrologueAnalysis {
  let depth = 0;
  const savedAt = new Map<number, number>();
  for (let at = start; at < pc;) {
    const offset = at - start;
    if (offset + 2 > code.length) break;
    const low = code[offset] | (code[offset + 1] << 8);
    const compressed = (low & 3) !== 3;
    if (!compressed && offset + 4 > code.length) break;
    const step = compressed ? compressedStep(low) : fullStep((low | (code[offset + 2] << 16) | (code[offset + 3] << 24)) >>> 0);
    if (step === 'end') break;
    if (step !== 'filler') {
      if ('spDelta' in step) depth -= step.spDelta;
      else if (!savedAt.has(step.register)) savedAt.set(step.register, step.offset - depth);
    }
    at += compressed ? 2 : 4;
  }
  return { cfaOffset: depth, savedAt };
}

const signExtend = (value: number, bits: number): number => (value << (32 - bits)) >> (32 - bits);

/** A 32-bit instruction: ADDI sp, sp, imm; SW rs2, imm(sp); ADDI rd, sp, imm (s0 = frame pointer); LUI. */
function fullStep(word: number): PrologueStep {
  const opcode = word & 0x7f;
  const rd = (word >>> 7) & 0x1f;
  const funct3 = (word >>> 12) & 7;
  const rs1 = (word >>> 15) & 0x1f;
  if (opcode === 0x13 && funct3 === 0) {
    if (rd === SP && rs1 === SP) return { spDelta: word >> 20 };
    return rd === SP ? 'end' : 'filler';
  }
  if (opcode === 0x23 && funct3 === 2 && rs1 === SP) {
    const imm = ((word >> 25) << 5) | ((word >>> 7) & 0x1f);
    return { register: (word >>> 20) & 0x1f, offset: imm };
  }
  if (opcode === 0x37 && rd !== SP) return 'filler';
  return 'end';
}

/** A 16-bit instruction: C.ADDI sp / C.ADDI16SP; C.SWSP; C.ADDI4SPN, C.LI, C.LUI, C.MV as filler. */
function compressedStep(half: number): PrologueStep {
  const quadrant = half & 3;
  const funct3 = half >>> 13;
  const rd = (half >>> 7) & 0x1f;
  if (quadrant === 1 && funct3 === 0 && rd === SP) {
    return { spDelta: signExtend((((half >>> 12) & 1) << 5) | ((half >>> 2) & 0x1f), 6) };
  }
  if (quadrant === 1 && funct3 === 3 && rd === SP) {
    // nzimm[9|4|6|8:7|5] in bits 12|6|5|4:3|2 (Unpriv. 16.5, C.ADDI16SP).
    const imm = (((half >>> 12) & 1) << 9) | (((half >>> 6) & 1) << 4) | (((half >>> 5) & 1) << 6) | (((half >>> 3) & 3) << 7) | (((half >>> 2) & 1) << 5);
    return { spDelta: signExtend(imm, 10) };
  }
  if (quadrant === 2 && funct3 === 6) {
    // uimm[5:2|7:6] in bits 12:9|8:7 (Unpriv. 16.3, C.SWSP).
    return { register: (half >>> 2) & 0x1f, offset: (((half >>> 9) & 0xf) << 2) | (((half >>> 7) & 3) << 6) };
  }
  if (quadrant === 0 && funct3 === 0 && half !== 0) return 'filler'; // C.ADDI4SPN
  if (quadrant === 1 && (funct3 === 2 || (funct3 === 3 && rd !== SP)) && rd !== SP) return 'filler'; // C.LI, C.LUI
  if (quadrant === 2 && funct3 === 4 && ((half >>> 12) & 1) === 0 && ((half >>> 2) & 0x1f) !== 0 && rd !== SP) return 'filler'; // C.MV
  return 'end';
}
