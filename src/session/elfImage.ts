// Programs an ELF where its load segments say (a launch, `openocd.program`): a flash image the
// target already holds may be left alone (checked by a CRC on the target first), any other is
// written and verified; a RAM image always loads and returns where it starts. Builds no Tcl.
import { basename } from 'node:path';
import { hex32, UserError } from '../common';
import { architectureFamilyOfMachine, type ImageEntry, type Program } from '../engine';
import type { FlashBank, OpenocdCommands } from '../openocd';
import type { ImageFile } from './imageFile';
import { compareImage, destination, targetHolds, throwIfMismatch, writeImage, type ImageBlock } from './imageWriter';

/** How `programElf` goes about it. */
export interface ElfProgramming {
  /** Compare with the file after writing (`verify_image`). */
  readonly verify: boolean;
  /**
   * Before erasing flash, check whether it already holds the image (launch.json
   * `verifyBeforeFlashing`, as probe-rs's option of that name and pyOCD's smart flash): when it
   * does, nothing is erased or written, and the check itself verified every byte's section.
   */
  readonly skipIfHeld: boolean;
}

/** The ELF's load segments that carry bytes, at their load (physical) addresses, as OpenOCD's image.c loads them. */
export function segmentsOf(program: Program): ImageBlock[] {
  return program.loadSegments().filter((segment) => segment.data.length > 0).map((segment) => ({ address: segment.paddr, byteLength: segment.data.length }));
}

/**
 * Writes an ELF where its load segments say (after a `reset init` that put the chip in its
 * programming state). A RAM image returns where it starts, for the reset-halt handler; a flash
 * image returns undefined.
 */
export async function programElf(
  commands: OpenocdCommands,
  program: Program,
  image: ImageFile,
  banks: readonly FlashBank[],
  report: (percent: number, message: string) => void,
  how: ElfProgramming,
): Promise<ImageEntry | undefined> {
  const blocks = segmentsOf(program);
  const byteSize = blocks.reduce((sum, block) => sum + block.byteLength, 0);
  const where = destination(image, blocks, banks);
  const name = basename(image.path);
  let differs = '';
  if (where === 'flash' && how.skipIfHeld) {
    report(5, `Checking whether the flash already holds ${name} (${byteSize} bytes)...`);
    const held = await targetHolds(commands, image);
    if (held.holds) {
      report(90, `The flash already holds ${name}: ${held.byteCount} bytes match by checksum; nothing erased or written.`);
      return undefined;
    }
    differs = ` (the flash differs: ${held.why})`;
  }
  report(10, `Programming ${name}: ${byteSize} bytes into ${where}${differs}...`);
  const written = await writeImage(commands, async () => (await commands.currentTarget()).trim(), image, where);
  if (how.verify) {
    report(60, `Wrote ${written.byteCount} bytes in ${written.seconds.toFixed(2)} s; verifying...`);
    const comparison = throwIfMismatch(image, await compareImage(commands, image));
    report(90, `Verified ${comparison.byteCount} bytes.`);
  }
  if (where === 'flash') return undefined;
  // A RISC-V reset loads the PC alone (Privileged Spec 3.4): no vector table holds a stack pointer.
  if (architectureFamilyOfMachine(program.elf.header.machine) !== 'arm') return { entry: program.entryAddress };
  const vectorTable = program.elf.section('.isr_vector')?.addr ?? Math.min(...blocks.map((block) => block.address));
  const initialSp = program.bytesAt(vectorTable, 4);
  if (!initialSp) throw new UserError(`RAM image: no initial stack pointer at the vector table ${hex32(vectorTable)} in ${image.path}`);
  return { vectorTable: { address: vectorTable, stackPointer: new DataView(initialSp.buffer, initialSp.byteOffset, 4).getUint32(0, true) }, entry: program.entryAddress };
}
