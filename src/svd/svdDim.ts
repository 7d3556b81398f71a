// Expands SVD dim arrays and lists (SVD 1.3 "dimElementGroup") into one instance per element:
// its name with `%s` or `[%s]` filled in, its index string and its offset. Builds no model objects,
// and makes each instance only when asked: the element budget, not a cap on dim, bounds the work.

import { parseNumber, type SvdWarningSink } from './svdValues';
import type { XmlElement } from './xmlElement';

/** One element of a dim array (or the single element when there is no dim). */
export interface DimInstance {
  readonly name: string;
  /** SVD dimIndex entry; undefined without dim. */
  readonly index?: string;
  /** i * dimIncrement: bytes for peripherals, clusters and registers, bits for fields. */
  readonly increment: number;
}

/**
 * The instances of `element` named `name` at `path`. dimIndex may be a list (`A,B,C`), a numeric
 * range (`0-7`) or a letter range (`A-D`); without it the indices are 0..dim-1. A `%s` in a
 * name without dim, or a dim without `%s`, is a warning (SVD 1.3 requires both together).
 * SVD: dim sets no upper bound (Renesas R7FA6M1AD's SRCRAM is one 5552-element array), so the
 * instances are made lazily and the caller stops taking them when its element budget is spent.
 */
export function expandDim(element: XmlElement, name: string, path: string, sink: SvdWarningSink): Iterable<DimInstance> {
  const dimText = element.childText('dim');
  if (dimText === undefined) {
    if (!name.includes('%s')) return [{ name, increment: 0 }];
    sink.warn(path, `name "${name}" has %s but no dim; %s removed`);
    return [{ name: name.replace('[%s]', '').replace('%s', ''), increment: 0 }];
  }
  const dim = parseNumber(dimText, path, 'dim', sink) ?? 1;
  const incrementText = element.childText('dimIncrement');
  let increment = incrementText === undefined ? undefined : parseNumber(incrementText, path, 'dimIncrement', sink);
  if (increment === undefined) {
    if (dim > 1) sink.warn(path, 'dim without dimIncrement; elements placed at the same offset');
    increment = 0;
  }
  const indexAt = dimIndices(element.childText('dimIndex'), dim, path, sink);
  let pattern = name;
  if (!pattern.includes('%s')) {
    sink.warn(path, `dim on "${name}" without %s in the name; the index is appended`);
    pattern = `${name}%s`;
  }
  return instances(pattern, dim, indexAt, increment);
}

function* instances(pattern: string, dim: number, indexAt: (i: number) => string, increment: number): Generator<DimInstance> {
  for (let i = 0; i < dim; i++) {
    const index = indexAt(i);
    yield { name: fill(pattern, index), index, increment: i * increment };
  }
}

/** Replaces `%s` (and `[%s]`, keeping the brackets) in a name or description. */
function fill(text: string, index: string): string {
  return text.replace(/%s/g, index);
}

/** `text` with its `%s` filled for one dim instance; as written when either is undefined (no dim). */
export function fillIndex(text: string | undefined, index: string | undefined): string | undefined {
  return text === undefined || index === undefined ? text : fill(text, index);
}

/** The dimIndex entry of element i; ranges are counted, not listed, so `0-99999999` costs nothing. */
function dimIndices(text: string | undefined, dim: number, path: string, sink: SvdWarningSink): (i: number) => string {
  const numeric = (i: number): string => String(i);
  if (text === undefined) return numeric;
  let count: number;
  let indexAt: (i: number) => string;
  const numberRange = /^\s*(\d+)\s*-\s*(\d+)\s*$/.exec(text);
  const letterRange = /^\s*([A-Z])\s*-\s*([A-Z])\s*$/.exec(text);
  if (numberRange !== null) {
    const first = Number(numberRange[1]);
    count = Math.max(Number(numberRange[2]) - first + 1, 0);
    indexAt = (i) => String(first + i);
  } else if (letterRange !== null) {
    const first = letterRange[1].charCodeAt(0);
    count = Math.max(letterRange[2].charCodeAt(0) - first + 1, 0);
    indexAt = (i) => String.fromCharCode(first + i);
  } else {
    const list = text.split(',').map((s) => s.trim());
    count = list.length;
    indexAt = (i) => list[i];
  }
  if (count !== dim) {
    sink.warn(path, `dimIndex "${text}" has ${count} entries for dim ${dim}; indices 0..${dim - 1} used`);
    return numeric;
  }
  return indexAt;
}
