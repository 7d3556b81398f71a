// What a debug session is: the OpenOCD we started or the one we attached to, its two Tcl
// connections, the engine's Debugger, the program, the chip's SVD, and what a user does to the
// chip besides debugging (targets, reset, flash banks, program, erase, verify, raw commands,
// peripheral registers). Knows no DAP.
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { Deferred, hex32, OpenocdUnresponsiveError, UserError } from '../common';
import { createOpenocdDebugger, Debugger, LiveWatch, Program, programArchitectureMismatch, type DebugThread, type ImageEntry, type MemoryRange } from '../engine';
import { OpenocdCommands, OpenocdProcess, TclClient, TclNotifications, type FlashBank, type ResetMode, type TargetInfo, type OpenocdExit, type OpenocdLogLevel } from '../openocd';
import { imageFile } from './imageFile';
import { compareImage, destination, throwIfMismatch, writeImage, type ImageComparison } from './imageWriter';
import { programElf, segmentsOf } from './elfImage';
import type { AttachSettings, LaunchSettings, SessionSettings } from './sessionSettings';
import { describeFlashBanks, type FlashBankDescription } from './flashBanks';
import { PeripheralRegisters, type DeviceMemory, type SvdSummary, type SvdValues } from './peripheralRegisters';
import { RTT_CONTROL_BLOCK_SYMBOL, RttChannels } from './rtt';
import { SemihostingConsole } from './semihosting';

/** Where the session reports what it does while it starts. */
export interface SessionReporter {
  /** One line of OpenOCD's own log (launch only), with the level OpenOCD printed it at. */
  openocdLog(line: string, level: OpenocdLogLevel): void;
  /** A progress message for the user (programming, verifying). */
  progress(message: string): void;
}

/** Progress of a long operation: a percentage and what is happening. */
export type ProgressListener = (percent: number, message: string) => void;

/** Reset modes (OpenOCD `reset halt|init|run`). */
const RESET_MODES: readonly ResetMode[] = ['halt', 'init', 'run'];
export type { ResetMode };

/** One OpenOCD target as the session shows it. */
export interface TargetDescription {
  readonly name: string;
  /** OpenOCD's target type (`cortex_m`, `riscv`, ...). */
  readonly type: string;
  /** As OpenOCD says it: `halted`, `running`, `reset`, `debug-running`, `unknown`. */
  readonly state: string;
  /** The thread debugging it; undefined for a target the engine cannot debug. */
  readonly threadId?: number;
  /** The PC while halted, and the function it is in. */
  readonly pc?: number;
  readonly function?: string;
}

/** Tcl request timeout: long enough for a slow probe, short enough to notice a dead OpenOCD. */
const TCL_TIMEOUT_MS = 10_000;

/** A running session. Create with `Session.launch` or `Session.attach`. */
export class Session {
  private closing: Promise<void> | undefined;
  private readonly commands: OpenocdCommands;
  /** OpenOCD's `targets` as first read: names and types do not change during a session. */
  private targetListing: Promise<TargetInfo[]> | undefined;
  private svd: PeripheralRegisters | undefined;
  /** Why launch.json's `svdFile` could not be loaded: the session goes on without peripheral registers. */
  readonly svdLoadError: string | undefined;
  private semihostingConsole: SemihostingConsole | undefined;
  private rttChannels: RttChannels | undefined;
  /** Expressions read while the target runs (`openocd.liveRead`); it keeps each expression's read plan. */
  readonly liveWatch: LiveWatch;

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
  ) {
    this.commands = new OpenocdCommands(client);
    this.liveWatch = new LiveWatch(program, debug);
    try {
      if (settings.svdFile !== undefined) this.svd = PeripheralRegisters.load(settings.svdFile);
    } catch (error) {
      if (!(error instanceof UserError)) throw error;
      this.svdLoadError = error.message;
    }
  }

  /**
   * Reads the ELF first (a bad file fails before OpenOCD starts), then starts OpenOCD, programs and
   * verifies. The line and function index that `runToEntryPoint` is resolved in (100-600 ms of
   * DWARF) is built while OpenOCD examines the target, when an ELF function symbol already shows
   * that the function exists; without one it is built first, so a wrong name starts nothing.
   */
  static async launch(settings: LaunchSettings, reporter: SessionReporter): Promise<Session> {
    const program = loadProgram(settings);
    rttControlBlock(settings, program);
    const entryFunction = settings.entry.kind === 'runTo' ? settings.entry.functionName : undefined;
    const symbolic = entryFunction !== undefined && program.elf.symbolsNamed(entryFunction).some((symbol) => symbol.type === 'FUNC');
    if (entryFunction !== undefined && !symbolic) requireFunction(settings, program, entryFunction);
    const spawned = new Deferred<void>();
    const starting = OpenocdProcess.start({
      executable: settings.openocdPath,
      configFiles: settings.configFiles,
      searchDirs: settings.searchDirs,
      commands: settings.openocdCommands,
      tclPort: settings.tclPort ?? 'auto',
      onLog: (line, level) => reporter.openocdLog(line, level),
      onSpawn: () => spawned.resolve(),
    });
    if (entryFunction !== undefined && symbolic) {
      await Promise.race([spawned.promise, starting.then(() => undefined, () => undefined)]);
      try {
        requireFunction(settings, program, entryFunction);
      } catch (error) {
        await starting.then((openocd) => openocd.stop(), () => undefined);
        throw error;
      }
    }
    const openocd = await starting;
    try {
      const report: ProgressListener = (_percent, message) => reporter.progress(message);
      return await Session.open(settings, program, '127.0.0.1', openocd.ports.tcl, openocd, report, async (commands, banks) => {
        if (!settings.load) return undefined;
        await commands.reset('init');
        return programElf(commands, program, imageFile(settings.executable, undefined), banks, report, { verify: true, skipIfHeld: settings.verifyBeforeFlashing });
      });
    } catch (error) {
      await openocd.stop();
      throw error;
    }
  }

  /** Connects to a running OpenOCD; the target is neither reset nor programmed. */
  static async attach(settings: AttachSettings): Promise<Session> {
    const program = loadProgram(settings);
    rttControlBlock(settings, program);
    return Session.open(settings, program, settings.host, settings.tclPort, undefined, () => undefined, async () => undefined);
  }

  /** Connects, runs `prepare` (programming) before the engine attaches, then builds the Debugger. */
  private static async open(
    settings: SessionSettings,
    program: Program,
    host: string,
    port: number,
    openocd: OpenocdProcess | undefined,
    report: ProgressListener,
    prepare: (commands: OpenocdCommands, banks: readonly FlashBank[]) => Promise<ImageEntry | undefined>,
  ): Promise<Session> {
    const client = new TclClient({ host, port, timeoutMs: TCL_TIMEOUT_MS });
    const notifications = new TclNotifications({ host, port });
    let session: Session | undefined;
    try {
      const connected = client.connect().catch((error: Error) => {
        throw openocd ? error : new UserError(`cannot attach to OpenOCD at ${host}:${port} ("host", "tclPort"): ${error.message}`);
      });
      // Both at once: OpenOCD accepts each in its event loop, and the notifications' first request waits for it.
      const [commandConnection, notificationConnection] = await Promise.allSettled([connected, notifications.connect()]);
      if (commandConnection.status === 'rejected') throw commandConnection.reason;
      if (notificationConnection.status === 'rejected') throw notificationConnection.reason;
      const commands = new OpenocdCommands(client);
      const banks = await commands.flash.probedBanks();
      const ramEntry = await prepare(commands, banks);
      const debug = await createOpenocdDebugger(client, notifications, { openocdPid: openocd?.pid });
      const mismatch = debug.threads.map((thread) => ({ thread, why: programArchitectureMismatch(program.elf.header.machine, thread.target.architecture) })).find(({ why }) => why);
      if (mismatch) {
        await debug.close();
        throw new UserError(`"executable" ${settings.executable}: ${mismatch.why} (OpenOCD target ${mismatch.thread.name})`);
      }
      session = new Session(settings, program, debug, client, notifications, openocd, flashRanges(banks));
      if (ramEntry) await session.startAtResetHalt(ramEntry, report);
      await session.openProgramIo(host);
      return session;
    } catch (error) {
      await session?.closeProgramIo();
      await notifications.disconnect();
      await client.disconnect();
      throw error;
    }
  }

  /** The program's semihosting console (launch.json `semihosting`), undefined when off. */
  get semihosting(): SemihostingConsole | undefined {
    return this.semihostingConsole;
  }

  /** The program's RTT channels (launch.json `rtt`), undefined when off. */
  get rtt(): RttChannels | undefined {
    return this.rttChannels;
  }

  /** Resolves when the OpenOCD we started exits (never for attach). */
  get openocdExited(): Promise<OpenocdExit> | undefined {
    return this.openocd?.exited;
  }

  /**
   * Every OpenOCD target with its type and state, and the PC and function of a halted one. A
   * debugged target's state is its thread's, which OpenOCD's halted/resumed events keep current,
   * so a view that asks after every stop costs no round trip; OpenOCD is asked (`targets`) the
   * first time, for names and types, and again only when a target has no thread.
   */
  async targets(): Promise<TargetDescription[]> {
    this.check();
    const debugged = (name: string): DebugThread | undefined => this.debug.threads.find((thread) => thread.name === name);
    this.targetListing ??= this.commands.targets().catch((error: unknown) => {
      this.targetListing = undefined;
      throw error;
    });
    let listed = await this.targetListing;
    if (listed.some((target) => !debugged(target.name))) listed = await this.commands.targets();
    return listed.map((target) => {
      const thread = debugged(target.name);
      if (!thread) return { name: target.name, type: target.type, state: target.state };
      const pc = thread.stop?.pc;
      const fn = pc === undefined ? undefined : this.program.functionAt(pc)?.name ?? this.program.symbolAt(pc)?.name;
      return { name: target.name, type: target.type, state: thread.isHalted ? 'halted' : 'running', threadId: thread.id, pc, function: fn };
    });
  }

  /** `reset halt|init|run` of every target; breakpoints are set again before the first instruction. */
  async reset(mode: string): Promise<void> {
    if (!(RESET_MODES as readonly string[]).includes(mode)) throw new UserError(`unknown reset mode '${mode}': use ${RESET_MODES.join(', ')}`);
    this.check();
    await this.debug.reset(mode as ResetMode);
  }

  /** Every flash bank with its sectors and their protection. */
  async flashBanks(): Promise<FlashBankDescription[]> {
    this.check();
    return describeFlashBanks(this.commands);
  }

  /**
   * Programs an image (ELF, HEX, S-record; BIN at `address`) the way OpenOCD's `program` does:
   * reset init, write (flash sectors erased first), verify unless told not to, then a reset halt
   * that the client sees as a stop at the reset handler. Refused while a target runs.
   */
  async programImage(path: string, options: { address?: number; verify?: boolean }, progress: ProgressListener): Promise<{ bytes: number; verified: boolean }> {
    this.requireHalted('program');
    const image = imageFile(path, options.address);
    const banks = await this.commands.flash.probedBanks();
    progress(0, 'reset init');
    await this.debug.reset('init', { report: false });
    let bytes: number;
    let entry: ImageEntry | undefined;
    if (image.type === 'elf') {
      const elf = Program.fromElf(readFileSync(image.path));
      // Always written: the user asked for it (a launch alone may skip an image the flash holds).
      entry = await programElf(this.commands, elf, image, banks, progress, { verify: options.verify !== false, skipIfHeld: false });
      bytes = segmentsOf(elf).reduce((sum, block) => sum + block.byteLength, 0);
    } else {
      const where = destination(image, image.address === undefined ? undefined : [{ address: image.address, byteLength: image.byteSize }], banks);
      progress(10, `writing ${basename(image.path)} into ${where}`);
      bytes = (await writeImage(this.commands, async () => this.debug.threads[0].name, image, where)).byteCount;
      if (options.verify !== false) {
        progress(70, `verifying ${bytes} bytes`);
        throwIfMismatch(image, await compareImage(this.commands, image));
      }
    }
    this.debug.invalidateMemory();
    if (entry) await this.startAtResetHalt(entry, progress);
    progress(100, 'reset halt');
    await this.debug.reset('halt');
    return { bytes, verified: options.verify !== false };
  }

  /** Erases sectors `first..last` of a bank (the whole bank by default). Refused while a target runs. */
  async erase(bankIndex: number, firstSector?: number, lastSector?: number): Promise<void> {
    this.requireHalted('erase flash');
    const banks = await describeFlashBanks(this.commands);
    const bank = banks.find((b) => b.index === bankIndex);
    if (!bank) throw new UserError(`no flash bank ${bankIndex}: the banks are ${banks.map((b) => `${b.index} (${b.name})`).join(', ') || 'none'}`);
    const last = lastSector ?? bank.sectors.length - 1;
    const first = firstSector ?? 0;
    for (const [name, value] of [['firstSector', first], ['lastSector', last]] as const) {
      if (!Number.isInteger(value) || value < 0 || value >= bank.sectors.length) {
        throw new UserError(`${name} ${value} is out of range: bank ${bankIndex} (${bank.name}) has sectors 0 to ${bank.sectors.length - 1}`);
      }
    }
    if (first > last) throw new UserError(`firstSector ${first} is after lastSector ${last}`);
    await this.commands.flash.eraseSectors(bankIndex, first, last);
    this.debug.invalidateMemory();
  }

  /** Compares an image with the target's memory. */
  async verifyImage(path: string, address: number | undefined): Promise<ImageComparison> {
    this.check();
    return compareImage(this.commands, imageFile(path, address));
  }

  /** A raw OpenOCD command in the context of a thread's target (the debug console's `>`). */
  command(command: string, threadId?: number): Promise<string> {
    return this.debug.rawCommand(command, threadId ?? this.debug.threads[0].id);
  }

  /** The loaded SVD: device, counts; undefined without one. */
  get svdSummary(): SvdSummary | undefined {
    return this.svd?.summary();
  }

  /**
   * Loads (or replaces) the SVD file. A file that cannot be read or parsed leaves the previous
   * one in place; a new one drops every watch (they name the old file's registers).
   */
  loadSvd(path: string): SvdSummary {
    this.check();
    this.svd = PeripheralRegisters.load(path);
    for (const thread of this.debug.threads) thread.setStopReads('peripherals', []);
    return this.svd.summary();
  }

  /**
   * The registers a view shows (peripherals, clusters, registers; replaces the previous set):
   * every stop of the thread reads them in its own request, so reading them then costs nothing.
   * Registers whose read has a side effect are listed in `skipped`, never read by a stop.
   */
  svdWatch(paths: readonly string[], threadId?: number): { registers: number; reads: number; skipped: Readonly<Record<string, string>>; errors: Readonly<Record<string, string>> } {
    const plan = this.peripherals().watchPlan(paths);
    this.debug.thread(threadId ?? this.debug.threads[0].id).setStopReads('peripherals', plan.reads);
    return { registers: plan.registers, reads: plan.reads.length, skipped: plan.skipped, errors: plan.errors };
  }

  /** Register and field values: from the stop when halted (watched ones cost no round trip), live while running. */
  async svdRead(paths: readonly string[], force: boolean | readonly string[], threadId?: number): Promise<SvdValues & { running: boolean }> {
    const svd = this.peripherals();
    const thread = this.debug.thread(threadId ?? this.debug.threads[0].id);
    const running = !thread.isHalted;
    return { ...(await svd.read(paths, force, this.deviceMemory(thread.id))), running };
  }

  /** Writes a register or a field (PeripheralRegisters.write), then reads it back when that is safe. */
  svdWrite(path: string, value: number, threadId?: number): Promise<{ value?: number; written: number }> {
    const svd = this.peripherals();
    return svd.write(path, value, this.deviceMemory(this.debug.thread(threadId ?? this.debug.threads[0].id).id));
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
      await this.closeProgramIo();
      await this.debug.close();
      await this.notifications.disconnect();
      await this.client.disconnect();
      // A stuck OpenOCD runs no `shutdown`, and its SIGTERM handler only sets a flag for the event
      // loop it is stuck outside of (server.c sig_handler): straight to SIGKILL.
      const stuck = this.debug.terminationError instanceof OpenocdUnresponsiveError;
      await this.openocd?.stop(stuck ? { shutdownTimeoutMs: 0, termTimeoutMs: 0 } : {});
    })();
    return this.closing;
  }

  /** Semihosting and RTT as launch.json asks, before the program runs (semihosting must be on before its first call). */
  private async openProgramIo(host: string): Promise<void> {
    if (this.settings.semihosting) this.semihostingConsole = await SemihostingConsole.open(this.client, host);
    const rtt = this.settings.rtt;
    const address = rttControlBlock(this.settings, this.program);
    if (rtt && address !== undefined) {
      this.rttChannels = await RttChannels.start(this.client, host, rtt, address, (listener) => this.notifications.targetReset.on(() => listener()), {
        discardUnread: this.settings.request === 'launch',
      });
    }
  }

  /** Stops RTT's servers and semihosting's redirect: no port of ours stays open after the session. */
  private async closeProgramIo(): Promise<void> {
    await this.rttChannels?.close();
    await this.semihostingConsole?.close();
  }

  /** A RAM image: every later reset halt of the first target starts it (the core boots flash). */
  private async startAtResetHalt(entry: ImageEntry, report: ProgressListener): Promise<void> {
    const target = this.debug.threads[0].target;
    if (!target.startAtResetHalt) throw new UserError(`target ${target.name} cannot start a RAM image at reset`);
    const { vtorSet, partno } = await target.startAtResetHalt(entry);
    const table = entry.vectorTable;
    if (!table) {
      report(95, `RAM image: each reset halt sets PC = ${hex32(entry.entry)} (entry); its start-up code sets the stack.`);
      return;
    }
    const vtor = vtorSet ? `VTOR = ${hex32(table.address)}` : `no VTOR on this core (CPUID PARTNO 0x${partno.toString(16)}): exceptions still vector through address 0`;
    report(95, `RAM image: each reset halt sets SP = ${hex32(table.stackPointer)} (vector table ${hex32(table.address)}), PC = ${hex32(entry.entry)} (entry), xPSR.T; ${vtor}.`);
  }

  private peripherals(): PeripheralRegisters {
    this.check();
    if (this.svd) return this.svd;
    throw new UserError(`no SVD file is loaded${this.svdLoadError ? ` (${this.svdLoadError})` : ''}: set "svdFile" in launch.json or load one (openocd.svdLoad)`);
  }

  /** A thread's memory as peripheral registers are read and written: through its stop cache while halted. */
  private deviceMemory(threadId: number): DeviceMemory {
    return {
      littleEndian: this.debug.thread(threadId).target.architecture.littleEndian,
      read: (ranges, fresh) => this.debug.readMemory(threadId, ranges, { fresh }),
      write: (address, data, accessWidth) => this.debug.writeMemory(threadId, address, data, { accessWidth, device: true }),
    };
  }

  private requireHalted(operation: string): void {
    this.check();
    const running = this.debug.threads.find((thread) => !thread.isHalted);
    if (running) throw new UserError(`cannot ${operation} while ${running.name} is running: pause it first`);
  }

  private check(): void {
    if (this.debug.terminationError) throw new UserError(`the session has ended: ${this.debug.terminationError.message}`);
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

/**
 * The RTT control block's address: launch.json `rtt.address`, else the ELF symbol `_SEGGER_RTT`;
 * undefined when RTT is off. Checked before OpenOCD starts, so a wrong setting costs nothing.
 */
function rttControlBlock(settings: SessionSettings, program: Program): number | undefined {
  if (!settings.rtt) return undefined;
  if (settings.rtt.address !== undefined) return settings.rtt.address;
  const symbol = program.elf.symbolByName(RTT_CONTROL_BLOCK_SYMBOL);
  if (symbol) return symbol.address;
  throw new UserError(`launch.json: "rtt": ${settings.executable} has no symbol ${RTT_CONTROL_BLOCK_SYMBOL}; set "rtt.address" to the RTT control block's address`);
}

/** The launch's `runToEntryPoint` must name a function of the program. */
function requireFunction(settings: SessionSettings, program: Program, name: string): void {
  if (program.resolveFunction(name).length === 0) throw new UserError(`launch.json: "runToEntryPoint": no function named '${name}' in ${settings.executable}`);
}

function flashRanges(banks: readonly FlashBank[]): MemoryRange[] {
  return banks.filter((bank) => bank.byteSize > 0).map((bank) => ({ address: bank.base, byteLength: bank.byteSize }));
}
