// Statistics the benchmarks print. Not a benchmark itself (scripts/bench.mjs runs *.bench.ts only).

/** The middle value (the upper one of an even count): robust against a run disturbed by the machine. */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}
