// A user's own OpenOCD beside a simulated board, for attach scenarios: started on the board's
// remote_bitbang port, with a Tcl client of the test's own that reads the firmware's counters
// while the adapter attaches, so the test can tell whether the target ran on or was reset.
import assert from 'node:assert/strict';
import { TclClient, type OpenocdProcess } from '../../src/openocd';
import { startOpenocdForSim, type BoardKind } from '../sim/startSim';

export class OwnOpenocd {
  private constructor(
    readonly process: OpenocdProcess,
    readonly tcl: TclClient,
  ) {}

  /** OpenOCD on the board at `simPort`, and a connected Tcl client. */
  static async start(simPort: number, board: BoardKind = 'stm32f030'): Promise<OwnOpenocd> {
    const process = await startOpenocdForSim(simPort, {}, board);
    const tcl = new TclClient({ port: process.tclPort, timeoutMs: 20_000 });
    await tcl.connect();
    return new OwnOpenocd(process, tcl);
  }

  /** The 32-bit word at `address`, read through this OpenOCD. */
  async word(address: number): Promise<number> {
    return Number((await this.tcl.cmd(`read_memory 0x${address.toString(16)} 32 1`)).out);
  }

  /** Reads `name` at `address` until it is at least `atLeast` (the firmware runs), and returns it. */
  async waitForWord(address: number, atLeast: number, name: string): Promise<number> {
    for (let reads = 0; ; reads++) {
      const value = await this.word(address);
      if (value >= atLeast) return value;
      assert.ok(reads < 1000, `${name} never reached ${atLeast}: the firmware does not run`);
    }
  }

  async stop(): Promise<void> {
    await this.tcl.disconnect();
    await this.process.stop();
  }
}
