// The Cortex-M0 DWT watchpoint unit (ARMv6-M C1.8, C1.9): two comparators with address masks and
// FUNCTION 4 (PC), 5 (read), 6 (write), 7 (read or write). It records matches; cortexM0.ts halts.

export const DWT_REGS = { DWT_CTRL: 0x000, DWT_PCSR: 0x01c, DWT_COMP0: 0x020 } as const;
const COMPARATORS = 2;
/** DWT_CTRL.NUMCOMP in bits [31:28]. */
const CTRL_VALUE = (COMPARATORS << 28) >>> 0;
const MATCHED = 1 << 24;
const FUNCTION_PC = 4;
const FUNCTION_READ = 5;
const FUNCTION_WRITE = 6;
const FUNCTION_ACCESS = 7;

export class Dwt {
  private readonly comp = new Uint32Array(COMPARATORS);
  private readonly mask = new Uint8Array(COMPARATORS);
  private readonly func = new Uint8Array(COMPARATORS);
  private readonly matched = [false, false];
  /** A data comparator matched during the current instruction. */
  dataMatch = false;

  /** `pc` feeds DWT_PCSR (PC sampling). */
  constructor(private readonly pc: () => number) {}

  /** True when `function` 4 matches the instruction address (a watchpoint before execution). */
  matchesInstruction(address: number): boolean {
    let hit = false;
    for (let i = 0; i < COMPARATORS; i++) {
      if (this.func[i] === FUNCTION_PC && this.inRange(i, address, 2)) this.matched[i] = hit = true;
    }
    return hit;
  }

  /** Checks a data access of `byteSize` bytes against the data comparators (any byte overlaps). */
  noteAccess(address: number, byteSize: number, isWrite: boolean): void {
    for (let i = 0; i < COMPARATORS; i++) {
      const f = this.func[i];
      const wanted = f === FUNCTION_ACCESS || (f === FUNCTION_READ && !isWrite) || (f === FUNCTION_WRITE && isWrite);
      if (wanted && this.inRange(i, address, byteSize)) {
        this.matched[i] = true;
        this.dataMatch = true;
      }
    }
  }

  private inRange(i: number, address: number, byteSize: number): boolean {
    const span = 2 ** this.mask[i];
    const base = this.comp[i] - (this.comp[i] % span);
    return address < base + span && base < address + byteSize;
  }

  /** Register read at an offset from 0xE0001000; reading FUNCTION clears MATCHED (C1.9.7). */
  read(offset: number): number | undefined {
    if (offset === DWT_REGS.DWT_CTRL) return CTRL_VALUE;
    if (offset === DWT_REGS.DWT_PCSR) return this.pc() >>> 0;
    const slot = this.slot(offset);
    if (!slot) return undefined;
    const [i, reg] = slot;
    if (reg === 0) return this.comp[i];
    if (reg === 1) return this.mask[i];
    if (reg === 2) {
      const value = this.func[i] | (this.matched[i] ? MATCHED : 0);
      this.matched[i] = false;
      return value;
    }
    return 0;
  }

  write(offset: number, value: number): boolean {
    const slot = this.slot(offset);
    if (!slot) return offset === DWT_REGS.DWT_CTRL;
    const [i, reg] = slot;
    if (reg === 0) this.comp[i] = value >>> 0;
    else if (reg === 1) this.mask[i] = value & 0x1f;
    else if (reg === 2) this.func[i] = value & 0xf;
    return true;
  }

  private slot(offset: number): [number, number] | undefined {
    const relative = offset - DWT_REGS.DWT_COMP0;
    const i = Math.floor(relative / 16);
    if (relative < 0 || i >= COMPARATORS) return undefined;
    return [i, (relative % 16) / 4];
  }
}
