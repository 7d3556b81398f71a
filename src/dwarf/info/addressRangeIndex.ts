// A sorted, read-only index of [lowPc, highPc) ranges for "which range holds this address"
// lookups by binary search. It knows nothing of what the ranges mean.

/** One range and what it stands for. */
export interface IndexedRange<T> {
  readonly lowPc: number;
  readonly highPc: number;
  readonly value: T;
}

/** Built once from any list of ranges; overlapping ranges are allowed (the one starting last wins). */
export class AddressRangeIndex<T> {
  private readonly ranges: IndexedRange<T>[];
  /** reach[i]: the highest highPc among ranges[0..i], so a backward walk knows when to stop. */
  private readonly reach: Float64Array;

  constructor(ranges: Iterable<IndexedRange<T>>) {
    this.ranges = [...ranges].filter((range) => range.highPc > range.lowPc).sort((a, b) => a.lowPc - b.lowPc);
    this.reach = new Float64Array(this.ranges.length);
    let reach = -Infinity;
    this.ranges.forEach((range, i) => {
      reach = Math.max(reach, range.highPc);
      this.reach[i] = reach;
    });
  }

  get size(): number {
    return this.ranges.length;
  }

  /** The range with the highest lowPc that holds `address`, or undefined. */
  find(address: number): IndexedRange<T> | undefined {
    const list = this.ranges;
    let lo = 0;
    let hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (list[mid].lowPc <= address) lo = mid + 1;
      else hi = mid;
    }
    // Ranges of linked code rarely overlap, but discarded (garbage-collected) functions all start
    // at 0: walk back only while an earlier range could still reach `address`.
    for (let i = lo - 1; i >= 0 && this.reach[i] > address; i--) {
      if (address < list[i].highPc) return list[i];
    }
    return undefined;
  }
}
