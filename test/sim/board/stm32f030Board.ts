// The simulated STM32F030 board behind the SimBoard port (test/sim/ports.ts): one Cortex-M0 system
// and the STM32F030 peripherals on one bus (RM0091 2.2); it handles resets and loads firmware.
// It knows nothing of JTAG or sockets (the link does).
import { TypedEvent } from '../../../src/common';
import type { DebugBus, SimBoard } from '../ports';
import type { CortexM0 } from './cortexM0';
import { CortexM0System } from './cortexM0System';
import type { FlashInterface } from './flashInterface';
import type { GpioPort } from './gpio';
import { PPB_BASE, PPB_BYTE_SIZE } from './privatePeripheralBus';
import type { Rcc, ResetCause } from './rcc';
import { type FirmwareSegment, Stm32f030Peripherals } from './stm32f030Peripherals';
import type { SysTick } from './sysTick';
import { type Memory, SystemBus } from './systemBus';
import type { Usart } from './usart';

/** An STM32F030R8-like board: 64 KiB flash, 8 KiB SRAM, Cortex-M0 with halting debug. */
export class Stm32f030Board implements SimBoard {
  readonly uartTx = new TypedEvent<number>();
  readonly systemBus = new SystemBus();
  readonly bus: DebugBus;
  readonly system: CortexM0System;
  readonly cpu: CortexM0;
  readonly sysTick: SysTick;
  readonly peripherals: Stm32f030Peripherals;
  readonly flash: FlashInterface;
  readonly sram: Memory;
  readonly rcc: Rcc;
  readonly gpioA: GpioPort;
  readonly usart1: Usart;
  private resetAsserted = false;

  constructor() {
    this.system = new CortexM0System(this.systemBus, () => this.systemReset('software'));
    this.cpu = this.system.cpu;
    this.sysTick = this.system.sysTick;
    this.peripherals = new Stm32f030Peripherals(this.uartTx, (irq, high) => this.cpu.nvic.setLine(irq, high));
    ({ flash: this.flash, sram: this.sram, rcc: this.rcc, gpioA: this.gpioA, usart1: this.usart1 } = this.peripherals);
    this.peripherals.mapOnto(this.systemBus);
    this.systemBus.map(PPB_BASE, PPB_BYTE_SIZE, this.system.ppb);
    this.bus = this.systemBus.debugPort;
    this.systemReset('powerOn');
  }

  /** Virtual time in core cycles since power-on. */
  get cycles(): number {
    return this.system.cycles;
  }

  get debugBuses(): readonly DebugBus[] {
    return [this.bus];
  }

  get active(): boolean {
    return !this.resetAsserted && this.system.active;
  }

  run(budget: number): number {
    return this.resetAsserted ? 0 : this.system.run(budget);
  }

  setSystemReset(asserted: boolean): void {
    if (asserted) this.systemReset('pin');
    // The core leaves reset when nSRST is released (it fetches its vectors again then).
    else if (this.resetAsserted) this.systemReset('pin');
    this.resetAsserted = asserted;
  }

  /**
   * Places firmware in flash (or SRAM) as a programmer would, then power-cycles the board so the
   * core starts from the new vector table. Throws UserError for bytes outside flash and SRAM.
   */
  loadFirmware(segments: readonly FirmwareSegment[]): void {
    this.peripherals.placeFirmware(segments);
    this.systemReset('powerOn');
  }

  /** System reset (RM0091 6.1.2): core, NVIC, SysTick and peripherals; not debug, DBGMCU, memory. */
  private systemReset(cause: ResetCause): void {
    this.peripherals.reset(cause);
    this.system.reset();
  }
}
