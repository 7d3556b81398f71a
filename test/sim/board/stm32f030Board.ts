// The simulated STM32F030 board behind the SimBoard port (test/sim/ports.ts): assembles the
// memory map of RM0091 2.2, the Cortex-M0 and the peripherals, keeps virtual time, handles
// resets and loads firmware. It knows nothing of JTAG or sockets (the link does).
import { TypedEvent, UserError } from '../../../src/common';
import type { DebugBus, SimBoard } from '../ports';
import { CortexM0 } from './cortexM0';
import { FLASH_BASE, FLASH_BYTE_SIZE, FLASH_INTERFACE_BASE, FlashInterface } from './flashInterface';
import { GPIO_PORT_STRIDE, GPIOA_BASE, GPIOA_RESET, GpioPort } from './gpio';
import { Exception } from './nvic';
import { PPB_BASE, PPB_BYTE_SIZE, PrivatePeripheralBus } from './privatePeripheralBus';
import { CLOCK_ENABLE, Rcc, RCC_BASE, type ResetCause } from './rcc';
import { SysTick } from './sysTick';
import { Memory, razWi, registerBlock, SystemBus } from './systemBus';
import { DBGMCU_BASE, Dbgmcu, SYSTEM_MEMORY_BASE, SYSTEM_MEMORY_BYTE_SIZE, systemMemory } from './systemInformation';
import { USART1_BASE, USART1_IRQ, Usart } from './usart';

export const SRAM_BASE = 0x20000000;
export const SRAM_BYTE_SIZE = 8 * 1024;
const PERIPHERAL_BLOCK_BYTE_SIZE = 0x400;
/**
 * Peripherals of the STM32F030x8 memory map (RM0091 table 1) that are present but not modelled:
 * they read as zero and ignore writes. Addresses between blocks give a bus error.
 */
const UNMODELLED_PERIPHERALS = [
  0x40000400, 0x40001000, 0x40002000, 0x40002800, 0x40002c00, 0x40003000, 0x40003800, 0x40004400,
  0x40005400, 0x40005800, 0x40007000, 0x40010000, 0x40010400, 0x40012400, 0x40012c00, 0x40013000,
  0x40014000, 0x40014400, 0x40014800, 0x40020000, 0x40023000,
];
/** GPIO ports B, C, D and F (E does not exist on the STM32F030), and their clock enables. */
const OTHER_GPIO_PORTS = [1, 2, 3, 5];
const OTHER_GPIO_ENABLES = [CLOCK_ENABLE.IOPBEN, CLOCK_ENABLE.IOPCEN, CLOCK_ENABLE.IOPDEN, CLOCK_ENABLE.IOPFEN];

/** Bytes to place in memory before the core starts (a .bin, or an ELF's load segments). */
export interface FirmwareSegment {
  readonly address: number;
  readonly data: Uint8Array;
}

/** An STM32F030R8-like board: 64 KiB flash, 8 KiB SRAM, Cortex-M0 with halting debug. */
export class Stm32f030Board implements SimBoard {
  readonly uartTx = new TypedEvent<number>();
  readonly systemBus = new SystemBus();
  readonly bus: DebugBus;
  readonly cpu: CortexM0;
  readonly sysTick: SysTick;
  readonly flash = new FlashInterface();
  readonly sram = new Memory(SRAM_BYTE_SIZE);
  readonly rcc = new Rcc();
  readonly gpioA = new GpioPort(GPIOA_RESET);
  readonly usart1: Usart;
  private readonly otherPorts = OTHER_GPIO_PORTS.map(() => new GpioPort());
  /** Virtual time in core cycles since power-on. */
  cycles = 0;
  private resetAsserted = false;

  constructor() {
    const bus = this.systemBus;
    this.cpu = new CortexM0(bus, {
      systemReset: () => this.systemReset('software'),
      elapse: (cycles) => this.elapse(cycles),
    });
    this.sysTick = new SysTick(() => this.cpu.nvic.pend(Exception.SysTick));
    this.usart1 = new Usart(this.uartTx, (high) => this.cpu.nvic.setLine(USART1_IRQ, high));
    const ppb = new PrivatePeripheralBus({
      nvic: this.cpu.nvic,
      sysTick: this.sysTick,
      debug: this.cpu.debug,
      dwt: this.cpu.dwt,
      fpb: this.cpu.fpb,
      requestSystemReset: () => this.cpu.requestSystemReset(),
    });
    // Boot from main flash (BOOT0 low): flash is aliased at 0 (RM0091 2.5).
    bus.map(0, FLASH_BYTE_SIZE, this.flash.memoryPort)
      .map(FLASH_BASE, FLASH_BYTE_SIZE, this.flash.memoryPort)
      .map(SYSTEM_MEMORY_BASE, SYSTEM_MEMORY_BYTE_SIZE, systemMemory(FLASH_BYTE_SIZE / 1024))
      .map(SRAM_BASE, SRAM_BYTE_SIZE, this.sram)
      .map(USART1_BASE, PERIPHERAL_BLOCK_BYTE_SIZE, this.rcc.gate(registerBlock(this.usart1), CLOCK_ENABLE.USART1EN))
      .map(DBGMCU_BASE, PERIPHERAL_BLOCK_BYTE_SIZE, registerBlock(new Dbgmcu()))
      .map(RCC_BASE, PERIPHERAL_BLOCK_BYTE_SIZE, registerBlock(this.rcc))
      .map(FLASH_INTERFACE_BASE, PERIPHERAL_BLOCK_BYTE_SIZE, this.flash.registers)
      .map(GPIOA_BASE, PERIPHERAL_BLOCK_BYTE_SIZE, this.rcc.gate(registerBlock(this.gpioA), CLOCK_ENABLE.IOPAEN))
      .map(PPB_BASE, PPB_BYTE_SIZE, ppb.device);
    OTHER_GPIO_PORTS.forEach((port, i) => {
      const gated = this.rcc.gate(registerBlock(this.otherPorts[i]), OTHER_GPIO_ENABLES[i]);
      bus.map(GPIOA_BASE + port * GPIO_PORT_STRIDE, PERIPHERAL_BLOCK_BYTE_SIZE, gated);
    });
    for (const base of UNMODELLED_PERIPHERALS) bus.map(base, PERIPHERAL_BLOCK_BYTE_SIZE, razWi);
    this.bus = bus.debugPort;
    this.systemReset('powerOn');
  }

  get active(): boolean {
    const cpu = this.cpu;
    if (this.resetAsserted || cpu.halted || cpu.lockedUp) return false;
    return !cpu.sleeping || this.sysTick.counting || cpu.nvic.wakesFromSleep(cpu.core.ipsr);
  }

  run(budget: number): number {
    if (this.resetAsserted) return 0;
    const cpu = this.cpu;
    let used = 0;
    while (used < budget && !cpu.halted && !cpu.lockedUp) {
      if (!cpu.wake()) {
        // Asleep: let time pass up to the next SysTick wrap, which may wake the core.
        const idle = Math.min(budget - used, this.sysTick.cyclesUntilWrap());
        if (!Number.isFinite(idle)) break;
        this.elapse(idle);
        used += idle;
        continue;
      }
      const cycles = cpu.step();
      this.elapse(cycles);
      used += cycles;
      if (cycles === 0) break;
    }
    return used;
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
    for (const { address, data } of segments) {
      const target = this.storageAt(address, data.length);
      if (!target) {
        throw new UserError(`firmware segment at 0x${address.toString(16)} (${data.length} bytes) is outside flash and SRAM`);
      }
      target.memory.bytes.set(data, target.offset);
    }
    this.systemReset('powerOn');
  }

  private storageAt(address: number, byteSize: number): { memory: Memory; offset: number } | undefined {
    const inside = (base: number, size: number): boolean => address >= base && address + byteSize <= base + size;
    if (inside(FLASH_BASE, FLASH_BYTE_SIZE)) return { memory: this.flash.array, offset: address - FLASH_BASE };
    if (inside(0, FLASH_BYTE_SIZE)) return { memory: this.flash.array, offset: address };
    if (inside(SRAM_BASE, SRAM_BYTE_SIZE)) return { memory: this.sram, offset: address - SRAM_BASE };
    return undefined;
  }

  /** System reset (RM0091 6.1.2): core, NVIC, SysTick and peripherals; not debug, DBGMCU, memory. */
  private systemReset(cause: ResetCause): void {
    this.sysTick.reset();
    this.flash.reset();
    this.rcc.reset(cause);
    this.gpioA.reset();
    for (const port of this.otherPorts) port.reset();
    this.usart1.reset();
    this.cpu.reset();
  }

  private elapse(cycles: number): void {
    this.cycles += cycles;
    this.sysTick.advance(cycles);
  }
}
