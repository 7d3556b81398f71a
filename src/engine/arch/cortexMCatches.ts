// The exception catches of Cortex-M cores: OpenOCD's `cortex_m vector_catch` names with the label
// and description a client shows. Which of them a core has is the target's (Target.vectorCatchNames).
import type { ExceptionCatch } from './architecture';

/** By OpenOCD `cortex_m vector_catch` name (ARMv7-M C1.6.5 DEMCR VC_* bits). */
export const CORTEX_M_CATCHES: readonly ExceptionCatch[] = [
  { name: 'hard_err', label: 'HardFault', description: 'Stop when a HardFault is taken (DEMCR.VC_HARDERR)', default: true },
  { name: 'reset', label: 'Reset', description: 'Stop at the reset vector when the core resets and runs (DEMCR.VC_CORERESET)', default: false },
  { name: 'bus_err', label: 'BusFault', description: 'Stop when a BusFault is taken (DEMCR.VC_BUSERR)', default: false },
  { name: 'mm_err', label: 'MemManage fault', description: 'Stop when a MemManage fault is taken (DEMCR.VC_MMERR)', default: false },
  { name: 'chk_err', label: 'UsageFault: checking error', description: 'Unaligned access or division by zero (DEMCR.VC_CHKERR)', default: false },
  { name: 'nocp_err', label: 'UsageFault: no coprocessor', description: 'Access to a disabled or absent coprocessor (DEMCR.VC_NOCPERR)', default: false },
  { name: 'state_err', label: 'UsageFault: state error', description: 'Invalid state or EXC_RETURN, undefined instruction (DEMCR.VC_STATERR)', default: false },
  { name: 'int_err', label: 'Exception entry/return error', description: 'A fault during exception entry or return (DEMCR.VC_INTERR)', default: false },
];

/** Vector catches every Cortex-M has (ARMv6-M C1.6.5): what a client can be offered before the core is known. */
export const COMMON_CORTEX_M_CATCHES: readonly ExceptionCatch[] = CORTEX_M_CATCHES.filter((c) => c.name === 'hard_err' || c.name === 'reset');
