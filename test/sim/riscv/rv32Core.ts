// The RV32IMC hart of the simulated RISC-V board, machine mode only (RISC-V Unprivileged Spec
// 20191213 and Privileged Spec 1.11): fetch, decode, execute, traps and interrupts. It knows
// nothing of Debug Mode: the Debug Module decides halts, triggers and what EBREAK does.
import { expandCompressed, ILLEGAL } from './rv32Compressed';
import { MSTATUS_MIE, MSTATUS_MPIE, Rv32Csrs, Rv32IllegalCsr, type DebugCsrs } from './rv32Csrs';
import { mulDiv } from './rv32MulDiv';

export { CSR, INTERRUPTS, MISA_RV32IMC, Rv32IllegalCsr, type DebugCsrs } from './rv32Csrs';

/**
 * The memory the hart sees. A bus error is thrown as Rv32BusError and becomes an access fault.
 * Anything else a bus method throws abandons the instruction before it changes any state and
 * leaves step() (a Debug Module can stop an access this way for a data trigger).
 */
export interface Rv32Bus {
  read8(address: number): number;
  read16(address: number): number;
  read32(address: number): number;
  write8(address: number, value: number): void;
  write16(address: number, value: number): void;
  write32(address: number, value: number): void;
}

/** A bus error response: instruction, load or store access fault (Privileged Spec table 3.6). */
export class Rv32BusError extends Error {
  constructor(readonly address: number) {
    super(`bus error at 0x${(address >>> 0).toString(16).padStart(8, '0')}`);
    this.name = 'Rv32BusError';
  }
}

export type Rv32StepResult =
  | { readonly kind: 'retired' }
  /** EBREAK or C.EBREAK: not executed, pc still at it. The Debug Module enters Debug Mode (dcsr.ebreakm) or calls trap(3, pc). */
  | { readonly kind: 'ebreak'; readonly length: 2 | 4 }
  /** The hart took a trap: mepc, mcause and mtval are written and pc = mtvec. */
  | { readonly kind: 'trap'; readonly cause: number; readonly tval: number }
  /** WFI executed as a no-op, pc past it: the board may idle until an interrupt is pending. */
  | { readonly kind: 'wfi' };

/** What stepFetched() did: exceptions are reported, not taken (Debug Spec 0.13 4.1: no trap in Debug Mode). */
export type Rv32FetchedResult = Exclude<Rv32StepResult, { kind: 'trap' }> | { readonly kind: 'exception'; readonly cause: number; readonly tval: number };

/** Exception codes (Privileged Spec table 3.6). */
export const CAUSE = {
  instructionAccessFault: 1, illegalInstruction: 2, breakpoint: 3, loadAddressMisaligned: 4,
  loadAccessFault: 5, storeAddressMisaligned: 6, storeAccessFault: 7, ecallFromM: 11,
} as const;
const INTERRUPT_BIT = 0x80000000;
/**
 * tsx (esbuild, CommonJS) turns each call of an imported function into a getter call on the
 * module object; module-level bindings read them once (1.4x MIPS in test/bench/rv32Core.bench.ts).
 */
const expand = expandCompressed;
const mulDivOp = mulDiv;

/** A synchronous exception raised while executing; never leaves this file. */
class Rv32Exception {
  constructor(
    readonly cause: number,
    readonly tval: number,
  ) {}
}

const RETIRED = Object.freeze({ kind: 'retired' } as const);
const WFI = Object.freeze({ kind: 'wfi' } as const);
const EBREAK_2 = Object.freeze({ kind: 'ebreak', length: 2 } as const);
const EBREAK_4 = Object.freeze({ kind: 'ebreak', length: 4 } as const);
/** What execute() did: DONE retired the instruction, DID_WFI retired a WFI, DID_EBREAK left an EBREAK unexecuted. */
const DONE = 0, DID_WFI = 1, DID_EBREAK = 2;

export class Rv32Core {
  /** x0..x31; x0 reads 0 whatever is written to it. */
  readonly x = new Int32Array(32);
  /** Unsigned. */
  pc = 0;
  readonly csrs = new Rv32Csrs();
  /** Set by the Debug Module while single-stepping with dcsr.stepie = 0 (Debug Spec 4.8.1). */
  interruptsMasked = false;
  /** Counters the executing instruction wrote (Rv32Csrs.CYCLE, .INSTRET): their own increment is skipped (Privileged Spec 3.1.10). */
  private countersWritten = 0;

  constructor(private readonly bus: Rv32Bus) {}

  /** The Debug Module's CSRs (0x7a0-0x7bf): readCsr/writeCsr and CSR instructions delegate to them. */
  get debugCsrs(): DebugCsrs | undefined {
    return this.csrs.debugCsrs;
  }
  set debugCsrs(hook: DebugCsrs | undefined) {
    this.csrs.debugCsrs = hook;
  }

  get cycle(): bigint {
    return this.csrs.cycle.value;
  }
  set cycle(value: bigint) {
    this.csrs.cycle.value = value;
  }
  get instret(): bigint {
    return this.csrs.instret.value;
  }
  set instret(value: bigint) {
    this.csrs.instret.value = value;
  }

  /** Unsigned; throws Rv32IllegalCsr for an unknown CSR. */
  readCsr(csr: number): number {
    return this.csrs.read(csr);
  }

  /** Throws Rv32IllegalCsr for an unknown or read-only CSR. */
  writeCsr(csr: number, value: number): void {
    this.csrs.write(csr, value);
  }

  /** Drives an interrupt line into mip (INTERRUPTS.timer, .software, .external). */
  setInterruptPending(interrupt: number, pending: boolean): void {
    this.csrs.setInterruptPending(interrupt, pending);
  }

  /** True when an interrupt is pending and enabled in mie, whatever mstatus.MIE says: WFI ends (Privileged Spec 3.3.3). */
  get wakeUpPending(): boolean {
    return (this.csrs.mip & this.csrs.mie) !== 0;
  }

  /** Registers and CSRs to their reset values (0), pc as given. */
  reset(pc: number): void {
    this.x.fill(0);
    this.pc = pc >>> 0;
    this.csrs.reset();
    this.interruptsMasked = false;
  }

  /** Takes a trap in M-mode (Privileged Spec 3.1.6.1, 3.1.15-3.1.17): direct-mode mtvec for exceptions and interrupts alike. */
  trap(cause: number, tval: number): void {
    const csrs = this.csrs;
    csrs.mepc = (this.pc & ~1) >>> 0;
    csrs.mcause = cause >>> 0;
    csrs.mtval = tval >>> 0;
    csrs.mstatus = (csrs.mstatus & MSTATUS_MIE ? MSTATUS_MPIE : 0) | (csrs.mstatus & ~(MSTATUS_MIE | MSTATUS_MPIE));
    this.pc = csrs.mtvec;
  }

  /** Takes a pending enabled interrupt, else fetches, decodes and executes one instruction. */
  step(): Rv32StepResult {
    if (!this.interruptsMasked && (this.csrs.mip & this.csrs.mie) !== 0) {
      const interrupt = this.csrs.interruptToTake();
      if (interrupt >= 0) return this.takeTrap(new Rv32Exception((INTERRUPT_BIT | interrupt) >>> 0, 0));
    }
    const pc = this.pc;
    let word: number;
    let length: 2 | 4;
    try {
      const low = this.bus.read16(pc);
      if ((low & 3) === 3) {
        word = (low | (this.bus.read16((pc + 2) >>> 0) << 16)) >>> 0;
        length = 4;
      } else {
        word = low;
        length = 2;
      }
    } catch (error) {
      if (error instanceof Rv32BusError) return this.takeTrap(new Rv32Exception(CAUSE.instructionAccessFault, pc));
      throw error;
    }
    this.countersWritten = 0;
    let outcome: number;
    try {
      outcome = this.execute(word, length);
    } catch (error) {
      if (error instanceof Rv32Exception) return this.takeTrap(error);
      throw error;
    }
    if (outcome === DID_EBREAK) return length === 2 ? EBREAK_2 : EBREAK_4;
    if ((this.countersWritten & Rv32Csrs.CYCLE) === 0) this.csrs.cycle.increment();
    if ((this.countersWritten & Rv32Csrs.INSTRET) === 0) this.csrs.instret.increment();
    return outcome === DID_WFI ? WFI : RETIRED;
  }

  /**
   * Executes an instruction that is not in memory (the Debug Module's program buffer) with the
   * registers of the hart. pc is left as it was, counters do not count (dcsr.stopcount = 1), and an
   * exception is reported instead of taken (Debug Spec 0.13 4.1).
   */
  stepFetched(instructionWord: number, length: 2 | 4): Rv32FetchedResult {
    const pc = this.pc;
    const word = length === 2 ? instructionWord & 0xffff : instructionWord >>> 0;
    try {
      const outcome = this.execute(word, length);
      return outcome === DID_EBREAK ? (length === 2 ? EBREAK_2 : EBREAK_4) : outcome === DID_WFI ? WFI : RETIRED;
    } catch (error) {
      if (error instanceof Rv32Exception) return { kind: 'exception', cause: error.cause, tval: error.tval };
      throw error;
    } finally {
      this.pc = pc;
    }
  }

  private takeTrap(exception: Rv32Exception): Rv32StepResult {
    this.trap(exception.cause, exception.tval);
    this.csrs.cycle.increment();
    return { kind: 'trap', cause: exception.cause, tval: exception.tval };
  }

  /** Executes one instruction (a 16-bit one by its expansion). Throws Rv32Exception; pc changes only on success. */
  private execute(raw: number, length: 2 | 4): number {
    const inst = length === 2 ? expand(raw) : raw;
    if (inst === ILLEGAL) throw new Rv32Exception(CAUSE.illegalInstruction, raw);
    const x = this.x;
    const rd = (inst >>> 7) & 31;
    const rs1 = (inst >>> 15) & 31;
    const rs2 = (inst >>> 20) & 31;
    const funct3 = (inst >>> 12) & 7;
    const pc = this.pc;
    let nextPc = (pc + length) >>> 0;
    let outcome = DONE;
    switch (inst & 0x7f) {
      case 0x37: // LUI
        x[rd] = inst & 0xfffff000;
        break;
      case 0x17: // AUIPC
        x[rd] = pc + (inst & 0xfffff000);
        break;
      case 0x6f: { // JAL: imm[20|10:1|11|19:12] = inst[31|30:21|20|19:12]
        const offset = ((inst >> 11) & ~0xfffff) | (inst & 0xff000) | ((inst >>> 9) & 0x800) | ((inst >>> 20) & 0x7fe);
        x[rd] = nextPc;
        nextPc = (pc + offset) >>> 0;
        break;
      }
      case 0x67: { // JALR: the target uses rs1 before rd is written (rd may equal rs1); bit 0 cleared
        if (funct3 !== 0) throw new Rv32Exception(CAUSE.illegalInstruction, raw);
        const target = ((x[rs1] + (inst >> 20)) & ~1) >>> 0;
        x[rd] = nextPc;
        nextPc = target;
        break;
      }
      case 0x63: { // BRANCH: imm[12|10:5] = inst[31|30:25], imm[4:1|11] = inst[11:8|7]
        const a = x[rs1], b = x[rs2];
        let taken: boolean;
        switch (funct3) {
          case 0: taken = a === b; break;
          case 1: taken = a !== b; break;
          case 4: taken = a < b; break;
          case 5: taken = a >= b; break;
          case 6: taken = a >>> 0 < b >>> 0; break;
          case 7: taken = a >>> 0 >= b >>> 0; break;
          default: throw new Rv32Exception(CAUSE.illegalInstruction, raw);
        }
        if (taken) {
          const offset = ((inst >> 19) & ~0xfff) | ((inst << 4) & 0x800) | ((inst >>> 20) & 0x7e0) | ((inst >>> 7) & 0x1e);
          nextPc = (pc + offset) >>> 0;
        }
        break;
      }
      case 0x03: { // LOAD
        const address = (x[rs1] + (inst >> 20)) >>> 0;
        x[rd] = this.load(address, funct3, raw);
        break;
      }
      case 0x23: { // STORE: imm[11:5|4:0] = inst[31:25|11:7]
        const address = (x[rs1] + (((inst >> 20) & ~31) | ((inst >>> 7) & 31))) >>> 0;
        this.store(address, funct3, x[rs2], raw);
        break;
      }
      case 0x13: { // OP-IMM
        const a = x[rs1], imm = inst >> 20;
        switch (funct3) {
          case 0: x[rd] = a + imm; break;
          case 1:
            if (inst >>> 25 !== 0) throw new Rv32Exception(CAUSE.illegalInstruction, raw);
            x[rd] = a << rs2;
            break;
          case 2: x[rd] = a < imm ? 1 : 0; break;
          case 3: x[rd] = a >>> 0 < imm >>> 0 ? 1 : 0; break;
          case 4: x[rd] = a ^ imm; break;
          case 5:
            if (inst >>> 25 === 0) x[rd] = a >>> rs2;
            else if (inst >>> 25 === 0x20) x[rd] = a >> rs2;
            else throw new Rv32Exception(CAUSE.illegalInstruction, raw);
            break;
          case 6: x[rd] = a | imm; break;
          default: x[rd] = a & imm;
        }
        break;
      }
      case 0x33: { // OP and the M extension (funct7 = 1)
        const a = x[rs1], b = x[rs2], funct7 = inst >>> 25;
        if (funct7 === 1) x[rd] = mulDivOp(funct3, a, b);
        else if (funct7 === 0) x[rd] = this.op(funct3, a, b);
        else if (funct7 === 0x20 && funct3 === 0) x[rd] = a - b;
        else if (funct7 === 0x20 && funct3 === 5) x[rd] = a >> b;
        else throw new Rv32Exception(CAUSE.illegalInstruction, raw);
        break;
      }
      case 0x0f: // MISC-MEM: FENCE and FENCE.I (Zifencei) are no-ops: one hart, no caches
        if (funct3 > 1) throw new Rv32Exception(CAUSE.illegalInstruction, raw);
        break;
      case 0x73: // SYSTEM
        if (funct3 !== 0) {
          this.csrInstruction(inst, funct3, rd, rs1, raw);
          break;
        }
        if (inst === 0x00100073) return DID_EBREAK;
        if (inst === 0x00000073) throw new Rv32Exception(CAUSE.ecallFromM, 0);
        if (inst === 0x30200073) {
          this.mret();
          nextPc = this.csrs.mepc;
        } else if (inst === 0x10500073) {
          outcome = DID_WFI; // a legal no-op (Privileged Spec 3.3.3); the board may idle
        } else {
          throw new Rv32Exception(CAUSE.illegalInstruction, raw);
        }
        break;
      default:
        throw new Rv32Exception(CAUSE.illegalInstruction, raw);
    }
    x[0] = 0;
    this.pc = nextPc;
    return outcome;
  }

  /** OP with funct7 = 0. */
  private op(funct3: number, a: number, b: number): number {
    switch (funct3) {
      case 0: return a + b;
      case 1: return a << b;
      case 2: return a < b ? 1 : 0;
      case 3: return a >>> 0 < b >>> 0 ? 1 : 0;
      case 4: return a ^ b;
      case 5: return a >>> b;
      case 6: return a | b;
      default: return a & b;
    }
  }

  /** MRET (Privileged Spec 3.3.2): MIE = MPIE, MPIE = 1, MPP stays M. */
  private mret(): void {
    const csrs = this.csrs;
    csrs.mstatus = (csrs.mstatus & MSTATUS_MPIE ? MSTATUS_MIE : 0) | MSTATUS_MPIE;
  }

  /** CSRRW/S/C and their immediate forms (Zicsr, Unprivileged Spec 9.1). */
  private csrInstruction(inst: number, funct3: number, rd: number, rs1: number, raw: number): void {
    if (funct3 === 4) throw new Rv32Exception(CAUSE.illegalInstruction, raw);
    const csr = inst >>> 20;
    const operand = funct3 >= 5 ? rs1 : this.x[rs1];
    const kind = funct3 & 3; // 1 write, 2 set, 3 clear
    try {
      // CSRRW with rd = x0 does not read; CSRRS/C with rs1 = x0 (or uimm = 0) do not write.
      const old = kind === 1 && rd === 0 ? 0 : this.csrs.read(csr);
      if (kind === 1 || rs1 !== 0) {
        this.csrs.write(csr, kind === 1 ? operand : kind === 2 ? old | operand : old & ~operand);
        this.countersWritten |= Rv32Csrs.counterOf(csr);
      }
      this.x[rd] = old;
    } catch (error) {
      if (error instanceof Rv32IllegalCsr) throw new Rv32Exception(CAUSE.illegalInstruction, raw);
      throw error;
    }
  }

  private load(address: number, funct3: number, raw: number): number {
    const size = funct3 & 3;
    if (funct3 === 3 || funct3 > 5) throw new Rv32Exception(CAUSE.illegalInstruction, raw);
    if ((address & ((1 << size) - 1)) !== 0) throw new Rv32Exception(CAUSE.loadAddressMisaligned, address);
    try {
      switch (funct3) {
        case 0: return (this.bus.read8(address) << 24) >> 24;
        case 1: return (this.bus.read16(address) << 16) >> 16;
        case 2: return this.bus.read32(address) | 0;
        case 4: return this.bus.read8(address);
        default: return this.bus.read16(address);
      }
    } catch (error) {
      if (error instanceof Rv32BusError) throw new Rv32Exception(CAUSE.loadAccessFault, address);
      throw error;
    }
  }

  private store(address: number, funct3: number, value: number, raw: number): void {
    if (funct3 > 2) throw new Rv32Exception(CAUSE.illegalInstruction, raw);
    if ((address & ((1 << funct3) - 1)) !== 0) throw new Rv32Exception(CAUSE.storeAddressMisaligned, address);
    try {
      if (funct3 === 0) this.bus.write8(address, value & 0xff);
      else if (funct3 === 1) this.bus.write16(address, value & 0xffff);
      else this.bus.write32(address, value >>> 0);
    } catch (error) {
      if (error instanceof Rv32BusError) throw new Rv32Exception(CAUSE.storeAccessFault, address);
      throw error;
    }
  }
}
