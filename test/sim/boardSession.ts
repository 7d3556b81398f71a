// End-to-end fixture for the board's OpenOCD tests: an Stm32f030Board behind the simulator's
// remote_bitbang link, real OpenOCD 0.12 with the simulator's config, and a Tcl client. It owns
// starting and stopping all three; it adds no behaviour to any of them.
import { readFileSync } from 'node:fs';
import { ElfFile } from '../../src/elf';
import { OpenocdCommands, TclClient, type OpenocdProcess } from '../../src/openocd';
import { firmwareElf, type OptimizationLevel } from '../helpers/firmware';
import type { Stm32f030Board } from './board';
import { startOpenocdForSim, startSim, type InProcessSim } from './startSim';

export interface BoardSessionOptions {
  /** Firmware preloaded in flash; 'blank' leaves flash erased (the core locks up at power-on). */
  readonly firmware: OptimizationLevel | 'blank';
  /** Virtual core cycles per wall-clock second (the simulator's pacing). */
  readonly cyclesPerSecond?: number;
}

/** A board debugged by a real OpenOCD. Close it in an `after` hook. */
export class BoardSession {
  /** Every line OpenOCD printed, in order. */
  readonly log: string[] = [];
  private readonly logListeners = new Set<() => void>();
  private tcl!: TclClient;
  /** OpenOCD's typed commands (src/openocd) over this session's Tcl connection. */
  commands!: OpenocdCommands;
  private openocd: OpenocdProcess | undefined;
  private sim: InProcessSim | undefined;
  /** The firmware's ELF, when one was loaded. */
  elf: ElfFile | undefined;

  private constructor(private readonly firmwarePath: string | undefined) {
    if (firmwarePath !== undefined) this.elf = ElfFile.parse(readFileSync(firmwarePath));
  }

  /** The board under test (its state can be inspected and changed directly). */
  get board(): Stm32f030Board {
    return this.sim!.board;
  }

  static async start(options: BoardSessionOptions): Promise<BoardSession> {
    const session = new BoardSession(options.firmware === 'blank' ? undefined : firmwareElf(options.firmware));
    try {
      session.sim = await startSim({ firmwarePath: session.firmwarePath, cyclesPerSecond: options.cyclesPerSecond ?? 8_000_000 });
      session.openocd = await startOpenocdForSim(session.sim.port, {
        onLog: (line) => {
          session.log.push(line);
          for (const listener of session.logListeners) listener();
        },
      });
      session.tcl = new TclClient({ port: session.openocd.tclPort, timeoutMs: 20_000 });
      await session.tcl.connect();
      session.commands = new OpenocdCommands(session.tcl);
    } catch (error) {
      await session.close();
      throw error;
    }
    return session;
  }

  /** Runs a Tcl command and returns its result; throws TclCommandError when it fails. */
  async cmd(script: string): Promise<string> {
    return (await this.tcl.cmd(script)).out.trim();
  }

  /** A core register as OpenOCD reads it from the target (`reg NAME force`). */
  async reg(name: string): Promise<number> {
    return Number(await this.commands.reg(name, { force: true }));
  }

  /** A 32-bit word read by OpenOCD through the AP. */
  async readWord(address: number): Promise<number> {
    const [value] = await this.commands.readMemory(address, 32, 1);
    return Number(value);
  }

  /** The address of a firmware symbol (Thumb bit cleared). */
  symbol(name: string): number {
    const found = this.elf?.symbolByName(name);
    if (!found) throw new Error(`no symbol ${name} in the firmware`);
    return found.address;
  }

  /** Resumes and waits for the next halt; returns OpenOCD's "halted due to X" reason. */
  async resumeUntilHalt(timeoutMs = 10_000): Promise<string> {
    const from = this.log.length;
    await this.commands.resume();
    if (!(await this.commands.waitHalt(timeoutMs))) throw new Error(`the target did not halt within ${timeoutMs} ms`);
    return this.haltReasonSince(from, timeoutMs);
  }

  /** Waits until OpenOCD has logged a "halted due to X" line after log index `from`. */
  async haltReasonSince(from: number, timeoutMs = 10_000): Promise<string> {
    const line = await this.waitForLog(/halted due to ([\w-]+)/, from, timeoutMs);
    return /halted due to ([\w-]+)/.exec(line)![1];
  }

  /** Resolves with the first log line after index `from` matching `pattern` (event-driven). */
  waitForLog(pattern: RegExp, from: number, timeoutMs = 10_000): Promise<string> {
    return new Promise((resolve, reject) => {
      const check = (): boolean => {
        const line = this.log.slice(from).find((l) => pattern.test(l));
        if (line === undefined) return false;
        clearTimeout(timer);
        this.logListeners.delete(listener);
        resolve(line);
        return true;
      };
      const listener = (): void => void check();
      const timer = setTimeout(() => {
        this.logListeners.delete(listener);
        reject(new Error(`OpenOCD did not log ${pattern} within ${timeoutMs} ms; last lines:\n${this.log.slice(-10).join('\n')}`));
      }, timeoutMs);
      this.logListeners.add(listener);
      check();
    });
  }

  /** Re-checks `condition` (e.g. a Tcl read) until it holds; rejects after `timeoutMs`. */
  async waitFor(condition: () => Promise<boolean>, what: string, timeoutMs = 10_000): Promise<void> {
    const deadline = performance.now() + timeoutMs;
    while (!(await condition())) {
      if (performance.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    }
  }

  /** Resolves once USART1 has transmitted `text` (from now on). */
  uartText(text: string, timeoutMs = 10_000): Promise<string> {
    let received = '';
    return this.board.uartTx
      .next((byte) => {
        received += String.fromCharCode(byte);
        return received.includes(text);
      }, AbortSignal.timeout(timeoutMs))
      .then(() => received);
  }

  async close(): Promise<void> {
    await this.tcl?.disconnect().catch(() => undefined);
    await this.openocd?.stop();
    await this.sim?.stop();
  }
}
