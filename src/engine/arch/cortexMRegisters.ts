// Addresses and fixed values of the Cortex-M System Control Space registers the engine reads or
// writes (ARMv6-M and ARMv7-M Architecture Reference Manuals): one place, so no layer keeps a copy.

/** CPUID, the core's part number (ARMv7-M B3.2.3; ARMv6-M B3.2.4). */
export const CPUID_ADDRESS = 0xe000ed00;
/** VTOR, where the vector table is (ARMv7-M B3.2.5; optional on ARMv6-M, which then reads 0). */
export const VTOR_ADDRESS = 0xe000ed08;
/** FP_CTRL, the FPB comparator counts (ARMv7-M C1.11.3). */
export const FP_CTRL_ADDRESS = 0xe0002000;
/** DWT_CTRL, the DWT comparator count (ARMv7-M C1.8.7). */
export const DWT_CTRL_ADDRESS = 0xe0001000;
/**
 * Start of the System region, 0xE0000000-0xFFFFFFFF: the PPB and vendor system peripherals,
 * Strongly-ordered or Device memory and execute-never (ARMv7-M B3.1 Table B3-1; ARMv6-M B3.1).
 * No stack lives there; a core in lockup on a blank flash shows SP 0xFFFFFFFC (vector 0 erased).
 */
export const SYSTEM_REGION_ADDRESS = 0xe000_0000;
/** ARMv7-M System Control Block fault registers (B3.2.15-B3.2.18). */
export const FAULT_STATUS_ADDRESSES = { cfsr: 0xe000ed28, hfsr: 0xe000ed2c, mmfar: 0xe000ed34, bfar: 0xe000ed38 } as const;

/** CPUID.PARTNO of the cores without a VTOR: Cortex-M0 and Cortex-M1 (the M0+ has one). */
export const PARTNOS_WITHOUT_VTOR: readonly number[] = [0xc20, 0xc21];
/** CPUID.PARTNO, bits 15:4. */
export function cpuidPartno(cpuid: number): number {
  return (cpuid >>> 4) & 0xfff;
}

/** xPSR with only the T bit (24) set: Thumb state, Thread mode, flags clear (ARMv7-M B1.4.2). */
export const XPSR_THUMB = 0x0100_0000;
