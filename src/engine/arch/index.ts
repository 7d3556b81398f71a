// Public surface of the architectures: the Architecture port, Cortex-M and RV32, and the choice by
// ELF e_machine; Cortex-M's system registers for the OpenOCD target and the fault decoder.
export * from './architecture';
export * from './cortexM';
export * from './rv32';
export * from './cortexMRegisters';
export * from './cortexMCatches';
export * from './architectureForElf';
export { isExcReturn, popExceptionFrame } from './cortexMExceptionFrame';
