// Test helper: drives a TAP like a JTAG probe does (IR and DR scans from Run-Test/Idle) and
// performs ADIv5 JTAG-DP transactions, so the link can be tested bit-exactly without OpenOCD.
import { JtagDpInstruction } from './jtagDp';

/** What a probe needs from the target side: TCK edges and TDO. */
export interface JtagPins {
  clock(tms: number, tdi: number): void;
  readonly tdo: number;
}

/** The result of one DPACC/APACC scan: ACK and the data captured (the previous read). */
export interface DapScan {
  readonly ack: number;
  readonly data: number;
}

/** A probe's view of one TAP: every scan starts and ends in Run-Test/Idle, as OpenOCD's do. */
export class JtagDriver {
  constructor(private readonly pins: JtagPins) {}

  /** Five TMS=1 clocks reach Test-Logic-Reset from anywhere; one TMS=0 clock reaches Run-Test/Idle. */
  resetToIdle(): void {
    this.tms(1, 1, 1, 1, 1, 0);
  }

  /** Scans `value` into the IR; returns the bits captured (IR capture value). */
  irScan(value: number, irLength = 4): number {
    this.tms(1, 1, 0, 0);
    const captured = this.shift(value, irLength);
    this.tms(1, 0);
    return captured;
  }

  /** Scans `value` through the DR; returns the captured bits. Works up to 53 bits. */
  drScan(value: number, bitLength: number): number {
    this.tms(1, 0, 0);
    const captured = this.shift(value, bitLength);
    this.tms(1, 0);
    return captured;
  }

  /** One DPACC/APACC scan (IR already selected): A[3:2] from `register`, RnW, 32-bit data. */
  access(register: number, read: boolean, data = 0): DapScan {
    const value = (data >>> 0) * 8 + ((register >> 2) & 3) * 2 + (read ? 1 : 0);
    const captured = this.drScan(value, 35);
    return { ack: captured % 8, data: Math.floor(captured / 8) };
  }

  dpWrite(register: number, data: number): DapScan {
    this.irScan(JtagDpInstruction.DPACC);
    return this.access(register, false, data);
  }

  /** Posted read completed with a RDBUFF read, as OpenOCD does. */
  dpRead(register: number): number {
    this.irScan(JtagDpInstruction.DPACC);
    this.access(register, true);
    return this.access(0xc, true).data;
  }

  apWrite(register: number, data: number): DapScan {
    this.selectAp(register);
    this.irScan(JtagDpInstruction.APACC);
    return this.access(register, false, data);
  }

  apRead(register: number): number {
    this.selectAp(register);
    this.irScan(JtagDpInstruction.APACC);
    this.access(register, true);
    this.irScan(JtagDpInstruction.DPACC);
    return this.access(0xc, true).data;
  }

  /** SELECT with APSEL `apsel` and the bank of `register` (ADIv5 B2.2.9). */
  selectAp(register: number, apsel = 0): void {
    this.dpWrite(0x8, ((apsel << 24) | (register & 0xf0)) >>> 0);
  }

  private tms(...levels: number[]): void {
    for (const level of levels) this.pins.clock(level, 0);
  }

  /** Shifts LSB first, TMS=1 on the last bit (leaves Shift-xR for Exit1-xR). */
  private shift(value: number, bitLength: number): number {
    let captured = 0;
    let rest = value;
    for (let bit = 0; bit < bitLength; bit++) {
      captured += this.pins.tdo * 2 ** bit;
      const tdi = rest % 2;
      rest = (rest - tdi) / 2;
      this.pins.clock(bit === bitLength - 1 ? 1 : 0, tdi);
    }
    return captured;
  }
}
