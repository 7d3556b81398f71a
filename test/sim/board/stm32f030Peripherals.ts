// The STM32F030 outside its core (RM0091 2.2 memory map): flash and its interface, SRAM, system
// memory, RCC, GPIO, USART1, DBGMCU and the unmodelled blocks, mapped onto any core's bus, plus
// their part of a system reset and firmware placement. It owns no core and no clock.
import { TypedEvent, UserError } from '../../../src/common';
import { FLASH_BASE, FLASH_BYTE_SIZE, FLASH_INTERFACE_BASE, FlashInterface } from './flashInterface';
import { GPIO_PORT_STRIDE, GPIOA_BASE, GPIOA_RESET, GpioPort } from './gpio';
import { CLOCK_ENABLE, Rcc, RCC_BASE, type ResetCause } from './rcc';
import { Memory, razWi, registerBlock, type BusDevice, type SystemBus } from './systemBus';
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

interface Placement {
  readonly base: number;
  readonly byteSize: number;
  readonly device: BusDevice;
}

/** Memory and peripherals shared by every core of a board built on the STM32F030 map. */
export class Stm32f030Peripherals {
  readonly flash = new FlashInterface();
  readonly sram: Memory;
  readonly rcc = new Rcc();
  readonly gpioA = new GpioPort(GPIOA_RESET);
  readonly usart1: Usart;
  private readonly otherPorts = OTHER_GPIO_PORTS.map(() => new GpioPort());
  private readonly placements: Placement[];

  /**
   * `setIrqLine` drives an external interrupt input of the core that takes peripheral interrupts;
   * `sramByteSize` may exceed the STM32F030's 8 KiB for boards that need more room.
   */
  constructor(uartTx: TypedEvent<number>, setIrqLine: (irq: number, high: boolean) => void, sramByteSize = SRAM_BYTE_SIZE) {
    this.sram = new Memory(sramByteSize);
    this.usart1 = new Usart(uartTx, (high) => setIrqLine(USART1_IRQ, high));
    const block = (base: number, device: BusDevice): Placement => ({ base, byteSize: PERIPHERAL_BLOCK_BYTE_SIZE, device });
    // Boot from main flash (BOOT0 low): flash is aliased at 0 (RM0091 2.5).
    this.placements = [
      { base: 0, byteSize: FLASH_BYTE_SIZE, device: this.flash.memoryPort },
      { base: FLASH_BASE, byteSize: FLASH_BYTE_SIZE, device: this.flash.memoryPort },
      { base: SYSTEM_MEMORY_BASE, byteSize: SYSTEM_MEMORY_BYTE_SIZE, device: systemMemory(FLASH_BYTE_SIZE / 1024) },
      { base: SRAM_BASE, byteSize: sramByteSize, device: this.sram },
      block(USART1_BASE, this.rcc.gate(registerBlock(this.usart1), CLOCK_ENABLE.USART1EN)),
      block(DBGMCU_BASE, registerBlock(new Dbgmcu())),
      block(RCC_BASE, registerBlock(this.rcc)),
      block(FLASH_INTERFACE_BASE, this.flash.registers),
      block(GPIOA_BASE, this.rcc.gate(registerBlock(this.gpioA), CLOCK_ENABLE.IOPAEN)),
      ...OTHER_GPIO_PORTS.map((port, i) =>
        block(GPIOA_BASE + port * GPIO_PORT_STRIDE, this.rcc.gate(registerBlock(this.otherPorts[i]), OTHER_GPIO_ENABLES[i]))),
      ...UNMODELLED_PERIPHERALS.map((base) => block(base, razWi)),
    ];
  }

  /** Maps every shared device onto `bus` (each core's bus gets the same devices). */
  mapOnto(bus: SystemBus): void {
    for (const { base, byteSize, device } of this.placements) bus.map(base, byteSize, device);
  }

  /** The peripherals' part of a system reset (RM0091 6.1.2); memory and DBGMCU keep their state. */
  reset(cause: ResetCause): void {
    this.flash.reset();
    this.rcc.reset(cause);
    this.gpioA.reset();
    for (const port of this.otherPorts) port.reset();
    this.usart1.reset();
  }

  /** Places firmware in flash (or SRAM) as a programmer would. Throws UserError for bytes outside both. */
  placeFirmware(segments: readonly FirmwareSegment[]): void {
    for (const { address, data } of segments) {
      const target = this.storageAt(address, data.length);
      if (!target) {
        throw new UserError(`firmware segment at 0x${address.toString(16)} (${data.length} bytes) is outside flash and SRAM`);
      }
      target.memory.bytes.set(data, target.offset);
    }
  }

  private storageAt(address: number, byteSize: number): { memory: Memory; offset: number } | undefined {
    const inside = (base: number, size: number): boolean => address >= base && address + byteSize <= base + size;
    if (inside(FLASH_BASE, FLASH_BYTE_SIZE)) return { memory: this.flash.array, offset: address - FLASH_BASE };
    if (inside(0, FLASH_BYTE_SIZE)) return { memory: this.flash.array, offset: address };
    if (inside(SRAM_BASE, this.sram.bytes.length)) return { memory: this.sram, offset: address - SRAM_BASE };
    return undefined;
  }
}
