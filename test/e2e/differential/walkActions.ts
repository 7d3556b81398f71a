// The differential stepping suite's random walk: a seeded sequence of user actions (step, next,
// finish, stepi, continue to a breakpoint) that both GDB and the adapter perform. Pure: no board.
import { lineOf } from '../../engine/program/sourceLines';

/** One action of the walk, named by its GDB command; `break` is `break SPEC`, `continue`, `delete`. */
export type WalkAction =
  | { readonly kind: 'step' | 'next' | 'finish' | 'stepi' }
  | { readonly kind: 'break'; readonly spec: string };

/** Functions every round of the stepping firmware runs (test/firmware/stepping/main.c). */
const functionSpecs = ['grid_sum', 'filter_scale', 'filter_offset', 'span_of', 'classify', 'dispatch', 'factorial', 'wait_ticks', 'SysTick_Handler'];

/** Lines every round runs, by their text (file in test/firmware/stepping, text on the line). */
const lineSpecs: readonly (readonly [string, string])[] = [
  ['filters.c', 'total += filter(cell) + clamp(cell, 1, 4);'],
  ['filters.c', 'int32_t cell = row * cols + col;'],
  ['filters.c', 'if (values[i] > result.high)'],
  ['filters.c', 'int kind = classify(value);'],
  ['filters.c', 'int32_t scaled = value * 3;'],
  ['main.c', 'samples[round & 3] = (int32_t)round - 2;'],
  ['main.c', 'int32_t fact = factorial('],
  ['ticks.c', 'uint32_t next = g_ticks + 1;'],
];

/** The `break` targets of the walk: every function above, and FILE:LINE of every line above. */
export function breakpointSpecs(): string[] {
  return [...functionSpecs, ...lineSpecs.map(([file, text]) => `${file}:${lineOf(`stepping/${file}`, text)}`)];
}

/** mulberry32: a small seeded generator, so a seed names one walk on every machine. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** `count` actions for `seed`: steps and nexts most often, then finish, breakpoints and stepi. */
export function walkActions(seed: number, count: number, specs: readonly string[] = breakpointSpecs()): WalkAction[] {
  const next = random(seed);
  const actions: WalkAction[] = [];
  for (let i = 0; i < count; i++) {
    const roll = next();
    if (roll < 0.3) actions.push({ kind: 'step' });
    else if (roll < 0.6) actions.push({ kind: 'next' });
    else if (roll < 0.75) actions.push({ kind: 'finish' });
    else if (roll < 0.85) actions.push({ kind: 'stepi' });
    else actions.push({ kind: 'break', spec: specs[Math.floor(next() * specs.length)] });
  }
  return actions;
}
