// Typed flash and image commands of OpenOCD 0.12 (src/flash/nor/tcl.c; target.c load_image, verify_image) over a
// TclClient. File paths reach Tcl only through tclQuote. Parsing lives in flashParsers.ts.
import {
  parseFlashInfo,
  parseFlashList,
  parseLoadImage,
  parseVerifyDifferences,
  parseVerifyImage,
  parseWriteImage,
  type FlashBank,
  type FlashInfo,
  type TransferSummary,
  type VerifyDifference,
} from './flashParsers';
import { TclCommandError, type TclResult } from '../common';
import type { TclClient } from './tclClient';
import { tclQuote } from './tclQuote';

/** Where an image goes and what kind of file it is (`bin`, `ihex`, `elf`, `s19`; OpenOCD guesses when omitted). */
export interface ImageOptions {
  /** Added to the image's addresses (needed for `bin`). */
  offset?: number;
  type?: 'bin' | 'ihex' | 'elf' | 's19';
}

/** Flash bank commands; reached as `OpenocdCommands.flash`. */
export class FlashCommands {
  constructor(private readonly client: TclClient) {}

  /** `flash list`: every bank with its owning target. */
  async banks(): Promise<FlashBank[]> {
    return parseFlashList((await this.run('flash list')).out);
  }

  /** `flash info N [sectors]`: geometry and protection (probes the bank first). */
  async info(bank: number, options: { sectors?: boolean } = {}): Promise<FlashInfo> {
    return parseFlashInfo((await this.run(`flash info ${bank}${options.sectors ? ' sectors' : ''}`)).out);
  }

  /**
   * Every bank with its size, in one request: `flash list` after `flash probe` of each bank whose
   * size is still 0 (known only once probed: stm32f1x reads the flash size register).
   */
  async probedBanks(): Promise<FlashBank[]> {
    const probe = 'set ocd_bank 0; foreach ocd_b [flash list] {if {[dict get $ocd_b size] == 0} {flash probe $ocd_bank}; incr ocd_bank}';
    return parseFlashList((await this.run(`${probe}; flash list`)).out);
  }

  /** `flash erase_sector N first last` (`last` may be 'last'). */
  async eraseSectors(bank: number, first: number, last: number | 'last'): Promise<void> {
    await this.run(`flash erase_sector ${bank} ${first} ${last}`, { timeoutMs: this.longTimeoutMs });
  }

  /** `flash protect N first last on|off`. */
  async protect(bank: number, first: number, last: number | 'last', on: boolean): Promise<void> {
    await this.run(`flash protect ${bank} ${first} ${last} ${on ? 'on' : 'off'}`);
  }

  /** `flash write_image [erase] [unlock] file [offset [type]]`. */
  async writeImage(file: string, options: ImageOptions & { erase?: boolean; unlock?: boolean } = {}): Promise<TransferSummary> {
    const flags = `${options.erase ? 'erase ' : ''}${options.unlock ? 'unlock ' : ''}`;
    const out = (await this.run(`flash write_image ${flags}${imageArgs(file, options)}`, { timeoutMs: this.longTimeoutMs })).out;
    return parseWriteImage(out);
  }

  /** `verify_image file [offset [type]]`; a mismatch is a TclCommandError listing the differences. */
  async verifyImage(file: string, options: ImageOptions = {}): Promise<TransferSummary> {
    return parseVerifyImage((await this.run(`verify_image ${imageArgs(file, options)}`, { timeoutMs: this.longTimeoutMs })).out);
  }

  /**
   * `verify_image`, with a mismatch as a value: the differing bytes OpenOCD lists (it stops
   * listing after 128, target.c handle_verify_image_command_internal). Other failures throw.
   */
  async compareImage(file: string, options: ImageOptions = {}): Promise<{ readonly byteCount?: number; readonly differences: readonly VerifyDifference[] }> {
    const result = await this.client.cmd(`verify_image ${imageArgs(file, options)}`, { timeoutMs: this.longTimeoutMs, logOnError: true, throw: false });
    if (result.retcode === 0) return { byteCount: parseVerifyImage(result.out).byteCount, differences: [] };
    const differences = parseVerifyDifferences(result.out);
    if (differences.length === 0) throw new TclCommandError(result);
    return { differences };
  }

  /**
   * `verify_image_checksum`: whether the target already holds the image, by a CRC of each section
   * computed on the target (target.c handle_verify_image_command_internal, IMAGE_CHECKSUM_ONLY).
   * Unlike `verify_image` it stops at the first section that differs and reads nothing back. A
   * failed check is a value (a difference and a check that could not run both mean "program");
   * a lost connection or a timeout still throws.
   */
  async imageChecksum(file: string, options: ImageOptions = {}): Promise<{ readonly matches: true; readonly byteCount: number } | { readonly matches: false; readonly reason: string }> {
    const result = await this.client.cmd(`verify_image_checksum ${imageArgs(file, options)}`, { timeoutMs: this.longTimeoutMs, logOnError: true, throw: false });
    if (result.retcode === 0) return { matches: true, byteCount: parseVerifyImage(result.out).byteCount };
    return { matches: false, reason: result.out.trim() || `verify_image_checksum failed (${result.retcode})` };
  }

  /** `load_image file [offset [type]]`: writes the image to target memory (RAM) as it is, no flash driver. */
  async loadImage(file: string, options: ImageOptions = {}): Promise<TransferSummary> {
    return parseLoadImage((await this.run(`load_image ${imageArgs(file, options)}`, { timeoutMs: this.longTimeoutMs })).out);
  }

  /**
   * `TARGET configure -work-area-backup 1`: OpenOCD then saves and restores the work area around
   * its algorithms. verify_image runs its checksum code there, which would overwrite an image
   * loaded into the same SRAM (0x20000000 on most STM32 configurations) without it.
   */
  async backUpWorkArea(target: string): Promise<void> {
    await this.run(`${tclQuote(target)} configure -work-area-backup 1`);
  }

  /**
   * What OpenOCD's `program` does (reset init, write with erase, verify, reset), step by step:
   * `program` itself re-evaluates the file name with `eval` (flash/startup.tcl), so a path holding
   * braces or spaces breaks it.
   */
  async program(file: string, options: ImageOptions & { verify?: boolean; reset?: boolean } = {}): Promise<TransferSummary> {
    await this.run('reset init');
    const written = await this.writeImage(file, { ...options, erase: true });
    if (options.verify) await this.verifyImage(file, options);
    if (options.reset) await this.run('reset run');
    return written;
  }

  /** Runs a command; a failure's TclCommandError carries OpenOCD's log messages. */
  private run(script: string, options: { timeoutMs?: number } = {}): Promise<TclResult> {
    return this.client.cmd(script, { ...options, logOnError: true });
  }

  /** Flash operations run in OpenOCD's event loop and may take many seconds. */
  private get longTimeoutMs(): number {
    return Math.max(this.client.timeoutMs, 120_000);
  }
}

function imageArgs(file: string, options: ImageOptions): string {
  if (options.type !== undefined) return `${tclQuote(file)} ${options.offset ?? 0} ${options.type}`;
  return options.offset === undefined ? tclQuote(file) : `${tclQuote(file)} ${options.offset}`;
}
