// The ARMv6-M instruction interpreter: rp2040js 1.4.1's CortexM0Core behind one wrapper that fixes
// its quirks (SIMULATOR.md "The CPU core"). It executes one instruction or one exception entry and
// reports what happened; it decides nothing about debug, priorities or time (cortexM0.ts does).
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { CortexM0Core as RpCortexM0Core } from 'rp2040js/dist/cjs/cortex-m0-core';
import type { AccessSize } from '../ports';

/** The memory the core sees. undefined / false is an AHB error response (a BusFault). */
export interface CoreMemory {
  read(address: number, size: AccessSize, kind: 'fetch' | 'data'): number | undefined;
  write(address: number, size: AccessSize, value: number): boolean;
}

/** Why an instruction did not complete (ARMv6-M ARM B1.5.6: all of these escalate to HardFault). */
export type FaultCause = 'undefinedInstruction' | 'busFault' | 'unalignedAccess' | 'executeNever';

/** What one executeInstruction() did. */
export type InstructionOutcome =
  | { readonly kind: 'retired'; readonly cycles: number }
  /** BKPT: PC is left at the BKPT instruction (ARMv6-M C1.7: a debug event before execution). */
  | { readonly kind: 'breakpoint'; readonly imm8: number }
  /** The instruction was abandoned; PC is at it (the return address HardFault stacks). */
  | { readonly kind: 'fault'; readonly cause: FaultCause; readonly address: number }
  /** SVC retired; PC is past it. The caller takes the SVCall exception. */
  | { readonly kind: 'supervisorCall'; readonly cycles: number };

/** Registers as DCRSR.REGSEL numbers them (ARMv6-M C1.6.3). */
export const REGSEL = { SP: 13, LR: 14, DebugReturnAddress: 15, xPSR: 16, MSP: 17, PSP: 18, CONTROL_PRIMASK: 20 } as const;

/** Exception entry costs 16 cycles on Cortex-M0 (Cortex-M0 TRM 3.3, interrupt latency). */
export const EXCEPTION_ENTRY_CYCLES = 16;

type RpCoreConstructor = new (host: unknown) => RpCortexM0Core;

/**
 * rp2040js exports the core only through the RP2040 class; its export map hides the file, so load
 * it by path from the installed (pinned) package.
 */
function loadRpCore(): { CortexM0Core: RpCoreConstructor; version: string } {
  const requireHere = createRequire(__filename);
  const cjsDir = dirname(requireHere.resolve('rp2040js'));
  const version = (requireHere(join(cjsDir, '..', '..', 'package.json')) as { version: string }).version;
  const module = requireHere(join(cjsDir, 'cortex-m0-core.js')) as { CortexM0Core: RpCoreConstructor };
  return { CortexM0Core: module.CortexM0Core, version };
}

const rp = loadRpCore();

/** The rp2040js version the quirk fixes below were written against (checked by the tests). */
export const RP2040JS_VERSION = rp.version;

/** The unwrapped rp2040js core, exported only so tests can pin the quirks this wrapper fixes. */
export const RawCortexM0Core = rp.CortexM0Core;

/** Thrown from a memory callback to abandon the instruction rp2040js is executing. */
class AccessAbort {
  constructor(readonly cause: FaultCause, readonly address: number) {}
}

const LSLS_REG = 0b0100000010;
const LSRS_REG = 0b0100000011;
const ASRS_REG = 0b0100000100;
const RORS_REG = 0b0100000111;
const ADCS_REG = 0b0100000101;
const SBCS_REG = 0b0100000110;
const SEV = 0xbf40;

/** True for the first halfword of a 32-bit Thumb instruction (ARMv6-M A5.1). */
export function isWideOpcode(opcode: number): boolean {
  return opcode >> 11 === 0b11101 || opcode >> 11 === 0b11110 || opcode >> 11 === 0b11111;
}

/** One ARMv6-M core: registers, one-instruction execution, exception entry. */
export class Armv6mCore {
  private core!: RpCortexM0Core;
  private fetchesLeft = 0;
  private undefinedInstruction = false;
  private breakpointHit = false;

  constructor(private readonly memory: CoreMemory) {
    this.powerOn();
  }

  /** Fresh core state (a new interpreter instance, so no field survives a reset by accident). */
  private powerOn(): void {
    const host = {
      logger: {
        debug: () => undefined,
        info: () => undefined,
        error: () => undefined,
        // rp2040js reports an opcode it does not decode only through this warning.
        warn: (_component: string, message: string) => {
          if (message.startsWith('Warning: Instruction at')) this.undefinedInstruction = true;
        },
      },
      onBreak: () => {
        this.breakpointHit = true;
      },
      readUint32: (address: number) => this.load(address, 4),
      readUint16: (address: number) => this.load(address, 2),
      readUint8: (address: number) => this.load(address, 1),
      writeUint32: (address: number, value: number) => this.store(address, 4, value),
      writeUint16: (address: number, value: number) => this.store(address, 2, value),
      writeUint8: (address: number, value: number) => this.store(address, 1, value),
    };
    this.core = new rp.CortexM0Core(host);
  }

  /**
   * Reset (ARMv6-M B1.5.5 TakeReset): Thread mode, MSP from vector 0, PC from vector 1, PRIMASK
   * and CONTROL clear, LR 0xFFFFFFFF. Returns false when a vector read failed.
   */
  reset(vectorTable: number): boolean {
    this.powerOn();
    const sp = this.memory.read(vectorTable, 4, 'data');
    const pc = this.memory.read(vectorTable + 4, 4, 'data');
    this.core.SP = sp ?? 0;
    this.core.LR = 0xffffffff;
    this.core.PC = (pc ?? 0) & ~1;
    return sp !== undefined && pc !== undefined;
  }

  get pc(): number {
    return this.core.PC;
  }

  set pc(value: number) {
    this.core.PC = value & ~1;
  }

  /** IPSR: the exception number being handled, 0 in Thread mode. */
  get ipsr(): number {
    return this.core.IPSR;
  }

  get primask(): boolean {
    return this.core.PM;
  }

  /** Set by WFI/WFE: the core waits for an event; cleared by wake-up or halt. */
  get sleeping(): boolean {
    return this.core.waiting;
  }

  set sleeping(value: boolean) {
    this.core.waiting = value;
  }

  /** A core register by DCRSR.REGSEL number (ARMv6-M C1.6.3). */
  readRegister(regsel: number): number {
    const core = this.core;
    if (regsel < 13) return core.registers[regsel] >>> 0;
    switch (regsel) {
      case REGSEL.SP: return core.SP >>> 0;
      case REGSEL.LR: return core.LR >>> 0;
      case REGSEL.DebugReturnAddress: return core.PC >>> 0;
      case REGSEL.xPSR: return core.xPSR >>> 0;
      case REGSEL.MSP: return core.SPmain >>> 0;
      case REGSEL.PSP: return core.SPprocess >>> 0;
      case REGSEL.CONTROL_PRIMASK: return ((core.readSpecialRegister(20) << 24) | (core.PM ? 1 : 0)) >>> 0;
      default: return 0;
    }
  }

  /** Writes a core register by DCRSR.REGSEL; unknown selectors are ignored like reserved values. */
  writeRegister(regsel: number, value: number): void {
    const core = this.core;
    if (regsel < 13) {
      core.registers[regsel] = value;
      return;
    }
    switch (regsel) {
      case REGSEL.SP: core.SP = value; break;
      case REGSEL.LR: core.LR = value; break;
      case REGSEL.DebugReturnAddress: core.PC = value & ~1; break;
      case REGSEL.xPSR:
        core.xPSR = value;
        // rp2040js keeps the mode separately from IPSR; keep them consistent (B1.4.2).
        core.currentMode = core.IPSR === 0 ? 0 : 1;
        break;
      case REGSEL.MSP: core.SPmain = value; break;
      case REGSEL.PSP: core.SPprocess = value; break;
      case REGSEL.CONTROL_PRIMASK:
        core.PM = (value & 1) !== 0;
        core.writeSpecialRegister(20, (value >>> 24) & 3);
        break;
      default: break;
    }
  }

  /** Executes the instruction at PC (no exception is taken here: rp2040js's own check is bypassed). */
  executeInstruction(): InstructionOutcome {
    const core = this.core;
    const opcodePC = core.PC & ~1;
    // Peripheral and system regions are Execute Never (ARMv6-M B3.1 table B3-1): no fetch happens.
    if (opcodePC >= 0x40000000) return { kind: 'fault', cause: 'executeNever', address: opcodePC };
    const opcode = this.memory.read(opcodePC, 2, 'fetch');
    if (opcode === undefined) return { kind: 'fault', cause: 'busFault', address: opcodePC };
    if (isWideOpcode(opcode) && this.memory.read(opcodePC + 2, 2, 'fetch') === undefined) {
      return { kind: 'fault', cause: 'busFault', address: opcodePC + 2 };
    }
    const fix = this.flagFixup(opcode);
    this.fetchesLeft = isWideOpcode(opcode) ? 2 : 1;
    this.undefinedInstruction = false;
    this.breakpointHit = false;
    // rp2040js takes pending exceptions inside executeInstruction when this flag is set; exceptions
    // are cortexM0.ts's job, which must order them before the breakpoint check (SIMULATOR.md).
    core.interruptsUpdated = false;
    core.pendingSVCall = false;
    let cycles: number;
    try {
      cycles = core.executeInstruction();
    } catch (error) {
      if (!(error instanceof AccessAbort)) throw error;
      core.PC = opcodePC;
      return { kind: 'fault', cause: error.cause, address: error.address };
    } finally {
      this.fetchesLeft = 0;
      core.interruptsUpdated = false;
    }
    if (this.breakpointHit) {
      // rp2040js has moved PC past BKPT/UDF already (its breakRewind); put it back.
      core.PC = opcodePC;
      if (opcode >> 8 === 0xbe) return { kind: 'breakpoint', imm8: opcode & 0xff };
      return { kind: 'fault', cause: 'undefinedInstruction', address: opcodePC };
    }
    if (this.undefinedInstruction) {
      core.PC = opcodePC;
      return { kind: 'fault', cause: 'undefinedInstruction', address: opcodePC };
    }
    fix?.();
    if (opcode === SEV) core.eventRegistered = true;
    if (core.pendingSVCall) {
      core.pendingSVCall = false;
      return { kind: 'supervisorCall', cycles };
    }
    return { kind: 'retired', cycles };
  }

  /**
   * Exception entry (ARMv6-M B1.5.6 PushStack + ExceptionTaken) from `vectorTable`. Returns false
   * when stacking or the vector read got a bus error; the caller escalates.
   */
  enterException(exceptionNumber: number, vectorTable: number): boolean {
    const core = this.core;
    core.VTOR = vectorTable;
    try {
      core.exceptionEntry(exceptionNumber);
    } catch (error) {
      if (!(error instanceof AccessAbort)) throw error;
      return false;
    } finally {
      core.interruptsUpdated = false;
    }
    // rp2040js loads the vector with its Thumb bit into PC; the PC holds the address (B1.5.6).
    core.PC = core.PC & ~1;
    return true;
  }

  private load(address: number, size: AccessSize): number {
    const at = address >>> 0;
    const kind = this.fetchesLeft > 0 ? 'fetch' : 'data';
    if (kind === 'fetch') this.fetchesLeft--;
    else if (at & (size - 1)) throw new AccessAbort('unalignedAccess', at);
    const value = this.memory.read(at, size, kind);
    if (value === undefined) throw new AccessAbort('busFault', at);
    return value;
  }

  private store(address: number, size: AccessSize, value: number): void {
    const at = address >>> 0;
    if (at & (size - 1)) throw new AccessAbort('unalignedAccess', at);
    if (!this.memory.write(at, size, value)) throw new AccessAbort('busFault', at);
  }

  /**
   * rp2040js 1.4.1 gets some flags wrong (ARMv6-M A6.7): register shifts by 0 must leave C alone,
   * LSLS by more than 32 clears C, and ADCS/SBCS compute V from a carry-adjusted operand that can
   * overflow int32. Returns the correction to apply after execution, or undefined.
   */
  private flagFixup(opcode: number): (() => void) | undefined {
    const core = this.core;
    const kind = opcode >> 6;
    const rm = (opcode >> 3) & 7;
    const rdn = opcode & 7;
    if (kind === LSLS_REG || kind === LSRS_REG || kind === ASRS_REG || kind === RORS_REG) {
      const amount = core.registers[rm] & 0xff;
      const carry = core.C;
      if (amount === 0) return () => void (core.C = carry);
      if (kind === LSLS_REG && amount > 32) return () => void (core.C = false);
      return undefined;
    }
    if (kind === ADCS_REG || kind === SBCS_REG) {
      const x = core.registers[rdn];
      const y = kind === ADCS_REG ? core.registers[rm] : ~core.registers[rm] >>> 0;
      const carryIn = core.C ? 1 : 0;
      return () => {
        // AddWithCarry (ARMv6-M A2.2.1).
        const sum = x + y + carryIn;
        const result = sum >>> 0;
        core.registers[rdn] = result;
        core.N = result >= 0x80000000;
        core.Z = result === 0;
        core.C = sum > 0xffffffff;
        core.V = ((x ^ result) & (y ^ result) & 0x80000000) !== 0;
      };
    }
    return undefined;
  }
}
