// Composes a SimBoard with the debug link (remote_bitbang -> JTAG chain -> a TAP, JTAG-DP and
// AHB-AP per debug bus of the board, then a TAP per other JTAG device of the board, e.g. a RISC-V
// DTM) and schedules the board: time slices on a virtual clock, paced to the wall clock, between socket events.
import { JtagChain } from './link/jtagChain';
import { JtagDp } from './link/jtagDp';
import { JtagTap } from './link/jtagTap';
import { MemAp } from './link/memAp';
import { RemoteBitbangServer } from './link/remoteBitbangServer';
import type { SimBoard } from './ports';

/** Link and pacing options of a Simulator. */
export interface SimulatorOptions {
  /** TCP port for remote_bitbang; 0 (the default) picks a free one. */
  readonly port?: number;
  readonly host?: string;
  /**
   * Virtual core cycles per wall-clock second. Pacing keeps a busy or sleeping firmware from
   * taking a whole CPU core; Infinity runs unpaced. Default 2,000,000.
   */
  readonly cyclesPerSecond?: number;
  /** Receives link events (connections, protocol errors). */
  readonly log?: (line: string) => void;
}

/** Default pace: a quarter of the STM32F030's 8 MHz reset clock, about 20% of a CPU core. */
export const defaultCyclesPerSecond = 2_000_000;
/** Longest single board.run() call, so a chunk from OpenOCD never waits long. */
const maxSliceCycles = 2_000;
/** While OpenOCD is exchanging chunks, slices are this short: its next chunk comes within ~0.1 ms. */
const busyLinkSliceCycles = 250;
/** How long after a chunk the link counts as busy. */
const busyLinkMs = 2;
/** How far virtual time may run ahead of the wall clock: a step or a short run starts at once. */
const aheadMs = 1;
/** Slices smaller than this wait for a timer instead of spinning through setImmediate. */
const minSliceMs = 0.5;
/** Debt beyond this is forgotten: after a long pause the board does not race to catch up. */
const maxLagMs = 20;

/**
 * A running simulator: the board stays the same across OpenOCD connections (SIMULATOR.md 'Q').
 * Time advances only while board.active; every served chunk re-arms the scheduler.
 */
export class Simulator {
  /** One JTAG-DP per TAP, in chain order (nearest TDO first). */
  readonly jtagDps: readonly JtagDp[];
  readonly chain: JtagChain;
  private server!: RemoteBitbangServer;
  private readonly cyclesPerMs: number;
  private elapsedCycles = 0;
  private paceOriginMs = 0;
  private paceOriginCycles = 0;
  private running = false;
  private immediate: NodeJS.Immediate | undefined;
  private timer: NodeJS.Timeout | undefined;
  private closed = false;
  private lastChunkMs = -Infinity;

  private constructor(readonly board: SimBoard, cyclesPerSecond: number) {
    this.cyclesPerMs = cyclesPerSecond / 1000;
    this.jtagDps = board.debugBuses.map((bus) => new JtagDp({ accessPorts: [new MemAp(bus)] }));
    const devices = [...this.jtagDps, ...(board.jtagDevices ?? [])];
    this.chain = new JtagChain(devices.map((device) => new JtagTap(device)));
  }

  /** Builds the link around `board` and starts listening. */
  static async start(board: SimBoard, options: SimulatorOptions = {}): Promise<Simulator> {
    const cyclesPerSecond = options.cyclesPerSecond ?? defaultCyclesPerSecond;
    if (!(cyclesPerSecond > 0)) throw new RangeError(`cyclesPerSecond must be positive, got ${cyclesPerSecond}`);
    const simulator = new Simulator(board, cyclesPerSecond);
    let trstAsserted = false;
    simulator.server = await RemoteBitbangServer.listen(
      {
        // nTRST holds the TAPs in Test-Logic-Reset for as long as it is asserted (IEEE 1149.1 6.2).
        clock: (tms, tdi) => {
          if (!trstAsserted) simulator.chain.clock(tms, tdi);
        },
        get tdo() {
          return simulator.chain.tdo;
        },
        setResetLines: (trst, srst) => {
          trstAsserted = trst;
          if (trst) simulator.chain.reset();
          board.setSystemReset(srst);
        },
      },
      options,
    );
    simulator.server.chunkServed.on(() => {
      simulator.lastChunkMs = performance.now();
      simulator.wake();
    });
    simulator.wake();
    return simulator;
  }

  /** The DP of the TAP nearest TDO: a single-core board's only one. */
  get jtagDp(): JtagDp {
    return this.jtagDps[0];
  }

  /** The remote_bitbang TCP port. */
  get port(): number {
    return this.server.port;
  }

  /** Fault mode: the link stops answering OpenOCD (RemoteBitbangServer.stall) until close(). */
  stallLink(): void {
    this.server.stall();
  }

  /** Fault mode: the next `count` replies to OpenOCD each leave `delayMs` late (RemoteBitbangServer.delayReplies). */
  delayLink(delayMs: number, count: number): Promise<void> {
    return this.server.delayReplies(delayMs, count);
  }

  /** Virtual time: core cycles the board has consumed since start. */
  get cycles(): number {
    return this.elapsedCycles;
  }

  /** Re-arms the scheduler now, e.g. after a test changed the board directly. */
  wake(): void {
    if (this.closed || !this.board.active) return;
    this.cancel();
    this.immediate = setImmediate(() => this.tick());
  }

  /** Stops scheduling and listening; the board is left as it is. */
  async close(): Promise<void> {
    this.closed = true;
    this.cancel();
    await this.server.close();
  }

  private tick(): void {
    this.cancel();
    if (this.closed) return;
    if (!this.board.active) {
      this.running = false;
      return;
    }
    const nowMs = performance.now();
    if (!this.running) {
      // Time stood still while nothing could happen: pace from here.
      this.running = true;
      this.paceOriginMs = nowMs;
      this.paceOriginCycles = this.elapsedCycles;
    }
    const due = this.dueCycles(nowMs);
    if (due >= 1) {
      const sliceCycles = nowMs - this.lastChunkMs < busyLinkMs ? busyLinkSliceCycles : maxSliceCycles;
      const consumed = this.board.run(Math.min(Math.floor(due), sliceCycles));
      this.elapsedCycles += consumed;
      if (consumed === 0) {
        this.running = false;
        return;
      }
    }
    this.reschedule(this.dueCycles(performance.now()));
  }

  /** Cycles the board may run now: the paced target plus the allowance, minus what ran. */
  private dueCycles(nowMs: number): number {
    if (this.cyclesPerMs === Infinity) return maxSliceCycles;
    const lag = this.paceOriginCycles + (nowMs - this.paceOriginMs) * this.cyclesPerMs - this.elapsedCycles;
    if (lag > maxLagMs * this.cyclesPerMs) {
      this.paceOriginMs = nowMs;
      this.paceOriginCycles = this.elapsedCycles;
      return aheadMs * this.cyclesPerMs;
    }
    return lag + aheadMs * this.cyclesPerMs;
  }

  private reschedule(due: number): void {
    const shortfall = this.cyclesPerMs === Infinity ? 0 : minSliceMs * this.cyclesPerMs - due;
    if (shortfall <= 0) this.immediate = setImmediate(() => this.tick());
    else this.timer = setTimeout(() => this.tick(), Math.max(1, Math.ceil(shortfall / this.cyclesPerMs)));
  }

  private cancel(): void {
    clearImmediate(this.immediate);
    clearTimeout(this.timer);
    this.immediate = undefined;
    this.timer = undefined;
  }
}
