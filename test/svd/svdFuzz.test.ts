// Mutated copies of a real SVD file: every load ends with a model or a SvdFormatError, never
// another exception or a hang. Seeded, so a failure can be replayed.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { SvdFormatError } from '../../src/common';
import { parseSvd, type SvdDevice } from '../../src/svd';

const text = readFileSync(join(__dirname, '..', '..', '..', 'shared', 'svd', 'ARM_Sample.svd'), 'utf8');

function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) & 0x7fffffff;
    return state / 0x7fffffff;
  };
}

/** Loads `mutated`; returns the device, or undefined after a SvdFormatError; fails on anything else. */
function load(mutated: string, seed: number): SvdDevice | undefined {
  try {
    return parseSvd(mutated);
  } catch (e) {
    assert.ok(e instanceof SvdFormatError, `seed ${seed}: ${String(e)}`);
    return undefined;
  }
}

describe('parseSvd on mutated ARM_Sample.svd', () => {
  it('survives cut, inserted and duplicated text', () => {
    const rnd = random(42);
    const outcomes = new Set<string>();
    for (let i = 0; i < 150; i++) {
      let t = text;
      for (let k = 0; k < 3; k++) {
        const p = Math.floor(rnd() * t.length);
        const op = rnd();
        if (op < 0.4) t = t.slice(0, p) + t.slice(p + Math.floor(rnd() * 50));
        else if (op < 0.7) t = t.slice(0, p) + '<>/="x&#'[Math.floor(rnd() * 8)] + t.slice(p);
        else t = t.slice(0, p) + t.slice(p, p + 40) + t.slice(p);
      }
      outcomes.add(load(t, i) === undefined ? 'error' : 'ok');
    }
    assert.deepEqual([...outcomes].sort(), ['error', 'ok']);
  });

  it('survives odd values in every element and odd derivedFrom names', () => {
    const rnd = random(7);
    const values = ['', '-1', '99999999999999999999', '0x', '#2', '%s', '[%s]', '5-1', 'TIMER0', 'TIMER0.CR', 'CR', '1e9', '4096', '[3:9]', '[99:0]', '65'];
    const leaves = [...text.matchAll(/>([^<>\n]*)</g)].map((m) => m.index! + 1);
    const pick = <T>(list: readonly T[]): T => list[Math.floor(rnd() * list.length)];
    let warned = 0;
    for (let i = 0; i < 150; i++) {
      let t = text;
      for (const p of Array.from({ length: 4 }, () => pick(leaves)).sort((a, b) => b - a)) t = t.slice(0, p) + pick(values) + t.slice(t.indexOf('<', p));
      if (rnd() < 0.3) t = t.replace('<peripheral>', `<peripheral derivedFrom="${pick(values)}">`);
      if (rnd() < 0.3) t = t.replace('<register>', `<register derivedFrom="${pick(values)}">`);
      if ((load(t, i)?.warnings.length ?? 0) > 0) warned++;
    }
    assert.ok(warned > 0, 'odd values give warnings');
  });
});
