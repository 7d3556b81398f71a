// What an OpenocdTarget learns about its OpenOCD target once, before its first stop: the type
// (which picks the Architecture), registers, comparator budget, flash banks, the initial stack top
// and CPUID.PARTNO. One or two round trips; the scripts come from targetScripts.ts.
import { TclCommandError, UserError, type TclResult } from '../../common';
import { parseFlashList, parseMemoryValues, parseRegisterList, type FlashBank, type TclClient } from '../../openocd';
import type { ComparatorBudget } from '../target';
import { cortexMArchitecture, CPUID_ADDRESS, cpuidPartno, DWT_CTRL_ADDRESS, FP_CTRL_ADDRESS, RV32_ARCHITECTURE, type Architecture } from '../arch';
import { architectureFromCpuid, dwtComparators, fpbCodeComparators, TargetScripts } from './targetScripts';

/** The set-up facts of one target. */
export interface TargetFacts {
  readonly scripts: TargetScripts;
  readonly architecture: Architecture;
  readonly budget: ComparatorBudget;
  /** The registers a stop snapshot reads. */
  readonly registerNames: readonly string[];
  /** Every flash bank of the OpenOCD (see flashBanks). */
  readonly flashBanks: readonly FlashBank[];
  /** Other targets share the notification stream, whose lines do not name the target. */
  readonly sharedNotifications: boolean;
  /** The initial MSP of the vector table: the top of the main stack, where the stack window ends. */
  readonly stackTop: number | undefined;
  /** The vector catch set at start (`cortex_m vector_catch`); none on riscv. */
  readonly vectorCatch: readonly string[];
  /** CPUID.PARTNO: ARMv6-M B3.2.5, the Cortex-M0 and M1 have no VTOR, so their vector table stays at 0. */
  readonly partno: number;
}

/**
 * Reads the target's type (`NAME cget -type`), then what its architecture needs to know
 * (cortexMFacts, riscvFacts). `vectorCatch` is set on a cortex_m target on the way.
 */
export async function readTargetFacts(client: TclClient, name: string, vectorCatch: readonly string[] = ['hard_err']): Promise<TargetFacts> {
  // The type first, alone: other targets' commands differ (OpenOCD 0.12 even crashed on `reg` of a testee target).
  const [type] = await client.batch([new TargetScripts(name).type()]);
  if (type.retcode !== 0) throw new UserError(`OpenOCD has no target named '${name}': ${type.out.trim()}`);
  const typeName = type.out.trim();
  if (typeName === 'cortex_m') return cortexMFacts(client, name, vectorCatch);
  if (typeName === 'riscv') return riscvFacts(client, name);
  throw new UserError(`target '${name}' is of type '${typeName}': only cortex_m (ARMv6-M, ARMv7-M, ARMv8-M) and riscv (RV32) targets are supported`);
}

/**
 * A cortex_m target: reads in one round trip the register list, CPUID, the comparator counts
 * from FP_CTRL/DWT_CTRL (OpenOCD 0.12 logs them at examine but offers no Tcl command for them)
 * and the flash banks (probed when their size is still unknown). Sets `cortex_m maskisr
 * steponly` and the vector catch.
 */
async function cortexMFacts(client: TclClient, name: string, vectorCatch: readonly string[]): Promise<TargetFacts> {
  const scripts = TargetScripts.forCortexM(name);
  const [regs, cpuid, fpCtrl, dwtCtrl, flash, mask, vc, count, initialSp] = await client.batch([
    scripts.registerList(),
    scripts.readWord(CPUID_ADDRESS),
    scripts.readWord(FP_CTRL_ADDRESS),
    scripts.readWord(DWT_CTRL_ADDRESS),
    'flash list',
    scripts.maskInterruptsWhileStepping(),
    scripts.vectorCatch(vectorCatch),
    'llength [target names]',
    scripts.initialStackPointer(),
  ]);
  for (const result of [regs, cpuid, fpCtrl, dwtCtrl, mask, vc]) if (result.retcode !== 0) throw new TclCommandError(result);
  const word = (result: TclResult): number => Number(parseMemoryValues(result.out, 1)[0]);
  const listed = parseRegisterList(regs.out);
  return {
    scripts,
    architecture: cortexMArchitecture(architectureFromCpuid(word(cpuid))),
    budget: { hardwareBreakpoints: fpbCodeComparators(word(fpCtrl)), watchpoints: dwtComparators(word(dwtCtrl)) },
    registerNames: listed.filter((reg) => reg.group === listed[0]?.group).map((reg) => reg.name),
    flashBanks: await flashBanks(client, flash),
    sharedNotifications: Number(count.out) > 1,
    stackTop: initialSp.retcode === 0 && word(initialSp) !== 0 && word(initialSp) !== 0xffffffff ? word(initialSp) : undefined, // 0 or blank flash: unknown
    vectorCatch,
    partno: cpuidPartno(word(cpuid)),
  };
}

/**
 * A riscv target (RV32): its registers are the Architecture's (OpenOCD lists every CSR it
 * knows, most of which a small core lacks). Triggers are shared by breakpoints and watchpoints
 * and OpenOCD counts them only when first needed (riscv.c riscv_enumerate_triggers), with no Tcl
 * command for the count: the budget is left to OpenOCD, whose refusal names the missing resource.
 */
async function riscvFacts(client: TclClient, name: string): Promise<TargetFacts> {
  const [flash, count] = await client.batch(['flash list', 'llength [target names]']);
  const architecture = RV32_ARCHITECTURE;
  return {
    scripts: new TargetScripts(name, true),
    architecture,
    budget: { hardwareBreakpoints: Number.POSITIVE_INFINITY, watchpoints: Number.POSITIVE_INFINITY },
    registerNames: architecture.coreRegisterNames ?? architecture.dwarfRegisterNames,
    flashBanks: await flashBanks(client, flash),
    sharedNotifications: Number(count.out) > 1,
    stackTop: undefined,
    vectorCatch: [],
    partno: 0,
  };
}

/**
 * Every flash bank, whichever target OpenOCD attached it to: cores of one chip share their flash
 * (RP2040 and dual-core STM32 configurations attach it to core 0 only), and a software breakpoint
 * written into another core's bank would fail. Banks whose size is unknown yet are probed once.
 */
async function flashBanks(client: TclClient, listed: TclResult): Promise<FlashBank[]> {
  if (listed.retcode !== 0) return [];
  const banks = parseFlashList(listed.out);
  if (banks.every((bank) => bank.byteSize > 0)) return banks;
  const results = await client.batch([...banks.filter((bank) => bank.byteSize === 0).map((bank) => `flash probe ${bank.number}`), 'flash list']);
  return parseFlashList(results[results.length - 1].out);
}
