// What kind of image file the user gave (ELF, Intel HEX, Motorola S-record, raw binary) and where it
// goes: checked before any Tcl is sent, each error naming the file. Reads the file; sends nothing.
import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { extname } from 'node:path';
import { UserError } from '../common';

/** OpenOCD's image types (image.c identify_image_type): `elf`, `ihex`, `s19`, `bin`. */
export type ImageType = 'elf' | 'ihex' | 's19' | 'bin';

/** An image to program or verify: its absolute path, its type, and the load address of a BIN. */
export interface ImageFile {
  readonly path: string;
  readonly type: ImageType;
  /** Where a BIN goes (it carries no address of its own); undefined for the other types. */
  readonly address?: number;
  readonly byteSize: number;
}

const TYPE_BY_EXTENSION: Readonly<Record<string, ImageType>> = {
  '.elf': 'elf', '.axf': 'elf', '.out': 'elf',
  '.hex': 'ihex', '.ihex': 'ihex',
  '.s19': 's19', '.srec': 's19', '.mot': 's19',
  '.bin': 'bin',
};

/**
 * Checks an image file: it exists, its type is known (by extension, else by its first bytes as
 * OpenOCD's image.c does: ELF magic, ':' for HEX, 'S' and a digit for S-records; with an address,
 * anything else is a BIN), and `address` is given for a BIN and only for a BIN.
 */
export function imageFile(path: string, address: number | undefined): ImageFile {
  let byteSize: number;
  try {
    const stat = statSync(path);
    if (!stat.isFile()) throw new UserError(`${path} is not a file`);
    byteSize = stat.size;
  } catch (error) {
    if (error instanceof UserError) throw error;
    throw new UserError(`file not found: ${path}`);
  }
  const type = TYPE_BY_EXTENSION[extname(path).toLowerCase()] ?? sniff(path) ?? (address !== undefined ? 'bin' : undefined);
  if (type === undefined) throw new UserError(`cannot tell what kind of image ${path} is: use a .elf, .hex, .s19 or .bin file (a raw binary with "address")`);
  if (type === 'bin' && address === undefined) throw new UserError(`${path} is a raw binary: give the address to program it at ("address")`);
  if (type !== 'bin' && address !== undefined) throw new UserError(`"address" applies only to a raw binary (.bin); ${path} is ${type === 'elf' ? 'an ELF' : type === 'ihex' ? 'an Intel HEX' : 'an S-record'} file, which carries its own addresses`);
  if (address !== undefined && (!Number.isInteger(address) || address < 0 || address + byteSize > 0x1_0000_0000)) {
    throw new UserError(`"address" ${address} does not fit ${byteSize} bytes into the 32-bit address space`);
  }
  return { path, type, address, byteSize };
}

function sniff(path: string): ImageType | undefined {
  const head = Buffer.alloc(4);
  const fd = openSync(path, 'r');
  try {
    readSync(fd, head, 0, 4, 0);
  } finally {
    closeSync(fd);
  }
  if (head[0] === 0x7f && head.toString('latin1', 1, 4) === 'ELF') return 'elf';
  if (head[0] === 0x3a) return 'ihex';
  if (head[0] === 0x53 && head[1] >= 0x30 && head[1] <= 0x39) return 's19';
  return undefined;
}
