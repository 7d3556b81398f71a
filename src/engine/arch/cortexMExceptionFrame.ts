// Cortex-M exception return (ARMv6-M B1.5.6-B1.5.8, ARMv7-M B1.5.6-B1.5.8): recognising EXC_RETURN
// in LR and recovering the interrupted context from the hardware-stacked frame. No CFI here.
import type { FrameMemory } from '../stack/frameMemory';
import type { InterruptedContext } from './architecture';

/** EXC_RETURN values all have bits 31:5 set (0xFFFFFFE0 upwards; ARMv6-M uses 0xFFFFFFF1/9/D). */
export function isExcReturn(value: bigint | number): boolean {
  return (BigInt(value) & 0xffffffe0n) === 0xffffffe0n;
}

/** The interrupted context, as the exception entry stacked it. */
export interface StackedContext extends InterruptedContext {
  /** Where the stacked frame is (the handler's CFA when it is on the main stack). */
  readonly frameAddress: number;
  /** Caller registers by DWARF number (r0-r3, r12, lr, pc, sp). */
  readonly registers: ReadonlyMap<number, bigint>;
  /** The interrupted instruction's address (Thumb bit cleared). */
  readonly pc: number;
  readonly xpsr: number;
  /** 'msp' or 'psp', as EXC_RETURN bit 2 (SPSEL) says. */
  readonly stack: 'msp' | 'psp';
}

/** xPSR bit 9: the exception entry added 4 bytes to align SP to 8 (ARMv6-M B1.5.7). */
const XPSR_STACK_ALIGN = 1 << 9;

/**
 * Pops the stacked frame of an exception whose EXC_RETURN is `excReturn`. `handlerCfa` is the
 * stack address right above the handler's own frame: with SPSEL=0 the frame is there (the handler
 * runs on MSP); with SPSEL=1 it is at the current PSP. Bit 4 clear (ARMv7-M FP) means an extended
 * 26-word frame. Returns a reason string when the frame cannot be read.
 */
export async function popExceptionFrame(excReturn: bigint, handlerCfa: number, memory: FrameMemory): Promise<StackedContext | string> {
  const usesPsp = (excReturn & 0x4n) !== 0n;
  let frameAddress = handlerCfa;
  if (usesPsp) {
    const psp = (await memory.registers()).get('psp');
    if (psp === undefined) return 'EXC_RETURN selects the process stack, but PSP cannot be read';
    frameAddress = Number(psp);
  }
  const bytes = await memory.readMemory(frameAddress, 32);
  if (!bytes) return `the exception frame at 0x${frameAddress.toString(16)} cannot be read`;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const word = (index: number): number => view.getUint32(index * 4, true);
  const xpsr = word(7);
  const frameBytes = (excReturn & 0x10n) === 0n ? 0x68 : 0x20;
  const callerSp = frameAddress + frameBytes + (xpsr & XPSR_STACK_ALIGN ? 4 : 0);
  const registers = new Map<number, bigint>([
    [0, BigInt(word(0))], [1, BigInt(word(1))], [2, BigInt(word(2))], [3, BigInt(word(3))],
    [12, BigInt(word(4))], [14, BigInt(word(5))], [15, BigInt((word(6) & ~1) >>> 0)], [13, BigInt(callerSp)],
  ]);
  return { frameAddress, registers, pc: (word(6) & ~1) >>> 0, xpsr, stack: usesPsp ? 'psp' : 'msp' };
}
