// Test fixture: the simulated STM32F030 under real OpenOCD 0.12 (with a GDB port, so GDB can be
// asked as an oracle), and a minimal Target over OpenocdCommands + OpenOCD's notifications for the
// engine's stack and stepping code. Tests only; the product's Target is src/engine's OpenocdTarget.
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { TypedEvent } from '../../../src/common';
import { Program } from '../../../src/engine/program';
import type { BreakpointKind, MemoryRange, MemoryReadResult, RegisterValues, TargetStop } from '../../../src/engine/target';
import { OpenocdCommands, OpenocdProcess, TclClient, TclNotifications } from '../../../src/openocd';
import { firmwareElf, type OptimizationLevel } from '../../helpers/firmware';
import { startOpenocdForSim, startSim, type InProcessSim } from '../../sim/startSim';

const CORE_REGISTERS = ['r0', 'r1', 'r2', 'r3', 'r4', 'r5', 'r6', 'r7', 'r8', 'r9', 'r10', 'r11', 'r12', 'sp', 'lr', 'pc', 'xPSR', 'msp', 'psp'];

/** The part of the Target port the engine's stack and stepping code use, over OpenocdCommands. */
export class CommandsTarget {
  readonly stopped = new TypedEvent<TargetStop>();
  readonly resumed = new TypedEvent<void>();
  /** Round trips made through this target (for checking that a step over skips a callee). */
  stepCount = 0;
  private running = false;

  constructor(readonly commands: OpenocdCommands, notifications: TclNotifications) {
    notifications.targetEvent.on((event) => {
      if (event !== 'halted' || !this.running) return;
      this.running = false;
      void this.stopAt('breakpoint').then((stop) => this.stopped.emit(stop));
    });
  }

  async halt(): Promise<TargetStop> {
    const stop = this.stopped.next();
    await this.commands.halt();
    if (!this.running) return this.stopAt('pause');
    return stop;
  }

  async resume(address?: number): Promise<void> {
    this.running = true;
    this.resumed.emit();
    await this.commands.resume(address);
  }

  async stepInstruction(): Promise<TargetStop> {
    this.stepCount++;
    await this.commands.step();
    return this.stopAt('step');
  }

  async readRegisters(names?: readonly string[]): Promise<RegisterValues> {
    return this.commands.getRegisters(names ?? CORE_REGISTERS);
  }

  async readMemory(ranges: readonly MemoryRange[]): Promise<MemoryReadResult[]> {
    return Promise.all(ranges.map((range) => this.commands.readBytes(range.address, range.byteLength).catch((error: Error) => ({ error: error.message }))));
  }

  async addBreakpoint(address: number, kind: BreakpointKind): Promise<'hardware' | 'software'> {
    const hardware = kind !== 'software' && address < 0x20000000;
    await this.commands.addBreakpoint(address, 2, { hardware });
    return hardware ? 'hardware' : 'software';
  }

  async removeBreakpoint(address: number): Promise<void> {
    await this.commands.removeBreakpoint(address);
  }

  private async stopAt(reason: TargetStop['reason']): Promise<TargetStop> {
    const pc = Number(await this.commands.reg('pc'));
    return { target: 'stm32f0x.cpu', reason, pc } as TargetStop;
  }
}

/** A running board + OpenOCD + Tcl connections, and the firmware's Program. Close in `after`. */
export class LiveTarget {
  private constructor(
    readonly program: Program,
    readonly elfPath: string,
    readonly target: CommandsTarget,
    readonly gdbPort: number,
    private readonly parts: { sim: InProcessSim; openocd: OpenocdProcess; tcl: TclClient; notifications: TclNotifications },
  ) {}

  static async start(level: OptimizationLevel): Promise<LiveTarget> {
    const elfPath = firmwareElf(level);
    const sim = await startSim({ firmwarePath: elfPath, cyclesPerSecond: 8_000_000 });
    let openocd: OpenocdProcess | undefined;
    let tcl: TclClient | undefined;
    let notifications: TclNotifications | undefined;
    try {
      openocd = await startOpenocdForSim(sim.port, { gdbPort: 'auto' });
      tcl = new TclClient({ port: openocd.tclPort, timeoutMs: 20_000 });
      await tcl.connect();
      notifications = new TclNotifications({ port: openocd.tclPort });
      await notifications.connect();
      const commands = new OpenocdCommands(tcl);
      const target = new CommandsTarget(commands, notifications);
      return new LiveTarget(Program.fromElf(readFileSync(elfPath)), elfPath, target, openocd.ports.gdb!, { sim, openocd, tcl, notifications });
    } catch (error) {
      await notifications?.disconnect().catch(() => undefined);
      await tcl?.disconnect().catch(() => undefined);
      await openocd?.stop();
      await sim.stop();
      throw error;
    }
  }

  get commands(): OpenocdCommands {
    return this.target.commands;
  }

  /** Plants a hardware breakpoint, resumes, waits for the halt, removes it; returns the PC. */
  async runTo(address: number): Promise<number> {
    await this.commands.addBreakpoint(address, 2, { hardware: true });
    const stop = this.target.stopped.next();
    await this.target.resume();
    const { pc } = await stop;
    await this.commands.removeBreakpoint(address);
    return pc;
  }

  /** GDB (oracle only) attached to this OpenOCD's GDB port runs `commands` on the halted target. */
  gdb(commands: readonly string[]): Promise<string> {
    const args = ['-batch', '-nx', '-ex', 'set width 0', '-ex', 'set height 0', '-ex', 'set confirm off',
      '-ex', `target extended-remote 127.0.0.1:${this.gdbPort}`];
    for (const command of commands) args.push('-ex', command);
    args.push('-ex', 'disconnect', this.elfPath);
    return new Promise((resolve, reject) => {
      execFile('gdb-multiarch', args, { timeout: 60_000, maxBuffer: 16 << 20 }, (error, stdout, stderr) => {
        if (error) reject(new Error(`gdb failed: ${error.message}\n${stderr}`));
        else resolve(`${stdout}${stderr}`);
      });
    });
  }

  async close(): Promise<void> {
    await this.parts.notifications.disconnect().catch(() => undefined);
    await this.parts.tcl.disconnect().catch(() => undefined);
    await this.parts.openocd.stop();
    await this.parts.sim.stop();
  }
}

/** One frame of GDB's `bt` (signal frames included as `<signal handler called>`). */
export interface GdbFrame {
  readonly level: number;
  readonly function: string;
  readonly pc: number | undefined;
  readonly file: string | undefined;
  readonly line: number | undefined;
}

/**
 * Parses the first `bt` of `output`: `#N  [0xADDR in ]func (args) at file:line` and
 * `#N  <signal handler called>`; it ends where the levels stop increasing (later `frame N` lines).
 */
export function parseBacktrace(output: string): GdbFrame[] {
  const frames: GdbFrame[] = [];
  for (const match of output.matchAll(/^#(\d+)\s+(?:(0x[0-9a-f]+) in )?(<signal handler called>|[\w.]+)(?: \(.*?\))?(?: at ([^:\s]+):(\d+))?/gm)) {
    if (frames.length > 0 && Number(match[1]) !== frames.length) break;
    frames.push({ level: Number(match[1]), pc: match[2] === undefined ? undefined : Number(match[2]), function: match[3], file: match[4], line: match[5] === undefined ? undefined : Number(match[5]) });
  }
  return frames;
}

/** The CFA ("frame at 0x...") of each frame level GDB reports with `info frame`. */
export function parseFrameAddresses(output: string): Map<number, number> {
  const found = new Map<number, number>();
  for (const match of output.matchAll(/^Stack level (\d+), frame at (0x[0-9a-f]+):/gm)) found.set(Number(match[1]), Number(match[2]));
  return found;
}
