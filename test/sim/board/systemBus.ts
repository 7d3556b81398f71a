// The STM32F030 system bus: decodes an address to the device mapped there, for the core and for
// the debugger (AHB-AP). It owns no device state; devices own their registers and memory.
import type { AccessSize, DebugBus } from '../ports';

/** Who drives an access: some registers behave differently for software and for the debugger. */
export type BusMaster = 'core' | 'debugger';

/** A slave on the bus. `offset` is relative to the device's base; values are right-aligned. */
export interface BusDevice {
  /** The value, or undefined for an error response (AHB ERROR). */
  read(offset: number, size: AccessSize, master: BusMaster): number | undefined;
  /** False for an error response. */
  write(offset: number, size: AccessSize, value: number, master: BusMaster): boolean;
}

interface Mapping {
  readonly base: number;
  readonly byteSize: number;
  readonly device: BusDevice;
}

/** Address decoder over non-overlapping mappings; unmapped addresses give an error response. */
export class SystemBus {
  private readonly mappings: Mapping[] = [];
  private last: Mapping | undefined;

  /** Maps `device` at [base, base + byteSize). Throws on overlap: the map is fixed hardware. */
  map(base: number, byteSize: number, device: BusDevice): this {
    const end = base + byteSize;
    const clash = this.mappings.find((m) => base < m.base + m.byteSize && m.base < end);
    if (clash) throw new RangeError(`bus mapping 0x${base.toString(16)} overlaps 0x${clash.base.toString(16)}`);
    this.mappings.push({ base, byteSize, device });
    return this;
  }

  read(address: number, size: AccessSize, master: BusMaster): number | undefined {
    const at = address >>> 0;
    const mapping = this.find(at);
    return mapping?.device.read(at - mapping.base, size, master);
  }

  write(address: number, size: AccessSize, value: number, master: BusMaster): boolean {
    const at = address >>> 0;
    const mapping = this.find(at);
    return mapping ? mapping.device.write(at - mapping.base, size, value >>> 0, master) : false;
  }

  /** The DebugBus port the AHB-AP drives (ports.ts). Accesses are aligned down like the M0 AHB-AP. */
  get debugPort(): DebugBus {
    return {
      read: (address, size) => this.read(alignDown(address, size), size, 'debugger'),
      write: (address, size, value) => this.write(alignDown(address, size), size, value, 'debugger'),
    };
  }

  private find(address: number): Mapping | undefined {
    const last = this.last;
    if (last && address >= last.base && address - last.base < last.byteSize) return last;
    const found = this.mappings.find((m) => address >= m.base && address - m.base < m.byteSize);
    if (found) this.last = found;
    return found;
  }
}

function alignDown(address: number, size: AccessSize): number {
  return (address & ~(size - 1)) >>> 0;
}

/** Extracts the `size`-byte lane at `offset` from a 32-bit register value. */
export function laneOf(word: number, offset: number, size: AccessSize): number {
  if (size === 4) return word >>> 0;
  const shift = (offset & 3) * 8;
  return (word >>> shift) & (size === 2 ? 0xffff : 0xff);
}

/** Merges a sub-word write into `word`, so byte and halfword stores reach 32-bit registers. */
export function mergeLane(word: number, offset: number, size: AccessSize, value: number): number {
  if (size === 4) return value >>> 0;
  const shift = (offset & 3) * 8;
  const mask = (size === 2 ? 0xffff : 0xff) << shift;
  return ((word & ~mask) | ((value << shift) & mask)) >>> 0;
}

/** A peripheral's 32-bit registers, by word offset. undefined / false is an error response. */
export interface WordRegisters {
  readWord(offset: number, master: BusMaster): number | undefined;
  writeWord(offset: number, value: number, master: BusMaster): boolean;
}

/**
 * Makes a bus device of 32-bit registers. Sub-word reads pick a lane; sub-word writes merge into
 * the current value first (APB peripherals accept them that way). The merge reads as the
 * debugger so that it has no read side effects (COUNTFLAG, sticky bits).
 */
export function registerBlock(registers: WordRegisters): BusDevice {
  return {
    read(offset, size, master) {
      const word = registers.readWord(offset & ~3, master);
      return word === undefined ? undefined : laneOf(word, offset, size);
    },
    write(offset, size, value, master) {
      const wordOffset = offset & ~3;
      if (size === 4) return registers.writeWord(wordOffset, value >>> 0, master);
      const current = registers.readWord(wordOffset, 'debugger') ?? 0;
      return registers.writeWord(wordOffset, mergeLane(current, offset, size, value), master);
    },
  };
}

/** Byte-addressed memory (SRAM, flash array) with little-endian accesses of any size. */
export class Memory implements BusDevice {
  readonly bytes: Uint8Array;
  private readonly view: DataView;

  constructor(byteSize: number, fill = 0) {
    this.bytes = new Uint8Array(byteSize).fill(fill);
    this.view = new DataView(this.bytes.buffer);
  }

  read(offset: number, size: AccessSize): number | undefined {
    if (offset + size > this.bytes.length) return undefined;
    if (size === 4) return this.view.getUint32(offset, true);
    return size === 2 ? this.view.getUint16(offset, true) : this.bytes[offset];
  }

  write(offset: number, size: AccessSize, value: number): boolean {
    if (offset + size > this.bytes.length) return false;
    if (size === 4) this.view.setUint32(offset, value >>> 0, true);
    else if (size === 2) this.view.setUint16(offset, value & 0xffff, true);
    else this.bytes[offset] = value & 0xff;
    return true;
  }
}

/** A device whose registers read as zero and ignore writes (RAZ/WI), e.g. unmodelled peripherals. */
export const razWi: BusDevice = {
  read: () => 0,
  write: () => true,
};
