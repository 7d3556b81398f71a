// Target memory of one halt, fetched in batches: formatting code asks synchronously, a miss is
// recorded, and `flush` reads every recorded miss in ONE Target.readMemory call. No formatting here.
import type { MemoryRange, MemoryReadResult, Target } from '../target';

/** What a lookup gives: the bytes, an unreadable range (a value), or `undefined` = not fetched yet. */
export type CachedBytes = Uint8Array | { readonly error: string } | undefined;

/** The one call the cache needs: Target.readMemory (every range in one round trip). */
export type BatchMemoryReader = Pick<Target, 'readMemory'>;

interface Block {
  readonly address: number;
  readonly byteLength: number;
  readonly result: MemoryReadResult;
}

/**
 * Memory of one halt (its values cannot change while the core is halted): make a new cache after
 * every resume or write. `roundTrips` counts readMemory calls, for tests and benchmarks.
 */
export class MemoryCache {
  private readonly blocks: Block[] = [];
  private pending: MemoryRange[] = [];
  roundTrips = 0;

  constructor(private readonly reader: BatchMemoryReader) {}

  /** The bytes at [address, address+byteLength) when fetched; records a miss otherwise. */
  get(address: number, byteLength: number): CachedBytes {
    if (byteLength === 0) return new Uint8Array(0);
    for (const block of this.blocks) {
      const inside = address >= block.address && address + byteLength <= block.address + block.byteLength;
      if (block.result instanceof Uint8Array) {
        if (inside) return block.result.subarray(address - block.address, address - block.address + byteLength);
      } else if (address < block.address + block.byteLength && address + byteLength > block.address) {
        return block.result;
      }
    }
    this.pending.push({ address, byteLength });
    return undefined;
  }

  /** True when misses wait for `flush`. */
  get hasPending(): boolean {
    return this.pending.length > 0;
  }

  /**
   * Reads every recorded miss in one round trip (overlapping and nearby ranges merged). A merged
   * range that fails is re-read as its parts in one more round trip, so that one unreadable
   * variable cannot hide its readable neighbours.
   */
  async flush(): Promise<void> {
    if (this.pending.length === 0) return;
    const requested = this.pending;
    this.pending = [];
    const ranges = mergeRanges(requested);
    const results = await this.read(ranges);
    const retry: MemoryRange[] = [];
    ranges.forEach((range, k) => {
      const parts = requested.filter((r) => r.address >= range.address && r.address + r.byteLength <= range.address + range.byteLength);
      if (!(results[k] instanceof Uint8Array) && parts.length > 1) retry.push(...parts);
      else this.blocks.push({ ...range, result: results[k] });
    });
    if (retry.length === 0) return;
    const again = await this.read(retry);
    retry.forEach((range, k) => this.blocks.push({ ...range, result: again[k] }));
  }

  /** Forgets everything (after a write: the next lookups re-read). */
  invalidate(): void {
    this.blocks.length = 0;
    this.pending = [];
  }

  private async read(ranges: readonly MemoryRange[]): Promise<MemoryReadResult[]> {
    this.roundTrips++;
    const results = await this.reader.readMemory(ranges);
    return ranges.map((_, k) => results[k] ?? { error: 'no answer from the target' });
  }
}

/** Gap (bytes) under which two ranges are read as one: one read_memory beats two. */
const MERGE_GAP_BYTES = 16;

/** Sorted, merged ranges covering all of `ranges`. */
export function mergeRanges(ranges: readonly MemoryRange[]): MemoryRange[] {
  const sorted = [...ranges].sort((a, b) => a.address - b.address);
  const merged: { address: number; byteLength: number }[] = [];
  for (const range of sorted) {
    const last = merged[merged.length - 1];
    if (last && range.address <= last.address + last.byteLength + MERGE_GAP_BYTES) {
      last.byteLength = Math.max(last.byteLength, range.address + range.byteLength - last.address);
    } else {
      merged.push({ address: range.address, byteLength: range.byteLength });
    }
  }
  return merged;
}
