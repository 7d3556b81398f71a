// The dual-core simulated board behind the SimBoard port: two Cortex-M0 systems, each with its own
// bus (its own PPB and SIO view), sharing the STM32F030 peripherals, flash and a 16 KiB SRAM.
// It knows nothing of JTAG; cortexM0Chip.ts interleaves the cores and resets them together.
import { CortexM0Chip } from './cortexM0Chip';
import { SIO_BASE, SIO_BYTE_SIZE, Sio } from './sio';

/** Shared SRAM at 0x20000000: the STM32F030's 8 KiB for firmware, then a work area per core. */
export const DUAL_SRAM_BYTE_SIZE = 16 * 1024;
const CORE_COUNT = 2;

/**
 * Two Cortex-M0 cores on the STM32F030 memory map. Both start from the vector table at 0 after
 * every reset; firmware tells them apart by SIO CPUID (0xD0000000). Peripheral interrupts go to
 * core 0. A system reset also empties the SIO FIFOs.
 */
export class DualM0Board extends CortexM0Chip {
  readonly sio: Sio;

  constructor() {
    const sio = new Sio(CORE_COUNT);
    super({
      coreCount: CORE_COUNT,
      sramByteSize: DUAL_SRAM_BYTE_SIZE,
      privateDevices: [{ base: SIO_BASE, byteSize: SIO_BYTE_SIZE, device: (core) => sio.view(core) }],
      resetExtras: () => sio.reset(),
    });
    this.sio = sio;
  }
}
