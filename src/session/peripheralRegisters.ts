// The chip's peripheral registers as its CMSIS-SVD file describes them: dotted paths (GPIOA.ODR,
// PERIPH.CLUSTER.REG, GPIOA.ODR.ODR5) to registers and fields, reads planned by src/svd (never a
// read with a side effect unless asked for), writes through its field codec. No Tcl, no DAP.
import { readFileSync } from 'node:fs';
import { SvdFormatError, UserError } from '../common';
import type { AccessWidth, MemoryRange, MemoryReadResult } from '../engine';
import { pieceValues, storePieceValues } from '../openocd';
import {
  checkRegisterWrite, encodeFieldWrite, fieldValue, parseSvd, planRegisterReads, readHazard, registerValuesFromReads,
  type SvdCluster, type SvdDevice, type SvdField, type SvdPeripheral, type SvdReadPlan, type SvdRegister,
} from '../svd';

/** Where register reads and writes go: the session binds it to a thread (its stop cache while halted). */
export interface DeviceMemory {
  readonly littleEndian: boolean;
  /** `fresh`: not from the stop's copy. */
  read(ranges: readonly MemoryRange[], fresh: boolean): Promise<MemoryReadResult[]>;
  /** A device write: the stop's copy of those bytes is dropped, not patched. */
  write(address: number, data: Uint8Array, accessWidth: AccessWidth): Promise<void>;
}

/** What a loaded SVD holds. */
export interface SvdSummary {
  readonly device: string;
  readonly file: string;
  readonly peripherals: number;
  readonly registers: number;
  /** Oddities the parser tolerated (device.warnings). */
  readonly warnings: number;
}

/** The reads to add to every stop for a set of watched paths. */
export interface SvdWatchPlan {
  readonly reads: readonly MemoryRange[];
  readonly registers: number;
  /** Watched registers no stop reads, and why (a read with a side effect, write-only). */
  readonly skipped: Readonly<Record<string, string>>;
  readonly errors: Readonly<Record<string, string>>;
}

/** Values of registers and fields by the path asked for; each path fails on its own. */
export interface SvdValues {
  readonly values: Readonly<Record<string, number>>;
  readonly errors: Readonly<Record<string, string>>;
}

type Entry =
  | { readonly kind: 'peripheral'; readonly peripheral: SvdPeripheral }
  | { readonly kind: 'cluster'; readonly peripheral: SvdPeripheral; readonly cluster: SvdCluster }
  | { readonly kind: 'register'; readonly register: SvdRegister }
  | { readonly kind: 'field'; readonly register: SvdRegister; readonly field: SvdField };

/** One path to read: its register and, for a field, the field. */
interface Wanted {
  readonly path: string;
  readonly register: SvdRegister;
  readonly field?: SvdField;
}

/** A parsed SVD file with its path index. Create with `PeripheralRegisters.load`. */
export class PeripheralRegisters {
  private readonly index = new Map<string, Entry>();

  constructor(
    readonly file: string,
    readonly device: SvdDevice,
  ) {
    for (const peripheral of device.peripherals) {
      this.index.set(dotted(peripheral.path), { kind: 'peripheral', peripheral });
      const clusters = (children: SvdPeripheral['children']): void => {
        for (const child of children) {
          if (child.kind !== 'cluster') continue;
          this.index.set(dotted(child.path), { kind: 'cluster', peripheral, cluster: child });
          clusters(child.children);
        }
      };
      clusters(peripheral.children);
      for (const register of peripheral.registers) {
        this.index.set(dotted(register.path), { kind: 'register', register });
        for (const field of register.fields) this.index.set(dotted(field.path), { kind: 'field', register, field });
      }
    }
  }

  /** Reads and parses `file`; a UserError names the file and, for a malformed one, the element path (SvdFormatError). */
  static load(file: string): PeripheralRegisters {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (error) {
      throw new UserError(`cannot read the SVD file ${file}: ${(error as Error).message}`);
    }
    try {
      return new PeripheralRegisters(file, parseSvd(text));
    } catch (error) {
      // SvdFormatError's message starts with the element path (`GPIOA/MODER/MODE0: ...`).
      if (error instanceof SvdFormatError) throw new UserError(`${file} is not a usable SVD file: ${error.message}`);
      throw error;
    }
  }

  summary(): SvdSummary {
    const registers = this.device.peripherals.reduce((sum, peripheral) => sum + peripheral.registers.length, 0);
    return { device: this.device.name, file: this.file, peripherals: this.device.peripherals.length, registers, warnings: this.device.warnings.length };
  }

  /**
   * The reads a stop makes for `paths` (peripherals, clusters, registers; a field watches its
   * register), planned by planRegisterReads: merged only across contiguous registers of one
   * address block and width, never into a register whose read has a side effect.
   */
  watchPlan(paths: readonly string[]): SvdWatchPlan {
    const errors: Record<string, string> = {};
    const registers: SvdRegister[] = [];
    for (const path of paths) {
      const entry = this.resolve(path);
      if (typeof entry === 'string') errors[path] = entry;
      else registers.push(...this.registersOf(entry));
    }
    const plan = planRegisterReads(this.device, registers);
    const skipped = Object.fromEntries(plan.skipped.map(({ register, reason }) => [dotted(register.path), reason]));
    return { reads: plan.reads.map(rangeOf), registers: plan.slots.length, skipped, errors };
  }

  /**
   * Reads registers and fields (a field's value is decoded from its register). A register whose
   * read has a side effect (SVD readAction) or that is write-only is read only when `force` is
   * true or lists its path; otherwise its error says why.
   */
  async read(paths: readonly string[], force: boolean | readonly string[], memory: DeviceMemory): Promise<SvdValues> {
    const values: Record<string, number> = {};
    const errors: Record<string, string> = {};
    const wanted: Wanted[] = [];
    for (const path of paths) {
      const entry = this.resolve(path);
      if (typeof entry === 'string') errors[path] = entry;
      else if (entry.kind === 'peripheral' || entry.kind === 'cluster') errors[path] = `${path} is a ${entry.kind}: name one of its registers or fields`;
      else wanted.push({ path, register: entry.register, field: entry.kind === 'field' ? entry.field : undefined });
    }
    const forced = new Set(wanted.filter((w) => force === true || (Array.isArray(force) && force.includes(w.path))).map((w) => w.register));
    const plan = planRegisterReads(this.device, wanted.map((w) => w.register), { force: forced });
    const read = await this.readPlan(plan, memory, false);
    for (const { path, register, field } of wanted) {
      const value = read.values.get(register);
      if (value === undefined) {
        errors[path] = notRead(path, register, plan, read.errors);
        continue;
      }
      const shown = field ? fieldValue(field, value) : value;
      if (shown > BigInt(Number.MAX_SAFE_INTEGER)) errors[path] = `${path}: 0x${shown.toString(16)} is wider than a JSON number holds exactly (53 bits): read its fields`;
      else values[path] = Number(shown);
    }
    return { values, errors };
  }

  /**
   * Writes a register, or a field by read-modify-write through the codec: access (read-only is
   * refused), writeConstraint, and modifiedWriteValues (a oneToClear neighbour is written 0, so a
   * field write never clears its flags). The current value is read fresh when the register is
   * safe to read, else the reset value stands for it. Resolves with the value read back (absent
   * when reading it is not safe) and the register value written.
   */
  async write(path: string, value: number, memory: DeviceMemory): Promise<{ value?: number; written: number }> {
    const entry = this.resolve(path);
    if (typeof entry === 'string') throw new UserError(entry);
    if (entry.kind === 'peripheral' || entry.kind === 'cluster') throw new UserError(`${path} is a ${entry.kind}: name a register or a field to write`);
    const { register } = entry;
    const field = entry.kind === 'field' ? entry.field : undefined;
    const plan = planRegisterReads(this.device, [register], { force: new Set([register]) });
    if (plan.reads.length === 0) throw new UserError(`${path}: not written: ${plan.skipped[0]?.reason ?? 'no address'}`);
    const readable = readHazard(register) === undefined;
    const current = readable ? await this.readRegister(plan, register, memory) : undefined;
    const requested = BigInt(value);
    let written: bigint;
    if (field) written = encodeFieldWrite(register, field, requested, current).value;
    else {
      checkRegisterWrite(register, requested, current);
      written = requested;
    }
    const { address, width, count } = plan.reads[0];
    await memory.write(address, unitBytes(written, width, count, plan.bigEndian, memory.littleEndian), width);
    if (!readable) return { written: Number(written) };
    const after = await this.readRegister(plan, register, memory);
    return { value: Number(field ? fieldValue(field, after) : after), written: Number(written) };
  }

  /** The entry a dotted (or SVD-style slashed) path names, or an error naming what is missing. */
  private resolve(path: string): Entry | string {
    const key = dotted(path.trim());
    const found = this.index.get(key);
    if (found) return found;
    const parts = key.split('.');
    for (let k = parts.length - 1; k > 0; k--) {
      const parent = this.index.get(parts.slice(0, k).join('.'));
      if (!parent) continue;
      const what = parent.kind === 'register' ? 'field' : parent.kind === 'field' ? 'part' : 'register or cluster';
      return `${path}: ${parts.slice(0, k).join('.')} has no ${what} named ${parts[k]}`;
    }
    return `${path}: ${this.device.name} has no peripheral named ${parts[0]}`;
  }

  private registersOf(entry: Entry): readonly SvdRegister[] {
    switch (entry.kind) {
      case 'peripheral': return entry.peripheral.registers;
      case 'cluster': return entry.peripheral.registers.filter((register) => register.path.startsWith(`${entry.cluster.path}/`));
      default: return [entry.register];
    }
  }

  /** A one-register plan's value read fresh; a failed read is a UserError with the target's reason. */
  private async readRegister(plan: SvdReadPlan, register: SvdRegister, memory: DeviceMemory): Promise<bigint> {
    const read = await this.readPlan(plan, memory, true);
    const value = read.values.get(register);
    if (value === undefined) throw new UserError(`${dotted(register.path)}: ${read.errors.get(0) ?? 'not read'}`);
    return value;
  }

  /** Runs a plan's reads (one request for whatever the stop has not cached) and maps them back to registers. */
  private async readPlan(plan: SvdReadPlan, memory: DeviceMemory, fresh: boolean): Promise<{ values: Map<SvdRegister, bigint>; errors: Map<number, string> }> {
    const errors = new Map<number, string>();
    const results = plan.reads.length === 0 ? [] : await memory.read(plan.reads.map(rangeOf), fresh);
    const units = results.map((result, k) => {
      if (result instanceof Uint8Array) return pieceValues(plan.reads[k], result, memory.littleEndian);
      errors.set(k, result.error);
      return [];
    });
    return { values: registerValuesFromReads(plan, units), errors };
  }
}

/** SVD paths use `/` (`GPIOA/ODR`); requests name them with dots. */
function dotted(path: string): string {
  return path.replaceAll('/', '.');
}

function rangeOf(read: { readonly address: number; readonly width: AccessWidth; readonly count: number }): MemoryRange {
  return { address: read.address, byteLength: (read.width / 8) * read.count, accessWidth: read.width };
}

/** Why a wanted register has no value: skipped by the plan (its hazard), or its read failed. */
function notRead(path: string, register: SvdRegister, plan: SvdReadPlan, readErrors: ReadonlyMap<number, string>): string {
  const hazard = readHazard(register);
  const skipped = plan.skipped.find((s) => s.register === register);
  if (skipped && hazard === skipped.reason) {
    const why = hazard.startsWith('readAction') ? `reading it has a side effect (${hazard})` : `it is a ${hazard}: a read returns nothing it holds`;
    return `${path}: ${why}; read it explicitly (force)`;
  }
  if (skipped) return `${path}: not read: ${skipped.reason}`;
  const slot = plan.slots.find((s) => s.register === register);
  return `${path}: ${(slot && readErrors.get(slot.read)) ?? 'not read'}`;
}

/** The bytes of a register value as `count` units of `width` bits (registerValuesFromReads's inverse). */
function unitBytes(value: bigint, width: AccessWidth, count: number, bigEndianUnits: boolean, littleEndian: boolean): Uint8Array {
  const bytes = new Uint8Array((width / 8) * count);
  const mask = (1n << BigInt(width)) - 1n;
  const units = Array.from({ length: count }, (_, k) => (value >> BigInt(width * (bigEndianUnits ? count - 1 - k : k))) & mask);
  storePieceValues({ address: 0, width, count }, units, bytes, littleEndian);
  return bytes;
}
