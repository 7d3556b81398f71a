// The simulated STM32F030 board behind the SimBoard port (test/sim/ports.ts): one Cortex-M0 system
// and the STM32F030 peripherals on one bus (RM0091 2.2), with names for the parts tests inspect.
// It knows nothing of JTAG or sockets (the link does).
import type { DebugBus } from '../ports';
import type { CortexM0 } from './cortexM0';
import { CortexM0Chip } from './cortexM0Chip';
import type { FlashInterface } from './flashInterface';
import type { GpioPort } from './gpio';
import type { Rcc } from './rcc';
import type { SysTick } from './sysTick';
import type { Memory, SystemBus } from './systemBus';
import type { Usart } from './usart';

/** An STM32F030R8-like board: 64 KiB flash, 8 KiB SRAM, Cortex-M0 with halting debug. */
export class Stm32f030Board extends CortexM0Chip {
  readonly systemBus: SystemBus;
  /** The debugger's view of the bus (the AHB-AP's). */
  readonly bus: DebugBus;
  readonly cpu: CortexM0;
  readonly sysTick: SysTick;
  readonly flash: FlashInterface;
  readonly sram: Memory;
  readonly rcc: Rcc;
  readonly gpioA: GpioPort;
  readonly usart1: Usart;

  constructor() {
    super({ coreCount: 1 });
    [this.systemBus] = this.systemBuses;
    [this.bus] = this.debugBuses;
    ({ cpu: this.cpu, sysTick: this.sysTick } = this.systems[0]);
    ({ flash: this.flash, sram: this.sram, rcc: this.rcc, gpioA: this.gpioA, usart1: this.usart1 } = this.peripherals);
  }
}
