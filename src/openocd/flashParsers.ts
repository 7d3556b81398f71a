// Parsers of OpenOCD 0.12 flash command output (src/flash/nor/tcl.c): `flash list`, `flash banks`,
// `flash info`, and the summary lines of write_image / verify_image. Pure string code.
import { tclDictOf, tclListOf, unparsable } from './outputParsers';

/** A flash bank as `flash list` / `flash banks` describe it. */
export interface FlashBank {
  readonly number: number;
  readonly name: string;
  readonly driver: string;
  readonly base: number;
  readonly byteSize: number;
  readonly busWidth: number;
  readonly chipWidth: number;
  /** Owning target (only `flash list` says). */
  readonly target?: string;
}

/** `flash list` (jim_flash_list): a list of dicts name/driver/base/size/bus_width/chip_width/target, in bank order. */
export function parseFlashList(text: string): FlashBank[] {
  return tclListOf('flash list', text).map((item, number) => {
    const dict = tclDictOf('flash list', item);
    const field = (key: string): string => dict.get(key) ?? unparsable('flash list', `bank ${number} has no ${key}`, text);
    // jim_flash_list prints the numbers with "%" PRIu64 / "%u"; anything else is not a number of OpenOCD's.
    const integer = (key: string): number => {
      const value = field(key);
      if (!/^\d+$/.test(value) || !Number.isSafeInteger(Number(value))) unparsable('flash list', `bank ${number} has ${key} "${value}", not a number`, text);
      return Number(value);
    };
    return {
      number,
      name: field('name'),
      driver: field('driver'),
      base: integer('base'),
      byteSize: integer('size'),
      busWidth: integer('bus_width'),
      chipWidth: integer('chip_width'),
      target: field('target'),
    };
  });
}

/** `flash banks`: "#%d : %s (%s) at 0x%8.8llx, size 0x%8.8x, buswidth %u, chipwidth %u". */
export function parseFlashBanks(text: string): FlashBank[] {
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => {
      const match = /^#(\d+) : (\S+) \((\S+)\) at 0x([0-9a-fA-F]+), size 0x([0-9a-fA-F]+), buswidth (\d+), chipwidth (\d+)$/.exec(line.trim());
      if (!match) unparsable('flash banks', `unexpected line "${line}"`, text);
      return {
        number: Number(match[1]),
        name: match[2],
        driver: match[3],
        base: parseInt(match[4], 16),
        byteSize: parseInt(match[5], 16),
        busWidth: Number(match[6]),
        chipWidth: Number(match[7]),
      };
    });
}

/** Protection of a sector as `flash info` prints it. */
export type SectorProtection = 'protected' | 'not protected' | 'unknown';

/** One sector (or protection block) of `flash info`. */
export interface FlashSector {
  readonly index: number;
  readonly offset: number;
  readonly byteSize: number;
  readonly protection: SectorProtection;
}

/** `flash info N [sectors]`. */
export interface FlashInfo {
  readonly number: number;
  readonly driver: string;
  readonly base: number;
  readonly byteSize: number;
  readonly busWidth: number;
  readonly chipWidth: number;
  /** Sectors, or protection blocks when the driver has them and `sectors` was not asked. */
  readonly sectors: FlashSector[];
  /** The driver's own text after the table (e.g. "STM32F03x - Rev: 1.0"), trimmed. */
  readonly driverInfo: string;
}

/**
 * `flash info` (handle_flash_info_command): "#%u : %s at 0x%8.8llx, size 0x%8.8x, buswidth %u,
 * chipwidth %u", rows "\t#%3i: 0x%8.8x (0x%x %ukB) %s", then the driver's info text.
 * An empty protection column means "protection state unknown" for sector listings.
 */
export function parseFlashInfo(text: string): FlashInfo {
  const lines = text.split('\n');
  const head = /^#(\d+) : (\S+) at 0x([0-9a-fA-F]+), size 0x([0-9a-fA-F]+), buswidth (\d+), chipwidth (\d+)\s*$/.exec(lines[0]?.trim() ?? '');
  if (!head) unparsable('flash info', 'no bank header line', text);
  const sectors: FlashSector[] = [];
  let k = 1;
  for (; k < lines.length; k++) {
    const row = /^\s*#\s*(\d+): 0x([0-9a-fA-F]+) \(0x([0-9a-fA-F]+) \d+kB\) ?(.*)$/.exec(lines[k]);
    if (!row) break;
    const state = row[4].trim();
    sectors.push({
      index: Number(row[1]),
      offset: parseInt(row[2], 16),
      byteSize: parseInt(row[3], 16),
      protection: state === 'protected' || state === 'not protected' ? state : 'unknown',
    });
  }
  return {
    number: Number(head[1]),
    driver: head[2],
    base: parseInt(head[3], 16),
    byteSize: parseInt(head[4], 16),
    busWidth: Number(head[5]),
    chipWidth: Number(head[6]),
    sectors,
    driverInfo: lines.slice(k).join('\n').trim(),
  };
}

/** Summary of a transfer: "wrote %u bytes from file %s in %fs (%0.3f KiB/s)" and the like. */
export interface TransferSummary {
  readonly byteCount: number;
  readonly seconds: number;
}

/**
 * `flash write_image` (tcl.c) "wrote N bytes from file F in Xs (Y KiB/s)". F is printed as given,
 * so it may hold newlines; the last " in Xs" is OpenOCD's.
 */
export function parseWriteImage(text: string): TransferSummary {
  const match = /wrote (\d+) bytes from file [\s\S]* in (\d+(?:\.\d+)?)s/.exec(text);
  if (!match) unparsable('flash write_image', 'no "wrote N bytes" line', text);
  return { byteCount: Number(match[1]), seconds: Number(match[2]) };
}

/** `verify_image` (target.c) "verified N bytes in Xs (Y KiB/s)". */
export function parseVerifyImage(text: string): TransferSummary {
  const match = /verified (\d+) bytes in (\d+(?:\.\d+)?)s/.exec(text);
  if (!match) unparsable('verify_image', 'no "verified N bytes" line', text);
  return { byteCount: Number(match[1]), seconds: Number(match[2]) };
}

/** `load_image` (target.c handle_load_image_command) "downloaded N bytes in Xs (Y KiB/s)". */
export function parseLoadImage(text: string): TransferSummary {
  const match = /downloaded (\d+) bytes in (\d+(?:\.\d+)?)s/.exec(text);
  if (!match) unparsable('load_image', 'no "downloaded N bytes" line', text);
  return { byteCount: Number(match[1]), seconds: Number(match[2]) };
}

/** One "diff %d address 0x%08x. Was 0x%02x instead of 0x%02x" line of a failed verify_image. */
export interface VerifyDifference {
  readonly address: number;
  readonly actual: number;
  readonly expected: number;
}

export function parseVerifyDifferences(text: string): VerifyDifference[] {
  return [...text.matchAll(/diff \d+ address 0x([0-9a-fA-F]+)\. Was 0x([0-9a-fA-F]+) instead of 0x([0-9a-fA-F]+)/g)].map((m) => ({
    address: parseInt(m[1], 16),
    actual: parseInt(m[2], 16),
    expected: parseInt(m[3], 16),
  }));
}
