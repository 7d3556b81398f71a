// The Cortex-M0 Private Peripheral Bus, 0xE0000000-0xE00FFFFF (ARMv6-M B3.1): routes to SysTick,
// NVIC/SCB, the debug unit, DWT, FPB and the ROM table with its CoreSight ID registers. Every other
// address reads 0 and ignores writes (SIMULATOR.md). It owns only the read-only identification.
import type { DebugUnit } from './debugUnit';
import type { Dwt } from './dwt';
import type { Fpb } from './fpb';
import type { Nvic } from './nvic';
import type { SysTick } from './sysTick';
import { registerBlock, type BusDevice, type BusMaster } from './systemBus';

export const PPB_BASE = 0xe0000000;
export const PPB_BYTE_SIZE = 0x100000;
const DWT_BASE = 0x1000;
const FPB_BASE = 0x2000;
const SCS_BASE = 0xe000;
const SYSTICK_BASE = 0xe010;
const ROM_TABLE_BASE = 0xff000;

/** SCB registers this module answers itself (ARMv6-M B3.2.2). */
const CPUID_OFFSET = 0xd00;
const AIRCR_OFFSET = 0xd0c;
const CCR_OFFSET = 0xd14;
/** Cortex-M0 r0p0 (implementer 0x41, PARTNO 0xC20): the stm32f1x flash driver needs 0xC20. */
export const CPUID_CORTEX_M0 = 0x410cc200;
/** AIRCR reads VECTKEYSTAT 0xFA05, little-endian. */
const AIRCR_READ = 0xfa050000;
const VECTKEY = 0x05fa;
const SYSRESETREQ = 1 << 2;
/** CCR on ARMv6-M: STKALIGN and UNALIGN_TRP are fixed at 1. */
const CCR_VALUE = 0x208;

/** ROM table entries (ADIv5 D3.3): offsets from 0xE00FF000 to SCS, DWT, BPU; present, 32-bit. */
const ROM_ENTRIES = [0xfff0f003, 0xfff02003, 0xfff03003, 0];
/** PIDR0..2 low bytes and CIDR1 per component (Cortex-M0 TRM 4.1 / ARM DDI 0432C table 10-1). */
const COMPONENT_IDS = new Map<number, { partLow: number; cidr1: number }>([
  [ROM_TABLE_BASE, { partLow: 0x71, cidr1: 0x10 }],
  [SCS_BASE, { partLow: 0x08, cidr1: 0xe0 }],
  [DWT_BASE, { partLow: 0x0a, cidr1: 0xe0 }],
  [FPB_BASE, { partLow: 0x0b, cidr1: 0xe0 }],
]);

export interface PpbParts {
  readonly nvic: Nvic;
  readonly sysTick: SysTick;
  readonly debug: DebugUnit;
  readonly dwt: Dwt;
  readonly fpb: Fpb;
  /** AIRCR.SYSRESETREQ was written with the key. */
  readonly requestSystemReset: () => void;
}

/** The PPB as one bus device of word registers (sub-word accesses pick or merge lanes). */
export class PrivatePeripheralBus {
  readonly device: BusDevice = registerBlock({
    readWord: (offset, master) => this.readWord(offset, master),
    writeWord: (offset, value, master) => {
      this.writeWord(offset, value, master);
      return true;
    },
  });

  constructor(private readonly parts: PpbParts) {}

  private readWord(offset: number, master: BusMaster): number {
    const { nvic, sysTick, debug, dwt, fpb } = this.parts;
    const software = master === 'core';
    const id = this.componentId(offset);
    if (id !== undefined) return id;
    if (offset >= SYSTICK_BASE && offset < SYSTICK_BASE + 0x10) return sysTick.read(offset - SYSTICK_BASE, software);
    if (offset >= SCS_BASE && offset < SCS_BASE + 0x1000) {
      const scsOffset = offset - SCS_BASE;
      if (scsOffset === CPUID_OFFSET) return CPUID_CORTEX_M0;
      if (scsOffset === AIRCR_OFFSET) return AIRCR_READ;
      if (scsOffset === CCR_OFFSET) return CCR_VALUE;
      return nvic.read(scsOffset) ?? debug.read(scsOffset, software) ?? 0;
    }
    if (offset >= DWT_BASE && offset < DWT_BASE + 0x1000) return dwt.read(offset - DWT_BASE) ?? 0;
    if (offset >= FPB_BASE && offset < FPB_BASE + 0x1000) return fpb.read(offset - FPB_BASE) ?? 0;
    if (offset >= ROM_TABLE_BASE && offset < ROM_TABLE_BASE + ROM_ENTRIES.length * 4) {
      return ROM_ENTRIES[(offset - ROM_TABLE_BASE) / 4] >>> 0;
    }
    // ROM table MEMTYPE: SYSMEM, the system memory is visible on this bus (ADIv5 D3.3.6).
    if (offset === ROM_TABLE_BASE + 0xfcc) return 1;
    return 0;
  }

  private writeWord(offset: number, value: number, master: BusMaster): void {
    const { nvic, sysTick, debug, dwt, fpb } = this.parts;
    const software = master === 'core';
    if (offset >= SYSTICK_BASE && offset < SYSTICK_BASE + 0x10) sysTick.write(offset - SYSTICK_BASE, value);
    else if (offset >= SCS_BASE && offset < SCS_BASE + 0x1000) {
      const scsOffset = offset - SCS_BASE;
      if (scsOffset === AIRCR_OFFSET) {
        if (value >>> 16 === VECTKEY && value & SYSRESETREQ) this.parts.requestSystemReset();
      } else if (!nvic.write(scsOffset, value)) debug.write(scsOffset, value, software);
    } else if (offset >= DWT_BASE && offset < DWT_BASE + 0x1000) dwt.write(offset - DWT_BASE, value);
    else if (offset >= FPB_BASE && offset < FPB_BASE + 0x1000) fpb.write(offset - FPB_BASE, value);
  }

  /** PIDR4..7 at 0xFD0, PIDR0..3 at 0xFE0, CIDR0..3 at 0xFF0 of each 4 KiB component. */
  private componentId(offset: number): number | undefined {
    const within = offset & 0xfff;
    if (within < 0xfd0) return undefined;
    const component = COMPONENT_IDS.get(offset - within);
    if (!component) return undefined;
    switch (within) {
      case 0xfd0: return 0x04;
      case 0xfe0: return component.partLow;
      case 0xfe4: return 0xb0 | (component.partLow === 0x71 ? 0x04 : 0);
      case 0xfe8: return 0x0b;
      case 0xff0: return 0x0d;
      case 0xff4: return component.cidr1;
      case 0xff8: return 0x05;
      case 0xffc: return 0xb1;
      default: return 0;
    }
  }
}
