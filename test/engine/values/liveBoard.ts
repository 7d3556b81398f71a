// Test fixture for values and expressions: the simulated STM32F030 under real OpenOCD 0.12 with a
// GDB port (GDB is the oracle, never used by src/), the firmware's Program, and batched reads.
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { Program } from '../../../src/engine/program';
import type { MemoryRange, MemoryReadResult, RegisterValues } from '../../../src/engine/target';
import { OpenocdCommands, OpenocdProcess, TclClient } from '../../../src/openocd';
import { firmwareElf, type OptimizationLevel } from '../../helpers/firmware';
import { startOpenocdForSim, startSim, type InProcessSim } from '../../sim/startSim';

const CORE_REGISTERS = ['r0', 'r1', 'r2', 'r3', 'r4', 'r5', 'r6', 'r7', 'r8', 'r9', 'r10', 'r11', 'r12', 'sp', 'lr', 'pc', 'xPSR'];

/** A halted board for one optimisation level. Close it in `after`. */
export class LiveBoard {
  /** Target.readMemory calls made (each is ONE Tcl round trip: OpenocdCommands.snapshot). */
  readMemoryCalls = 0;

  private constructor(
    readonly program: Program,
    readonly elfPath: string,
    readonly commands: OpenocdCommands,
    private readonly gdbPort: number,
    private readonly parts: { sim: InProcessSim; openocd: OpenocdProcess; tcl: TclClient },
  ) {}

  static async start(level: OptimizationLevel): Promise<LiveBoard> {
    const elfPath = firmwareElf(level);
    const sim = await startSim({ firmwarePath: elfPath, cyclesPerSecond: 8_000_000 });
    let openocd: OpenocdProcess | undefined;
    let tcl: TclClient | undefined;
    try {
      openocd = await startOpenocdForSim(sim.port, { gdbPort: 'auto' });
      tcl = new TclClient({ port: openocd.tclPort, timeoutMs: 20_000 });
      await tcl.connect();
      const commands = new OpenocdCommands(tcl);
      await commands.halt();
      return new LiveBoard(Program.fromElf(readFileSync(elfPath)), elfPath, commands, openocd.ports.gdb!, { sim, openocd, tcl });
    } catch (error) {
      await tcl?.disconnect().catch(() => undefined);
      await openocd?.stop();
      await sim.stop();
      throw error;
    }
  }

  /** Runs to `address` with a hardware breakpoint (removed again); the core is halted there. */
  async runTo(address: number): Promise<void> {
    await this.commands.addBreakpoint(address, 2, { hardware: true });
    await this.commands.resume();
    if (!(await this.commands.waitHalt(20_000))) throw new Error(`the target did not reach 0x${address.toString(16)}`);
    await this.commands.removeBreakpoint(address);
  }

  /** The part of the Target port values and the unwinder read through. */
  readonly target = {
    readRegisters: (names?: readonly string[]): Promise<RegisterValues> => this.commands.getRegisters(names ?? CORE_REGISTERS),
    readMemory: async (ranges: readonly MemoryRange[]): Promise<MemoryReadResult[]> => {
      this.readMemoryCalls++;
      const { memory } = await this.commands.snapshot(['pc'], ranges.map((r) => ({ address: r.address, byteLength: r.byteLength })));
      return memory.map((m) => (m instanceof Uint8Array ? m : { error: m.message }));
    },
  };

  /** GDB attached to this OpenOCD runs `commands` (stderr merged, so errors stay in order). */
  gdb(commands: readonly string[]): Promise<string> {
    const args = ['-batch', '-nx', '-ex', 'set width 0', '-ex', 'set height 0', '-ex', 'set confirm off',
      '-ex', `target extended-remote 127.0.0.1:${this.gdbPort}`];
    for (const command of commands) args.push('-ex', command);
    args.push('-ex', 'disconnect', this.elfPath);
    return new Promise((resolve, reject) => {
      execFile('sh', ['-c', 'exec gdb-multiarch "$@" 2>&1', 'sh', ...args], { timeout: 120_000, maxBuffer: 16 << 20 }, (error, stdout) => {
        if (error) reject(new Error(`gdb failed: ${error.message}\n${stdout}`));
        else resolve(stdout);
      });
    });
  }

  /** GDB's answer to each `print EXPR`: the text after `$N = `, or its error message. */
  async gdbPrints(expressions: readonly string[]): Promise<string[]> {
    const commands = expressions.flatMap((expression, k) => [`echo @@${k}\\n`, `print ${expression}`]);
    commands.push(`echo @@${expressions.length}\\n`);
    const output = await this.gdb(commands);
    return expressions.map((_, k) => {
      const start = output.indexOf(`@@${k}\n`) + `@@${k}\n`.length;
      return output.slice(start, output.indexOf(`@@${k + 1}\n`)).trim().replace(/^\$\d+ = /, '');
    });
  }

  async close(): Promise<void> {
    await this.parts.tcl.disconnect().catch(() => undefined);
    await this.parts.openocd.stop();
    await this.parts.sim.stop();
  }
}
