// Writes an image into the target and compares it with the file: into flash (`flash write_image
// erase`) when every byte lies in a flash bank, else into RAM (`load_image`, with the work area
// backed up); compares in full (`verify_image`) or by checksum alone (does the target hold it?).
// Uses the openocd layer's typed commands; builds no Tcl itself.
import { hex32, UserError } from '../common';
import type { FlashBank, ImageOptions, OpenocdCommands } from '../openocd';
import type { ImageFile } from './imageFile';

/** A block of an image: where it goes and how many bytes. */
export interface ImageBlock {
  readonly address: number;
  readonly byteLength: number;
}

/** What a write did. */
export interface ImageWrite {
  readonly byteCount: number;
  readonly seconds: number;
  readonly destination: 'flash' | 'RAM';
}

/** The first byte that differs between the file and the target. */
export interface ImageMismatch {
  readonly address: number;
  /** The byte in the file. */
  readonly expected: number;
  /** The byte in the target. */
  readonly actual: number;
}

/** What a comparison found: `byteCount` compared when it matches, else the first difference. */
export type ImageComparison = { readonly matches: true; readonly byteCount: number } | { readonly matches: false; readonly firstMismatch: ImageMismatch };

/** How OpenOCD is told the file's type and, for a BIN, its address. */
function imageOptions(image: ImageFile): ImageOptions {
  return { type: image.type, offset: image.address };
}

/**
 * Flash when every block lies inside one flash bank; RAM when no block touches flash. A HEX or
 * S-record file (`blocks` undefined: we do not parse them) goes to flash, as OpenOCD's `program`
 * sends it. An image that straddles flash and RAM is refused with the block that does.
 */
export function destination(image: ImageFile, blocks: readonly ImageBlock[] | undefined, banks: readonly FlashBank[]): 'flash' | 'RAM' {
  if (blocks === undefined) return 'flash';
  const inFlash = (block: ImageBlock): boolean => banks.some((bank) => block.address >= bank.base && block.address + block.byteLength <= bank.base + bank.byteSize);
  const touchesFlash = (block: ImageBlock): boolean => banks.some((bank) => block.address < bank.base + bank.byteSize && block.address + block.byteLength > bank.base);
  if (blocks.length > 0 && blocks.every(inFlash)) return 'flash';
  const mixed = blocks.find(touchesFlash);
  if (mixed) throw new UserError(`${image.path}: the block at ${hex32(mixed.address)} (${mixed.byteLength} bytes) lies partly in flash and partly outside any flash bank`);
  return 'RAM';
}

/**
 * Writes the image (the target must be halted, after a `reset init` that put the chip in its
 * programming state). Flash sectors it covers are erased first; RAM is loaded as it is, after the
 * work area of `targetName` is backed up (asked only then: a flash launch saves the round trip).
 */
export async function writeImage(commands: OpenocdCommands, targetName: () => Promise<string>, image: ImageFile, where: 'flash' | 'RAM'): Promise<ImageWrite> {
  if (where === 'flash') {
    const written = await commands.flash.writeImage(image.path, { ...imageOptions(image), erase: true });
    return { ...written, destination: 'flash' };
  }
  await commands.flash.backUpWorkArea(await targetName());
  const loaded = await commands.flash.loadImage(image.path, imageOptions(image));
  return { ...loaded, destination: 'RAM' };
}

/**
 * Whether the target already holds the image (`verify_image_checksum`: a CRC per section on the
 * target, nothing read back). `why` says what differed, or why the check could not run.
 */
export async function targetHolds(commands: OpenocdCommands, image: ImageFile): Promise<{ readonly holds: true; readonly byteCount: number } | { readonly holds: false; readonly why: string }> {
  const check = await commands.flash.imageChecksum(image.path, imageOptions(image));
  if (check.matches) return { holds: true, byteCount: check.byteCount };
  // OpenOCD's first message says why ("checksum mismatch"); its error code follows.
  const [first] = check.reason.split('\n').map((line) => line.trim()).filter(Boolean);
  return { holds: false, why: first ?? 'the check failed' };
}

/** `verify_image`: the whole image against the target, a difference as a value. */
export async function compareImage(commands: OpenocdCommands, image: ImageFile): Promise<ImageComparison> {
  const result = await commands.flash.compareImage(image.path, imageOptions(image));
  if (result.differences.length === 0) return { matches: true, byteCount: result.byteCount ?? image.byteSize };
  const [first] = result.differences;
  return { matches: false, firstMismatch: { address: first.address, expected: first.expected, actual: first.actual } };
}

/** A comparison's difference as the error a user sees: the file, the address, both bytes. */
export function throwIfMismatch(image: ImageFile, comparison: ImageComparison): { byteCount: number } {
  if (comparison.matches) return comparison;
  const { address, expected, actual } = comparison.firstMismatch;
  throw new UserError(`verify failed: ${image.path} differs from the target at ${hex32(address)} (file 0x${expected.toString(16).padStart(2, '0')}, target 0x${actual.toString(16).padStart(2, '0')})`);
}
