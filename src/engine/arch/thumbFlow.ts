// Thumb instructions a stepper's run to a temporary breakpoint must end before (stepping/
// straightLine.ts), and the IT block no breakpoint is planted in: mnemonics and operands as
// Capstone prints them, xPSR's IT bits (ARMv7-M B1.4.2).
import type { DecodedInstruction } from '../disassembly/instructionDecoder';

/**
 * Instructions that may leave straight-line flow, or after which a breakpoint may not fire where a
 * step would stop: branches (b, bx, blx, cbz, tbb...), exceptions and waits (svc, bkpt, udf, wfi,
 * wfe), PRIMASK/FAULTMASK/CONTROL writes (cps, msr: an interrupt may be taken at once), and `it`,
 * whose block's conditional instructions may or may not fire a breakpoint when their condition
 * fails (ARMv7-M C1.11.2: IMPLEMENTATION DEFINED).
 */
const FLOW = /^(b|bl|blx|bx|cbz|cbnz|tbb|tbh|svc|bkpt|udf|wfi|wfe|cpsid|cpsie|msr|it[te]{0,3})(eq|ne|cs|hs|cc|lo|mi|pl|vs|vc|hi|ls|ge|lt|gt|le|al)?(\.[nw])?$/;
/** Writes of PC: `mov pc, r0`, `add pc, r1`, `ldr pc, [...]`, a register list holding pc. */
const PC_WRITE = /^pc\b|\bpc\}/;
/** Writes of SP: push/pop, `add sp`, `sub sp`, `mov sp`, writebacks (`stmdb sp!`, `ldr r0, [sp], #4`, `str r0, [sp, #-4]!`). */
const SP_WRITE_MNEMONIC = /^(push|pop|vpush|vpop)(\.[nw])?$/;
const SP_WRITE_OPERANDS = /^sp\b|\[sp[^\]]*\]!|\[sp\],/;
/** xPSR's IT/ICI bits [26:25] and [15:10]. */
const IT_BITS = 0x0600_fc00n;

export function thumbEndsStraightRun(instruction: DecodedInstruction): boolean {
  return FLOW.test(instruction.mnemonic) || PC_WRITE.test(instruction.operands) || SP_WRITE_MNEMONIC.test(instruction.mnemonic) || SP_WRITE_OPERANDS.test(instruction.operands);
}

export function thumbInConditionalBlock(registers: ReadonlyMap<string, bigint>): boolean {
  return ((registers.get('xPSR') ?? 0n) & IT_BITS) !== 0n;
}
