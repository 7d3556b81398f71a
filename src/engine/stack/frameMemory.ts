// What the unwinder reads from a halted target: registers by name and memory ranges. The engine's
// per-stop cache implements it; `targetFrameMemory` is a plain one over the Target port.
import type { MemoryReadResult, RegisterValues, Target } from '../target';

/**
 * The registers and memory of one halt, as the unwinder and stepper read them. An implementation
 * should answer repeated reads from a cache (the values cannot change while the core is halted)
 * and may prefetch a window of stack in the same round trip as the registers.
 */
export interface FrameMemory {
  /** The core registers by OpenOCD name (`r0`..`r12`, `sp`, `lr`, `pc`, `xPSR`, `msp`, `psp`...). */
  registers(): Promise<RegisterValues>;
  /** `byteLength` bytes at `address`, or undefined when the range cannot be read (a value, not an error). */
  readMemory(address: number, byteLength: number): Promise<Uint8Array | undefined>;
}

/** Bytes fetched per memory read: one round trip usually covers several stack slots of a frame. */
const BLOCK_BYTES = 64;

/**
 * A FrameMemory over the Target port for one halt: registers read once, memory in aligned
 * 64-byte blocks, each read at most once. Make a new one after every resume.
 */
export function targetFrameMemory(target: Pick<Target, 'readRegisters' | 'readMemory'>): FrameMemory {
  let registers: Promise<RegisterValues> | undefined;
  const blocks = new Map<number, Promise<MemoryReadResult>>();
  const block = (base: number): Promise<MemoryReadResult> => {
    let found = blocks.get(base);
    if (!found) {
      found = target.readMemory([{ address: base, byteLength: BLOCK_BYTES }]).then(([result]) => result);
      blocks.set(base, found);
    }
    return found;
  };
  return {
    registers: () => (registers ??= target.readRegisters()),
    async readMemory(address, byteLength) {
      const out = new Uint8Array(byteLength);
      for (let base = address - (address % BLOCK_BYTES); base < address + byteLength; base += BLOCK_BYTES) {
        const bytes = await block(base);
        if (!(bytes instanceof Uint8Array)) return undefined;
        const from = Math.max(address, base);
        const to = Math.min(address + byteLength, base + BLOCK_BYTES);
        out.set(bytes.subarray(from - base, to - base), from - address);
      }
      return out;
    },
  };
}
