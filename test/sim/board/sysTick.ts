// The ARMv6-M SysTick timer (B3.3): a 24-bit down-counter on the core clock or the STM32F0's
// HCLK/8 reference. It counts only when told how many cycles passed; it pends, never takes, SysTick.

/** SysTick register offsets from 0xE000E010 and CSR bits (ARMv6-M B3.3.2). */
export const SYST = { CSR: 0x0, RVR: 0x4, CVR: 0x8, CALIB: 0xc } as const;
const ENABLE = 1;
const TICKINT = 2;
const CLKSOURCE = 4;
const COUNTFLAG = 1 << 16;

/** STM32F0: the external reference is HCLK/8 (RM0091 6.2, clock tree). */
const REFERENCE_DIVIDER = 8;
/** CALIB.TENMS: 1 ms of the 6 MHz HCLK/8 reference at 48 MHz, as on the STM32F0 (PM0215 4.4). */
const CALIB_VALUE = 6000;

export class SysTick {
  private csr = 0;
  private rvr = 0;
  private cvr = 0;
  /** Core cycles not yet turned into reference-clock ticks. */
  private prescale = 0;

  constructor(private readonly pendSysTick: () => void) {}

  reset(): void {
    this.csr = this.rvr = this.cvr = this.prescale = 0;
  }

  /** True when the counter runs (time matters even while the core sleeps). */
  get counting(): boolean {
    return (this.csr & ENABLE) !== 0;
  }

  /** Advances by `cycles` core cycles. */
  advance(cycles: number): void {
    if (!this.counting) return;
    let ticks = cycles;
    if (!(this.csr & CLKSOURCE)) {
      this.prescale += cycles;
      ticks = Math.floor(this.prescale / REFERENCE_DIVIDER);
      this.prescale -= ticks * REFERENCE_DIVIDER;
    }
    while (ticks > 0) {
      if (this.cvr === 0) {
        if (this.rvr === 0) return;
        this.cvr = this.rvr;
        ticks--;
        continue;
      }
      if (ticks < this.cvr) {
        this.cvr -= ticks;
        return;
      }
      ticks -= this.cvr;
      this.cvr = 0;
      // The 1 -> 0 transition sets COUNTFLAG and, with TICKINT, pends SysTick (B3.3.1).
      this.csr |= COUNTFLAG;
      if (this.csr & TICKINT) this.pendSysTick();
    }
  }

  /** Core cycles until the counter next reaches 0, or Infinity if it never will. */
  cyclesUntilWrap(): number {
    if (!this.counting) return Infinity;
    const ticks = this.cvr > 0 ? this.cvr : this.rvr > 0 ? this.rvr + 1 : Infinity;
    if (this.csr & CLKSOURCE) return ticks;
    return Math.max(1, ticks * REFERENCE_DIVIDER - this.prescale);
  }

  /** Reads a register; software reads of CSR clear COUNTFLAG, debugger reads do not. */
  read(offset: number, bySoftware: boolean): number {
    switch (offset) {
      case SYST.CSR: {
        const value = this.csr;
        if (bySoftware) this.csr &= ~COUNTFLAG;
        return value >>> 0;
      }
      case SYST.RVR: return this.rvr;
      case SYST.CVR: return this.cvr;
      case SYST.CALIB: return CALIB_VALUE;
      default: return 0;
    }
  }

  write(offset: number, value: number): void {
    switch (offset) {
      case SYST.CSR: this.csr = (this.csr & COUNTFLAG) | (value & (ENABLE | TICKINT | CLKSOURCE)); break;
      // Any write to CVR clears it and COUNTFLAG (B3.3.4).
      case SYST.CVR: this.cvr = 0; this.csr &= ~COUNTFLAG; break;
      case SYST.RVR: this.rvr = value & 0xffffff; break;
      default: break;
    }
  }
}
