// What is known about a halted target during one stop: the registers, stack window and watched
// memory read with the halt, plus every memory block read since. Dropped by its owner on resume; it never outlives
// the stop, and it never reads the target except for what it does not hold.
import type { AccessWidth, MemoryRange, MemoryReadResult, RegisterValues, Target, TargetStop } from '../target';

/** How a write reaches memory. */
export interface MemoryWriteOptions {
  /** Bits of every access (a device register's size). */
  readonly accessWidth?: AccessWidth;
  /**
   * Device memory (a peripheral register): what a later read returns is not what was written
   * (SVD modifiedWriteValues: a one-to-clear bit written 1 reads 0; GPIO BSRR reads 0), so the
   * cached copy of those bytes is dropped instead of patched.
   */
  readonly device?: boolean;
}

/** The read side of a target, as stack unwinding and variable display need it. */
export interface TargetReader {
  /** Reads the named registers (all core registers when omitted). */
  readRegisters(names?: readonly string[]): Promise<RegisterValues>;
  /** Reads every range; each one fails on its own. */
  readMemory(ranges: readonly MemoryRange[]): Promise<MemoryReadResult[]>;
}

/**
 * The window read on demand while a stepper keeps the snapshot's window off (stackWindowByteSize
 * 0): enough for the registers a CFA test unwinds (a `finish` read five saved words, one round trip
 * each, before it), in one small read. The final stop reads the full window when it needs more.
 */
const STEPPING_WINDOW_BYTES = 128;

interface Block {
  readonly address: number;
  readonly bytes: Uint8Array;
}

/**
 * Per-stop cache over a Target. Reads answer from the stop snapshot and earlier reads when they
 * cover the request; everything missing goes to the target in one `readMemory` call (one round
 * trip for OpenocdTarget). Writes made through it update the cached copies.
 */
export class StopCache implements TargetReader {
  private readonly registers: Map<string, bigint>;
  private readonly blocks: Block[] = [];
  private readonly failures = new Map<string, string>();
  private valid = true;
  /** Bytes of stack window from SP rounded down to 64 among the blocks: read with the stop, or on demand (whatever it found). */
  private stackWindowBytes: number;

  constructor(
    private readonly target: Target,
    readonly stop: TargetStop,
  ) {
    this.registers = new Map(stop.snapshot.registers);
    const window = stop.snapshot.stackWindow;
    this.stackWindowBytes = window.bytes.length > 0 ? target.stackWindowByteSize : 0;
    // A copy: writes patch cached blocks, and the stop itself must keep what was read at the halt.
    if (window.bytes.length > 0) this.blocks.push({ address: window.address, bytes: window.bytes.slice() });
    for (const block of stop.snapshot.memory ?? []) this.blocks.push({ address: block.address, bytes: block.bytes.slice() });
  }

  /** False once the target has resumed (the owner calls invalidate). */
  get isValid(): boolean {
    return this.valid;
  }

  invalidate(): void {
    this.valid = false;
  }

  async readRegisters(names?: readonly string[]): Promise<RegisterValues> {
    const wanted = names ?? [...this.registers.keys()];
    const missing = wanted.filter((name) => !this.registers.has(name));
    if (missing.length > 0) for (const [name, value] of await this.target.readRegisters(missing)) this.registers.set(name, value);
    return new Map(wanted.map((name) => [name, this.registers.get(name)!]));
  }

  async readMemory(ranges: readonly MemoryRange[]): Promise<MemoryReadResult[]> {
    let results: (MemoryReadResult | undefined)[] = ranges.map((range) => this.cached(range));
    if (this.lacksStackWindow(ranges.filter((_, k) => results[k] === undefined))) {
      this.stackWindowBytes = this.windowByteSize();
      const window = await this.target.readStackWindow!(this.stackPointer(), this.stackWindowBytes);
      if (window.bytes.length > 0) this.blocks.push(window);
      results = ranges.map((range) => this.cached(range));
    }
    const missing = ranges.filter((_, k) => results[k] === undefined);
    if (missing.length > 0) {
      const fetched = await this.target.readMemory(missing);
      missing.forEach((range, k) => {
        const result = fetched[k];
        if (result instanceof Uint8Array) this.blocks.push({ address: range.address, bytes: result });
        else this.failures.set(rangeKey(range), result.error);
      });
    }
    return ranges.map((range, k) => results[k] ?? this.cached(range)!);
  }

  /**
   * The cache in the shape stack unwinding reads (stack/frameMemory.ts FrameMemory): registers,
   * and one range at a time with an unreadable range as undefined.
   */
  frameMemory(): { registers(): Promise<RegisterValues>; readMemory(address: number, byteLength: number): Promise<Uint8Array | undefined> } {
    return {
      registers: () => this.readRegisters(),
      readMemory: async (address, byteLength) => {
        const [result] = await this.readMemory([{ address, byteLength }]);
        return result instanceof Uint8Array ? result : undefined;
      },
    };
  }

  /** Writes a register through the target and keeps the cached value in step. */
  async writeRegister(name: string, value: bigint): Promise<void> {
    await this.target.writeRegister(name, value);
    this.registers.set(name, value);
  }

  /** Writes memory through the target and patches every cached block it overlaps (device memory: forgets those bytes). */
  async writeMemory(address: number, data: Uint8Array, options: MemoryWriteOptions = {}): Promise<void> {
    await this.target.writeMemory(address, data, options.accessWidth);
    this.failures.clear();
    if (options.device) {
      this.forget({ address, byteLength: data.length });
      return;
    }
    for (const block of this.blocks) {
      const from = Math.max(address, block.address);
      const to = Math.min(address + data.length, block.address + block.bytes.length);
      if (from < to) block.bytes.set(data.subarray(from - address, to - address), from - block.address);
    }
  }

  /**
   * Drops every cached byte (another core sharing this memory ran); registers stay. The stack
   * window is read again in one request when the unwinder first reaches it.
   */
  forgetMemory(): void {
    this.blocks.splice(0);
    this.failures.clear();
    this.stackWindowBytes = 0;
  }

  /**
   * Drops the cached bytes of `range` (the blocks around it keep the rest), so the next read of
   * it asks the target: a device register can change while the core is halted.
   */
  forget(range: MemoryRange): void {
    const end = range.address + range.byteLength;
    const kept = this.blocks.flatMap((block) => {
      const blockEnd = block.address + block.bytes.length;
      if (blockEnd <= range.address || block.address >= end) return [block];
      const parts: Block[] = [];
      if (block.address < range.address) parts.push({ address: block.address, bytes: block.bytes.subarray(0, range.address - block.address) });
      if (blockEnd > end) parts.push({ address: end, bytes: block.bytes.subarray(end - block.address) });
      return parts;
    });
    this.blocks.splice(0, this.blocks.length, ...kept);
    this.failures.delete(rangeKey(range));
  }

  /**
   * True when the stack window is not cached, or a smaller one is (a stepper's stops; forgotten
   * after another core ran), the target can read one, and a missing range lies in it: the unwinder
   * is about to read the stack word by word.
   */
  private lacksStackWindow(missing: readonly MemoryRange[]): boolean {
    const size = this.windowByteSize();
    if (size <= this.stackWindowBytes || !this.target.readStackWindow) return false;
    const start = this.stackPointer() & ~63;
    return missing.some((range) => range.address >= start && range.address < start + size);
  }

  private windowByteSize(): number {
    return this.target.stackWindowByteSize || STEPPING_WINDOW_BYTES;
  }

  private stackPointer(): number {
    return Number(this.registers.get('sp') ?? 0n);
  }

  private cached(range: MemoryRange): MemoryReadResult | undefined {
    const block = this.blocks.find((b) => range.address >= b.address && range.address + range.byteLength <= b.address + b.bytes.length);
    if (block) return block.bytes.slice(range.address - block.address, range.address - block.address + range.byteLength);
    const error = this.failures.get(rangeKey(range));
    return error === undefined ? undefined : { error };
  }
}

function rangeKey(range: MemoryRange): string {
  return `${range.address}:${range.byteLength}`;
}
