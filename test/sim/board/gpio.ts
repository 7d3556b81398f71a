// An STM32F0 GPIO port (RM0091 8.4): mode, output, pull and alternate-function registers, the
// BSRR/BRR set-reset path, and IDR showing driven outputs and pulled inputs. No external pins.
import type { WordRegisters } from './systemBus';

export const GPIOA_BASE = 0x48000000;
export const GPIO_PORT_STRIDE = 0x400;
export const GPIO_REGS = {
  MODER: 0x00, OTYPER: 0x04, OSPEEDR: 0x08, PUPDR: 0x0c, IDR: 0x10, ODR: 0x14, BSRR: 0x18,
  LCKR: 0x1c, AFRL: 0x20, AFRH: 0x24, BRR: 0x28,
} as const;

/** Port A resets with PA13/PA14 (SWDIO/SWCLK) in alternate function, pulled (RM0091 8.4.1). */
export const GPIOA_RESET = { MODER: 0x28000000, OSPEEDR: 0x0c000000, PUPDR: 0x24000000 } as const;
const OTHER_PORT_RESET = { MODER: 0, OSPEEDR: 0, PUPDR: 0 } as const;

export class GpioPort implements WordRegisters {
  private readonly regs = new Uint32Array(11);

  constructor(private readonly resetValues: typeof GPIOA_RESET | typeof OTHER_PORT_RESET = OTHER_PORT_RESET) {
    this.reset();
  }

  reset(): void {
    this.regs.fill(0);
    this.regs[GPIO_REGS.MODER / 4] = this.resetValues.MODER;
    this.regs[GPIO_REGS.OSPEEDR / 4] = this.resetValues.OSPEEDR;
    this.regs[GPIO_REGS.PUPDR / 4] = this.resetValues.PUPDR;
  }

  readWord(offset: number): number {
    if (offset === GPIO_REGS.IDR) return this.inputLevels();
    if (offset === GPIO_REGS.BSRR || offset === GPIO_REGS.BRR) return 0;
    return offset < 0x2c ? this.regs[offset / 4] : 0;
  }

  writeWord(offset: number, value: number): boolean {
    const odr = this.regs[GPIO_REGS.ODR / 4];
    if (offset === GPIO_REGS.BSRR) {
      // Set bits win over reset bits (RM0091 8.4.7).
      this.regs[GPIO_REGS.ODR / 4] = ((odr & ~(value >>> 16)) | value) & 0xffff;
    } else if (offset === GPIO_REGS.BRR) {
      this.regs[GPIO_REGS.ODR / 4] = odr & ~value & 0xffff;
    } else if (offset === GPIO_REGS.ODR) {
      this.regs[offset / 4] = value & 0xffff;
    } else if (offset !== GPIO_REGS.IDR && offset < 0x2c) {
      this.regs[offset / 4] = value;
    }
    return true;
  }

  /** IDR: an output pin reads what it drives; an input reads its pull-up (1) or else 0. */
  private inputLevels(): number {
    const moder = this.regs[GPIO_REGS.MODER / 4];
    const pupdr = this.regs[GPIO_REGS.PUPDR / 4];
    const odr = this.regs[GPIO_REGS.ODR / 4];
    let idr = 0;
    for (let pin = 0; pin < 16; pin++) {
      const mode = (moder >>> (2 * pin)) & 3;
      const pull = (pupdr >>> (2 * pin)) & 3;
      const level = mode === 1 ? (odr >>> pin) & 1 : pull === 1 ? 1 : 0;
      idr |= level << pin;
    }
    return idr;
  }
}
