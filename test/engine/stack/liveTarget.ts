// Test fixture of the engine's live tests (stack, stepping, values): the simulated STM32F030 under
// real OpenOCD 0.12 (with a GDB port, so GDB can be asked as an oracle), driven by the engine's
// Debugger facade (OpenocdTarget, BreakpointManager, StopCache) as the adapter drives it. Tests only.
import { readFileSync } from 'node:fs';
import { Debugger, DebugThread, type DebuggerStoppedEvent, type Target } from '../../../src/engine';
import { Program } from '../../../src/engine/program';
import { StackUnwinder } from '../../../src/engine/stack';
import { revealedInlineFrames } from '../../../src/engine/stepping';
import { firmwareElf, type OptimizationLevel } from '../../helpers/firmware';
import { gdbOnOpenocd, gdbPrints } from '../../helpers/gdbOnOpenocd';
import { EngineSession } from '../engineSession';

/** A running board + OpenOCD + the engine's Debugger, and the firmware's Program. Close in `after`. */
export class LiveTarget {
  private constructor(
    readonly program: Program,
    readonly elfPath: string,
    private readonly engine: EngineSession,
  ) {}

  /** Starts board, OpenOCD (GDB port open) and Debugger through EngineSession. */
  static async start(level: OptimizationLevel): Promise<LiveTarget> {
    const elfPath = firmwareElf(level);
    const program = Program.fromElf(readFileSync(elfPath));
    return new LiveTarget(program, elfPath, await EngineSession.start(level, [], 'auto'));
  }

  /** The engine's Debugger facade, as the adapter drives it. */
  get session(): Debugger {
    return this.engine.debug;
  }

  /** The board's only target (thread 1). */
  get thread(): DebugThread {
    return this.session.thread(1);
  }

  /** Thread 1's Target port (reads and writes through OpenOCD, no cache). */
  get target(): Target {
    return this.thread.target;
  }

  /** An unwinder over the current stop's cache, as the adapter builds one per stop. */
  unwinder(): StackUnwinder {
    return new StackUnwinder(this.program, this.thread.cache().frameMemory(), {
      architecture: this.thread.target.architecture,
      revealInlined: revealedInlineFrames(this.thread.stop),
    });
  }

  /** Halts the target if it runs (GDB may leave it running) and resolves once halted. */
  async halt(): Promise<void> {
    if (this.thread.isHalted && (await this.thread.target.state()) === 'halted') return;
    await this.thread.target.halt();
  }

  /** Halts if needed, then runs to `address` through a temporary breakpoint; returns the PC. */
  async runTo(address: number): Promise<number> {
    await this.halt();
    const breakpoint = await this.thread.breakpoints.addTemporary(address);
    try {
      return (await this.thread.resumeUntilStop()).pc;
    } finally {
      await breakpoint.remove();
    }
  }

  /** The next `stopped` event of the Debugger. */
  nextStop(): Promise<DebuggerStoppedEvent> {
    return this.session.stopped.next();
  }

  /** GDB (oracle only) attached to this OpenOCD's GDB port runs `commands` (stderr merged, so errors stay in order). */
  gdb(commands: readonly string[]): Promise<string> {
    return gdbOnOpenocd({ ...this.gdbTarget, commands });
  }

  /** GDB's answer to each `print EXPR`: the text after `$N = `, or its error message. */
  gdbPrints(expressions: readonly string[]): Promise<string[]> {
    return gdbPrints(this.gdbTarget, expressions);
  }

  private get gdbTarget(): { gdbPort: number | undefined; elfPath: string } {
    return { gdbPort: this.engine.openocd.ports.gdb, elfPath: this.elfPath };
  }

  close(): Promise<void> {
    return this.engine.close();
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
