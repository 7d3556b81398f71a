// System Bus Access of the RISC-V Debug Module (Debug Spec 0.13.2 §3.10, §3.12.18-25): sbcs,
// sbaddress0 and sbdata0 over the board's DebugBus, 8/16/32-bit, autoincrement, read on address
// and on data, sberror. Accesses finish at once, so sbbusy never reads 1.
import type { AccessSize, DebugBus } from '../ports';

/** sbcs bits and fields (§3.12.18). */
export const Sbcs = {
  BUSYERROR: 1 << 22, READONADDR: 1 << 20, AUTOINCREMENT: 1 << 16, READONDATA: 1 << 15,
} as const;

/** sbcs.sberror values (§3.12.18). */
export const SbError = { NONE: 0, TIMEOUT: 1, BAD_ADDRESS: 2, ALIGNMENT: 3, SIZE: 4, OTHER: 7 } as const;

/** The SBA registers a 32-bit bus needs on the DMI (§3.12); sbaddress1-3 and sbdata1-3 read 0. */
const SbRegister = { sbcs: 0x38, sbaddress0: 0x39, sbdata0: 0x3c } as const;

/** sbversion 1 (0.13), sbasize 32, sbaccess8/16/32. */
const SBCS_CONSTANT = (1 << 29) | (32 << 5) | 0b00111;
/** The fields a write keeps: sbreadonaddr, sbaccess, sbautoincrement, sbreadondata. */
const SBCS_WRITABLE = Sbcs.READONADDR | (7 << 17) | Sbcs.AUTOINCREMENT | Sbcs.READONDATA;

/** The DM's bus master: it works whether the hart runs or not, as OpenOCD expects for memory access while running. */
export class SystemBusAccess {
  private control = 0;
  private sberror: number = SbError.NONE;
  private address = 0;
  private data = 0;

  constructor(private readonly bus: DebugBus) {}

  /** dmactive=0 resets the bus master with the rest of the DM. */
  reset(): void {
    this.control = 0;
    this.sberror = SbError.NONE;
    this.address = 0;
    this.data = 0;
  }

  read(register: number): number {
    switch (register) {
      case SbRegister.sbcs: return (SBCS_CONSTANT | this.control | (this.sberror << 12)) >>> 0;
      case SbRegister.sbaddress0: return this.address;
      case SbRegister.sbdata0: {
        const value = this.data;
        if (this.control & Sbcs.READONDATA) this.access('read');
        return value;
      }
      default: return 0;
    }
  }

  write(register: number, value: number): void {
    switch (register) {
      case SbRegister.sbcs:
        this.control = value & SBCS_WRITABLE;
        // sberror is write-1-to-clear; sbbusyerror is never set because nothing is ever busy.
        this.sberror &= ~((value >>> 12) & 7);
        return;
      case SbRegister.sbaddress0:
        this.address = value >>> 0;
        if (this.control & Sbcs.READONADDR) this.access('read');
        return;
      case SbRegister.sbdata0:
        this.data = value >>> 0;
        this.access('write');
        return;
      default:
        // sbaddress1-3 and sbdata1-3 do not exist with sbasize 32 and 32-bit accesses.
        return;
    }
  }

  /** One bus access at sbaddress (§3.10): none while sberror is set; the address advances only on success. */
  private access(kind: 'read' | 'write'): void {
    if (this.sberror !== SbError.NONE) return;
    const sbaccess = (this.control >>> 17) & 7;
    if (sbaccess > 2) {
      this.sberror = SbError.SIZE;
      return;
    }
    const size = (1 << sbaccess) as AccessSize;
    if (this.address % size !== 0) {
      this.sberror = SbError.ALIGNMENT;
      return;
    }
    if (kind === 'read') {
      const value = this.bus.read(this.address, size);
      if (value === undefined) {
        this.sberror = SbError.BAD_ADDRESS;
        return;
      }
      this.data = value >>> 0;
    } else if (!this.bus.write(this.address, size, this.data)) {
      this.sberror = SbError.BAD_ADDRESS;
      return;
    }
    if (this.control & Sbcs.AUTOINCREMENT) this.address = (this.address + size) >>> 0;
  }
}
