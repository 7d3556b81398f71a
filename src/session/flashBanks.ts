// The flash banks as a user sees them: driver, base, size and every sector with its protection.
// Sector protection comes from the protection blocks where the driver has them (stm32f1x protects
// groups of sectors): `flash info N sectors` then lists it as unknown. Builds no Tcl itself.
import type { FlashInfo, FlashSector, OpenocdCommands } from '../openocd';

/** One sector: its offset in the bank, its size, and whether it is write-protected (undefined: unknown). */
export interface FlashSectorDescription {
  readonly index: number;
  readonly offset: number;
  readonly size: number;
  readonly protected?: boolean;
}

/** One flash bank as `flash list` and `flash info` describe it. */
export interface FlashBankDescription {
  readonly index: number;
  readonly name: string;
  readonly driver: string;
  readonly base: number;
  readonly size: number;
  /** The target that owns the bank. */
  readonly target?: string;
  readonly sectors: readonly FlashSectorDescription[];
}

/** Every bank, probed, with its sectors (`flash list`, then `flash info` per bank). */
export async function describeFlashBanks(commands: OpenocdCommands): Promise<FlashBankDescription[]> {
  const banks = await commands.flash.banks();
  const described: FlashBankDescription[] = [];
  for (const bank of banks) {
    const sectors = await commands.flash.info(bank.number, { sectors: true });
    const blocks = await commands.flash.info(bank.number);
    described.push({
      index: bank.number,
      name: bank.name,
      driver: bank.driver,
      base: sectors.base,
      size: sectors.byteSize,
      target: bank.target,
      sectors: sectors.sectors.map((sector) => ({ index: sector.index, offset: sector.offset, size: sector.byteSize, protected: protection(sector, blocks) })),
    });
  }
  return described;
}

/** A sector's own protection, else that of the protection block containing it. */
function protection(sector: FlashSector, blocks: FlashInfo): boolean | undefined {
  const known = (state: FlashSector['protection']): boolean | undefined => (state === 'unknown' ? undefined : state === 'protected');
  if (sector.protection !== 'unknown') return known(sector.protection);
  const block = blocks.sectors.find((b) => sector.offset >= b.offset && sector.offset < b.offset + b.byteSize);
  return block ? known(block.protection) : undefined;
}
