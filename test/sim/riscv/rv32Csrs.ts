// The machine-mode CSRs of the RV32IMC core (RISC-V Privileged Spec 1.11, chapter 3): their state,
// their WARL masks and the counters. It executes no instruction and takes no trap (rv32Core.ts
// does); debug and trigger CSRs (0x7a0-0x7bf) belong to the Debug Module through `DebugCsrs`.

/** CSR numbers (Privileged Spec 1.11 table 2.5; Debug Spec 0.13 table 4.3 for 0x7a0-0x7bf). */
export const CSR = {
  mstatus: 0x300, misa: 0x301, mie: 0x304, mtvec: 0x305,
  mscratch: 0x340, mepc: 0x341, mcause: 0x342, mtval: 0x343, mip: 0x344,
  mcycle: 0xb00, minstret: 0xb02, mcycleh: 0xb80, minstreth: 0xb82,
  cycle: 0xc00, instret: 0xc02, cycleh: 0xc80, instreth: 0xc82,
  mvendorid: 0xf11, marchid: 0xf12, mimpid: 0xf13, mhartid: 0xf14,
  tselect: 0x7a0, tdata1: 0x7a1, tdata2: 0x7a2, tinfo: 0x7a4,
  dcsr: 0x7b0, dpc: 0x7b1, dscratch0: 0x7b2, dscratch1: 0x7b3,
} as const;

/** MXL=1 (32-bit) with I, M and C (Privileged Spec 3.1.1). */
export const MISA_RV32IMC = 0x40001104;
/** mstatus bits (Privileged Spec 3.1.6): MPP is hard-wired to M (0b11) on a machine-mode-only hart. */
export const MSTATUS_MIE = 1 << 3;
export const MSTATUS_MPIE = 1 << 7;
const MSTATUS_MPP = 3 << 11;
/** Machine interrupt numbers (Privileged Spec 3.1.9), in decreasing priority. */
export const INTERRUPTS = { external: 11, software: 3, timer: 7 } as const;
const MIE_MASK = (1 << 11) | (1 << 7) | (1 << 3);

/**
 * CSRs the Debug Module owns (dcsr, dpc, dscratch, trigger CSRs in 0x7a0-0x7bf). read() returns
 * undefined and write() false for a CSR it does not have (or not now, e.g. dcsr outside Debug
 * Mode, Debug Spec 4.8): the access is then an illegal CSR.
 */
export interface DebugCsrs {
  read(csr: number): number | undefined;
  write(csr: number, value: number): boolean;
}

/** A CSR that does not exist, or a write to a read-only one (an illegal instruction, Privileged Spec 2.1). */
export class Rv32IllegalCsr extends Error {
  constructor(
    readonly csr: number,
    readonly access: 'read' | 'write',
  ) {
    super(`illegal CSR ${access} of 0x${csr.toString(16).padStart(3, '0')}`);
    this.name = 'Rv32IllegalCsr';
  }
}

const TWO_POW_32 = 0x1_0000_0000;

/** A 64-bit counter as two 32-bit halves, so that counting costs no BigInt arithmetic. */
class Counter64 {
  low = 0;
  high = 0;
  increment(): void {
    if (++this.low === TWO_POW_32) {
      this.low = 0;
      this.high = (this.high + 1) >>> 0;
    }
  }
  get value(): bigint {
    return (BigInt(this.high) << 32n) | BigInt(this.low);
  }
  set value(v: bigint) {
    const u = BigInt.asUintN(64, v);
    this.low = Number(u & 0xffffffffn);
    this.high = Number(u >> 32n);
  }
}

/** The machine CSR file. Values are stored unsigned. */
export class Rv32Csrs {
  mstatus = 0;
  mie = 0;
  /** Pending interrupts: set by the board through setInterruptPending, read-only to software. */
  mip = 0;
  mtvec = 0;
  mscratch = 0;
  mepc = 0;
  mcause = 0;
  mtval = 0;
  readonly cycle = new Counter64();
  readonly instret = new Counter64();
  debugCsrs?: DebugCsrs;

  reset(): void {
    this.mstatus = this.mie = this.mip = this.mtvec = this.mscratch = this.mepc = this.mcause = this.mtval = 0;
    this.cycle.value = 0n;
    this.instret.value = 0n;
  }

  /** Throws Rv32IllegalCsr when `csr` does not exist. */
  read(csr: number): number {
    switch (csr) {
      case CSR.mstatus: return (this.mstatus | MSTATUS_MPP) >>> 0;
      case CSR.misa: return MISA_RV32IMC;
      case CSR.mie: return this.mie;
      case CSR.mtvec: return this.mtvec;
      case CSR.mscratch: return this.mscratch;
      case CSR.mepc: return this.mepc;
      case CSR.mcause: return this.mcause;
      case CSR.mtval: return this.mtval;
      case CSR.mip: return this.mip;
      case CSR.mcycle: case CSR.cycle: return this.cycle.low;
      case CSR.mcycleh: case CSR.cycleh: return this.cycle.high;
      case CSR.minstret: case CSR.instret: return this.instret.low;
      case CSR.minstreth: case CSR.instreth: return this.instret.high;
      case CSR.mvendorid: case CSR.marchid: case CSR.mimpid: case CSR.mhartid: return 0;
    }
    if (isHardwiredZeroCounter(csr)) return 0;
    const value = isDebugRange(csr) ? this.debugCsrs?.read(csr) : undefined;
    if (value === undefined) throw new Rv32IllegalCsr(csr, 'read');
    return value >>> 0;
  }

  /**
   * Throws Rv32IllegalCsr when `csr` does not exist or is read-only (address bits 11:10 = 0b11,
   * Privileged Spec 2.1). WARL fields keep their legal values.
   */
  write(csr: number, value: number): void {
    const v = value >>> 0;
    switch (csr) {
      case CSR.mstatus: this.mstatus = v & (MSTATUS_MIE | MSTATUS_MPIE); return;
      case CSR.misa: return; // WARL, not writable here: the extensions cannot be turned off
      case CSR.mie: this.mie = v & MIE_MASK; return;
      // Direct mode only (Privileged Spec 3.1.7): MODE is WARL and reads 0.
      case CSR.mtvec: this.mtvec = (v & ~3) >>> 0; return;
      case CSR.mscratch: this.mscratch = v; return;
      // IALIGN=16 with C: mepc[0] is always zero (Privileged Spec 3.1.15).
      case CSR.mepc: this.mepc = (v & ~1) >>> 0; return;
      case CSR.mcause: this.mcause = v; return;
      case CSR.mtval: this.mtval = v; return;
      case CSR.mip: return; // MEIP, MTIP and MSIP are read-only: the platform drives them (3.1.9)
      case CSR.mcycle: this.cycle.low = v; return;
      case CSR.mcycleh: this.cycle.high = v; return;
      case CSR.minstret: this.instret.low = v; return;
      case CSR.minstreth: this.instret.high = v; return;
    }
    if ((csr & 0xc00) === 0xc00) throw new Rv32IllegalCsr(csr, 'write');
    if (isHardwiredZeroCounter(csr)) return;
    if (!(isDebugRange(csr) && this.debugCsrs?.write(csr, v) === true)) throw new Rv32IllegalCsr(csr, 'write');
  }

  static readonly CYCLE = 1;
  static readonly INSTRET = 2;
  /** CYCLE for mcycle(h), INSTRET for minstret(h), else 0: a CSR instruction writing a counter skips that counter's own increment. */
  static counterOf(csr: number): number {
    if (csr === CSR.mcycle || csr === CSR.mcycleh) return Rv32Csrs.CYCLE;
    return csr === CSR.minstret || csr === CSR.minstreth ? Rv32Csrs.INSTRET : 0;
  }

  setInterruptPending(interrupt: number, pending: boolean): void {
    const bit = (1 << interrupt) & MIE_MASK;
    this.mip = (pending ? this.mip | bit : this.mip & ~bit) >>> 0;
  }

  /** The enabled pending interrupt to take now, highest priority first (3.1.9), or -1. */
  interruptToTake(): number {
    if ((this.mstatus & MSTATUS_MIE) === 0) return -1;
    const ready = this.mip & this.mie;
    if (ready === 0) return -1;
    for (const n of [INTERRUPTS.external, INTERRUPTS.software, INTERRUPTS.timer]) if (ready & (1 << n)) return n;
    return -1;
  }
}

/**
 * mhpmcounter3-31(h), mhpmevent3-31 and their user shadows: Privileged Spec 3.1.10 allows
 * hard-wiring them to zero; a debugger listing every counter then reads 0 instead of an error.
 */
function isHardwiredZeroCounter(csr: number): boolean {
  const index = csr & 0x1f;
  if (index < 3) return false;
  const base = csr & ~0x1f;
  return base === 0xb00 || base === 0xb80 || base === 0x320 || base === 0xc00 || base === 0xc80;
}

function isDebugRange(csr: number): boolean {
  return csr >= 0x7a0 && csr <= 0x7bf;
}
