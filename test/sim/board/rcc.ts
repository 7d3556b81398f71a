// STM32F030 reset and clock control at 0x40021000 (RM0091 7.4): oscillator ready flags follow
// their enables, SWS follows SW at once, CSR records the reset cause, and the enable registers
// gate peripheral access. Clock frequencies have no effect on timing here.
import type { BusDevice, WordRegisters } from './systemBus';

export const RCC_BASE = 0x40021000;
export const RCC_REGS = {
  CR: 0x00, CFGR: 0x04, CIR: 0x08, APB2RSTR: 0x0c, APB1RSTR: 0x10, AHBENR: 0x14, APB2ENR: 0x18,
  APB1ENR: 0x1c, BDCR: 0x20, CSR: 0x24, AHBRSTR: 0x28, CFGR2: 0x2c, CFGR3: 0x30, CR2: 0x34,
} as const;

/** Reset values (RM0091 7.4): HSI on and ready with HSITRIM 16; SRAM and flash interface clocked. */
const RESET_VALUES: Readonly<Record<number, number>> = {
  [RCC_REGS.CR]: 0x00000083,
  [RCC_REGS.AHBENR]: 0x00000014,
  [RCC_REGS.CSR]: 0x0c000000,
  [RCC_REGS.CR2]: 0x00000080,
};

/** [enable bit, ready bit] pairs per register: a ready flag reads as its enable (no start-up delay). */
const READY_FOLLOWS: Readonly<Record<number, readonly (readonly [number, number])[]>> = {
  [RCC_REGS.CR]: [[0, 1], [16, 17], [24, 25]], // HSION/HSIRDY, HSEON/HSERDY, PLLON/PLLRDY
  [RCC_REGS.BDCR]: [[0, 1]], // LSEON/LSERDY
  [RCC_REGS.CSR]: [[0, 1]], // LSION/LSIRDY
  [RCC_REGS.CR2]: [[0, 1]], // HSI14ON/HSI14RDY
};

/** What reset the chip; RCC_CSR keeps a flag per cause until RMVF (RM0091 7.4.10). */
export type ResetCause = 'powerOn' | 'pin' | 'software';
const CSR_RMVF = 1 << 24;
const CSR_PINRSTF = 1 << 26;
const CSR_SFTRSTF = 1 << 28;
const CSR_FLAGS = 0xff000000;

/** Enable bits gating bus access (RM0091 7.4.6-7.4.7): [register offset, bit]. */
export const CLOCK_ENABLE = {
  IOPAEN: [RCC_REGS.AHBENR, 17], IOPBEN: [RCC_REGS.AHBENR, 18], IOPCEN: [RCC_REGS.AHBENR, 19],
  IOPDEN: [RCC_REGS.AHBENR, 20], IOPFEN: [RCC_REGS.AHBENR, 22], USART1EN: [RCC_REGS.APB2ENR, 14],
} as const;

export class Rcc implements WordRegisters {
  private readonly values = new Map<number, number>();

  constructor() {
    this.reset('powerOn');
  }

  /** Registers back to reset values; a power-on clears the reset flags, other resets add theirs. */
  reset(cause: ResetCause): void {
    const flags = (this.values.get(RCC_REGS.CSR) ?? 0) & CSR_FLAGS;
    this.values.clear();
    for (const [offset, value] of Object.entries(RESET_VALUES)) this.values.set(Number(offset), value);
    // Every internal reset also pulls NRST low, so PINRSTF comes with SFTRSTF (RM0091 6.1.2).
    if (cause !== 'powerOn') {
      this.values.set(RCC_REGS.CSR, flags | CSR_PINRSTF | (cause === 'software' ? CSR_SFTRSTF : 0));
    }
  }

  /** A peripheral behind an enable bit: while its clock is off it reads 0 and ignores writes. */
  gate(device: BusDevice, [offset, bit]: readonly [number, number]): BusDevice {
    const enabled = (): boolean => ((this.values.get(offset) ?? 0) >>> bit & 1) === 1;
    return {
      read: (at, size, master) => (enabled() ? device.read(at, size, master) : 0),
      write: (at, size, value, master) => (enabled() ? device.write(at, size, value, master) : true),
    };
  }

  readWord(offset: number): number {
    let value = this.values.get(offset) ?? 0;
    for (const [enable, ready] of READY_FOLLOWS[offset] ?? []) {
      value = (value & ~(1 << ready)) | (((value >>> enable) & 1) << ready);
    }
    // CFGR.SWS (bits 3:2) reports the clock selected by SW (bits 1:0) as switched.
    if (offset === RCC_REGS.CFGR) value = (value & ~0xc) | ((value & 3) << 2);
    return value >>> 0;
  }

  writeWord(offset: number, value: number): boolean {
    if (offset === RCC_REGS.CSR) {
      // RMVF clears the reset flags; the flags themselves are read-only.
      const flags = value & CSR_RMVF ? 0 : (this.values.get(offset) ?? 0) & CSR_FLAGS;
      this.values.set(offset, (flags | (value & 1)) >>> 0);
    } else if (offset <= RCC_REGS.CR2) this.values.set(offset, value >>> 0);
    return true;
  }
}
