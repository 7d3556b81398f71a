// The Cortex-M0 debug control block (ARMv6-M C1.6): DHCSR, DCRSR, DCRDR, DEMCR and the SCB's
// DFSR. It holds debug register state and asks its host (cortexM0.ts) to halt, resume, step and
// move registers; it never executes anything itself.

/** Offsets in the System Control Space (ARMv6-M C1.6.2, C1.6.1). */
export const DEBUG_REGS = { DFSR: 0xd30, DHCSR: 0xdf0, DCRSR: 0xdf4, DCRDR: 0xdf8, DEMCR: 0xdfc } as const;

export const DHCSR = {
  C_DEBUGEN: 1 << 0, C_HALT: 1 << 1, C_STEP: 1 << 2, C_MASKINTS: 1 << 3,
  S_REGRDY: 1 << 16, S_HALT: 1 << 17, S_SLEEP: 1 << 18, S_LOCKUP: 1 << 19,
  S_RETIRE_ST: 1 << 24, S_RESET_ST: 1 << 25,
} as const;
const DBGKEY = 0xa05f;

/** DFSR bits: why the core halted (C1.6.1). Write 1 to clear. */
export const DFSR = { HALTED: 1, BKPT: 2, DWTTRAP: 4, VCATCH: 8, EXTERNAL: 16 } as const;

/** DEMCR bits that exist on ARMv6-M (C1.6.5): DWTENA (OpenOCD's TRCENA), VC_HARDERR, VC_CORERESET. */
export const DEMCR = { VC_CORERESET: 1 << 0, VC_HARDERR: 1 << 10, DWTENA: 1 << 24 } as const;

/** What the debug unit needs from the processor it controls. */
export interface DebugHost {
  readonly halted: boolean;
  readonly sleeping: boolean;
  readonly lockedUp: boolean;
  /** Enter Debug state now (the core is always between instructions when the DAP is served). */
  halt(reason: number): void;
  /** Leave Debug state; with `step`, execute one instruction and halt again before returning. */
  resume(step: boolean): void;
  readRegister(regsel: number): number;
  writeRegister(regsel: number, value: number): void;
}

export class DebugUnit {
  private control = 0;
  private retiredSticky = false;
  private resetSticky = false;
  private dcrdr = 0;
  demcr = 0;
  dfsr = 0;

  constructor(private readonly host: DebugHost) {}

  get debugEnabled(): boolean {
    return (this.control & DHCSR.C_DEBUGEN) !== 0;
  }

  get stepping(): boolean {
    return (this.control & (DHCSR.C_DEBUGEN | DHCSR.C_STEP)) === (DHCSR.C_DEBUGEN | DHCSR.C_STEP);
  }

  get maskInterrupts(): boolean {
    return (this.control & (DHCSR.C_DEBUGEN | DHCSR.C_MASKINTS)) === (DHCSR.C_DEBUGEN | DHCSR.C_MASKINTS);
  }

  /** C_HALT is set with C_DEBUGEN. */
  private get haltRequested(): boolean {
    return (this.control & (DHCSR.C_DEBUGEN | DHCSR.C_HALT)) === (DHCSR.C_DEBUGEN | DHCSR.C_HALT);
  }

  /** The host entered Debug state: hardware sets C_HALT (OpenOCD relies on it) and DFSR. */
  noteHalted(reason: number): void {
    this.control |= DHCSR.C_HALT;
    this.dfsr |= reason;
  }

  noteRetired(): void {
    this.retiredSticky = true;
  }

  /**
   * A local reset takes the core out of Debug state: C_HALT and C_STEP clear, so only vector catch
   * halts it again. OpenOCD's `reset run` relies on this when the core sat on a loader's BKPT.
   */
  noteReset(): void {
    this.resetSticky = true;
    this.control &= ~(DHCSR.C_HALT | DHCSR.C_STEP);
  }

  /** Reads a debug register at its SCS offset; undefined when the offset is not ours. */
  read(offset: number, bySoftware: boolean): number | undefined {
    switch (offset) {
      case DEBUG_REGS.DHCSR: return this.readDhcsr(bySoftware);
      case DEBUG_REGS.DCRSR: return 0;
      case DEBUG_REGS.DCRDR: return this.dcrdr;
      case DEBUG_REGS.DEMCR: return this.demcr;
      case DEBUG_REGS.DFSR: return this.dfsr;
      default: return undefined;
    }
  }

  /** Writes a debug register; false when the offset is not ours. Software cannot write DHCSR. */
  write(offset: number, value: number, bySoftware: boolean): boolean {
    switch (offset) {
      case DEBUG_REGS.DHCSR: if (!bySoftware) this.writeDhcsr(value); return true;
      case DEBUG_REGS.DCRSR: this.transfer(value); return true;
      case DEBUG_REGS.DCRDR: this.dcrdr = value >>> 0; return true;
      case DEBUG_REGS.DEMCR: this.demcr = value & (DEMCR.VC_CORERESET | DEMCR.VC_HARDERR | DEMCR.DWTENA); return true;
      case DEBUG_REGS.DFSR: this.dfsr &= ~value; return true;
      default: return false;
    }
  }

  /** S_RETIRE_ST and S_RESET_ST are sticky and cleared by the read (C1.6.3). */
  private readDhcsr(bySoftware: boolean): number {
    const host = this.host;
    const value = this.control | DHCSR.S_REGRDY
      | (host.halted ? DHCSR.S_HALT : 0)
      | (host.sleeping && !host.halted ? DHCSR.S_SLEEP : 0)
      | (host.lockedUp ? DHCSR.S_LOCKUP : 0)
      | (this.retiredSticky ? DHCSR.S_RETIRE_ST : 0)
      | (this.resetSticky ? DHCSR.S_RESET_ST : 0);
    if (!bySoftware) this.retiredSticky = this.resetSticky = false;
    return value >>> 0;
  }

  private writeDhcsr(value: number): void {
    if (value >>> 16 !== DBGKEY) return;
    const control = value & (DHCSR.C_DEBUGEN | DHCSR.C_HALT | DHCSR.C_STEP | DHCSR.C_MASKINTS);
    // With C_DEBUGEN clear the other control bits have no effect (C1.6.3).
    this.control = control & DHCSR.C_DEBUGEN ? control : 0;
    if (this.haltRequested) {
      if (!this.host.halted) this.host.halt(DFSR.HALTED);
    } else if (this.host.halted) {
      this.host.resume(this.stepping);
    }
  }

  /** DCRSR: REGSEL in [4:0], REGWnR bit 16; the transfer completes at once (S_REGRDY stays 1). */
  private transfer(value: number): void {
    if (!this.host.halted) return;
    const regsel = value & 0x1f;
    if (value & (1 << 16)) this.host.writeRegister(regsel, this.dcrdr);
    else this.dcrdr = this.host.readRegister(regsel);
  }
}
