// STM32F030 reset and clock control at 0x40021000 (RM0091 7.4): oscillator ready flags follow
// their enables and SWS follows SW at once. Clocks have no effect on timing or on peripheral
// access here; the registers exist so firmware start-up code and SVD views see a live RCC.
import type { WordRegisters } from './systemBus';

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

export class Rcc implements WordRegisters {
  private readonly values = new Map<number, number>();

  constructor() {
    this.reset();
  }

  reset(): void {
    this.values.clear();
    for (const [offset, value] of Object.entries(RESET_VALUES)) this.values.set(Number(offset), value);
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
    if (offset <= RCC_REGS.CR2) this.values.set(offset, value >>> 0);
    return true;
  }
}
