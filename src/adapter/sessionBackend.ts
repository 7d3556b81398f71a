// Brings a session's back end up: starts or attaches to OpenOCD, programs and verifies the ELF (a RAM
// image: every reset halt then starts it), builds the engine's Debugger; at the end releases the target
// and stops it all. Knows no DAP message types; it reports progress and OpenOCD's log through the
// callbacks it is given.
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { UserError } from '../common';
import { Debugger, Program, type MemoryRange } from '../engine';
import { OpenocdCommands, type FlashBank, OpenocdProcess, TclClient, TclNotifications, tclHex, tclQuote, type OpenocdExit } from '../openocd';
import type { AttachSettings, LaunchSettings, SessionSettings } from './launchConfig';
import { hex32 } from './registerVariables';

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

  /**
   * terminate/disconnect: removes our breakpoints and watchpoints from every target, leaves it
   * halted (terminateDebuggee) or running, then closes (whatever failed before).
   */
  async release(terminateDebuggee: boolean): Promise<void> {
    const debug = this.debug;
    try {
      if (debug.terminationError) return;
      for (const thread of debug.threads) {
        if (thread.quiet) await debug.pause(thread.id);
        await thread.breakpoints.clear();
        await debug.setWatchpoints([], thread.id);
        if (!terminateDebuggee && thread.isHalted) await debug.continue(thread.id);
        else if (terminateDebuggee && !thread.isHalted) await thread.target.halt();
      }
    } finally {
      // Whatever failed above, OpenOCD and the connections must not outlive the session.
      await this.close();
    }
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
    // The target's work area is SRAM too (0x20000000 on most STM32 configs): verify_image runs its
    // checksum code there, which would overwrite the image it checks unless the area is backed up.
    await client.cmd('[target current] configure -work-area-backup 1', { logOnError: true });
    await client.cmd(`load_image ${tclQuote(file)}`, { logOnError: true, timeoutMs: 120_000 });
    reporter.progress(`Loaded ${byteSize} bytes into RAM; verifying...`);
  }
  const verified = await commands.flash.verifyImage(file);
  reporter.progress(`Verified ${verified.byteCount} bytes.`);
  if (!toFlash) await startFromRam(client, program, segments, reporter);
}

/** ARMv6-M/ARMv7-M SCB registers (ARMv7-M B3.2.2): CPUID identifies the core, VTOR moves the vector table. */
const CPUID_ADDRESS = 0xe000ed00;
const VTOR_ADDRESS = 0xe000ed08;
/** CPUID.PARTNO of the cores without a VTOR: Cortex-M0 and Cortex-M1 (ARMv6-M B3.2.5: VTOR is optional). */
const PARTNOS_WITHOUT_VTOR = new Set([0xc20, 0xc21]);
/** xPSR with only the T bit (24) set: Thumb state, Thread mode, flags clear (ARMv7-M B1.4.2). */
const XPSR_THUMB = 0x0100_0000;

/**
 * A RAM image is not what the core boots after reset: it boots flash. So every reset halt of this
 * session (the launch's, restart's, a console `reset halt`) ends as the start of the RAM image, the
 * way a reset through its own vector table would: SP = the table's first word (the initial MSP),
 * PC = e_entry, xPSR.T set, and VTOR = the table where the core has one. It runs in OpenOCD's
 * reset-end event, before the reset command returns, so the engine's reset stop already shows it.
 */
async function startFromRam(client: TclClient, program: Program, segments: readonly { paddr: number; data: Uint8Array }[], reporter: BackendReporter): Promise<void> {
  const vectorTable = program.elf.section('.isr_vector')?.addr ?? Math.min(...segments.map((segment) => segment.paddr));
  const initialSp = program.bytesAt(vectorTable, 4);
  if (!initialSp) throw new UserError(`RAM image: no initial stack pointer at the vector table ${hex32(vectorTable)} in the ELF`);
  const sp = new DataView(initialSp.buffer, initialSp.byteOffset, 4).getUint32(0, true);
  const pc = program.entryAddress;
  const [cpuid] = await new OpenocdCommands(client).readMemory(CPUID_ADDRESS, 32, 1);
  const partno = Number((cpuid >> 4n) & 0xfffn);
  const hasVtor = !PARTNOS_WITHOUT_VTOR.has(partno);
  const writes = [`reg sp ${tclHex(sp)}`, `reg pc ${tclHex(pc)}`, `reg xPSR ${tclHex(XPSR_THUMB)}`];
  if (hasVtor) writes.push(`mww ${tclHex(VTOR_ADDRESS)} ${tclHex(vectorTable)}`);
  // Only after a halting reset: a `reset run` has the core running, whose registers cannot be written.
  const handler = `if {[[target current] curstate] eq "halted"} {${writes.join('; ')}}`;
  // A reset-end handler the user's configuration set keeps running, first (cget gives '' when none).
  const existing = (await client.cmd('[target current] cget -event reset-end', { logOnError: true })).out.trim();
  const body = existing === '' ? handler : `${existing}\n${handler}`;
  await client.cmd(`[target current] configure -event reset-end ${tclQuote(body)}`, { logOnError: true });
  const vtorNote = hasVtor
    ? `VTOR = ${hex32(vectorTable)}`
    : `no VTOR on this core (CPUID PARTNO 0x${partno.toString(16)}): exceptions still vector through address 0`;
  reporter.progress(`RAM image: each reset halt sets SP = ${hex32(sp)} (vector table ${hex32(vectorTable)}), PC = ${hex32(pc)} (entry), xPSR.T; ${vtorNote}.`);
}
