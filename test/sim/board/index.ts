// Public surface of the simulated board: what the link, the simulator and the tests may use.
export { Stm32f030Board, SRAM_BASE, SRAM_BYTE_SIZE, type FirmwareSegment } from './stm32f030Board';
export { segmentsFromBin, segmentsFromElf } from './firmwareImage';
export { FLASH_BASE, FLASH_BYTE_SIZE } from './flashInterface';
