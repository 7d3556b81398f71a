// The seeded PRNG of the fuzz suites and their scale: fixed seeds and small counts in `npm test`,
// FUZZ_SCALE / FUZZ_SEED (set by `npm run fuzz`) for the long run. No test logic here.

/** A deterministic source of random choices (mulberry32), so a failing case can be replayed. */
export class Prng {
  private state: number;

  constructor(readonly seed: number) {
    this.state = seed >>> 0;
  }

  /** A float in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** True with probability p. */
  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)];
  }

  /** A string of `length` characters drawn from `alphabet`. */
  string(length: number, alphabet: string): string {
    let text = '';
    for (let i = 0; i < length; i++) text += alphabet[this.int(alphabet.length)];
    return text;
  }
}

const scale = Number(process.env.FUZZ_SCALE ?? '1');
const seedOverride = process.env.FUZZ_SEED === undefined ? undefined : Number(process.env.FUZZ_SEED);

/** How many cases a suite runs: `base` in npm test, times FUZZ_SCALE in the long run. */
export function fuzzCases(base: number): number {
  return Math.max(1, Math.round(base * (Number.isFinite(scale) && scale > 0 ? scale : 1)));
}

/** The suite's PRNG: its own fixed seed, mixed with FUZZ_SEED when the long run sets one. */
export function fuzzPrng(suiteSeed: number): Prng {
  return new Prng(seedOverride === undefined || !Number.isFinite(seedOverride) ? suiteSeed : (suiteSeed ^ Math.imul(seedOverride, 0x9e3779b1)) >>> 0);
}

/** Replay hint put in failure messages: the case number and the seed that produced it. */
export function replayHint(random: Prng, caseNumber: number): string {
  return `case ${caseNumber} (seed ${random.seed}; FUZZ_SEED=${process.env.FUZZ_SEED ?? 'unset'} FUZZ_SCALE=${process.env.FUZZ_SCALE ?? '1'})`;
}
