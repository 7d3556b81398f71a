// Debug Mode of the RV32IMC hart (Debug Spec 0.13.2 chapter 4): dcsr, dpc, dscratch, entering
// Debug Mode on haltreq, ebreak, a trigger or a step, resuming at dpc, and running the program buffer.
// It runs the core one instruction at a time; time, memory and peripherals belong to the board.
import { CSR, Rv32Core, Rv32IllegalCsr } from './rv32Core';
import type { DebugHart, HartState } from './debugModule';
import type { TriggerModule } from './triggerModule';

/** dcsr.cause (§4.8.1). */
export const DebugCause = { EBREAK: 1, TRIGGER: 2, HALTREQ: 3, STEP: 4 } as const;

/** dcsr bits (§4.8.1). */
export const Dcsr = { EBREAKM: 1 << 15, STEPIE: 1 << 11, STEP: 1 << 2 } as const;

/** xdebugver 4 (external debug support as in this spec) and prv 3 (M) are fixed on this hart. */
const DCSR_FIXED = ((4 << 28) | 3) >>> 0;
/** ebreakm, stepie, stopcount, stoptime and step: ebreaks/ebreaku and mprven have no mode to act on. */
const DCSR_WRITABLE = Dcsr.EBREAKM | Dcsr.STEPIE | (1 << 10) | (1 << 9) | Dcsr.STEP;

/** Where the hart sees the program buffer (auipc there gives this address): the spec's debug memory. */
export const PROGRAM_BUFFER_ADDRESS = 0x800;
const EBREAK = 0x00100073;
/** A program buffer that never reaches its ebreak (a backward branch cannot happen here) still ends. */
const MAX_PROGRAM_INSTRUCTIONS = 64;

/** Thrown by the hart's bus when a load or store trigger fires: the access never happens. */
export class TriggerFired extends Error {
  constructor(readonly address: number, readonly enterDebugMode: boolean) {
    super(`trigger on an access to 0x${(address >>> 0).toString(16)}`);
    this.name = 'TriggerFired';
  }
}

/** The outcome of one instruction boundary while running. */
export type HartStep = 'retired' | 'halted' | 'sleeping';

/** What the hart needs of the Debug Module: the program buffer it executes. */
export interface ProgramBufferSource {
  readonly programBuffer: Uint32Array;
  readonly implicitEbreak: boolean;
}

export class Rv32DebugHart implements DebugHart {
  haveReset = true;
  private currentState: HartState = 'running';
  private haltRequested = false;
  private dcsr = DCSR_FIXED;
  private dpc = 0;
  private readonly dscratch = [0, 0];
  /** Set by WFI until an interrupt is pending (Privileged Spec 3.3.3). */
  sleeping = false;
  /** Set by the board once the DM exists (the DM needs the hart first). */
  programBufferSource: ProgramBufferSource | undefined;
  private fetchNext = -1;
  private fetchingFirstHalf = false;

  constructor(
    readonly core: Rv32Core,
    readonly triggers: TriggerModule,
  ) {
    core.debugCsrs = {
      read: (csr) => this.readDebugCsr(csr),
      write: (csr, value) => this.writeDebugCsr(csr, value),
    };
  }

  get state(): HartState {
    return this.currentState;
  }

  get inDebugMode(): boolean {
    return this.currentState === 'halted';
  }

  /** System reset asserted: the hart is unavailable (§3.5) until released. */
  holdInReset(): void {
    this.currentState = 'unavailable';
  }

  /** Leaves reset at `resetPc`, halting at once when the debugger holds haltreq (§3.12.2). */
  releaseReset(resetPc: number): void {
    this.core.reset(resetPc);
    this.triggers.reset();
    this.dcsr = DCSR_FIXED;
    this.dpc = 0;
    this.dscratch.fill(0);
    this.sleeping = false;
    this.haveReset = true;
    this.currentState = 'running';
    if (this.haltRequested) this.enterDebugMode(DebugCause.HALTREQ);
  }

  setHaltRequest(requested: boolean): void {
    this.haltRequested = requested;
    if (requested && this.currentState === 'running') this.enterDebugMode(DebugCause.HALTREQ);
  }

  /** Leaves Debug Mode at dpc (§4.6); with dcsr.step runs one instruction and comes back (§4.8.1). */
  resume(): void {
    if (this.currentState !== 'halted') return;
    this.core.pc = this.dpc;
    this.currentState = 'running';
    this.sleeping = false;
    if (!(this.dcsr & Dcsr.STEP)) return;
    // stepie = 0: no interrupt is taken during the step (§4.8.1).
    this.core.interruptsMasked = !(this.dcsr & Dcsr.STEPIE);
    const outcome = this.executeOne();
    this.core.interruptsMasked = false;
    if (outcome !== 'halted') this.enterDebugMode(DebugCause.STEP);
  }

  /** One instruction boundary while running: halt request, execute trigger, then the instruction (§4.9.1 priorities). */
  executeOne(): HartStep {
    const core = this.core;
    if (this.haltRequested) return this.enterDebugMode(DebugCause.HALTREQ);
    const pc = core.pc;
    const executeAction = this.triggers.match('execute', pc);
    if (executeAction === 'debugMode') return this.enterDebugMode(DebugCause.TRIGGER);
    if (executeAction === 'breakpoint') {
      core.trap(3, pc);
      return 'retired';
    }
    this.fetchNext = pc;
    this.fetchingFirstHalf = true;
    let result;
    try {
      result = core.step();
    } catch (error) {
      if (!(error instanceof TriggerFired)) throw error;
      if (error.enterDebugMode) return this.enterDebugMode(DebugCause.TRIGGER);
      core.trap(3, error.address);
      return 'retired';
    } finally {
      this.fetchNext = -1;
    }
    if (result.kind === 'ebreak') {
      if (this.dcsr & Dcsr.EBREAKM) return this.enterDebugMode(DebugCause.EBREAK);
      core.trap(3, pc);
    } else if (result.kind === 'wfi') {
      this.sleeping = !core.wakeUpPending;
      return this.sleeping ? 'sleeping' : 'retired';
    }
    return 'retired';
  }

  /**
   * True when a 16-bit read at `address` is the core fetching the instruction it steps (its first
   * halfword, then the second of a 32-bit one): load triggers must not see fetches. The core's bus
   * calls it before the read, then fetched() with the halfword.
   */
  isFetch(address: number): boolean {
    return address === this.fetchNext;
  }

  fetched(halfword: number): void {
    const more = this.fetchingFirstHalf && (halfword & 3) === 3;
    this.fetchNext = more ? (this.fetchNext + 2) >>> 0 : -1;
    this.fetchingFirstHalf = false;
  }

  /** The core's bus asks before a load or store outside Debug Mode; throws TriggerFired when a trigger matches. */
  checkDataTrigger(access: 'load' | 'store', address: number): void {
    if (this.currentState !== 'running') return;
    const action = this.triggers.match(access, address);
    if (action !== undefined) throw new TriggerFired(address, action === 'debugMode');
  }

  readRegister(regno: number): number | undefined {
    if (regno >= 0x1000 && regno < 0x1020) return this.core.x[regno - 0x1000] >>> 0;
    if (regno >= 0x1000) return undefined;
    try {
      return this.core.readCsr(regno);
    } catch (error) {
      if (error instanceof Rv32IllegalCsr) return undefined;
      throw error;
    }
  }

  writeRegister(regno: number, value: number): boolean {
    if (regno >= 0x1000 && regno < 0x1020) {
      if (regno > 0x1000) this.core.x[regno - 0x1000] = value | 0;
      return true;
    }
    if (regno >= 0x1000) return false;
    try {
      this.core.writeCsr(regno, value);
      return true;
    } catch (error) {
      if (error instanceof Rv32IllegalCsr) return false;
      throw error;
    }
  }

  /**
   * Executes progbuf0.. in Debug Mode up to an ebreak (the implicit one after the last word when
   * impebreak). An exception ends it early and changes no CSR (§4.1); pc is dpc's business, not ours.
   */
  executeProgramBuffer(): boolean {
    const source = this.programBufferSource;
    if (!source || this.currentState !== 'halted') return false;
    const words = source.programBuffer;
    const halfwordAt = (offset: number): number => {
      const index = offset >>> 2;
      const word = index < words.length ? words[index] : source.implicitEbreak && index === words.length ? EBREAK : 0;
      return offset & 2 ? word >>> 16 : word & 0xffff;
    };
    let offset = 0;
    for (let executed = 0; executed < MAX_PROGRAM_INSTRUCTIONS; executed++) {
      const low = halfwordAt(offset);
      const length = (low & 3) === 3 ? 4 : 2;
      const word = length === 4 ? (low | (halfwordAt(offset + 2) << 16)) >>> 0 : low;
      this.core.pc = PROGRAM_BUFFER_ADDRESS + offset;
      const result = this.core.stepFetched(word, length);
      if (result.kind === 'ebreak') return true;
      if (result.kind === 'exception') return false;
      offset += length;
    }
    return false;
  }

  private enterDebugMode(cause: number): 'halted' {
    this.dpc = this.core.pc;
    this.dcsr = ((this.dcsr & ~(7 << 6)) | (cause << 6)) >>> 0;
    this.currentState = 'halted';
    this.sleeping = false;
    return 'halted';
  }

  /** dcsr, dpc and dscratch exist only in Debug Mode (§4.8); the trigger CSRs always. */
  private readDebugCsr(csr: number): number | undefined {
    if (csr >= CSR.dcsr && csr <= CSR.dscratch1) {
      if (!this.inDebugMode) return undefined;
      if (csr === CSR.dcsr) return this.dcsr;
      return csr === CSR.dpc ? this.dpc : this.dscratch[csr - CSR.dscratch0];
    }
    return this.triggers.read(csr);
  }

  private writeDebugCsr(csr: number, value: number): boolean {
    if (csr >= CSR.dcsr && csr <= CSR.dscratch1) {
      if (!this.inDebugMode) return false;
      if (csr === CSR.dcsr) this.dcsr = ((this.dcsr & ~DCSR_WRITABLE) | (value & DCSR_WRITABLE)) >>> 0;
      // IALIGN 16: dpc[0] is always 0 (§4.8.2).
      else if (csr === CSR.dpc) this.dpc = (value & ~1) >>> 0;
      else this.dscratch[csr - CSR.dscratch0] = value >>> 0;
      return true;
    }
    return this.triggers.write(csr, value, this.inDebugMode);
  }
}
