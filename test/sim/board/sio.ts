// A single-cycle IO block modelled on the RP2040's SIO (RP2040 datasheet 2.3.1): each core reads
// its own number at CPUID, and two 8-word FIFOs carry words between the cores (FIFO_ST/WR/RD).
// Only those registers exist; the rest of the block reads 0 and ignores writes.
import { registerBlock, type BusDevice, type BusMaster } from './systemBus';

export const SIO_BASE = 0xd0000000;
export const SIO_BYTE_SIZE = 0x1000;
/** Register offsets (RP2040 datasheet 2.3.1.7). */
export const SIO_REGS = { CPUID: 0x000, FIFO_ST: 0x050, FIFO_WR: 0x054, FIFO_RD: 0x058 } as const;
/** FIFO_ST: VLD (this core's RX FIFO holds data), RDY (its TX FIFO has room), WOF/ROE sticky errors. */
export const FIFO_ST = { VLD: 1 << 0, RDY: 1 << 1, WOF: 1 << 2, ROE: 1 << 3 } as const;
const FIFO_DEPTH = 8;

/** The SIO shared by the cores; `view(core)` is the device at SIO_BASE on that core's bus. */
export class Sio {
  /** fifos[n] holds the words sent to core n. */
  private readonly fifos: number[][];
  /** Sticky WOF/ROE per core. */
  private readonly errors: number[];

  constructor(private readonly coreCount: number) {
    this.fifos = Array.from({ length: coreCount }, () => []);
    this.errors = new Array<number>(coreCount).fill(0);
  }

  /** System reset: both FIFOs empty, errors clear. */
  reset(): void {
    for (const fifo of this.fifos) fifo.length = 0;
    this.errors.fill(0);
  }

  /** The block as core `core` (and its AHB-AP) sees it. */
  view(core: number): BusDevice {
    return registerBlock({
      readWord: (offset, master) => this.read(core, offset, master),
      writeWord: (offset, value) => {
        this.write(core, offset, value);
        return true;
      },
    });
  }

  /** A core's TX FIFO is the other core's RX FIFO (two cores: 0 sends to 1, 1 to 0). */
  private peer(core: number): number {
    return (core + 1) % this.coreCount;
  }

  /** Debugger reads of FIFO_RD do not pop: a memory view must not steal a core's message. */
  private read(core: number, offset: number, master: BusMaster): number {
    const rx = this.fifos[core];
    switch (offset) {
      case SIO_REGS.CPUID: return core;
      case SIO_REGS.FIFO_ST:
        return (rx.length > 0 ? FIFO_ST.VLD : 0) | (this.fifos[this.peer(core)].length < FIFO_DEPTH ? FIFO_ST.RDY : 0)
          | this.errors[core];
      case SIO_REGS.FIFO_RD:
        if (rx.length === 0) {
          if (master === 'core') this.errors[core] |= FIFO_ST.ROE;
          return 0;
        }
        return (master === 'core' ? rx.shift() : rx[0]) as number;
      default: return 0;
    }
  }

  private write(core: number, offset: number, value: number): void {
    if (offset === SIO_REGS.FIFO_ST) this.errors[core] &= ~value;
    else if (offset === SIO_REGS.FIFO_WR) {
      const tx = this.fifos[this.peer(core)];
      if (tx.length < FIFO_DEPTH) tx.push(value >>> 0);
      else this.errors[core] |= FIFO_ST.WOF;
    }
  }
}
