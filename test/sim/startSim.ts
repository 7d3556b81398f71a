// Starts a simulated board (the STM32F030, the dual-core board or the RISC-V one) with its link for tests and the
// CLI: in this process, or as a child process running main.ts. It owns board choice, firmware-file
// loading and process lifetime, no behaviour.
import { spawn } from 'node:child_process';
import { createWriteStream, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as readline from 'node:readline';
import { Deferred, UserError, withTimeout } from '../../src/common';
import { OpenocdProcess, type OpenocdProcessOptions } from '../../src/openocd';
import { DualM0Board, segmentsFromBin, segmentsFromElf, Stm32f030Board, type FirmwareSegment } from './board';
import type { SimBoard } from './ports';
import { RiscvBoard } from './riscv/riscvBoard';
import { Simulator } from './simulator';

/** The boards the simulator offers (main.ts's --board). */
export const boardKinds = ['stm32f030', 'dual-m0', 'rv32'] as const;
export type BoardKind = (typeof boardKinds)[number];

/** The target configuration (in simOpenocdDir) OpenOCD uses for each board. */
const targetConfigs: Readonly<Record<BoardKind, string>> = {
  stm32f030: 'target/sim-stm32f030.cfg',
  'dual-m0': 'target/sim-dual-m0.cfg',
  rv32: 'target/sim-rv32.cfg',
};

/** What to preload and where to listen; the same options as main.ts's command line. */
export interface StartSimOptions {
  /** Which board to simulate; the STM32F030 by default. */
  readonly board?: BoardKind;
  /** remote_bitbang TCP port; 0 (the default) picks a free one. */
  readonly port?: number;
  /** An ELF (its load segments) or a raw .bin (programmed at 0x08000000) to preload in flash. */
  readonly firmwarePath?: string;
  /** File that receives every byte USART1 transmits (appended). */
  readonly uartPath?: string;
  /** Virtual core cycles per wall-clock second (Simulator's pacing). */
  readonly cyclesPerSecond?: number;
  /** Link events (connections, protocol errors). */
  readonly log?: (line: string) => void;
}

/** A started simulator; `stop()` ends it (and its process, for a child). */
export interface RunningSim {
  readonly port: number;
  stop(): Promise<void>;
}

/** A simulator in this process, with its board reachable for tests. */
export interface InProcessSim<B extends SimBoard = Stm32f030Board> extends RunningSim {
  readonly board: B;
  readonly simulator: Simulator;
}

/** The line main.ts prints once it listens; startSimProcess waits for it. */
export const listeningLinePattern = /^remote_bitbang listening on 127\.0\.0\.1:(\d+)$/m;

const elfMagic = [0x7f, 0x45, 0x4c, 0x46];

/** Preloads a firmware file: ELF by its magic number, otherwise a file named *.bin. */
export function loadFirmwareFile(board: { loadFirmware(segments: readonly FirmwareSegment[]): void }, path: string): void {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(path);
  } catch (error) {
    throw new UserError(`cannot read firmware file ${path}: ${(error as Error).message}`);
  }
  if (elfMagic.every((byte, i) => bytes[i] === byte)) board.loadFirmware(segmentsFromElf(bytes));
  else if (path.toLowerCase().endsWith('.bin')) board.loadFirmware(segmentsFromBin(bytes));
  else throw new UserError(`firmware file ${path} is neither an ELF file nor a .bin image`);
}

/** A new board and its simulator in this process (the STM32F030 unless `options.board` says otherwise). */
export function startSim(options: StartSimOptions & { board: 'dual-m0' }): Promise<InProcessSim<DualM0Board>>;
export function startSim(options: StartSimOptions & { board: 'rv32' }): Promise<InProcessSim<RiscvBoard>>;
export function startSim(options: StartSimOptions & { board: BoardKind }): Promise<InProcessSim<Stm32f030Board | DualM0Board | RiscvBoard>>;
export function startSim(options?: StartSimOptions & { board?: 'stm32f030' }): Promise<InProcessSim>;
export async function startSim(options: StartSimOptions = {}): Promise<InProcessSim<Stm32f030Board | DualM0Board | RiscvBoard>> {
  const board = options.board === 'dual-m0' ? new DualM0Board() : options.board === 'rv32' ? new RiscvBoard() : new Stm32f030Board();
  if (options.firmwarePath !== undefined) loadFirmwareFile(board, options.firmwarePath);
  const simulator = await Simulator.start(board, options);
  // The board first runs in a later event-loop turn, so no byte is sent before this subscription.
  const uart = options.uartPath === undefined ? undefined : createWriteStream(options.uartPath, { flags: 'a' });
  const uartSubscription = uart && board.uartTx.on((byte) => uart.write(Uint8Array.of(byte)));
  return {
    board,
    simulator,
    port: simulator.port,
    stop: async () => {
      await simulator.close();
      uartSubscription?.dispose();
      if (uart) {
        const ended = new Deferred<void>();
        uart.end(() => ended.resolve());
        await ended.promise;
      }
    },
  };
}

/** The OpenOCD config directory of the simulated board (interface/ and target/). */
export const simOpenocdDir = join(__dirname, 'openocd');

/** The target configuration file of `board`, relative to `simOpenocdDir`. */
export function simTargetConfig(board: BoardKind = 'stm32f030'): string {
  return targetConfigs[board];
}

/** OpenOCD commands that connect to a simulator on `port` (with `simOpenocdDir` as a search dir). */
export function simOpenocdCommands(port: number, board: BoardKind = 'stm32f030'): string[] {
  return [`set SIM_PORT ${port}`, 'source [find interface/sim-remote-bitbang.cfg]', `source [find ${simTargetConfig(board)}]`];
}

/** Real OpenOCD connected to a simulator of `board` on `port`, with the simulator's interface and target files. */
export function startOpenocdForSim(port: number, options: OpenocdProcessOptions = {}, board: BoardKind = 'stm32f030'): Promise<OpenocdProcess> {
  return OpenocdProcess.start({
    ...options,
    searchDirs: [simOpenocdDir, ...(options.searchDirs ?? [])],
    commands: [...simOpenocdCommands(port, board), ...(options.commands ?? [])],
  });
}

/** Arguments of main.ts for these options. */
function cliArguments(options: StartSimOptions): string[] {
  const args = ['--port', String(options.port ?? 0), '--exit-with-stdin'];
  if (options.board !== undefined) args.push('--board', options.board);
  if (options.firmwarePath !== undefined) args.push('--firmware', options.firmwarePath);
  if (options.uartPath !== undefined) args.push('--uart', options.uartPath);
  if (options.cyclesPerSecond !== undefined) args.push('--speed', String(options.cyclesPerSecond));
  return args;
}

/**
 * main.ts as a child process (through tsx). Resolves once it listens; rejects with its output if
 * it exits first or does not listen within `startTimeoutMs`. It also exits when we do (its stdin).
 */
export async function startSimProcess(
  options: StartSimOptions = {},
  startTimeoutMs = 30_000,
): Promise<RunningSim & { output: string[]; exited: Promise<number | null> }> {
  const root = join(__dirname, '..', '..');
  const child = spawn(process.execPath, ['--import', 'tsx', join(__dirname, 'main.ts'), ...cliArguments(options)], {
    cwd: root,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  const exited = new Deferred<number | null>();
  child.once('exit', (code) => exited.resolve(code));
  const listening = new Deferred<number>();
  for (const stream of [child.stdout, child.stderr]) {
    readline.createInterface({ input: stream }).on('line', (line) => {
      output.push(line);
      options.log?.(line);
      const match = listeningLinePattern.exec(line);
      if (match) listening.resolve(Number(match[1]));
    });
  }
  exited.promise.then((code) => listening.reject(new Error(`sim exited (code ${code}) before listening:\n${output.join('\n')}`)));
  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await withTimeout(exited.promise, 10_000, () => new Error('sim did not exit within 10 s of SIGTERM')).catch((error) => {
      child.kill('SIGKILL');
      throw error;
    });
  };
  try {
    const port = await withTimeout(listening.promise, startTimeoutMs, () => new Error(`sim did not listen within ${startTimeoutMs} ms:\n${output.join('\n')}`));
    return { port, output, stop, exited: exited.promise };
  } catch (error) {
    await stop().catch(() => undefined);
    throw error;
  }
}
