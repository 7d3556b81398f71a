// What OpenOCD's stm32f1x flash driver reads to know a GD32VF103 (stm32f1x.c stm32x_probe):
// DBGMCU_IDCODE at 0xE0042000 (DEV_ID 0x410, REV_ID 0x1906) and the flash size in KiB at 0x1FFFF7E0.
import { Memory, type BusDevice, type WordRegisters } from '../board/systemBus';

export const DBGMCU_BASE = 0xe0042000;
export const DBGMCU_BYTE_SIZE = 0x400;
/** REV_ID 0x1906 (gd32vf103 in stm32f1x.c), DEV_ID 0x410 (STM32F10x medium density). */
export const GD32VF103_IDCODE = 0x19060410;
/** The factory information block: flash size (16 bits, KiB) at +0, option bytes from +0x20. */
export const INFO_BASE = 0x1ffff7e0;
export const INFO_BYTE_SIZE = 0x30;

/** DBGMCU: IDCODE read-only, CR (+4: the watchdog freeze bits gd32vf103.cfg sets) read-write. */
export class Gd32Dbgmcu implements WordRegisters {
  private cr = 0;

  readWord(offset: number): number {
    if (offset === 0) return GD32VF103_IDCODE;
    return offset === 4 ? this.cr : 0;
  }

  writeWord(offset: number, value: number): boolean {
    if (offset === 4) this.cr = value >>> 0;
    return true;
  }
}

/** The read-only information block with `flashKiB` and erased-state option bytes. */
export function informationBlock(flashKiB: number): BusDevice {
  const memory = new Memory(INFO_BYTE_SIZE, 0xff);
  memory.write(0, 2, flashKiB);
  return { read: (offset, size) => memory.read(offset, size), write: () => false };
}
