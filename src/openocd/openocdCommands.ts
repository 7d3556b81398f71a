// Typed OpenOCD 0.12 commands over a TclClient: run control, registers, memory, breakpoints,
// watchpoints, targets, version, scan chain; flash lives in flashCommands.ts. Every value reaches
// Tcl through tclQuote or as a formatted number. Output parsing lives in the *Parsers.ts files.
import { TargetMemoryError, TargetNotHaltedError, TclCommandError, TclConnectionError, type TclResult } from '../common';
import { parseBreakpoints, parseWatchpoints, type BreakpointInfo, type WatchpointAccess, type WatchpointInfo } from './breakpointParsers';
import { FlashCommands } from './flashCommands';
import {
  parseMemoryValues,
  parseOpenocdVersion,
  parseScanChain,
  parseTargets,
  parseTargetStatus,
  tclListOf,
  type OpenocdVersion,
  type ScanChainTap,
  type TargetInfo,
  type TargetState,
} from './outputParsers';
import { pieceValues, planTransfers, storePieceValues, type MemoryPiece } from './memoryTransfers';
import { parseRegisterDict, parseRegisterLine, parseRegisterList, type RegisterInfo } from './registerParsers';
import type { TclClient, TclCommandOptions } from './tclClient';
import { succeeded } from './tclScripts';
import { tclList, tclQuote } from './tclQuote';

/** Memory access width in bits, as read_memory/write_memory take it. */
export type MemoryWidth = 8 | 16 | 32 | 64;
/** Reset modes of `reset` (nvp_reset_modes). */
export type ResetMode = 'run' | 'halt' | 'init';

/** ERROR_COMMAND_CLOSE_CONNECTION (helper/command.h): `shutdown`'s return code. */
const SHUTDOWN_CLOSES_CONNECTION = -600;

/** Marker of our own "not halted" error, raised by the halted check in the same request. */
const NOT_HALTED = 'openocd-debug-not-halted';
const NOT_HALTED_REPLY = new RegExp(`^${NOT_HALTED} (\\S+)`);

/** `script` preceded by a check that the current target (then in `$t`) is halted. */
function haltedOnly(script: string): string {
  return `set t [target current]; if {[$t curstate] ne "halted"} {error "${NOT_HALTED} $t"}; ${script}`;
}

/** The target named by haltedOnly's error, if that is why `result` failed. */
function notHaltedTarget(result: TclResult): string | undefined {
  return result.retcode === 1 ? NOT_HALTED_REPLY.exec(result.out)?.[1] : undefined;
}

/** Formats an address or value as Tcl reads it. */
export function tclHex(value: number | bigint): string {
  if (typeof value === 'number' && (!Number.isSafeInteger(value) || value < 0)) throw new RangeError(`not an unsigned integer: ${value}`);
  if (typeof value === 'bigint' && value < 0n) throw new RangeError(`not an unsigned integer: ${value}`);
  return `0x${value.toString(16)}`;
}

/** Typed commands over one TclClient; they act on OpenOCD's current target. */
export class OpenocdCommands {
  /** Flash bank commands. */
  readonly flash: FlashCommands;

  private readonly littleEndian: boolean;

  /** `endian`: byte order of the target's memory words, for readBytes/writeBytes (default little, as Cortex-M). */
  constructor(
    readonly client: TclClient,
    options: { endian?: 'little' | 'big' } = {},
  ) {
    this.flash = new FlashCommands(client);
    this.littleEndian = options.endian !== 'big';
  }

  /** `version`, parsed. */
  async version(): Promise<OpenocdVersion> {
    return parseOpenocdVersion(await this.out('version'));
  }

  /** [major, minor, patch] of the OpenOCD in use. */
  async versionTuple(): Promise<[number, number, number]> {
    const { major, minor, patch } = await this.version();
    return [major, minor, patch];
  }

  /** `echo`, returning the text OpenOCD printed (echo's result is empty; its output is the log). */
  async echo(text: string): Promise<string> {
    return (await this.client.cmd(`echo ${tclQuote(text)}`, { capture: true })).out.replace(/\n$/, '');
  }

  /** `halt`: requests a halt and waits (OpenOCD's DEFAULT_HALT_TIMEOUT, 5 s) until halted. */
  async halt(): Promise<void> {
    await this.out('halt');
  }

  /** `resume [address]`: continues from the current PC, or from `address`. */
  async resume(address?: number | bigint): Promise<void> {
    await this.out(address === undefined ? 'resume' : `resume ${tclHex(address)}`);
  }

  /** `step [address]`: one instruction; throws TargetNotHaltedError when running. */
  async step(address?: number | bigint): Promise<void> {
    await this.whenHalted('step', address === undefined ? 'step' : `step ${tclHex(address)}`);
  }

  /** `reset run|halt|init` (resets all targets). */
  async reset(mode: ResetMode = 'run'): Promise<void> {
    await this.out(`reset ${mode}`);
  }

  /** `<current target> curstate`. */
  async curstate(): Promise<TargetState> {
    return (await this.out('[target current] curstate')) as TargetState;
  }

  async isHalted(): Promise<boolean> {
    return (await this.curstate()) === 'halted';
  }

  async isRunning(): Promise<boolean> {
    return (await this.curstate()) === 'running';
  }

  /** State and, when halted, the PC, in one round trip. */
  async status(): Promise<{ state: TargetState; pc?: bigint }> {
    return parseTargetStatus(
      await this.out('set t [target current]; set s [$t curstate]; if {$s eq "halted"} {list $s [dict get [$t get_reg pc] pc]} else {list $s}'),
    );
  }

  /**
   * `wait_halt ms`: true once halted, false when `timeoutMs` passed first. The request's own
   * timeout is `timeoutMs` plus the client's, because OpenOCD answers only after waiting.
   */
  async waitHalt(timeoutMs: number): Promise<boolean> {
    const ms = Math.max(0, Math.round(timeoutMs));
    const state = await this.out(`catch {wait_halt ${ms}}; [target current] curstate`, { timeoutMs: ms + this.client.timeoutMs });
    return state === 'halted';
  }

  /** `targets`, parsed. */
  async targets(): Promise<TargetInfo[]> {
    return parseTargets(await this.out('targets'));
  }

  /** `target names`. */
  async targetNames(): Promise<string[]> {
    return tclListOf('target names', await this.out('target names'));
  }

  /** `target current`. */
  async currentTarget(): Promise<string> {
    return this.out('target current');
  }

  /** `targets <name>`: makes `name` the current target. */
  async selectTarget(name: string): Promise<void> {
    await this.out(`targets ${tclQuote(name)}`);
  }

  /**
   * Several registers in one request: `get_reg [-force] {names}` (OpenOCD 0.12) returns a dict.
   * Without `force` OpenOCD answers from its register cache, which it fills on every halt.
   */
  async getRegisters(names: readonly string[], options: { force?: boolean } = {}): Promise<Map<string, bigint>> {
    const out = await this.whenHalted('read registers', `[target current] get_reg ${options.force ? '-force ' : ''}${tclList(names)}`);
    return parseRegisterDict(out, names);
  }

  /** `set_reg {name value ...}`: several registers in one request. */
  async setRegisters(values: ReadonlyMap<string, number | bigint> | Record<string, number | bigint>): Promise<void> {
    const entries = values instanceof Map ? [...values] : Object.entries(values);
    const dict = tclList(entries.flatMap(([name, value]) => [name, tclHex(value)]));
    await this.whenHalted('write registers', `[target current] set_reg ${dict}`);
  }

  /** `reg <name> [force]`: one register through the `reg` command. */
  async reg(name: string, options: { force?: boolean } = {}): Promise<bigint> {
    const result = await this.client.cmd(`reg ${tclQuote(name)}${options.force ? ' force' : ''}`, { logOnError: true });
    // `reg` reports an unknown name as a successful command (handle_reg_command "not_found").
    if (/not found in current target/.test(result.out)) throw new TclCommandError({ ...result, retcode: 1 });
    return parseRegisterLine(result.out).value;
  }

  /** `reg <name> <value>`. */
  async setReg(name: string, value: number | bigint): Promise<void> {
    await this.whenHalted('write a register', `reg ${tclQuote(name)} ${tclHex(value)}`);
  }

  /** `reg`: every register with its cached value. */
  async registerList(): Promise<RegisterInfo[]> {
    return parseRegisterList(await this.out('reg'));
  }

  /** `read_memory address width count [phys]`. */
  async readMemory(address: number | bigint, width: MemoryWidth, count: number, options: { phys?: boolean } = {}): Promise<bigint[]> {
    const result = await this.client.cmd(readScript(address, width, count, options.phys), { throw: false, logOnError: true });
    if (result.retcode !== 0) throw new TargetMemoryError(address, (count * width) / 8, result.out);
    return parseMemoryValues(result.out, count);
  }

  /**
   * Bytes at `address`, as one batch (one round trip) of read_memory pieces: 4 KiB chunks,
   * 32-bit words where aligned (see planTransfers).
   */
  async readBytes(address: number, byteLength: number, options: { phys?: boolean } = {}): Promise<Uint8Array> {
    const pieces = planTransfers(address, byteLength);
    const results = await this.client.batch(pieces.map((piece) => readScript(piece.address, piece.width, piece.count, options.phys)));
    const bytes = this.assemble(address, byteLength, pieces, results);
    if (bytes instanceof TargetMemoryError) throw bytes;
    return bytes;
  }

  /**
   * What a debugger needs at every stop, in ONE round trip (OPENOCD-TCL.md "Batch"): the named
   * registers of the halted current target and any number of memory ranges (a stack window, a
   * variable). A range that cannot be read is a TargetMemoryError value in its slot; a running
   * target throws TargetNotHaltedError.
   */
  async snapshot(
    registerNames: readonly string[],
    ranges: readonly { address: number; byteLength: number }[] = [],
  ): Promise<{ registers: Map<string, bigint>; memory: (Uint8Array | TargetMemoryError)[] }> {
    const registers = haltedOnly(`$t get_reg ${tclList(registerNames)}`);
    const plans = ranges.map((range) => planTransfers(range.address, range.byteLength));
    const [first, ...rest] = await this.client.batch([registers, ...plans.flat().map((piece) => readScript(piece.address, piece.width, piece.count))]);
    const notHalted = notHaltedTarget(first);
    if (notHalted) throw new TargetNotHaltedError(notHalted, 'read registers');
    if (first.retcode !== 0) throw new TclCommandError(first);
    const memory = plans.map((pieces, k) => this.assemble(ranges[k].address, ranges[k].byteLength, pieces, rest.splice(0, pieces.length)));
    return { registers: parseRegisterDict(first.out, registerNames), memory };
  }

  /** The bytes of a planned read from its read_memory results, or the error of the first failed piece. */
  private assemble(address: number, byteLength: number, pieces: readonly MemoryPiece[], results: readonly TclResult[]): Uint8Array | TargetMemoryError {
    const bytes = new Uint8Array(byteLength);
    for (const [k, piece] of pieces.entries()) {
      const length = (piece.count * piece.width) / 8;
      if (results[k].retcode !== 0) return new TargetMemoryError(piece.address, length, results[k].out);
      const slice = bytes.subarray(piece.address - address, piece.address - address + length);
      storePieceValues(piece, parseMemoryValues(results[k].out, piece.count), slice, this.littleEndian);
    }
    return bytes;
  }

  /** `write_memory address width {values} [phys]`. */
  async writeMemory(address: number | bigint, width: MemoryWidth, values: readonly (number | bigint)[], options: { phys?: boolean } = {}): Promise<void> {
    const result = await this.client.cmd(writeScript(address, width, values, options.phys), { throw: false, logOnError: true });
    if (result.retcode !== 0) throw new TargetMemoryError(address, (values.length * width) / 8, result.out);
  }

  /** Writes `data` at `address` as one batch of write_memory pieces (see planTransfers). */
  async writeBytes(address: number, data: Uint8Array, options: { phys?: boolean } = {}): Promise<void> {
    const pieces = planTransfers(address, data.length);
    const results = await this.client.batch(
      pieces.map((p) => {
        const slice = data.subarray(p.address - address, p.address - address + (p.count * p.width) / 8);
        return writeScript(p.address, p.width, pieceValues(p, slice, this.littleEndian), options.phys);
      }),
    );
    results.forEach((result, k) => {
      if (result.retcode !== 0) throw new TargetMemoryError(pieces[k].address, (pieces[k].count * pieces[k].width) / 8, result.out);
    });
  }

  /** `bp address length [hw]`. */
  async addBreakpoint(address: number | bigint, length: number, options: { hardware?: boolean } = {}): Promise<void> {
    await this.out(`bp ${tclHex(address)} ${length}${options.hardware ? ' hw' : ''}`);
  }

  /** `rbp address`. */
  async removeBreakpoint(address: number | bigint): Promise<void> {
    await this.out(`rbp ${tclHex(address)}`);
  }

  /** `rbp all`. */
  async removeAllBreakpoints(): Promise<void> {
    await this.out('rbp all');
  }

  /** `bp` listing, parsed. */
  async breakpoints(): Promise<BreakpointInfo[]> {
    return parseBreakpoints(await this.out('bp'));
  }

  /** `wp address length r|w|a [value [mask]]`. */
  async addWatchpoint(
    address: number | bigint,
    length: number,
    access: WatchpointAccess = 'a',
    options: { value?: number; mask?: number } = {},
  ): Promise<void> {
    const value = options.value === undefined && options.mask === undefined ? '' : ` ${tclHex(options.value ?? 0)}`;
    const mask = options.mask === undefined ? '' : ` ${tclHex(options.mask)}`;
    await this.out(`wp ${tclHex(address)} ${length} ${access}${value}${mask}`);
  }

  /** `rwp address`. */
  async removeWatchpoint(address: number | bigint): Promise<void> {
    await this.out(`rwp ${tclHex(address)}`);
  }

  /** `wp` listing, parsed. */
  async watchpoints(): Promise<WatchpointInfo[]> {
    return parseWatchpoints(await this.out('wp'));
  }

  /** Removes every watchpoint (0.12's `rwp` has no `all`): one listing, then one batch. */
  async removeAllWatchpoints(): Promise<void> {
    const listed = await this.watchpoints();
    const results = await this.client.batch(listed.map((wp) => `rwp ${tclHex(wp.address)}`));
    const failed = results.find((result) => result.retcode !== 0);
    if (failed) throw new TclCommandError(failed);
  }

  /** `poll on|off`: OpenOCD's background polling of the target. */
  async poll(enabled: boolean): Promise<void> {
    await this.out(`poll ${enabled ? 'on' : 'off'}`);
  }

  /** `scan_chain`, parsed. */
  async scanChain(): Promise<ScanChainTap[]> {
    return parseScanChain(await this.out('scan_chain'));
  }

  /**
   * `shutdown`. OpenOCD 0.12 answers with ERROR_COMMAND_CLOSE_CONNECTION (-600), or closes the
   * connection first; both mean it is shutting down.
   */
  async shutdown(): Promise<void> {
    let result: TclResult;
    try {
      result = await this.client.cmd('shutdown', { throw: false });
    } catch (error) {
      if (error instanceof TclConnectionError) return;
      throw error;
    }
    if (result.retcode !== 0 && result.retcode !== SHUTDOWN_CLOSES_CONNECTION) throw new TclCommandError(result);
  }

  /** Runs a command; a failure's TclCommandError carries OpenOCD's log messages. */
  private async out(script: string, options?: TclCommandOptions): Promise<string> {
    return (await this.client.cmd(script, { logOnError: true, ...options })).out;
  }

  /** Runs `script` after checking, in the same request, that the current target is halted (`$t` is it). */
  private async whenHalted(operation: string, script: string): Promise<string> {
    const result = await this.client.cmd(haltedOnly(script), { throw: false, logOnError: true });
    const notHalted = notHaltedTarget(result);
    if (notHalted) throw new TargetNotHaltedError(notHalted, operation);
    if (!succeeded(result)) throw new TclCommandError(result);
    return result.out;
  }
}

/** `read_memory address width count [phys]`. */
function readScript(address: number | bigint, width: MemoryWidth, count: number, phys = false): string {
  return `read_memory ${tclHex(address)} ${width} ${count}${phys ? ' phys' : ''}`;
}

/** `write_memory address width {values} [phys]`. */
function writeScript(address: number | bigint, width: MemoryWidth, values: readonly (number | bigint)[], phys = false): string {
  return `write_memory ${tclHex(address)} ${width} ${tclList(values.map(tclHex))}${phys ? ' phys' : ''}`;
}
