// The RISC-V Debug Module of Debug Spec 0.13.2 chapter 3 for one hart: dmcontrol, dmstatus,
// hartinfo, haltsum, abstract commands (Access Register, Access Memory), data, program buffer,
// abstractauto. It reaches the hart only through DebugHart and memory only through the DebugBus.
import type { AccessSize, DebugBus } from '../ports';
import type { SystemBusAccess } from './systemBusAccess';

/** DM register addresses on the DMI (§3.12, table 3.8). */
export const DmRegister = {
  data0: 0x04, dmcontrol: 0x10, dmstatus: 0x11, hartinfo: 0x12, haltsum1: 0x13, hawindowsel: 0x14,
  hawindow: 0x15, abstractcs: 0x16, command: 0x17, abstractauto: 0x18, progbuf0: 0x20, authdata: 0x30,
  sbaddress3: 0x37, sbcs: 0x38, sbdata3: 0x3f, haltsum0: 0x40,
} as const;

/** dmcontrol bits (§3.12.2). */
export const Dmcontrol = {
  HALTREQ: 1 << 31, RESUMEREQ: 1 << 30, HARTRESET: 1 << 29, ACKHAVERESET: 1 << 28, HASEL: 1 << 26,
  NDMRESET: 1 << 1, DMACTIVE: 1 << 0,
} as const;

/** abstractcs.cmderr (§3.12.6). */
export const CmdErr = { NONE: 0, BUSY: 1, NOT_SUPPORTED: 2, EXCEPTION: 3, HALT_RESUME: 4, BUS: 5, OTHER: 7 } as const;

/** How a hart looks to the DM (§3.5): exactly one of these at any time. */
export type HartState = 'running' | 'halted' | 'unavailable';

/** The hart side of the DM: its Debug Mode (Debug Spec chapter 4) and its registers. */
export interface DebugHart {
  readonly state: HartState;
  /** Set by power-on and every reset of the hart; the DM clears it on ackhavereset (§3.12.2). */
  haveReset: boolean;
  /** haltreq as a level (§3.12.2): while set the hart halts at an instruction boundary, now if it runs. */
  setHaltRequest(requested: boolean): void;
  /** resumereq on a halted hart: leave Debug Mode at dpc, or run one instruction if dcsr.step (§4.6). */
  resume(): void;
  /** Access Register regno (§3.6.1.1): 0x0000-0x0fff CSRs, 0x1000-0x101f GPRs. Undefined: no such register. */
  readRegister(regno: number): number | undefined;
  /** False when the register does not exist or cannot take the value. */
  writeRegister(regno: number, value: number): boolean;
  /** Runs the program buffer in Debug Mode up to its ebreak; false when an instruction raised an exception. */
  executeProgramBuffer(): boolean;
}

export interface DebugModuleOptions {
  /** data0..dataN-1 (abstractcs.datacount, 2 to 12). */
  readonly dataCount?: number;
  /** progbuf0..progbufN-1 (abstractcs.progbufsize, at most 16). */
  readonly programBufferSize?: number;
  /** dmstatus.impebreak: an ebreak follows the last progbuf word without being written (§3.12.3). */
  readonly implicitEbreak?: boolean;
  /** ndmreset (§3.12.2): resets the system but the DM while the debugger holds it. */
  readonly systemReset: (asserted: boolean) => void;
  /** The bus Access Memory commands use (the DM's own bus master, so they work while the hart runs). */
  readonly memory: DebugBus;
}

const DM_VERSION_013 = 2;
const DMSTATUS_AUTHENTICATED = 1 << 7;
const DMSTATUS_IMPEBREAK = 1 << 22;
/** hartinfo.nscratch: dscratch0 and dscratch1 (§3.12.4); data registers are not memory-mapped. */
const HARTINFO = 2 << 20;
const ACCESS_REGISTER = 0;
const ACCESS_MEMORY = 2;
const AARSIZE_32 = 2;

/** A 0.13 DM with one hart (hartsel has no bits: hart 0 is always the selected one). */
export class DebugModule {
  readonly data: Uint32Array;
  readonly programBuffer: Uint32Array;
  readonly implicitEbreak: boolean;
  private dmactive = false;
  private ndmreset = false;
  private resumeAck = false;
  private cmderr: number = CmdErr.NONE;
  private command = 0;
  private abstractauto = 0;
  /** Abstract commands executed so far, for tests that count OpenOCD's work. */
  commandCount = 0;

  constructor(
    private readonly hart: DebugHart,
    private readonly systemBus: SystemBusAccess,
    private readonly options: DebugModuleOptions,
  ) {
    const dataCount = options.dataCount ?? 2;
    const programBufferSize = options.programBufferSize ?? 2;
    // Access Memory needs data0 and data1 (arg0 and arg1 for XLEN 32).
    if (dataCount < 2 || dataCount > 12) throw new RangeError(`dataCount must be 2-12, got ${dataCount}`);
    if (programBufferSize < 1 || programBufferSize > 16) throw new RangeError(`programBufferSize must be 1-16, got ${programBufferSize}`);
    this.data = new Uint32Array(dataCount);
    this.programBuffer = new Uint32Array(programBufferSize);
    this.implicitEbreak = options.implicitEbreak ?? true;
  }

  /** A DMI read (§3.1): unimplemented registers read 0. */
  read(address: number): number {
    if (address >= DmRegister.data0 && address < DmRegister.data0 + this.data.length) {
      const index = address - DmRegister.data0;
      const value = this.data[index];
      this.autoexecute((this.abstractauto >>> index) & 1);
      return value;
    }
    if (address >= DmRegister.progbuf0 && address < DmRegister.progbuf0 + this.programBuffer.length) {
      const index = address - DmRegister.progbuf0;
      const value = this.programBuffer[index];
      this.autoexecute((this.abstractauto >>> (16 + index)) & 1);
      return value;
    }
    if (address >= DmRegister.sbaddress3 && address <= DmRegister.sbdata3) return this.systemBus.read(address);
    switch (address) {
      case DmRegister.dmcontrol: return this.dmcontrol();
      case DmRegister.dmstatus: return this.dmstatus();
      case DmRegister.hartinfo: return HARTINFO;
      case DmRegister.haltsum0:
      case DmRegister.haltsum1: return this.hart.state === 'halted' ? 1 : 0;
      case DmRegister.abstractcs: return this.abstractcs();
      case DmRegister.abstractauto: return this.abstractauto;
      default: return 0;
    }
  }

  /** A DMI write (§3.1): unimplemented registers ignore it; only dmcontrol works while dmactive is 0. */
  write(address: number, value: number): void {
    if (address === DmRegister.dmcontrol) {
      this.writeDmcontrol(value);
      return;
    }
    if (!this.dmactive) return;
    if (address >= DmRegister.data0 && address < DmRegister.data0 + this.data.length) {
      const index = address - DmRegister.data0;
      this.data[index] = value;
      this.autoexecute((this.abstractauto >>> index) & 1);
    } else if (address >= DmRegister.progbuf0 && address < DmRegister.progbuf0 + this.programBuffer.length) {
      const index = address - DmRegister.progbuf0;
      this.programBuffer[index] = value;
      this.autoexecute((this.abstractauto >>> (16 + index)) & 1);
    } else if (address >= DmRegister.sbaddress3 && address <= DmRegister.sbdata3) {
      this.systemBus.write(address, value);
    } else if (address === DmRegister.abstractcs) {
      // cmderr is write-1-to-clear (§3.12.6).
      this.cmderr &= ~((value >>> 8) & 7);
    } else if (address === DmRegister.command) {
      if (this.cmderr !== CmdErr.NONE) return;
      this.command = value >>> 0;
      this.execute();
    } else if (address === DmRegister.abstractauto) {
      const progbufBits = ((1 << this.programBuffer.length) - 1) << 16;
      const dataBits = (1 << this.data.length) - 1;
      this.abstractauto = (value & (progbufBits | dataBits)) >>> 0;
    }
  }

  private dmcontrol(): number {
    return (this.ndmreset ? Dmcontrol.NDMRESET : 0) | (this.dmactive ? Dmcontrol.DMACTIVE : 0);
  }

  private dmstatus(): number {
    const state = this.hart.state;
    const both = (bit: boolean, all: number): number => (bit ? (1 << all) | (1 << (all - 1)) : 0);
    return (
      (this.implicitEbreak ? DMSTATUS_IMPEBREAK : 0) |
      both(this.hart.haveReset, 19) |
      both(this.resumeAck, 17) |
      both(state === 'unavailable', 13) |
      both(state === 'running', 11) |
      both(state === 'halted', 9) |
      DMSTATUS_AUTHENTICATED |
      DM_VERSION_013
    );
  }

  private abstractcs(): number {
    return (this.programBuffer.length << 24) | (this.cmderr << 8) | this.data.length;
  }

  /**
   * dmcontrol (§3.12.2). dmactive=0 resets the DM (and releases ndmreset) but leaves the hart as it
   * is; hartsel, hasel and hartreset are not implemented and read 0.
   */
  private writeDmcontrol(value: number): void {
    if (!(value & Dmcontrol.DMACTIVE)) {
      if (this.dmactive) this.resetModule();
      return;
    }
    this.dmactive = true;
    const ndmreset = (value & Dmcontrol.NDMRESET) !== 0;
    if (ndmreset !== this.ndmreset) {
      this.ndmreset = ndmreset;
      this.options.systemReset(ndmreset);
    }
    if (value & Dmcontrol.ACKHAVERESET) this.hart.haveReset = false;
    const haltreq = (value & Dmcontrol.HALTREQ) !== 0;
    this.hart.setHaltRequest(haltreq);
    // resumereq is ignored while haltreq is set, and on a hart that is not halted (§3.12.2).
    if (!haltreq && value & Dmcontrol.RESUMEREQ && this.hart.state === 'halted') {
      this.resumeAck = false;
      this.hart.resume();
      this.resumeAck = true;
    }
  }

  private resetModule(): void {
    this.dmactive = false;
    if (this.ndmreset) this.options.systemReset(false);
    this.ndmreset = false;
    this.hart.setHaltRequest(false);
    this.resumeAck = false;
    this.cmderr = CmdErr.NONE;
    this.command = 0;
    this.abstractauto = 0;
    this.data.fill(0);
    this.programBuffer.fill(0);
    this.systemBus.reset();
  }

  /** abstractauto (§3.12.8): an access to data/progbuf with its bit set runs `command` again. */
  private autoexecute(bit: number): void {
    if (bit && this.dmactive && this.cmderr === CmdErr.NONE) this.execute();
  }

  /** Runs `command` to completion: abstractcs.busy is never seen set. */
  private execute(): void {
    this.commandCount++;
    const cmdtype = this.command >>> 24;
    if (cmdtype === ACCESS_REGISTER) this.cmderr = this.accessRegister(this.command);
    else if (cmdtype === ACCESS_MEMORY) this.cmderr = this.accessMemory(this.command);
    else this.cmderr = CmdErr.NOT_SUPPORTED;
  }

  /**
   * Access Memory (§3.6.1.3): data0 to or from the address in data1, 8/16/32 bits, aampostincrement
   * advancing data1. It goes through the DM's bus master, whether the hart runs or not; aamvirtual
   * changes nothing (no MMU). A failed or misaligned access answers cmderr 5 (bus).
   */
  private accessMemory(command: number): number {
    const aamsize = (command >>> 20) & 7;
    const postincrement = (command >>> 19) & 1;
    const write = (command >>> 16) & 1;
    if (aamsize > 2) return CmdErr.NOT_SUPPORTED;
    const size = (1 << aamsize) as AccessSize;
    const address = this.data[1];
    if (address % size !== 0) return CmdErr.BUS;
    if (write) {
      if (!this.options.memory.write(address, size, this.data[0] & (size === 4 ? 0xffffffff : (1 << (8 * size)) - 1))) return CmdErr.BUS;
    } else {
      const value = this.options.memory.read(address, size);
      if (value === undefined) return CmdErr.BUS;
      this.data[0] = value;
    }
    if (postincrement) this.data[1] = address + size;
    return CmdErr.NONE;
  }

  /** Access Register (§3.6.1.1): transfer between data0 and regno, then optionally the progbuf. */
  private accessRegister(command: number): number {
    const aarsize = (command >>> 20) & 7;
    const postincrement = (command >>> 19) & 1;
    const postexec = (command >>> 18) & 1;
    const transfer = (command >>> 17) & 1;
    const write = (command >>> 16) & 1;
    const regno = command & 0xffff;
    if (this.hart.state !== 'halted') return CmdErr.HALT_RESUME;
    if (transfer) {
      // A 64- or 128-bit access to an RV32 register must fail: OpenOCD finds XLEN this way.
      if (aarsize !== AARSIZE_32) return CmdErr.NOT_SUPPORTED;
      if (write) {
        if (!this.hart.writeRegister(regno, this.data[0])) return CmdErr.EXCEPTION;
      } else {
        const value = this.hart.readRegister(regno);
        if (value === undefined) return CmdErr.EXCEPTION;
        this.data[0] = value;
      }
    }
    if (postincrement) this.command = ((command & ~0xffff) | ((regno + 1) & 0xffff)) >>> 0;
    if (postexec && !this.hart.executeProgramBuffer()) return CmdErr.EXCEPTION;
    return CmdErr.NONE;
  }
}
