// Fixture of the engine's end-to-end tests: the simulated STM32F030 with the test firmware, real
// OpenOCD 0.12, and a Debugger connected to its Tcl port. It owns starting and stopping all three.
import { readFileSync } from 'node:fs';
import { ElfFile } from '../../src/elf';
import { connectOpenocdDebugger, type Debugger, type DebuggerStoppedEvent } from '../../src/engine';
import type { OpenocdProcess } from '../../src/openocd';
import { firmwareElf, type OptimizationLevel } from '../helpers/firmware';
import { startOpenocdForSim, startSim, type InProcessSim } from '../sim/startSim';

export class EngineSession {
  private constructor(
    readonly sim: InProcessSim,
    readonly openocd: OpenocdProcess,
    readonly debug: Debugger,
    readonly elf: ElfFile,
  ) {}

  /**
   * `openocdCommands`: extra configuration commands (e.g. a second target); `gdbPort` 'auto' opens
   * OpenOCD's GDB port (for GDB as an oracle), closed by default.
   */
  static async start(firmware: OptimizationLevel, openocdCommands: readonly string[] = [], gdbPort: 'auto' | 'disabled' = 'disabled'): Promise<EngineSession> {
    const path = firmwareElf(firmware);
    const sim = await startSim({ firmwarePath: path, cyclesPerSecond: 8_000_000 });
    let openocd: OpenocdProcess | undefined;
    try {
      openocd = await startOpenocdForSim(sim.port, { commands: [...openocdCommands], gdbPort });
      const debug = await connectOpenocdDebugger({ port: openocd.tclPort, timeoutMs: 20_000 });
      return new EngineSession(sim, openocd, debug, ElfFile.parse(readFileSync(path)));
    } catch (error) {
      await openocd?.stop();
      await sim.stop();
      throw error;
    }
  }

  /** A firmware symbol's address (Thumb bit cleared). */
  symbol(name: string): number {
    const found = this.elf.symbolByName(name);
    if (!found) throw new Error(`no symbol ${name} in the firmware`);
    return found.address;
  }

  /** The next stopped event (rejects after `timeoutMs`, so a missing event fails instead of hanging). */
  nextStop(timeoutMs = 10_000): Promise<DebuggerStoppedEvent> {
    return this.debug.stopped.next(undefined, AbortSignal.timeout(timeoutMs));
  }

  /** A register as OpenOCD reads it from the core now (`reg NAME force`), as the oracle. */
  async openocdRegister(name: string): Promise<number> {
    const out = await this.debug.rawCommand(`reg ${name} force`);
    return Number(/0x[0-9a-f]+/i.exec(out)![0]);
  }

  async close(): Promise<void> {
    await this.debug.close().catch(() => undefined);
    await this.openocd.stop();
    await this.sim.stop();
  }
}
