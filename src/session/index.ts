// Public surface of the session layer: what the adapter may use.
export * from './session';
export type * from './sessionSettings';
export type { FlashBankDescription, FlashSectorDescription } from './flashBanks';
export type { ImageComparison, ImageMismatch } from './imageWriter';
export type { SvdSummary, SvdValues } from './peripheralRegisters';
export type { RttChannel, RttChannels, RttText } from './rtt';
export type { SemihostingConsole } from './semihosting';
