// The Cortex-M0 breakpoint unit (FPB revision 1, ARMv6-M C1.8): FP_CTRL and four FP_COMP
// comparators that match instruction addresses below 0x20000000. It only answers "does this
// address match"; halting is cortexM0.ts's job.

export const FPB_REGS = { FP_CTRL: 0x000, FP_REMAP: 0x004, FP_COMP0: 0x008 } as const;
const COMPARATORS = 4;
/** FP_CTRL.NUM_CODE[3:0] lives in bits [7:4] (C1.8.2). */
const NUM_CODE_FIELD = COMPARATORS << 4;
const KEY = 2;

export class Fpb {
  private enabled = false;
  private readonly comparators = new Uint32Array(COMPARATORS);

  /** True when an enabled comparator matches the halfword at `address` (C1.8.3, REPLACE). */
  matches(address: number): boolean {
    if (!this.enabled || address >= 0x20000000) return false;
    for (const comp of this.comparators) {
      if (!(comp & 1) || (comp & 0x1ffffffc) !== (address & 0x1ffffffc)) continue;
      const replace = comp >>> 30;
      if (address & 2 ? replace & 2 : replace & 1) return true;
    }
    return false;
  }

  /** Register read at an offset from 0xE0002000; undefined for unknown offsets. */
  read(offset: number): number | undefined {
    if (offset === FPB_REGS.FP_CTRL) return NUM_CODE_FIELD | (this.enabled ? 1 : 0);
    if (offset === FPB_REGS.FP_REMAP) return 0;
    const index = (offset - FPB_REGS.FP_COMP0) / 4;
    return Number.isInteger(index) && index >= 0 && index < COMPARATORS ? this.comparators[index] : undefined;
  }

  write(offset: number, value: number): boolean {
    if (offset === FPB_REGS.FP_CTRL) {
      // ENABLE changes only when KEY is written as 1 (C1.8.2).
      if (value & KEY) this.enabled = (value & 1) !== 0;
      return true;
    }
    const index = (offset - FPB_REGS.FP_COMP0) / 4;
    if (!Number.isInteger(index) || index < 0 || index >= COMPARATORS) return offset === FPB_REGS.FP_REMAP;
    this.comparators[index] = (value & 0xdffffffd) >>> 0;
    return true;
  }
}
