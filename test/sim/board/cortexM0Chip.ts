// What every simulated board made of Cortex-M0 systems on the STM32F030 map shares: a bus per core
// (shared peripherals, the core's own PPB and any per-core devices), resets that reach every core
// (SYSRESETREQ from any, nSRST, power-on), firmware loading, and round-robin time on one clock.
import { TypedEvent } from '../../../src/common';
import type { DebugBus, SimBoard } from '../ports';
import { CortexM0System } from './cortexM0System';
import { PPB_BASE, PPB_BYTE_SIZE } from './privatePeripheralBus';
import type { ResetCause } from './rcc';
import { type FirmwareSegment, SRAM_BYTE_SIZE, Stm32f030Peripherals } from './stm32f030Peripherals';
import { type BusDevice, SystemBus } from './systemBus';

/**
 * Longest stretch one core runs before the next gets its turn. Short enough that a core polling
 * memory another core writes sees the write within a few loop iterations; long enough to cost little.
 */
const INTERLEAVE_CYCLES = 64;

/** A device only one core sees, at the same address on every core's bus. */
export interface PrivateDevice {
  readonly base: number;
  readonly byteSize: number;
  readonly device: (core: number) => BusDevice;
}

export interface CortexM0ChipOptions {
  readonly coreCount: number;
  /** SRAM at 0x20000000; the STM32F030's 8 KiB by default. */
  readonly sramByteSize?: number;
  readonly privateDevices?: readonly PrivateDevice[];
  /** Resets what the board adds, with every system reset (before the cores restart). */
  readonly resetExtras?: () => void;
}

/** Cores, their buses and the shared peripherals; peripheral interrupts reach core 0. */
export class CortexM0Chip implements SimBoard {
  readonly uartTx = new TypedEvent<number>();
  /** Each core's bus: the shared devices plus its own PPB and private devices. */
  readonly systemBuses: readonly SystemBus[];
  readonly systems: readonly CortexM0System[];
  readonly peripherals: Stm32f030Peripherals;
  /** Core n's debugger sees core n's bus (the TAP at chain position n). */
  readonly debugBuses: readonly DebugBus[];
  /** Virtual time in core cycles that run() has spent since power-on. */
  cycles = 0;
  private resetAsserted = false;
  private readonly resetExtras: () => void;
  /** A lone core needs no turns: it runs the whole budget at once, as fast as it can. */
  private readonly turnCycles: number;

  constructor(options: CortexM0ChipOptions) {
    this.resetExtras = options.resetExtras ?? (() => undefined);
    this.turnCycles = options.coreCount > 1 ? INTERLEAVE_CYCLES : Infinity;
    const buses = Array.from({ length: options.coreCount }, () => new SystemBus());
    this.systems = buses.map((bus) => new CortexM0System(bus, () => this.systemReset('software')));
    const core0 = this.systems[0].cpu;
    this.peripherals = new Stm32f030Peripherals(this.uartTx, (irq, high) => core0.nvic.setLine(irq, high), options.sramByteSize ?? SRAM_BYTE_SIZE);
    buses.forEach((bus, core) => {
      this.peripherals.mapOnto(bus);
      bus.map(PPB_BASE, PPB_BYTE_SIZE, this.systems[core].ppb);
      for (const { base, byteSize, device } of options.privateDevices ?? []) bus.map(base, byteSize, device(core));
    });
    this.systemBuses = buses;
    this.debugBuses = buses.map((bus) => bus.debugPort);
    this.systemReset('powerOn');
  }

  get active(): boolean {
    return !this.resetAsserted && this.systems.some((system) => system.active);
  }

  /**
   * Round-robin in INTERLEAVE_CYCLES turns: a halted or idle core spends nothing while the others
   * run on, so halting one core never stops another. Time advances by the longest turn of a round.
   * While no core can execute, one turn covers the quiet time (WFI until the next SysTick wrap).
   */
  run(budget: number): number {
    if (this.resetAsserted) return 0;
    let used = 0;
    while (used < budget) {
      let quiet = Infinity;
      for (const system of this.systems) quiet = Math.min(quiet, system.quietCycles);
      const turn = Math.min(Math.max(this.turnCycles, quiet), budget - used);
      let spent = 0;
      for (const system of this.systems) spent = Math.max(spent, system.run(turn));
      if (spent === 0) break;
      used += spent;
    }
    this.cycles += used;
    return used;
  }

  setSystemReset(asserted: boolean): void {
    if (asserted) this.systemReset('pin');
    // The cores leave reset when nSRST is released (they fetch their vectors again then).
    else if (this.resetAsserted) this.systemReset('pin');
    this.resetAsserted = asserted;
  }

  /**
   * Places firmware in flash (or SRAM) as a programmer would, then power-cycles the board so the
   * cores start from the new vector table. Throws UserError for bytes outside flash and SRAM.
   */
  loadFirmware(segments: readonly FirmwareSegment[]): void {
    this.peripherals.placeFirmware(segments);
    this.systemReset('powerOn');
  }

  /** System reset (RM0091 6.1.2): cores, NVICs, SysTicks and peripherals; not debug, DBGMCU, memory. */
  private systemReset(cause: ResetCause): void {
    this.peripherals.reset(cause);
    this.resetExtras();
    for (const system of this.systems) system.reset();
  }
}
