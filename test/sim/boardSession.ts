// End-to-end fixture for the boards' OpenOCD tests: a simulated board (the STM32F030 or the
// dual-core board) behind the remote_bitbang link, real OpenOCD 0.12 with the simulator's config,
// and a Tcl client. It owns starting and stopping all three; it adds no behaviour to any of them.
import { readFileSync } from 'node:fs';
import { ElfFile } from '../../src/elf';
import { OpenocdCommands, TclClient, type OpenocdProcess } from '../../src/openocd';
import { firmwareElf, type OptimizationLevel } from '../helpers/firmware';
import type { DualM0Board, Stm32f030Board } from './board';
import type { SimBoard } from './ports';
import { type BoardKind, startOpenocdForSim, startSim, type InProcessSim } from './startSim';

export interface BoardSessionOptions {
  /** Firmware preloaded in flash; 'blank' leaves flash erased (the core locks up at power-on). */
  readonly firmware: OptimizationLevel | 'blank';
  /** Virtual core cycles per wall-clock second (the simulator's pacing). */
  readonly cyclesPerSecond?: number;
}

/** Boards under OpenOCD run at 8M virtual cycles per second unless a test asks otherwise. */
const DEFAULT_CYCLES_PER_SECOND = 8_000_000;

/** A board debugged by a real OpenOCD. Close it in an `after` hook. */
export class BoardSession<B extends SimBoard = Stm32f030Board> {
  /** Every line OpenOCD printed, in order. */
  readonly log: string[] = [];
  private readonly logListeners = new Set<() => void>();
  private tcl!: TclClient;
  /** OpenOCD's typed commands (src/openocd) over this session's Tcl connection. */
  commands!: OpenocdCommands;
  private openocd: OpenocdProcess | undefined;
  private sim: InProcessSim<B> | undefined;
  /** The firmware's ELF, when one was loaded. */
  elf: ElfFile | undefined;

  private constructor(firmwarePath: string | undefined) {
    if (firmwarePath !== undefined) this.elf = ElfFile.parse(readFileSync(firmwarePath));
  }

  /** The board under test (its state can be inspected and changed directly). */
  get board(): B {
    return this.sim!.board;
  }

  static start(options: BoardSessionOptions): Promise<BoardSession> {
    const firmwarePath = options.firmware === 'blank' ? undefined : firmwareElf(options.firmware);
    const cyclesPerSecond = options.cyclesPerSecond ?? DEFAULT_CYCLES_PER_SECOND;
    return BoardSession.launch('stm32f030', firmwarePath, () => startSim({ firmwarePath, cyclesPerSecond }));
  }

  /** The dual-core board with `elfPath` in flash, under target/sim-dual-m0.cfg (targets dual.cpu0, dual.cpu1). */
  static startDual(elfPath: string, cyclesPerSecond = DEFAULT_CYCLES_PER_SECOND): Promise<BoardSession<DualM0Board>> {
    return BoardSession.launch('dual-m0', elfPath, () => startSim({ board: 'dual-m0', firmwarePath: elfPath, cyclesPerSecond }));
  }

  private static async launch<B extends SimBoard>(
    kind: BoardKind,
    firmwarePath: string | undefined,
    startBoard: () => Promise<InProcessSim<B>>,
  ): Promise<BoardSession<B>> {
    const session = new BoardSession<B>(firmwarePath);
    try {
      session.sim = await startBoard();
      session.openocd = await startOpenocdForSim(session.sim.port, {
        onLog: (line) => {
          session.log.push(line);
          for (const listener of session.logListeners) listener();
        },
      }, kind);
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
