// Brings a session's back end up and down: starts OpenOCD (launch) or connects to a running one
// (attach), loads the ELF, programs and verifies it, and builds the engine's Debugger. Knows no DAP
// message types; it reports progress and OpenOCD's log through the callbacks it is given.
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { UserError } from '../common';
import { Debugger, Program, type MemoryRange } from '../engine';
import { OpenocdCommands, type FlashBank, OpenocdProcess, TclClient, TclNotifications, tclQuote, type OpenocdExit } from '../openocd';
import type { AttachSettings, LaunchSettings, SessionSettings } from './launchConfig';

/** Where the back end reports what it does. */
export interface BackendReporter {
  /** One line of OpenOCD's own log (launch only). */
  openocdLog(line: string): void;
  /** A progress message for the user (programming, verifying). */
  progress(message: string): void;
}

/** Tcl request timeout: long enough for a slow probe, short enough to notice a dead OpenOCD. */
const TCL_TIMEOUT_MS = 10_000;

/** A running back end: the program, the debugger and, for launch, the OpenOCD we started. */
export class SessionBackend {
  private closing: Promise<void> | undefined;

  private constructor(
    readonly settings: SessionSettings,
    readonly program: Program,
    readonly debug: Debugger,
    private readonly client: TclClient,
    private readonly notifications: TclNotifications,
    /** The OpenOCD process we started; undefined when attached. */
    readonly openocd: OpenocdProcess | undefined,
    /** The flash banks: variables there are read-only (setVariable refuses to write them). */
    readonly flashRanges: readonly MemoryRange[],
  ) {}

  /** Reads the ELF first (a bad file fails before OpenOCD starts), then starts and programs. */
  static async launch(settings: LaunchSettings, reporter: BackendReporter): Promise<SessionBackend> {
    const program = loadProgram(settings);
    if (settings.entry.kind === 'runTo' && program.resolveFunction(settings.entry.functionName).length === 0) {
      throw new UserError(`launch.json: "runToEntryPoint": no function named '${settings.entry.functionName}' in ${settings.executable}`);
    }
    const openocd = await OpenocdProcess.start({
      executable: settings.openocdPath,
      configFiles: settings.configFiles,
      searchDirs: settings.searchDirs,
      commands: settings.openocdCommands,
      tclPort: settings.tclPort ?? 'auto',
      onLog: (line) => reporter.openocdLog(line),
    });
    try {
      const { client, notifications } = await connect('127.0.0.1', openocd.ports.tcl);
      try {
        const banks = await probedFlashBanks(new OpenocdCommands(client));
        if (settings.load) await programImage(client, settings.executable, program, banks, reporter);
        const debug = await Debugger.create(client, notifications);
        return new SessionBackend(settings, program, debug, client, notifications, openocd, flashRanges(banks));
      } catch (error) {
        await notifications.disconnect();
        await client.disconnect();
        throw error;
      }
    } catch (error) {
      await openocd.stop();
      throw error;
    }
  }

  /** Connects to a running OpenOCD; the target is neither reset nor programmed. */
  static async attach(settings: AttachSettings): Promise<SessionBackend> {
    const program = loadProgram(settings);
    const { client, notifications } = await connect(settings.host, settings.tclPort).catch((error: Error) => {
      throw new UserError(`cannot attach to OpenOCD at ${settings.host}:${settings.tclPort} ("host", "tclPort"): ${error.message}`);
    });
    try {
      const banks = await probedFlashBanks(new OpenocdCommands(client));
      return new SessionBackend(settings, program, await Debugger.create(client, notifications), client, notifications, undefined, flashRanges(banks));
    } catch (error) {
      await notifications.disconnect();
      await client.disconnect();
      throw error;
    }
  }

  /** Resolves when the OpenOCD we started exits (never for attach). */
  get openocdExited(): Promise<OpenocdExit> | undefined {
    return this.openocd?.exited;
  }

  /** Stops listening, closes both connections and stops the OpenOCD we started. Every call waits for the same end. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      await this.debug.close();
      await this.notifications.disconnect();
      await this.client.disconnect();
      await this.openocd?.stop();
    })();
    return this.closing;
  }
}

function loadProgram(settings: SessionSettings): Program {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(settings.executable);
  } catch (error) {
    throw new UserError(`launch.json: "executable": cannot read ${settings.executable}: ${(error as Error).message}`);
  }
  try {
    return Program.fromElf(bytes, { sourceFileMap: settings.sourceFileMap });
  } catch (error) {
    throw new UserError(`launch.json: "executable": ${settings.executable} is not a usable ELF file: ${(error as Error).message}`);
  }
}

async function connect(host: string, port: number): Promise<{ client: TclClient; notifications: TclNotifications }> {
  const client = new TclClient({ host, port, timeoutMs: TCL_TIMEOUT_MS });
  const notifications = new TclNotifications({ host, port });
  try {
    await client.connect();
    await notifications.connect();
  } catch (error) {
    await notifications.disconnect();
    await client.disconnect();
    throw error;
  }
  return { client, notifications };
}

/** Every flash bank with its size (a bank's size is known only once probed: stm32f1x reads the flash size register). */
async function probedFlashBanks(commands: OpenocdCommands): Promise<FlashBank[]> {
  const banks = await commands.flash.banks();
  if (banks.every((bank) => bank.byteSize > 0)) return banks;
  for (const bank of banks) if (bank.byteSize === 0) await commands.flash.probe(bank.number);
  return commands.flash.banks();
}

function flashRanges(banks: readonly FlashBank[]): MemoryRange[] {
  return banks.filter((bank) => bank.byteSize > 0).map((bank) => ({ address: bank.base, byteLength: bank.byteSize }));
}

/**
 * Programs and verifies the ELF where its load segments say: with `flash write_image erase` when
 * every segment lies in a flash bank, else (a RAM-linked image) with `load_image`. OpenOCD reads
 * the ELF itself; `reset init` first puts the chip in its configured programming state.
 */
async function programImage(client: TclClient, file: string, program: Program, banks: readonly FlashBank[], reporter: BackendReporter): Promise<void> {
  const commands = new OpenocdCommands(client);
  const segments = program.loadSegments().filter((segment) => segment.data.length > 0);
  const byteSize = segments.reduce((sum, segment) => sum + segment.data.length, 0);
  const inFlash = (address: number, size: number): boolean => banks.some((bank) => address >= bank.base && address + size <= bank.base + bank.byteSize);
  const toFlash = segments.length > 0 && segments.every((segment) => inFlash(segment.paddr, segment.data.length));
  reporter.progress(`Programming ${basename(file)}: ${byteSize} bytes into ${toFlash ? 'flash' : 'RAM'}...`);
  if (toFlash) {
    const written = await commands.flash.program(file, { verify: false });
    reporter.progress(`Wrote ${written.byteCount} bytes in ${written.seconds.toFixed(2)} s; verifying...`);
  } else {
    await client.cmd('reset init', { logOnError: true });
    await client.cmd(`load_image ${tclQuote(file)}`, { logOnError: true, timeoutMs: 120_000 });
    reporter.progress(`Loaded ${byteSize} bytes into RAM; verifying...`);
  }
  const verified = await commands.flash.verifyImage(file);
  reporter.progress(`Verified ${verified.byteCount} bytes.`);
}
