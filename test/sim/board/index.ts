// Public surface of the simulated boards: what the link, the simulator and the tests may use.
export { Stm32f030Board } from './stm32f030Board';
export { DualM0Board, DUAL_SRAM_BYTE_SIZE } from './dualM0Board';
export { SRAM_BASE, SRAM_BYTE_SIZE, type FirmwareSegment } from './stm32f030Peripherals';
export { SIO_BASE, SIO_REGS } from './sio';
export { segmentsFromBin, segmentsFromElf } from './firmwareImage';
export { FLASH_BASE, FLASH_BYTE_SIZE } from './flashInterface';
