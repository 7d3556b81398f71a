// Public surface of the ELF layer: the file reader, its records and the format's constants.
export * from './elfConstants';
export * from './elfFile';
export type { ElfSymbol } from './elfSymbols';
