// Fixture of the DAP scenarios: the simulated STM32F030 (or the dual-core or RISC-V board), the adapter's session served in this
// process on a loopback port, and a DebugClient talking DAP to it. It owns starting and stopping
// all of them (OpenOCD itself is started by the adapter, as a user's launch does).
import { readFileSync } from 'node:fs';
import * as net from 'node:net';
import { DebugClient } from '@vscode/debugadapter-testsupport';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { Deferred } from '../../src/common';
import { CUSTOM_EVENTS, dapServer, type OpenocdDebugSession, type OpenocdLogEventBody } from '../../src/adapter';
import { ElfFile } from '../../src/elf';
import { firmwareDir, firmwareElf, riscvBoardElf, type OptimizationLevel } from '../helpers/firmware';
import type { DualM0Board, Stm32f030Board } from '../sim/board';
import type { RiscvBoard } from '../sim/riscv/riscvBoard';
import { simOpenocdCommands, simOpenocdDir, startSim, type BoardKind, type InProcessSim } from '../sim/startSim';

/** DAP requests wait on a simulated board: generous, so a slow shared machine does not fail them. */
const DAP_TIMEOUT_MS = 30_000;
/**
 * Bound on each scenario suite: DebugClient has no request timeouts when it talks to an in-process
 * server, so a missing response or event fails the suite instead of hanging the run.
 */
export const E2E_TIMEOUT_MS = 120_000;

/** The launch.json a user of the simulated board writes (what `npm run demo` puts in the workspace). */
export function simLaunchConfig(simPort: number, elfPath: string, extra: Record<string, unknown> = {}, board: BoardKind = 'stm32f030'): Record<string, unknown> {
  return {
    type: 'openocd',
    request: 'launch',
    name: 'sim',
    cwd: firmwareDir,
    executable: elfPath,
    searchDir: [simOpenocdDir],
    openocdCommands: simOpenocdCommands(simPort, board),
    ...extra,
  };
}

export class DapSession<B extends Stm32f030Board | DualM0Board | RiscvBoard = Stm32f030Board> {
  /** Every output event, by category ('console', 'stderr', 'openocd' with openocdLogInConsole...). */
  readonly output: { category: string; text: string }[] = [];
  /** Every line of OpenOCD's log, from the `openocd.log` events (the extension's OpenOCD channel). */
  readonly openocdLog: OpenocdLogEventBody[] = [];
  /** Every progress event, in order. */
  readonly progress: { kind: 'progressStart' | 'progressUpdate' | 'progressEnd'; message: string | undefined }[] = [];
  /** Every percentage a progress event carried, in order. */
  readonly percentages: number[] = [];
  readonly elf: ElfFile;
  private constructor(
    /** The session objects the server created (one per client connection). */
    readonly sessions: readonly OpenocdDebugSession[],
    readonly sim: InProcessSim<B>,
    readonly client: DebugClient,
    private readonly server: net.Server,
    readonly elfPath: string,
    readonly boardKind: BoardKind,
  ) {
    this.elf = ElfFile.parse(readFileSync(elfPath));
    client.on('output', (event: DebugProtocol.OutputEvent) => this.output.push({ category: event.body.category ?? 'console', text: event.body.output }));
    client.on(CUSTOM_EVENTS.openocdLog, (event: DebugProtocol.Event) => this.openocdLog.push(event.body as OpenocdLogEventBody));
    for (const kind of ['progressStart', 'progressUpdate', 'progressEnd'] as const) {
      client.on(kind, (event: DebugProtocol.Event) => {
        const body = event.body as { message?: string; percentage?: number };
        this.progress.push({ kind, message: body.message });
        if (body.percentage !== undefined) this.percentages.push(body.percentage);
      });
    }
  }

  /**
   * A blank board (the launch programs it, unless `preload`) and a connected DAP client; the board
   * runs 8M cycles per second unless `cyclesPerSecond` says otherwise (a benchmark runs it at 48 MHz).
   */
  static async start(level: OptimizationLevel, options: { preload?: boolean; cyclesPerSecond?: number; elfPath?: string } = {}): Promise<DapSession> {
    const elfPath = options.elfPath ?? firmwareElf(level);
    const sim = await startSim({ firmwarePath: options.preload ? elfPath : undefined, cyclesPerSecond: options.cyclesPerSecond ?? 8_000_000 });
    return DapSession.serve(sim, elfPath, 'stm32f030');
  }

  /** The dual-core board (two targets, `dual.cpu0` and `dual.cpu1`), blank unless `preload`, with `elfPath` to launch (dualCoreElf()). */
  static async startDual(elfPath: string, options: { preload?: boolean } = {}): Promise<DapSession<DualM0Board>> {
    const sim = await startSim({ board: 'dual-m0', firmwarePath: options.preload ? elfPath : undefined, cyclesPerSecond: 8_000_000 });
    return DapSession.serve(sim, elfPath, 'dual-m0');
  }

  /**
   * The RISC-V board (target/sim-rv32.cfg: the stock gd32vf103.cfg), blank (or, with `preload`, with
   * the program already in flash), with the board program at `level` (or `elfPath`) to launch.
   */
  static async startRv32(level: OptimizationLevel, options: { elfPath?: string; preload?: boolean } = {}): Promise<DapSession<RiscvBoard>> {
    const elfPath = options.elfPath ?? riscvBoardElf(level);
    const sim = await startSim({ board: 'rv32', firmwarePath: options.preload ? elfPath : undefined, cyclesPerSecond: 8_000_000 });
    return DapSession.serve(sim, elfPath, 'rv32');
  }

  /** A session on a board that is already running (e.g. one a previous session left programmed). */
  static onBoard(sim: InProcessSim, elfPath: string): Promise<DapSession> {
    return DapSession.serve(sim, elfPath, 'stm32f030');
  }

  /** Serves the adapter on a loopback port and connects a DebugClient to it. */
  private static async serve<B extends Stm32f030Board | DualM0Board | RiscvBoard>(sim: InProcessSim<B>, elfPath: string, board: BoardKind): Promise<DapSession<B>> {
    const sessions: OpenocdDebugSession[] = [];
    const server = dapServer((session) => sessions.push(session));
    const listening = new Deferred<number>();
    server.listen(0, '127.0.0.1', () => listening.resolve((server.address() as net.AddressInfo).port));
    const client = new DebugClient('node', 'unused', 'openocd');
    client.defaultTimeout = DAP_TIMEOUT_MS;
    await client.start(await listening.promise);
    return new DapSession(sessions, sim, client, server, elfPath, board);
  }

  /** The adapter's session object (for round-trip counting). */
  get session(): OpenocdDebugSession {
    return this.sessions[0];
  }

  /** initialize (as VS Code does: progress reporting on), launch, configurationDone; resolves with the first stopped event. */
  async launch(extra: Record<string, unknown> = {}): Promise<DebugProtocol.StoppedEvent> {
    const stopped = this.client.waitForEvent('stopped') as Promise<DebugProtocol.StoppedEvent>;
    const initialized = this.client.waitForEvent('initialized');
    await this.client.initializeRequest({ adapterID: 'openocd', linesStartAt1: true, columnsStartAt1: true, pathFormat: 'path', supportsProgressReporting: true });
    await this.client.launchRequest(simLaunchConfig(this.sim.port, this.elfPath, extra, this.boardKind) as DebugProtocol.LaunchRequestArguments);
    await initialized;
    await this.client.configurationDoneRequest();
    return stopped;
  }

  /** initialize, attach to the OpenOCD at `tclPort`, configurationDone; resolves with the stopped event of the attach's halt. */
  async attach(tclPort: number): Promise<DebugProtocol.StoppedEvent> {
    const stopped = this.client.waitForEvent('stopped') as Promise<DebugProtocol.StoppedEvent>;
    const initialized = this.client.waitForEvent('initialized');
    await this.client.initializeRequest({ adapterID: 'openocd', linesStartAt1: true, columnsStartAt1: true, pathFormat: 'path' });
    await this.client.attachRequest({ request: 'attach', executable: this.elfPath, tclPort } as DebugProtocol.AttachRequestArguments);
    await initialized;
    await this.client.configurationDoneRequest();
    return stopped;
  }

  /** The address of a firmware symbol (Thumb bit cleared). */
  symbol(name: string): number {
    const found = this.elf.symbolByName(name);
    if (!found) throw new Error(`no symbol ${name} in the firmware`);
    return found.address;
  }

  /** The top frames of thread 1. */
  async frames(levels = 20): Promise<DebugProtocol.StackFrame[]> {
    return (await this.client.stackTraceRequest({ threadId: 1, levels })).body.stackFrames;
  }

  /** A Tcl command through the debug console (the `>` prefix), its printed result. */
  async tcl(command: string): Promise<string> {
    return (await this.client.evaluateRequest({ expression: `> ${command}`, context: 'repl' })).body.result;
  }

  /**
   * Runs `echo NAME` as a console command and waits for its line in the openocd.log events: OpenOCD
   * logs in order on one stream, so every line printed before it has then arrived.
   */
  async logBarrier(name: string): Promise<void> {
    const seen = new Promise<void>((resolve) => {
      const listener = (event: DebugProtocol.Event): void => {
        if ((event.body as OpenocdLogEventBody).line !== name) return;
        this.client.off(CUSTOM_EVENTS.openocdLog, listener);
        resolve();
      };
      this.client.on(CUSTOM_EVENTS.openocdLog, listener);
    });
    await this.tcl(`echo ${name}`);
    await seen;
  }

  /** Disconnects (terminating the debuggee), then stops the server and the board (unless `keepBoard`, for a next session). */
  async close(options: { keepBoard?: boolean } = {}): Promise<void> {
    await this.client.disconnectRequest({ terminateDebuggee: true }).catch(() => undefined);
    await this.client.stop();
    const closed = new Deferred<void>();
    this.server.close(() => closed.resolve());
    for (const session of this.sessions) session.dispose();
    await closed.promise;
    if (!options.keepBoard) await this.sim.stop();
  }
}
