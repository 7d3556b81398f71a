// Which architecture family a program is built for (ELF e_machine, gABI "ELF Header"), and the
// check that it is the family of the target it is debugged on.
import { EM_ARM, EM_RISCV } from '../../elf';
import type { Architecture } from './architecture';

/** The family of an ELF's e_machine, or undefined for one this engine does not debug. */
export function architectureFamilyOfMachine(machine: number): Architecture['family'] | undefined {
  if (machine === EM_ARM) return 'arm';
  if (machine === EM_RISCV) return 'riscv';
  return undefined;
}

/** Why a program built for `machine` cannot run on a target of `architecture`; undefined when it can. */
export function programArchitectureMismatch(machine: number, architecture: Architecture): string | undefined {
  const family = architectureFamilyOfMachine(machine);
  if (family === undefined) return `the program's ELF e_machine ${machine} is neither EM_ARM (${EM_ARM}) nor EM_RISCV (${EM_RISCV})`;
  if (family !== architecture.family) return `the program is built for ${family === 'arm' ? 'ARM (EM_ARM)' : 'RISC-V (EM_RISCV)'}, but the target is ${architecture.name}`;
  return undefined;
}
