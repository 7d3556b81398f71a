// Exception state of the Cortex-M0 outside the core: NVIC (ISER/ICER/ISPR/ICPR/IPR), the SCB's
// ICSR, SHPR2/3 and SCR, and the choice of which pending exception may preempt (ARMv6-M B1.5.4).
// It takes no exception itself: cortexM0.ts asks it and then drives the core.

/** Exception numbers (ARMv6-M B1.5.2). */
export const Exception = { Reset: 1, NMI: 2, HardFault: 3, SVCall: 11, PendSV: 14, SysTick: 15, IRQ0: 16 } as const;

/** Execution priority of Thread mode with nothing active: below every configurable priority. */
export const THREAD_PRIORITY = 256;

/** Offsets in the System Control Space (ARMv6-M B3.4, B3.2.2). */
export const NVIC_REGS = {
  ISER: 0x100, ICER: 0x180, ISPR: 0x200, ICPR: 0x280, IPR0: 0x400, IPR7: 0x41c,
  ICSR: 0xd04, SCR: 0xd10, SHPR2: 0xd1c, SHPR3: 0xd20,
} as const;

/** The NVIC and the exception-control part of the SCB for 32 external interrupts. */
export class Nvic {
  private enabled = 0;
  private pending = 0;
  /** Interrupt lines held high (level-sensitive inputs re-pend while asserted). */
  private lines = 0;
  private readonly ipr = new Uint8Array(32);
  private nmiPending = false;
  private pendSVPending = false;
  private sysTickPending = false;
  private shpr2 = 0;
  private shpr3 = 0;
  private scr = 0;

  /** `ipsr` reads the core's current exception number (for ICSR.VECTACTIVE). */
  constructor(private readonly ipsr: () => number) {}

  /** Reset state (B1.5.5): nothing enabled or pending, all priorities 0. */
  reset(): void {
    this.enabled = 0;
    this.pending = 0;
    this.ipr.fill(0);
    this.nmiPending = this.pendSVPending = this.sysTickPending = false;
    this.shpr2 = this.shpr3 = this.scr = 0;
  }

  /** Priority of exception `n`; lower is more urgent. Only bits [7:6] exist on Cortex-M0. */
  priorityOf(n: number): number {
    switch (n) {
      case 0: return THREAD_PRIORITY;
      case Exception.Reset: return -3;
      case Exception.NMI: return -2;
      case Exception.HardFault: return -1;
      case Exception.SVCall: return this.shpr2 >>> 24;
      case Exception.PendSV: return (this.shpr3 >>> 16) & 0xff;
      case Exception.SysTick: return this.shpr3 >>> 24;
      default: return n >= Exception.IRQ0 && n < Exception.IRQ0 + 32 ? this.ipr[n - Exception.IRQ0] : THREAD_PRIORITY;
    }
  }

  /** Execution priority (B1.5.4): the active exception's priority, boosted to 0 by PRIMASK. */
  executionPriority(ipsr: number, primask: boolean): number {
    const base = this.priorityOf(ipsr);
    return primask ? Math.min(base, 0) : base;
  }

  /** Pends exception `n` (SysTick, PendSV, NMI or an IRQ). */
  pend(n: number): void {
    if (n === Exception.NMI) this.nmiPending = true;
    else if (n === Exception.PendSV) this.pendSVPending = true;
    else if (n === Exception.SysTick) this.sysTickPending = true;
    else if (n >= Exception.IRQ0) this.pending |= 1 << (n - Exception.IRQ0);
  }

  /** Drives external interrupt line `irq`; a high level pends it (and re-pends after its handler). */
  setLine(irq: number, high: boolean): void {
    const bit = 1 << irq;
    this.lines = high ? this.lines | bit : this.lines & ~bit;
    if (high) this.pending |= bit;
  }

  /** Clears the pending state of `n` as its entry starts; a still-high line pends again on return. */
  acknowledge(n: number): void {
    if (n === Exception.NMI) this.nmiPending = false;
    else if (n === Exception.PendSV) this.pendSVPending = false;
    else if (n === Exception.SysTick) this.sysTickPending = false;
    else if (n >= Exception.IRQ0) this.pending &= ~(1 << (n - Exception.IRQ0));
  }

  /** Re-pends asserted lines other than the one being handled (level-sensitive inputs). */
  private refreshLines(): void {
    if (this.lines === 0) return;
    const active = this.ipsr() - Exception.IRQ0;
    this.pending |= active >= 0 ? this.lines & ~(1 << active) : this.lines;
  }

  /**
   * The most urgent pending exception (lowest priority value, then lowest number: B1.5.4), or 0.
   * `maskInterrupts` is DHCSR.C_MASKINTS: PendSV, SysTick and IRQs do not count (C1.6.3).
   */
  highestPending(maskInterrupts: boolean): number {
    this.refreshLines();
    // Hot path (every instruction boundary): nothing pending at all.
    const ready = this.pending & this.enabled;
    if (!this.nmiPending && !this.pendSVPending && !this.sysTickPending && ready === 0) return 0;
    if (this.nmiPending) return Exception.NMI;
    if (maskInterrupts) return 0;
    let best = 0;
    let bestPriority = Infinity;
    for (const n of [Exception.PendSV, Exception.SysTick]) {
      const pending = n === Exception.PendSV ? this.pendSVPending : this.sysTickPending;
      if (pending && this.priorityOf(n) < bestPriority) {
        best = n;
        bestPriority = this.priorityOf(n);
      }
    }
    for (let irq = 0; irq < 32 && ready >>> irq !== 0; irq++) {
      if (ready & (1 << irq) && this.ipr[irq] < bestPriority) {
        best = Exception.IRQ0 + irq;
        bestPriority = this.ipr[irq];
      }
    }
    return best;
  }

  /** The exception to take now, or 0: it must be more urgent than the execution priority. */
  preempting(ipsr: number, primask: boolean, maskInterrupts: boolean): number {
    const n = this.highestPending(maskInterrupts);
    return n !== 0 && this.priorityOf(n) < this.executionPriority(ipsr, primask) ? n : 0;
  }

  /** WFI wake-up (B1.5.19): a pending exception that would preempt if PRIMASK were clear. */
  wakesFromSleep(ipsr: number): boolean {
    const n = this.highestPending(false);
    return n !== 0 && this.priorityOf(n) < this.priorityOf(ipsr);
  }

  /** Reads an NVIC/SCB register at its SCS offset; undefined when the offset is not ours. */
  read(offset: number): number | undefined {
    if (offset === NVIC_REGS.ISER || offset === NVIC_REGS.ICER) return this.enabled >>> 0;
    if (offset === NVIC_REGS.ISPR || offset === NVIC_REGS.ICPR) return this.pending >>> 0;
    if (offset >= NVIC_REGS.IPR0 && offset <= NVIC_REGS.IPR7) {
      const first = offset - NVIC_REGS.IPR0;
      return (this.ipr[first] | (this.ipr[first + 1] << 8) | (this.ipr[first + 2] << 16) | (this.ipr[first + 3] << 24)) >>> 0;
    }
    switch (offset) {
      case NVIC_REGS.ICSR: return this.icsr();
      case NVIC_REGS.SCR: return this.scr;
      case NVIC_REGS.SHPR2: return this.shpr2;
      case NVIC_REGS.SHPR3: return this.shpr3;
      default: return undefined;
    }
  }

  /** Writes an NVIC/SCB register; false when the offset is not ours. */
  write(offset: number, value: number): boolean {
    if (offset === NVIC_REGS.ISER) this.enabled |= value;
    else if (offset === NVIC_REGS.ICER) this.enabled &= ~value;
    else if (offset === NVIC_REGS.ISPR) this.pending |= value;
    else if (offset === NVIC_REGS.ICPR) this.pending &= ~value;
    else if (offset >= NVIC_REGS.IPR0 && offset <= NVIC_REGS.IPR7) {
      for (let i = 0; i < 4; i++) this.ipr[offset - NVIC_REGS.IPR0 + i] = (value >>> (8 * i)) & 0xc0;
    } else if (offset === NVIC_REGS.ICSR) this.writeIcsr(value);
    else if (offset === NVIC_REGS.SCR) this.scr = value & 0x16;
    else if (offset === NVIC_REGS.SHPR2) this.shpr2 = (value & 0xc0000000) >>> 0;
    else if (offset === NVIC_REGS.SHPR3) this.shpr3 = (value & 0xc0c00000) >>> 0;
    else return false;
    return true;
  }

  /** ICSR (B3.2.4): NMIPENDSET 31, PENDSVSET 28, PENDSTSET 26, ISRPENDING 22, VECTPENDING, VECTACTIVE. */
  private icsr(): number {
    const vectPending = this.highestPending(false);
    return ((this.nmiPending ? 1 << 31 : 0) | (this.pendSVPending ? 1 << 28 : 0) | (this.sysTickPending ? 1 << 26 : 0)
      | ((this.pending & this.enabled) !== 0 ? 1 << 22 : 0) | ((vectPending & 0x3f) << 12) | (this.ipsr() & 0x3f)) >>> 0;
  }

  private writeIcsr(value: number): void {
    if (value & (1 << 31)) this.nmiPending = true;
    if (value & (1 << 28)) this.pendSVPending = true;
    if (value & (1 << 27)) this.pendSVPending = false;
    if (value & (1 << 26)) this.sysTickPending = true;
    if (value & (1 << 25)) this.sysTickPending = false;
  }
}
