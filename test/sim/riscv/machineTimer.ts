// A CLINT-style core-local interruptor (SiFive's layout, as in RISC-V Privileged Spec 3.1.10's
// mtime/mtimecmp): msip, mtimecmp and mtime, one tick per core cycle, driving MSIP and MTIP.
import type { WordRegisters } from '../board/systemBus';

export const CLINT_BASE = 0x02000000;
export const CLINT_BYTE_SIZE = 0x10000;
const MSIP = 0x0000;
const MTIMECMP = 0x4000;
const MTIME = 0xbff8;
const TWO_POW_32 = 2 ** 32;

/** Interrupt lines out of the timer (to mip.MTIP and mip.MSIP). */
export interface MachineTimerLines {
  timer(pending: boolean): void;
  software(pending: boolean): void;
}

/** mtime counts while the board runs (not in Debug Mode: dcsr.stoptime's effect for free). */
export class MachineTimer implements WordRegisters {
  private mtime = 0;
  /** mtimecmp as two halves (a double cannot hold 64 bits); all ones at reset, so nothing fires early. */
  private mtimecmpLow = 0xffffffff;
  private mtimecmpHigh = 0xffffffff;
  private msip = false;

  constructor(private readonly lines: MachineTimerLines) {}

  reset(): void {
    this.mtime = 0;
    this.mtimecmpLow = this.mtimecmpHigh = 0xffffffff;
    this.msip = false;
    this.update();
  }

  /** Lets `cycles` ticks pass. */
  advance(cycles: number): void {
    this.mtime += cycles;
    if (this.mtime >= this.mtimecmp) this.lines.timer(true);
  }

  /** Ticks until MTIP rises (0 when it is already up), Infinity when mtimecmp is out of reach. */
  get ticksUntilInterrupt(): number {
    const ticks = this.mtimecmp - this.mtime;
    return ticks > Number.MAX_SAFE_INTEGER ? Infinity : Math.max(0, ticks);
  }

  /** Exact below 2^53 ticks, which mtime never reaches. */
  private get mtimecmp(): number {
    return this.mtimecmpHigh * TWO_POW_32 + this.mtimecmpLow;
  }

  readWord(offset: number): number | undefined {
    switch (offset) {
      case MSIP: return this.msip ? 1 : 0;
      case MTIMECMP: return this.mtimecmpLow;
      case MTIMECMP + 4: return this.mtimecmpHigh;
      case MTIME: return this.mtime % TWO_POW_32;
      case MTIME + 4: return Math.floor(this.mtime / TWO_POW_32);
      default: return 0;
    }
  }

  writeWord(offset: number, value: number): boolean {
    switch (offset) {
      case MSIP: this.msip = (value & 1) !== 0; break;
      case MTIMECMP: this.mtimecmpLow = value >>> 0; break;
      case MTIMECMP + 4: this.mtimecmpHigh = value >>> 0; break;
      case MTIME: this.mtime = this.mtime - (this.mtime % TWO_POW_32) + (value >>> 0); break;
      case MTIME + 4: this.mtime = (this.mtime % TWO_POW_32) + (value >>> 0) * TWO_POW_32; break;
      default: break;
    }
    this.update();
    return true;
  }

  private update(): void {
    this.lines.timer(this.mtime >= this.mtimecmp);
    this.lines.software(this.msip);
  }
}
