// The STM32F030 embedded flash: the 64 KiB array and its interface registers at 0x40022000
// (RM0091 3.2-3.5): unlock keys, halfword programming, page and mass erase, status flags.
// Option-byte programming (OPTPG/OPTER) and read protection are not modelled.
import type { AccessSize } from '../ports';
import { Memory, registerBlock, type BusDevice } from './systemBus';

export const FLASH_BASE = 0x08000000;
export const FLASH_BYTE_SIZE = 64 * 1024;
export const FLASH_PAGE_BYTE_SIZE = 1024;
export const FLASH_INTERFACE_BASE = 0x40022000;

/** Register offsets (RM0091 3.5). */
export const FLASH_REGS = { ACR: 0x00, KEYR: 0x04, OPTKEYR: 0x08, SR: 0x0c, CR: 0x10, AR: 0x14, OBR: 0x1c, WRPR: 0x20 } as const;
export const FLASH_SR = { BSY: 1 << 0, PGERR: 1 << 2, WRPRTERR: 1 << 4, EOP: 1 << 5 } as const;
export const FLASH_CR = {
  PG: 1 << 0, PER: 1 << 1, MER: 1 << 2, OPTPG: 1 << 4, OPTER: 1 << 5, STRT: 1 << 6, LOCK: 1 << 7, OPTWRE: 1 << 9,
  ERRIE: 1 << 10, EOPIE: 1 << 12, OBL_LAUNCH: 1 << 13,
} as const;
export const FLASH_KEY1 = 0x45670123;
export const FLASH_KEY2 = 0xcdef89ab;

const ACR_RESET = 0x30;
/** OBR with the factory option bytes: RDP level 0, USER 0xFF, DATA0/1 0xFF (RM0091 3.5.6). */
const OBR_VALUE = 0xffffff00;
/** No page is write-protected (RM0091 3.5.7). */
const WRPR_VALUE = 0xffffffff;

type KeyState = 'locked' | 'key1Seen' | 'unlocked' | 'lockedUntilReset';

/**
 * The flash array (as a bus device for reads and programming) and its interface registers. The
 * GD32VF103 has the same interface (its FMC) over 128 KiB: `byteSize` is the array's size.
 */
export class FlashInterface {
  readonly array: Memory;
  private acr = ACR_RESET;
  private sr = 0;
  private cr = FLASH_CR.LOCK;
  private ar = 0;
  private keyState: KeyState = 'locked';
  private optionKeyState: 'locked' | 'key1Seen' = 'locked';
  /**
   * What the array went through since power-on: a rewrite of the same bytes leaves the array as it
   * was, so a test that must tell skipped programming from a rewrite counts operations instead.
   */
  readonly operations = { pageErases: 0, massErases: 0, halfwordsProgrammed: 0 };

  /** The array as the bus sees it: reads, and programming writes while CR.PG is set. */
  readonly memoryPort: BusDevice = {
    read: (offset, size) => this.array.read(offset, size),
    write: (offset, size, value) => this.program(offset, size, value),
  };

  /** The interface registers at FLASH_INTERFACE_BASE. */
  readonly registers: BusDevice = registerBlock({
    readWord: (offset) => this.readRegister(offset),
    writeWord: (offset, value) => this.writeRegister(offset, value),
  });

  constructor(byteSize = FLASH_BYTE_SIZE) {
    this.array = new Memory(byteSize, 0xff);
  }

  /** System reset: registers back to reset values and the interface locked; the array keeps its data. */
  reset(): void {
    this.acr = ACR_RESET;
    this.sr = 0;
    this.cr = FLASH_CR.LOCK;
    this.ar = 0;
    this.keyState = 'locked';
    this.optionKeyState = 'locked';
  }

  private readRegister(offset: number): number | undefined {
    switch (offset) {
      // PRFTBS (bit 5) mirrors PRFTBE (bit 4): the prefetch buffer follows its enable at once.
      case FLASH_REGS.ACR: return (this.acr & 0x17) | ((this.acr & 0x10) << 1);
      case FLASH_REGS.SR: return this.sr;
      case FLASH_REGS.CR: return this.cr;
      case FLASH_REGS.AR: return this.ar;
      case FLASH_REGS.OBR: return OBR_VALUE;
      case FLASH_REGS.WRPR: return WRPR_VALUE;
      default: return 0;
    }
  }

  private writeRegister(offset: number, value: number): boolean {
    switch (offset) {
      case FLASH_REGS.ACR: this.acr = value & 0x17; return true;
      case FLASH_REGS.KEYR: return this.writeKey(value);
      case FLASH_REGS.OPTKEYR:
        if (this.optionKeyState === 'key1Seen' && value === FLASH_KEY2 && !(this.cr & FLASH_CR.LOCK)) this.cr |= FLASH_CR.OPTWRE;
        this.optionKeyState = value === FLASH_KEY1 ? 'key1Seen' : 'locked';
        return true;
      // Write 1 to clear PGERR, WRPRTERR, EOP (RM0091 3.5.4).
      case FLASH_REGS.SR: this.sr &= ~(value & (FLASH_SR.PGERR | FLASH_SR.WRPRTERR | FLASH_SR.EOP)); return true;
      case FLASH_REGS.CR: this.writeControl(value); return true;
      case FLASH_REGS.AR: if (this.keyState === 'unlocked') this.ar = value >>> 0; return true;
      default: return true;
    }
  }

  /** KEY1 then KEY2 unlocks; any other sequence locks FLASH_CR until reset and errors (3.2.2). */
  private writeKey(value: number): boolean {
    if (this.keyState === 'locked' && value === FLASH_KEY1) this.keyState = 'key1Seen';
    else if (this.keyState === 'key1Seen' && value === FLASH_KEY2) {
      this.keyState = 'unlocked';
      this.cr &= ~FLASH_CR.LOCK;
    } else if (this.keyState !== 'unlocked') {
      this.keyState = 'lockedUntilReset';
      return false;
    }
    return true;
  }

  private writeControl(value: number): void {
    if (this.keyState !== 'unlocked') return;
    if (value & FLASH_CR.LOCK) {
      this.keyState = 'locked';
      this.cr = FLASH_CR.LOCK;
      return;
    }
    const kept = FLASH_CR.PG | FLASH_CR.PER | FLASH_CR.MER | FLASH_CR.OPTPG | FLASH_CR.OPTER | FLASH_CR.ERRIE | FLASH_CR.EOPIE;
    this.cr = (value & kept) | (this.cr & FLASH_CR.OPTWRE & value);
    if (!(value & FLASH_CR.STRT)) return;
    // Erases complete at once: BSY is never seen set, EOP reports the end (3.2.2, 3.5.4).
    if (this.cr & FLASH_CR.MER) {
      this.array.bytes.fill(0xff);
      this.operations.massErases++;
    } else if (this.cr & FLASH_CR.PER) {
      this.operations.pageErases++;
      const page = Math.floor(((this.ar - FLASH_BASE) >>> 0) / FLASH_PAGE_BYTE_SIZE);
      if (page >= 0 && page < this.array.bytes.length / FLASH_PAGE_BYTE_SIZE) {
        this.array.bytes.fill(0xff, page * FLASH_PAGE_BYTE_SIZE, (page + 1) * FLASH_PAGE_BYTE_SIZE);
      }
    } else return;
    this.sr |= FLASH_SR.EOP;
  }

  /**
   * A write to the array: with CR.PG a halfword is programmed if erased (0x0000 may overwrite
   * anything), otherwise PGERR; other sizes, or no PG, get an error response (RM0091 3.2.2).
   */
  private program(offset: number, size: AccessSize, value: number): boolean {
    if (!(this.cr & FLASH_CR.PG) || size !== 2) return false;
    const current = this.array.read(offset, 2);
    if (current === undefined) return false;
    const halfword = value & 0xffff;
    if (current !== 0xffff && halfword !== 0) {
      this.sr |= FLASH_SR.PGERR;
      return true;
    }
    this.array.write(offset, 2, halfword);
    this.operations.halfwordsProgrammed++;
    this.sr |= FLASH_SR.EOP;
    return true;
  }
}
