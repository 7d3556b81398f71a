// Read planning: the fewest memory reads that fetch a set of registers, never outside the
// device's address blocks, never merging across blocks or access widths, skipping registers
// whose read has side effects; and the mapping of read results back to register values.
// Plain data: the engine turns each SvdMemoryRead into a Tcl `read_memory` (one request).

import { readHazard } from './fieldCodec';
import type { SvdDevice, SvdRegister } from './svdModel';

/** One memory read: `count` units of `width` bits from `address` (OpenOCD `read_memory`). */
export interface SvdMemoryRead {
  readonly address: number;
  readonly width: 8 | 16 | 32;
  readonly count: number;
}

/** A register the plan does not read, and why. */
export interface SvdSkippedRegister {
  readonly register: SvdRegister;
  readonly reason: string;
}

/** Where a register's value sits in the results: `units` units from `first` of read `read`. */
export interface SvdReadSlot {
  readonly register: SvdRegister;
  readonly read: number;
  readonly first: number;
  readonly units: number;
}

/** The result of planRegisterReads. */
export interface SvdReadPlan {
  readonly reads: readonly SvdMemoryRead[];
  readonly skipped: readonly SvdSkippedRegister[];
  readonly slots: readonly SvdReadSlot[];
  /** Units of a multi-unit register (e.g. 64 bits read as 2 x 32) are combined big-endian. */
  readonly bigEndian: boolean;
}

/** Options of planRegisterReads. */
export interface SvdReadPlanOptions {
  /** Largest read in bytes; longer runs are split. Default 1024 (keeps Tcl replies small). */
  readonly maxReadBytes?: number;
  /**
   * Registers read although readHazard names a reason: the user asked for them explicitly, side
   * effect (SVD readAction) included. They are still merged only with requested neighbours.
   */
  readonly force?: ReadonlySet<SvdRegister>;
}

interface Block {
  readonly start: number;
  readonly end: number;
}

interface Item {
  readonly register: SvdRegister;
  readonly block: number;
  readonly unitBytes: 1 | 2 | 4;
  readonly byteSize: number;
}

/**
 * Plans the reads for `registers` (the ones a view shows). Neighbours are merged only when they
 * are contiguous, in the same addressBlock and of the same access width (peripheral-viewer #15,
 * #44: merged reads across gaps returned wrong data). Registers not safe to read automatically
 * (see readHazard) and registers outside every addressBlock are returned in `skipped`.
 */
export function planRegisterReads(
  device: SvdDevice,
  registers: Iterable<SvdRegister>,
  options: SvdReadPlanOptions = {},
): SvdReadPlan {
  const maxReadBytes = options.maxReadBytes ?? 1024;
  const blocks = deviceBlocks(device);
  const skipped: SvdSkippedRegister[] = [];
  const items: Item[] = [];
  const seen = new Set<SvdRegister>();
  for (const register of registers) {
    if (seen.has(register)) continue;
    seen.add(register);
    const hazard = options.force?.has(register) ? undefined : readHazard(register);
    if (hazard !== undefined) {
      skipped.push({ register, reason: hazard });
      continue;
    }
    const byteSize = Math.ceil(register.size / 8);
    const block = blocks.findIndex((b) => register.address >= b.start && register.address + byteSize <= b.end);
    if (block < 0) {
      skipped.push({ register, reason: 'outside the address blocks of the device' });
      continue;
    }
    items.push({ register, block, unitBytes: unitBytesOf(register.address, byteSize), byteSize });
  }
  items.sort((a, b) => a.block - b.block || a.unitBytes - b.unitBytes || a.register.address - b.register.address);
  const reads: { address: number; width: 8 | 16 | 32; count: number }[] = [];
  const slots: SvdReadSlot[] = [];
  let current: { address: number; width: 8 | 16 | 32; count: number } | undefined;
  let currentBlock = -1;
  for (const item of items) {
    const address = item.register.address;
    const end = address + item.byteSize;
    const fits =
      current !== undefined &&
      currentBlock === item.block &&
      current.width === item.unitBytes * 8 &&
      address <= current.address + current.count * item.unitBytes &&
      end - current.address <= Math.max(maxReadBytes, item.byteSize);
    if (!fits) {
      current = { address, width: (item.unitBytes * 8) as 8 | 16 | 32, count: 0 };
      currentBlock = item.block;
      reads.push(current);
    }
    const run = current as { address: number; width: 8 | 16 | 32; count: number };
    run.count = Math.max(run.count, (end - run.address) / item.unitBytes);
    slots.push({ register: item.register, read: reads.length - 1, first: (address - run.address) / item.unitBytes, units: item.byteSize / item.unitBytes });
  }
  return { reads, skipped, slots, bigEndian: device.cpu?.endian === 'big' };
}

/**
 * Register values from the results of a plan's reads: `results[i]` holds the `count` values
 * read by `plan.reads[i]`. A result too short for a register leaves that register out.
 */
export function registerValuesFromReads(
  plan: SvdReadPlan,
  results: readonly (readonly (number | bigint)[])[],
): Map<SvdRegister, bigint> {
  const values = new Map<SvdRegister, bigint>();
  for (const slot of plan.slots) {
    const data = results[slot.read];
    if (data === undefined || data.length < slot.first + slot.units) continue;
    const width = BigInt(plan.reads[slot.read].width);
    let value = 0n;
    for (let i = 0; i < slot.units; i++) {
      const unit = BigInt(data[slot.first + (plan.bigEndian ? i : slot.units - 1 - i)]);
      value = (value << width) | unit;
    }
    values.set(slot.register, value);
  }
  return values;
}

/** Address blocks of every peripheral (reserved ones excluded), absolute, in address order. */
function deviceBlocks(device: SvdDevice): Block[] {
  const blocks: Block[] = [];
  for (const peripheral of device.peripherals) {
    for (const block of peripheral.addressBlocks) {
      if (block.usage === 'reserved') continue;
      blocks.push({ start: block.address, end: block.address + block.byteSize });
    }
  }
  return blocks.sort((a, b) => a.start - b.start);
}

/** The widest unit (4, 2 or 1 bytes) that divides the register and its address. */
function unitBytesOf(address: number, byteSize: number): 1 | 2 | 4 {
  for (const unit of [4, 2, 1] as const) {
    if (unit <= byteSize && byteSize % unit === 0 && address % unit === 0) return unit;
  }
  return 1;
}
