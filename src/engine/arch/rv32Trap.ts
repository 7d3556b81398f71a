// RV32 machine-mode traps for the trap catch: where exceptions enter (mtvec), and mcause, mepc and
// mtval decoded (Privileged Spec 3.1.7, 3.1.14-3.1.16, table 3.6). Pure: the caller reads the CSRs.
import type { DecodedTrap, ExceptionCatch, TrapEntry } from './architecture';

const INTERRUPT_BIT = 0x8000_0000;

/** Exception codes (Privileged Spec table 3.6) and what mtval holds for each (3.1.16). */
const EXCEPTIONS: Readonly<Record<number, readonly [string, string]>> = {
  0: ['Instruction address misaligned', 'the misaligned target address'],
  1: ['Instruction access fault', 'the faulting instruction address'],
  2: ['Illegal instruction', 'the instruction bits (0 when the core does not report them)'],
  3: ['Breakpoint', 'the address of the EBREAK'],
  4: ['Load address misaligned', 'the misaligned load address'],
  5: ['Load access fault', 'the faulting load address'],
  6: ['Store/AMO address misaligned', 'the misaligned store address'],
  7: ['Store/AMO access fault', 'the faulting store address'],
  8: ['Environment call from U-mode', 'nothing (0)'],
  9: ['Environment call from S-mode', 'nothing (0)'],
  11: ['Environment call from M-mode', 'nothing (0)'],
  12: ['Instruction page fault', 'the faulting virtual address'],
  13: ['Load page fault', 'the faulting virtual address'],
  15: ['Store/AMO page fault', 'the faulting virtual address'],
};
const INTERRUPTS: Readonly<Record<number, string>> = {
  1: 'Supervisor software interrupt', 3: 'Machine software interrupt', 5: 'Supervisor timer interrupt',
  7: 'Machine timer interrupt', 9: 'Supervisor external interrupt', 11: 'Machine external interrupt',
};

export const RV32_TRAP_CATCH: ExceptionCatch = {
  name: 'trap',
  label: 'Trap (exception)',
  // Off by default: in direct mode interrupts enter at the same address, and each one then costs
  // a halt and a resume (the debugger resumes them unseen).
  description: 'Stop at the trap entry (mtvec) when an exception is taken: illegal instruction, access fault, misaligned access, ecall... A breakpoint at the entry: with mtvec in direct mode every interrupt also halts the hart briefly',
  default: false,
};

/** mtvec's BASE: MODE (bits 1:0) 0 direct and 1 vectored send exceptions to BASE (3.1.7); 3 is the CLIC's mode, BASE 64-byte aligned. */
function exceptionEntry(mtvec: bigint): number {
  const value = Number(mtvec & 0xffff_ffffn);
  return ((value & 3) === 3 ? value & ~63 : value & ~3) >>> 0;
}

export const RV32_TRAP_ENTRY: TrapEntry = {
  catchName: RV32_TRAP_CATCH.name,
  registers: ['mtvec', 'mcause', 'mepc', 'mtval'],
  entryAddress: (registers) => {
    const mtvec = registers.get('mtvec');
    return mtvec === undefined ? undefined : exceptionEntry(mtvec);
  },
  decode: (registers): DecodedTrap | undefined => {
    const [mcause, mepc, mtval] = ['mcause', 'mepc', 'mtval'].map((name) => registers.get(name));
    if (mcause === undefined || mepc === undefined || mtval === undefined) return undefined;
    const cause = Number(mcause & 0xffff_ffffn);
    const interrupt = (cause & INTERRUPT_BIT) !== 0;
    const code = cause & ~INTERRUPT_BIT;
    const [name, valueMeaning] = interrupt
      ? [INTERRUPTS[code] ?? `Interrupt ${code}`, 'nothing for an interrupt']
      : EXCEPTIONS[code] ?? [`Exception ${code}`, 'a value the cause defines'];
    return { interrupt, name, code, cause, pc: Number(mepc & 0xffff_fffen), value: Number(mtval & 0xffff_ffffn), valueMeaning };
  },
};
