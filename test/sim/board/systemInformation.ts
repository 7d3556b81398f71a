// STM32F030 identification that never changes at run time: DBGMCU (RM0091 32.9) and the factory
// area of system memory with the unique ID, flash size register and option bytes (RM0091 33.1,
// 4.1). The bootloader code itself is not present: system memory reads as zero elsewhere.
import { Memory, type BusDevice, type WordRegisters } from './systemBus';

export const DBGMCU_BASE = 0x40015800;
/** DBGMCU_IDCODE: REV_ID 0x2000, DEV_ID 0x440 (STM32F030x8). */
export const DBGMCU_IDCODE = 0x20006440;

export const SYSTEM_MEMORY_BASE = 0x1fffec00;
/** System memory (3 KiB) then the option bytes (16 bytes at 0x1FFFF800). */
export const SYSTEM_MEMORY_BYTE_SIZE = 0xc10;
export const FLASH_SIZE_REGISTER = 0x1ffff7cc;
export const UNIQUE_ID_BASE = 0x1ffff7ac;
const OPTION_BYTES_BASE = 0x1ffff800;
/** Factory option bytes with their complements: RDP 0xAA, USER 0xFF, DATA 0xFF, WRP 0xFF. */
const OPTION_BYTES = [0x00ff55aa, 0x00ff00ff, 0x00ff00ff, 0x00ff00ff];
const UNIQUE_ID = [0x00470031, 0x3036510b, 0x20333837];

/** DBGMCU: IDCODE read-only, CR and the freeze registers read-write; reset only at power-on. */
export class Dbgmcu implements WordRegisters {
  private readonly regs = new Uint32Array(4);

  readWord(offset: number): number {
    if (offset === 0) return DBGMCU_IDCODE;
    return offset < 0x10 ? this.regs[offset / 4] : 0;
  }

  writeWord(offset: number, value: number): boolean {
    if (offset > 0 && offset < 0x10) this.regs[offset / 4] = value;
    return true;
  }
}

/** Read-only system memory with the flash size (KiB, 16-bit), unique ID and option bytes. */
export function systemMemory(flashKiB: number): BusDevice {
  const memory = new Memory(SYSTEM_MEMORY_BYTE_SIZE);
  memory.write(FLASH_SIZE_REGISTER - SYSTEM_MEMORY_BASE, 2, flashKiB);
  UNIQUE_ID.forEach((word, i) => memory.write(UNIQUE_ID_BASE - SYSTEM_MEMORY_BASE + 4 * i, 4, word));
  OPTION_BYTES.forEach((word, i) => memory.write(OPTION_BYTES_BASE - SYSTEM_MEMORY_BASE + 4 * i, 4, word));
  return { read: (offset, size) => memory.read(offset, size), write: () => false };
}
