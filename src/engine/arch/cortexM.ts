// The Cortex-M (ARMv6-M, ARMv7-M, ARMv8-M Mainline/Baseline) Architecture: AAPCS register numbers
// (DWARF for the ARM Architecture 4.1), Thumb code addresses and BKPT, Thumb prologues, and the
// hardware-stacked exception frames behind EXC_RETURN.
import { ARM_UNWIND_ABI } from '../../dwarf';
import type { Architecture } from './architecture';
import { isExcReturn, popExceptionFrame } from './cortexMExceptionFrame';
import { CORTEX_M_CATCHES } from './cortexMCatches';
import { thumbEndsStraightRun, thumbInConditionalBlock } from './thumbFlow';
import { analyzeThumbPrologue } from './thumbPrologue';

/** OpenOCD's names of r0-r15, DWARF numbers 0-15. */
const REGISTER_NAMES = ['r0', 'r1', 'r2', 'r3', 'r4', 'r5', 'r6', 'r7', 'r8', 'r9', 'r10', 'r11', 'r12', 'sp', 'lr', 'pc'];

/** A Cortex-M architecture by OpenOCD's family name (`armv6m`, `armv7m`, `armv8m`: see architectureFromCpuid). */
export function cortexMArchitecture(name: 'armv6m' | 'armv7m' | 'armv8m'): Architecture {
  return {
    name,
    family: 'arm',
    addressByteSize: 4,
    littleEndian: true,
    dwarfRegisterNames: REGISTER_NAMES,
    pcRegister: 15,
    spRegister: 13,
    returnAddressRegister: 14,
    unwindAbi: ARM_UNWIND_ABI,
    instructionSet: 'thumb',
    // BKPT is a 16-bit Thumb instruction (ARMv6-M A6.7.17); the FPB compares halfword addresses.
    breakpointByteSize: 2,
    // Bit 0 of a branch target or stacked return address is the Thumb state bit (ARMv7-M A2.3.2).
    codeAddress: (value) => Number(value & ~1n),
    // LR reads 0xFFFFFFFF out of reset (ARMv7-M B1.4.7 leaves it UNKNOWN; every core sets all ones).
    isOutermostReturnAddress: (value) => value === 0n || value === 0xffffffffn,
    endsStraightRun: thumbEndsStraightRun,
    inConditionalBlock: thumbInConditionalBlock,
    analyzePrologue: analyzeThumbPrologue,
    exceptionReturn: { matches: isExcReturn, pop: popExceptionFrame },
    exceptionCatches: CORTEX_M_CATCHES,
    // GDB's arm-m-profile.xml: pc is a code pointer, sp a data pointer, the others integers.
    expressionRegisters: new Map([...REGISTER_NAMES, 'fp'].map((name, k) => {
      const number = name === 'fp' ? 7 : k;
      return [name, { number, type: name === 'pc' ? 'code' : name === 'sp' ? 'data' : 'integer' }];
    })),
  };
}
