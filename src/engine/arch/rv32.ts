// The RV32 (RISC-V, ILP32 psABI) Architecture: x0-x31 are DWARF 0-31 under their ABI names (as
// OpenOCD's riscv target lists them), ra is the return address column, C.EBREAK breakpoints, RV32
// prologues. A trap stacks nothing in hardware: a handler's CFI restores the interrupted registers,
// mepc its PC (rv32Trap.ts), and a breakpoint at mtvec's entry catches exceptions.
import { RISCV_UNWIND_ABI } from '../../dwarf';
import type { Architecture } from './architecture';
import { rv32EndsStraightRun } from './rv32Flow';
import { analyzeRv32Prologue } from './rv32Prologue';
import { RV32_TRAP_CATCH, RV32_TRAP_ENTRY } from './rv32Trap';

/**
 * OpenOCD 0.12's names of x0-x31 (riscv.c gdb_regno_name: the psABI names, x8 as `fp`, the name
 * GDB shows too), then the PC. DWARF has no number for the PC (psABI "DWARF Register Numbers":
 * 32-63 are f0-f31, which RV32IMC has not): the unwinder keeps it at 32, as GDB's RISCV_PC_REGNUM.
 */
const REGISTER_NAMES = [
  'zero', 'ra', 'sp', 'gp', 'tp', 't0', 't1', 't2', 'fp', 's1', 'a0', 'a1', 'a2', 'a3', 'a4', 'a5',
  'a6', 'a7', 's2', 's3', 's4', 's5', 's6', 's7', 's8', 's9', 's10', 's11', 't3', 't4', 't5', 't6', 'pc',
];
const PC = 32;
/** GDB's riscv 32bit-cpu.xml: ra and pc are code pointers; sp, gp, tp and fp data pointers. */
const POINTER_TYPES: Readonly<Record<number, 'code' | 'data'>> = { 1: 'code', [PC]: 'code', 2: 'data', 3: 'data', 4: 'data', 8: 'data' };

/** Machine-mode trap CSRs shown with the core registers (Privileged Spec 3.1.6-3.1.17). */
const TRAP_CSRS = ['mstatus', 'mtvec', 'mepc', 'mcause', 'mtval'];
/** dcsr (Debug Spec 0.13.2 4.8.1): its cause field is the halt reason, which OpenOCD's poll does not print. */
const DEBUG_CSRS = ['dcsr'];

export const RV32_ARCHITECTURE: Architecture = {
  name: 'rv32',
  family: 'riscv',
  addressByteSize: 4,
  littleEndian: true,
  dwarfRegisterNames: REGISTER_NAMES,
  pcRegister: PC,
  spRegister: 2,
  returnAddressRegister: 1,
  unwindAbi: RISCV_UNWIND_ABI,
  instructionSet: 'riscv32',
  // OpenOCD writes C.EBREAK for length 2, EBREAK for 4 (riscv.c riscv_add_breakpoint). C.EBREAK
  // needs the C extension, which every RV32 core of this engine's targets (RV32IMC, GCC's
  // -march=rv32imc) has; a 4-byte instruction is broken at its first halfword just as well.
  breakpointByteSize: 2,
  coreRegisterNames: [...REGISTER_NAMES, ...TRAP_CSRS, ...DEBUG_CSRS],
  // Code addresses are plain byte addresses (bit 0 is always 0: Unpriv. 2.5).
  codeAddress: (value) => Number(value),
  // ra is 0 out of reset; start-up code that calls main leaves it so for main's caller.
  isOutermostReturnAddress: (value) => value === 0n,
  endsStraightRun: rv32EndsStraightRun,
  // No conditional execution (Unpriv. 2.5: branches only).
  inConditionalBlock: () => false,
  analyzePrologue: analyzeRv32Prologue,
  exceptionCatches: [RV32_TRAP_CATCH],
  trapEntry: RV32_TRAP_ENTRY,
  expressionRegisters: new Map([
    ...REGISTER_NAMES.map((name, number) => [name, number] as const),
    ...REGISTER_NAMES.slice(0, 32).map((_, number) => [`x${number}`, number] as const),
    ['s0', 8] as const,
  ].map(([name, number]) => [name, { number, type: POINTER_TYPES[number] ?? 'integer' }])),
};
