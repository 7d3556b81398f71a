// Unwinding without call frame information on Thumb (Cortex-M): reads a function's prologue
// (PUSH, SUB SP) to find its CFA and saved registers, as GDB's thumb_analyze_prologue does for
// assembly routines built without CFI. Pure: works on code bytes; reads no target state.

import type { PrologueAnalysis } from './architecture';

const LR = 14;

/**
 * Scans the Thumb code of a function from its entry `start` up to (not including) `pc`. It
 * understands PUSH {reglist[, lr]} (ARMv6-M A6.7.50) and SUB SP, SP, #imm (A6.7.67), steps over
 * register moves and literal loads that prologues interleave, and stops at anything else: the
 * body starts there and, at a call site, SP has its post-prologue value.
 */
export function analyzeThumbPrologue(code: Uint8Array, start: number, pc: number): PrologueAnalysis {
  let depth = 0;
  const savedAt = new Map<number, number>();
  for (let at = start; at < pc && at + 2 - start <= code.length; at += 2) {
    const op = code[at - start] | (code[at - start + 1] << 8);
    if ((op & 0xfe00) === 0xb400) {
      const registers = [0, 1, 2, 3, 4, 5, 6, 7].filter((r) => op & (1 << r));
      if (op & 0x100) registers.push(LR);
      depth += 4 * registers.length;
      // PUSH stores the lowest-numbered register at the lowest address.
      registers.forEach((register, k) => {
        if (!savedAt.has(register)) savedAt.set(register, -depth + 4 * k);
      });
    } else if ((op & 0xff80) === 0xb080) {
      depth += (op & 0x7f) * 4;
    } else if (!isPrologueFiller(op)) {
      break;
    }
  }
  return { cfaOffset: depth, savedAt };
}

/** MOV Rd, Rm (high registers, A6.7.40), ADD Rd, SP, #imm (A6.7.5 T1), LDR Rt, [PC, #imm] (A6.7.27). */
function isPrologueFiller(op: number): boolean {
  return (op & 0xff00) === 0x4600 || (op & 0xf800) === 0xa800 || (op & 0xf800) === 0x4800;
}
