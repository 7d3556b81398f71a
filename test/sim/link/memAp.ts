// The AHB-AP of a Cortex-M0 DAP, a MEM-AP (ADIv5 IHI 0031, chapter C2): CSW, TAR, DRW, BD0-3,
// CFG, BASE, IDR, byte lanes and auto-increment. It reaches memory only through a DebugBus.
import type { AccessSize, DebugBus } from '../ports';
import type { AccessPort } from './jtagDp';

/** MEM-AP register addresses (ADIv5 C2.6). */
export const MemApRegister = {
  CSW: 0x00, TAR: 0x04, DRW: 0x0c, BD0: 0x10, BD1: 0x14, BD2: 0x18, BD3: 0x1c, CFG: 0xf4, BASE: 0xf8, IDR: 0xfc,
} as const;

/** CSW fields (ADIv5 C2.6.4). */
export const Csw = {
  SIZE_MASK: 0x7,
  SIZE_8: 0,
  SIZE_16: 1,
  SIZE_32: 2,
  ADDRINC_MASK: 0x30,
  ADDRINC_OFF: 0x00,
  ADDRINC_SINGLE: 0x10,
  ADDRINC_PACKED: 0x20,
  DEVICE_EN: 0x40,
  TR_IN_PROG: 0x80,
} as const;

/** AHB-AP IDR: revision 0, JEP106 ARM (0x23B), class MEM-AP (8), type AHB (1) (ADIv5 C1.2.5). */
export const ahbApIdr = 0x04770021;
/** ROM table at 0xE00FF000, entry present, ADIv5 format (ADIv5 C2.6.1). */
export const cortexM0RomBase = 0xe00ff003;

/** Auto-increment stays within a 1 KiB block (ADIv5 C2.2.2: at least 10 bits of TAR increment). */
const incrementWrapMask = 0x3ff;

/**
 * MEM-AP over a DebugBus. Packed transfers are not implemented: CSW.AddrInc=0b10 reads back
 * as off, which tells OpenOCD to make one access per element (arm_adi_v5.c mem_ap_init).
 */
export class MemAp implements AccessPort {
  private csw: number = Csw.SIZE_32;
  private tar = 0;

  constructor(private readonly bus: DebugBus) {}

  read(register: number): number | undefined {
    switch (register) {
      case MemApRegister.CSW:
        return (this.csw | Csw.DEVICE_EN) >>> 0;
      case MemApRegister.TAR:
        return this.tar >>> 0;
      case MemApRegister.DRW: {
        const value = this.busRead(this.tar);
        if (value !== undefined) this.increment();
        return value;
      }
      case MemApRegister.BD0:
      case MemApRegister.BD1:
      case MemApRegister.BD2:
      case MemApRegister.BD3:
        return this.busRead(this.bankedAddress(register));
      case MemApRegister.IDR:
        return ahbApIdr;
      case MemApRegister.BASE:
        return cortexM0RomBase;
      default:
        // CFG is 0 (little-endian, no large address/data); reserved registers read 0.
        return 0;
    }
  }

  write(register: number, value: number): boolean {
    switch (register) {
      case MemApRegister.CSW:
        this.writeCsw(value);
        return true;
      case MemApRegister.TAR:
        this.tar = value >>> 0;
        return true;
      case MemApRegister.DRW: {
        const ok = this.busWrite(this.tar, value);
        if (ok) this.increment();
        return ok;
      }
      case MemApRegister.BD0:
      case MemApRegister.BD1:
      case MemApRegister.BD2:
      case MemApRegister.BD3:
        return this.busWrite(this.bankedAddress(register), value);
      default:
        return true;
    }
  }

  /** Size 8/16/32 and AddrInc off/single are kept; other sizes read back as 32, packed as off. */
  private writeCsw(value: number): void {
    const size = value & Csw.SIZE_MASK;
    const increment = value & Csw.ADDRINC_MASK;
    const keptSize = size <= Csw.SIZE_32 ? size : Csw.SIZE_32;
    const keptIncrement = increment === Csw.ADDRINC_SINGLE ? increment : Csw.ADDRINC_OFF;
    // Prot, Mode and DbgSwEnable (bits 31:8) read back as written; DeviceEn and TrInProg are status.
    this.csw = ((value & ~0xff) | keptIncrement | keptSize) >>> 0;
  }

  private get byteSize(): AccessSize {
    return (1 << (this.csw & Csw.SIZE_MASK)) as AccessSize;
  }

  /** BDn addresses TAR[31:4] + 4n, without auto-increment (ADIv5 C2.6.1). */
  private bankedAddress(register: number): number {
    return ((this.tar & ~0xf) | (register - MemApRegister.BD0)) >>> 0;
  }

  /** Reads one element; an 8/16-bit value sits on the byte lanes given by address[1:0] (C2.2.1). */
  private busRead(address: number): number | undefined {
    const size = this.byteSize;
    const aligned = (address & ~(size - 1)) >>> 0;
    const value = this.bus.read(aligned, size);
    if (value === undefined) return undefined;
    return size === 4 ? value >>> 0 : (value << ((aligned & 3) * 8)) >>> 0;
  }

  private busWrite(address: number, data: number): boolean {
    const size = this.byteSize;
    const aligned = (address & ~(size - 1)) >>> 0;
    if (size === 4) return this.bus.write(aligned, 4, data >>> 0);
    const lane = (data >>> ((aligned & 3) * 8)) & (size === 1 ? 0xff : 0xffff);
    return this.bus.write(aligned, size, lane);
  }

  private increment(): void {
    if ((this.csw & Csw.ADDRINC_MASK) !== Csw.ADDRINC_SINGLE) return;
    const next = (this.tar & incrementWrapMask) + this.byteSize;
    this.tar = ((this.tar & ~incrementWrapMask) | (next & incrementWrapMask)) >>> 0;
  }
}
