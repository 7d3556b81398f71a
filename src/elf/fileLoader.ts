// Which parts of a file have been read into the buffer ElfFile parses, when its caller loads the
// file on demand (ElfParseOptions.load): each range is asked for once. Does no I/O itself.

/** The parts of a file that the load callback has filled, so that each is read once. */
export class FileLoader {
  /** Loaded [start, end) ranges, sorted and disjoint. */
  private readonly ranges: { start: number; end: number }[];

  constructor(private readonly size: number, private readonly load: ((offset: number, length: number) => void) | undefined) {
    this.ranges = load ? [] : [{ start: 0, end: size }];
  }

  /** Makes `[offset, offset + length)` (clamped to the file) readable. */
  ensure(offset: number, length: number): void {
    const start = Math.max(0, offset);
    const end = Math.min(this.size, offset + length);
    if (!this.load || end <= start) return;
    let at = start;
    for (const range of this.ranges) {
      if (range.end <= at) continue;
      if (range.start >= end) break;
      if (range.start > at) this.load(at, range.start - at);
      at = Math.max(at, range.end);
      if (at >= end) break;
    }
    if (at < end) this.load(at, end - at);
    this.ranges.push({ start, end });
    this.ranges.sort((a, b) => a.start - b.start);
    let kept = 0;
    for (const range of this.ranges) {
      const last = this.ranges[kept - 1];
      if (last && range.start <= last.end) last.end = Math.max(last.end, range.end);
      else this.ranges[kept++] = range;
    }
    this.ranges.length = kept;
  }
}
