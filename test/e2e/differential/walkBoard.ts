// The board a differential walk runs on, as both sides need it: the simulated board, where its
// sources are, GDB's set-up and the stack both sides zero. Tests only.
import { join } from 'node:path';
import type { ElfFile } from '../../../src/elf';
import { firmwareDir } from '../../helpers/firmware';
import { RV32_GDB_SETUP } from '../gdbOracle';

export interface WalkBoard {
  readonly kind: 'stm32f030' | 'rv32';
  /** The folder holding FILE of the walk's `break FILE:LINE`. */
  readonly sourceDir: string;
  /** GDB's commands once connected, before the walk: a reset halt, then what the board needs. */
  readonly gdbSetup: readonly string[];
  /**
   * The start of the stack's top KiB, which both sides zero after the reset (SRAM survives it), so
   * that uninitialised locals read alike.
   */
  stackZeroAddress(elf: ElfFile): number;
}

/** Words zeroed from stackZeroAddress: 1 KiB. */
export const STACK_ZERO_WORDS = 256;

/** The STM32F030 board with the stepping firmware (test/firmware/stepping): 8 KiB of SRAM, stack at its top. */
export const STEPPING_BOARD: WalkBoard = {
  kind: 'stm32f030',
  sourceDir: join(firmwareDir, 'stepping'),
  gdbSetup: ['monitor reset halt'],
  stackZeroAddress: () => 0x2000_1c00,
};

/** The RISC-V board with its board program (test/firmware/riscv): the stack ends at `__stack_top`. */
export const RISCV_BOARD: WalkBoard = {
  kind: 'rv32',
  sourceDir: join(firmwareDir, 'riscv'),
  gdbSetup: RV32_GDB_SETUP,
  stackZeroAddress: (elf) => {
    const top = elf.symbolByName('__stack_top');
    if (!top) throw new Error('the RISC-V program has no __stack_top symbol');
    return top.address - STACK_ZERO_WORDS * 4;
  },
};
