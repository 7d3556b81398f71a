// The RISC-V JTAG Debug Transport Module (Debug Spec 0.13.2 §6.1): IR 5 bits, IDCODE, DTMCS, DMI
// and BYPASS. It moves DMI reads and writes to a DmiTarget (the Debug Module); it knows no DM register.
import type { JtagDataRegister, JtagInstructionSet } from '../link/jtagTap';

/** DTM instructions (§6.1.2, table 6.1). Every other value selects BYPASS. */
export const DtmInstruction = { IDCODE: 0x01, DTMCS: 0x10, DMI: 0x11, BYPASS: 0x1f } as const;

/** dmi.op as scanned in (§6.1.5). */
export const DmiOp = { NOP: 0, READ: 1, WRITE: 2 } as const;

/** dmi.op as captured, and dtmcs.dmistat (§6.1.4, §6.1.5). 1 is reserved. */
export const DmiStatus = { SUCCESS: 0, FAILED: 2, BUSY: 3 } as const;

/** dtmcs bits (§6.1.4). */
export const Dtmcs = { DMIRESET: 1 << 16, DMIHARDRESET: 1 << 17 } as const;

/** GD32VF103's IDCODE (its stock target/gd32vf103.cfg expects it): version 1, part 0x0005, JEDEC 0x31e. */
export const gd32vf103Idcode = 0x1000563d;

/** The Debug Module as the DTM reaches it: 32-bit registers by DMI address (§3.1). */
export interface DmiTarget {
  read(address: number): number;
  write(address: number, value: number): void;
}

export interface JtagDtmOptions {
  readonly idcode?: number;
  /** dtmcs.abits: width of a DMI address. 7 reaches every 0.13 DM register (up to 0x40, haltsum0). */
  readonly abits?: number;
}

/** dtmcs.version 1: this DTM implements Debug Spec 0.13. */
const DTM_VERSION_013 = 1;
/** dtmcs.idle 1: leaving Run-Test/Idle at once after a scan is enough (ops complete in Update-DR). */
const IDLE_HINT = 1;

/**
 * A DMI scan captures the status and result of the previous op; its Update-DR performs the op
 * scanned in. Ops finish within their Update-DR, so `busy` is only seen when a test injects it.
 */
export class JtagDtm implements JtagInstructionSet {
  readonly irLength = 5;
  readonly irCapture = 0b00001;
  readonly resetInstruction = DtmInstruction.IDCODE;
  readonly abits: number;
  private readonly idcode: number;
  private readonly registers: ReadonlyMap<number, JtagDataRegister>;
  /** Sticky dmistat: FAILED or BUSY until dmireset/dmihardreset (§6.1.4). */
  private stickyStatus: number = DmiStatus.SUCCESS;
  private lastAddress = 0;
  private lastData = 0;
  private busyScansLeft = 0;
  private busyAnswered = 0;

  constructor(
    private readonly dm: DmiTarget,
    options: JtagDtmOptions = {},
  ) {
    this.idcode = options.idcode ?? gd32vf103Idcode;
    this.abits = options.abits ?? 7;
    if ((this.idcode & 1) !== 1) throw new RangeError(`IDCODE bit 0 must be 1 (IEEE 1149.1 12.1.1), got 0x${this.idcode.toString(16)}`);
    this.registers = new Map<number, JtagDataRegister>([
      [DtmInstruction.IDCODE, { bitLength: 32, capture: () => this.idcode, update: () => undefined }],
      [DtmInstruction.DTMCS, { bitLength: 32, capture: () => this.dtmcs(), update: (value) => this.writeDtmcs(value) }],
      [DtmInstruction.DMI, { bitLength: this.abits + 34, capture: () => this.captureDmi(), update: (value) => this.updateDmi(value) }],
    ]);
  }

  register(instruction: number): JtagDataRegister | undefined {
    return this.registers.get(instruction);
  }

  /**
   * Fault injection: the next `count` DMI captures answer busy, as if the previous op were still
   * running (§6.1.5 op 3). The op scanned in with a busy capture is dropped, and busy stays sticky
   * until the debugger writes dtmcs.dmireset.
   */
  injectBusy(count: number): void {
    this.busyScansLeft = count;
  }

  /** DMI scans answered busy so far (injected or sticky). */
  get busyCount(): number {
    return this.busyAnswered;
  }

  private dtmcs(): number {
    return (IDLE_HINT << 12) | (this.stickyStatus << 10) | (this.abits << 4) | DTM_VERSION_013;
  }

  private writeDtmcs(value: number): void {
    if (value & (Dtmcs.DMIRESET | Dtmcs.DMIHARDRESET)) this.stickyStatus = DmiStatus.SUCCESS;
  }

  /** address (abits) | data (32) | op (2), LSB first (§6.1.5); arithmetic, the DR is up to 53 bits. */
  private captureDmi(): number {
    if (this.stickyStatus === DmiStatus.SUCCESS && this.busyScansLeft > 0) {
      this.busyScansLeft--;
      this.stickyStatus = DmiStatus.BUSY;
    }
    if (this.stickyStatus === DmiStatus.BUSY) this.busyAnswered++;
    return this.lastAddress * 2 ** 34 + (this.lastData >>> 0) * 4 + this.stickyStatus;
  }

  private updateDmi(value: number): void {
    if (this.stickyStatus !== DmiStatus.SUCCESS) return;
    const op = value % 4;
    const data = Math.floor(value / 4) % 2 ** 32;
    const address = Math.floor(value / 2 ** 34);
    if (op === DmiOp.READ) {
      this.lastAddress = address;
      this.lastData = this.dm.read(address) >>> 0;
    } else if (op === DmiOp.WRITE) {
      this.lastAddress = address;
      this.lastData = data;
      this.dm.write(address, data);
    } else if (op !== DmiOp.NOP) {
      // op 3 is reserved (§6.1.5): the DTM reports the op as failed.
      this.stickyStatus = DmiStatus.FAILED;
    }
  }
}
