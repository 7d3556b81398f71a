// Turns firmware files into FirmwareSegments for a board's loadFirmware: a raw .bin placed
// at the flash base, or an ELF's PT_LOAD segments at their load addresses (src/elf).
import { ElfFile } from '../../../src/elf';
import { FLASH_BASE } from './flashInterface';
import type { FirmwareSegment } from './stm32f030Peripherals';

/** A raw binary image, programmed from `address` (the flash base by default). */
export function segmentsFromBin(bytes: Uint8Array, address = FLASH_BASE): FirmwareSegment[] {
  return [{ address, data: bytes }];
}

/** The bytes a loader programs from an ELF file (LMA, so initialised .data lands in flash). */
export function segmentsFromElf(bytes: Uint8Array): FirmwareSegment[] {
  return ElfFile.parse(bytes).loadSegments().map((segment) => ({ address: segment.paddr, data: segment.data }));
}
