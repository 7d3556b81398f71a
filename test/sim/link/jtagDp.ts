// The JTAG-DP of ADIv5 (IHI 0031, chapter B3 and B2.2): its instructions (ABORT, DPACC, APACC,
// IDCODE), the DP registers, posted reads and sticky flags. It reaches APs only through AccessPort.
import type { JtagDataRegister, JtagInstructionSet } from './jtagTap';

/** One access port as the DP sees it: 32-bit registers by address (SELECT.APBANKSEL | A[3:2]). */
export interface AccessPort {
  /** The value, or undefined when the access failed (the DP sets STICKYERR). */
  read(register: number): number | undefined;
  /** False when the access failed (the DP sets STICKYERR). */
  write(register: number, value: number): boolean;
}

/** JTAG-DP instructions (ADIv5 B3.3, IR length 4). Every other value selects BYPASS. */
export const JtagDpInstruction = { ABORT: 0x8, DPACC: 0xa, APACC: 0xb, IDCODE: 0xe, BYPASS: 0xf } as const;

/** ACK values captured in bits 2:0 of DPACC/APACC (ADIv5 B3.3.2). */
export const JtagAck = { OK_FAULT: 0b010, WAIT: 0b001 } as const;

/** DP register addresses (A[3:2] << 2). */
export const DpRegister = { DPIDR: 0x0, CTRL_STAT: 0x4, SELECT: 0x8, RDBUFF: 0xc } as const;

/** CTRL/STAT bits (ADIv5 B2.2.2). */
export const CtrlStat = {
  ORUNDETECT: 1 << 0,
  STICKYORUN: 1 << 1,
  STICKYCMP: 1 << 4,
  STICKYERR: 1 << 5,
  CDBGRSTREQ: 0x04000000,
  CDBGRSTACK: 0x08000000,
  CDBGPWRUPREQ: 0x10000000,
  CDBGPWRUPACK: 0x20000000,
  CSYSPWRUPREQ: 0x40000000,
  CSYSPWRUPACK: 0x80000000,
} as const;

const stickyBits = CtrlStat.STICKYORUN | CtrlStat.STICKYCMP | CtrlStat.STICKYERR;
/** Read-write fields: ORUNDETECT, TRNMODE, MASKLANE, TRNCNT and the three request bits. */
const writableBits =
  CtrlStat.ORUNDETECT | (0b11 << 2) | (0xf << 8) | (0x3ff << 12) |
  CtrlStat.CDBGRSTREQ | CtrlStat.CDBGPWRUPREQ | CtrlStat.CSYSPWRUPREQ;

/** The ARM JTAG-DP IDCODE of the STM32F0 family (RM0091 29.5.3). */
export const stm32f0JtagIdcode = 0x0bb11477;

/** What the DP connects to, and the IDCODE it reports. */
export interface JtagDpOptions {
  /** Access ports by APSEL; absent ones read 0 everywhere (OpenOCD scans 0..255 for IDR). */
  readonly accessPorts: readonly AccessPort[];
  readonly idcode?: number;
}

const absentAp: AccessPort = { read: () => 0, write: () => true };

/**
 * ADIv5 JTAG-DP. A DPACC/APACC scan captures ACK and the result of the previous read, and its
 * Update-DR starts the next access (B3.3.2, "posted reads").
 */
export class JtagDp implements JtagInstructionSet {
  readonly irLength = 4;
  readonly irCapture = 0b0001;
  readonly resetInstruction = JtagDpInstruction.IDCODE;
  private readonly idcode: number;
  private ctrlStat = 0;
  private selectValue = 0;
  private readResult = 0;
  private waitScansLeft = 0;
  private transactionsDone = 0;
  private waitsAnswered = 0;
  private slowNext = 0;
  private readonly idcodeRegister: JtagDataRegister;
  private readonly dpacc: JtagDataRegister;
  private readonly apacc: JtagDataRegister;
  private readonly abort: JtagDataRegister;

  constructor(private readonly options: JtagDpOptions) {
    this.idcode = options.idcode ?? stm32f0JtagIdcode;
    this.idcodeRegister = { bitLength: 32, capture: () => this.idcode, update: () => undefined };
    this.dpacc = this.accessRegister((register, rnw, data) => this.dpAccess(register, rnw, data), true);
    this.apacc = this.accessRegister((register, rnw, data) => this.apAccess(register, rnw, data), false);
    this.abort = { bitLength: 35, capture: () => this.capture(), update: (value) => this.abortWrite(value) };
  }

  register(instruction: number): JtagDataRegister | undefined {
    switch (instruction) {
      case JtagDpInstruction.IDCODE:
        return this.idcodeRegister;
      case JtagDpInstruction.DPACC:
        return this.dpacc;
      case JtagDpInstruction.APACC:
        return this.apacc;
      case JtagDpInstruction.ABORT:
        return this.abort;
      default:
        return undefined;
    }
  }

  /** CTRL/STAT as a debugger would read it. */
  get ctrlStatValue(): number {
    return this.ctrlStat >>> 0;
  }

  /** DPACC/APACC accesses performed (WAITed scans excluded), for throughput figures. */
  get transactionCount(): number {
    return this.transactionsDone;
  }

  /** DPACC/APACC scans answered WAIT (and ignored). */
  get waitCount(): number {
    return this.waitsAnswered;
  }

  /**
   * Test hook: the next access is slow, so the `scanCount` DPACC/APACC scans after it capture
   * WAIT and are ignored (B3.3.2). With ORUNDETECT each WAIT also sets STICKYORUN (B2.2.2), except
   * a CTRL/STAT write, which the DP performs while the AP is busy (see `accessRegister`).
   */
  injectWait(scanCount: number): void {
    this.slowNext = scanCount;
  }

  /**
   * 35-bit DR: in RnW (bit 0), A[3:2] (bits 2:1), DATAIN (34:3); out ACK (2:0), ReadResult (34:3).
   * While the AP is busy, a DPACC write to CTRL/STAT is still performed: it is the host's way out
   * of an overrun, needing nothing from the AP. OpenOCD 0.12 relies on it (adi_v5_jtag.c,
   * jtagdp_overrun_check: it clears STICKYORUN between retries and never checks it after a WAIT
   * recovery); a DP that ignored that write kept STICKYORUN set and discarded every later AP access.
   */
  private accessRegister(access: (register: number, rnw: boolean, data: number) => void, dp: boolean): JtagDataRegister {
    return {
      bitLength: 35,
      capture: () => this.capture(),
      update: (value) => {
        const low = value % 8;
        const register = (low >> 1) << 2;
        const rnw = (low & 1) === 1;
        if (this.waitScansLeft > 0) {
          this.waitScansLeft--;
          this.waitsAnswered++;
          if (dp && !rnw && register === DpRegister.CTRL_STAT) this.writeCtrlStat((value - low) / 8);
          else if (this.ctrlStat & CtrlStat.ORUNDETECT) this.ctrlStat |= CtrlStat.STICKYORUN;
          return;
        }
        this.transactionsDone++;
        access(register, rnw, (value - low) / 8);
        this.waitScansLeft = this.slowNext;
        this.slowNext = 0;
      },
    };
  }

  private capture(): number {
    const ack = this.waitScansLeft > 0 ? JtagAck.WAIT : JtagAck.OK_FAULT;
    return (this.readResult >>> 0) * 8 + ack;
  }

  private dpAccess(register: number, rnw: boolean, data: number): void {
    if (rnw) {
      this.readResult = this.dpRead(register);
      return;
    }
    if (register === DpRegister.CTRL_STAT) this.writeCtrlStat(data);
    else if (register === DpRegister.SELECT) this.selectValue = data;
  }

  private dpRead(register: number): number {
    switch (register) {
      case DpRegister.DPIDR:
        return this.idcode;
      case DpRegister.CTRL_STAT:
        return this.ctrlStat >>> 0;
      case DpRegister.SELECT:
        return this.selectValue >>> 0;
      default:
        // RDBUFF: the last read result again, without a new access (B2.2.6).
        return this.readResult;
    }
  }

  /** Sticky flags clear by writing 1 (JTAG-DP, B2.2.2); each ACK bit follows its REQ bit. */
  private writeCtrlStat(data: number): void {
    const sticky = this.ctrlStat & stickyBits & ~data;
    const written = data & writableBits;
    const acks = ((written & (CtrlStat.CDBGRSTREQ | CtrlStat.CDBGPWRUPREQ | CtrlStat.CSYSPWRUPREQ)) << 1) >>> 0;
    this.ctrlStat = (sticky | written | acks) >>> 0;
  }

  /** AP accesses are ignored while STICKYERR or STICKYORUN is set (B2.2.2). */
  private apAccess(register: number, rnw: boolean, data: number): void {
    if (this.ctrlStat & (CtrlStat.STICKYERR | CtrlStat.STICKYORUN)) return;
    const ap = this.options.accessPorts[this.selectValue >>> 24] ?? absentAp;
    const address = (this.selectValue & 0xf0) | register;
    if (rnw) {
      const value = ap.read(address);
      if (value === undefined) this.ctrlStat |= CtrlStat.STICKYERR;
      this.readResult = (value ?? 0) >>> 0;
    } else if (!ap.write(address, data >>> 0)) {
      this.ctrlStat |= CtrlStat.STICKYERR;
    }
  }

  /** ABORT: DAPABORT (bit 0) cancels the access in progress, ending its WAIT responses. */
  private abortWrite(value: number): void {
    if (value % 16 >= 8) this.waitScansLeft = 0; // bit 3 of the DR is DATAIN bit 0 = DAPABORT
  }
}
