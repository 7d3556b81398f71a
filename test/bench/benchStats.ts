// Statistics the benchmarks print, and timing a Tcl script. Not a benchmark itself (scripts/bench.mjs
// runs *.bench.ts only).
import { performance } from 'node:perf_hooks';

/** The middle value (the upper one of an even count): robust against a run disturbed by the machine. */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/** What `timeTcl` measured: median seconds of one run, and what `count` counted in the last run. */
export interface TclTiming {
  readonly seconds: number;
  readonly counted: number;
}

/**
 * Runs `script` `rounds` times on `tcl`; the median seconds of one run, and how far `count` (e.g. a
 * simulated DP's transactions) moved during the last run.
 */
export async function timeTcl(
  tcl: { cmd(script: string): Promise<unknown> },
  script: string,
  rounds: number,
  count: () => number = () => 0,
): Promise<TclTiming> {
  const seconds: number[] = [];
  let counted = 0;
  for (let round = 0; round < rounds; round++) {
    const before = count();
    const start = performance.now();
    await tcl.cmd(script);
    seconds.push((performance.now() - start) / 1000);
    counted = count() - before;
  }
  return { seconds: median(seconds), counted };
}
