// The dual-core simulated board behind the SimBoard port: two Cortex-M0 systems, each with its own
// bus (its own PPB and SIO view), sharing the STM32F030 peripherals, flash and a 16 KiB SRAM.
// It interleaves the cores on one virtual clock and resets both together; it knows nothing of JTAG.
import { TypedEvent } from '../../../src/common';
import type { DebugBus, SimBoard } from '../ports';
import { CortexM0System } from './cortexM0System';
import { PPB_BASE, PPB_BYTE_SIZE } from './privatePeripheralBus';
import type { ResetCause } from './rcc';
import { SIO_BASE, SIO_BYTE_SIZE, Sio } from './sio';
import { type FirmwareSegment, Stm32f030Peripherals } from './stm32f030Peripherals';
import { SystemBus } from './systemBus';

/** Shared SRAM at 0x20000000: the STM32F030's 8 KiB for firmware, then a work area per core. */
export const DUAL_SRAM_BYTE_SIZE = 16 * 1024;
export const CORE_COUNT = 2;
/**
 * Longest stretch one core runs before the other gets its turn. Short enough that a core polling
 * memory the other writes sees the write within a few loop iterations; long enough to cost little.
 */
const INTERLEAVE_CYCLES = 64;

/**
 * Two Cortex-M0 cores on the STM32F030 memory map. Both start from the vector table at 0 after
 * every reset; firmware tells them apart by SIO CPUID (0xD0000000). Peripheral interrupts go to
 * core 0. Core n's debugger sees core n's bus: `debugBuses[n]`, the TAP at chain position n.
 */
export class DualM0Board implements SimBoard {
  readonly uartTx = new TypedEvent<number>();
  /** Each core's bus: shared devices plus its own PPB and SIO view. */
  readonly systemBuses: readonly SystemBus[];
  readonly systems: readonly CortexM0System[];
  readonly peripherals: Stm32f030Peripherals;
  readonly sio = new Sio(CORE_COUNT);
  readonly debugBuses: readonly DebugBus[];
  /** Virtual time in core cycles since power-on (each running core spends the same). */
  cycles = 0;
  private resetAsserted = false;

  constructor() {
    const buses = Array.from({ length: CORE_COUNT }, () => new SystemBus());
    this.systems = buses.map((bus) => new CortexM0System(bus, () => this.systemReset('software')));
    const core0 = this.systems[0].cpu;
    this.peripherals = new Stm32f030Peripherals(this.uartTx, (irq, high) => core0.nvic.setLine(irq, high), DUAL_SRAM_BYTE_SIZE);
    buses.forEach((bus, core) => {
      this.peripherals.mapOnto(bus);
      bus.map(PPB_BASE, PPB_BYTE_SIZE, this.systems[core].ppb).map(SIO_BASE, SIO_BYTE_SIZE, this.sio.view(core));
    });
    this.systemBuses = buses;
    this.debugBuses = buses.map((bus) => bus.debugPort);
    this.systemReset('powerOn');
  }

  get active(): boolean {
    return !this.resetAsserted && this.systems.some((system) => system.active);
  }

  /**
   * Round-robin in INTERLEAVE_CYCLES turns: a halted or idle core spends nothing, the other runs on,
   * so halting one core never stops the other. Time advances by the longer turn of each round.
   */
  run(budget: number): number {
    if (this.resetAsserted) return 0;
    let used = 0;
    while (used < budget) {
      const turn = Math.min(INTERLEAVE_CYCLES, budget - used);
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

  /** Places firmware in the shared flash (or SRAM), then power-cycles both cores. */
  loadFirmware(segments: readonly FirmwareSegment[]): void {
    this.peripherals.placeFirmware(segments);
    this.systemReset('powerOn');
  }

  /** A system reset from either core's SYSRESETREQ or nSRST resets both cores and the SIO FIFOs. */
  private systemReset(cause: ResetCause): void {
    this.peripherals.reset(cause);
    this.sio.reset();
    for (const system of this.systems) system.reset();
  }
}
