// Benchmark of the SVD layer on STM32H743x.svd (3.9 MB): full parse with every derivedFrom, dim
// and inheritance resolved, against xml2js parsing the same text (parse only), plus peak memory.
// Prints figures; never pass/fail. Run: npm run bench svd (node --expose-gc --import tsx).

import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseString } from 'xml2js';
import { parseSvd } from '../../src/svd';

const svdPath = join(__dirname, '..', '..', '..', 'shared', 'svd', 'STM32H743x.svd');
const rounds = 9;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function xml2jsParse(text: string): void {
  let error: unknown;
  parseString(text, (e) => (error = e));
  if (error) throw error;
}

/** Child mode: read the file, optionally parse it, print maxRSS (KiB) and retained heap growth. */
function child(mode: string): void {
  const text = readFileSync(svdPath, 'utf8');
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  const heapBefore = process.memoryUsage().heapUsed;
  let kept: unknown;
  if (mode === 'ours') kept = parseSvd(text);
  if (mode === 'xml2js') xml2jsParse(text);
  gc?.();
  const retained = process.memoryUsage().heapUsed - heapBefore;
  process.stdout.write(JSON.stringify({ maxRssKiB: process.resourceUsage().maxRSS, retained, kept: kept !== undefined }));
}

function measureChild(mode: string): { maxRssKiB: number; retained: number } {
  const result = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', __filename, '--child', mode], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`child ${mode} failed: ${result.stderr}`);
  return JSON.parse(result.stdout) as { maxRssKiB: number; retained: number };
}

function main(): void {
  const text = readFileSync(svdPath, 'utf8');
  const fileBytes = Buffer.byteLength(text);
  const ours: number[] = [];
  const theirs: number[] = [];
  let counts = '';
  for (let i = 0; i < rounds; i++) {
    let start = performance.now();
    const device = parseSvd(text);
    ours.push(performance.now() - start);
    start = performance.now();
    xml2jsParse(text);
    theirs.push(performance.now() - start);
    const registers = device.peripherals.reduce((n, p) => n + p.registers.length, 0);
    const fields = device.peripherals.reduce((n, p) => n + p.registers.reduce((m, r) => m + r.fields.length, 0), 0);
    counts = `${device.peripherals.length} peripherals, ${registers} registers, ${fields} fields, ${device.warnings.length} warnings`;
  }
  const oursMs = median(ours);
  const theirsMs = median(theirs);
  const oursMin = Math.min(...ours);
  const theirsMin = Math.min(...theirs);
  console.log(`STM32H743x.svd: ${(fileBytes / 1e6).toFixed(2)} MB; resolved ${counts}`);
  console.log(`parseSvd (parse + derivedFrom + dim + inheritance): median ${oursMs.toFixed(1)} ms, min ${oursMin.toFixed(1)} ms of ${rounds}`);
  console.log(`xml2js parseString (parse only):                    median ${theirsMs.toFixed(1)} ms, min ${theirsMin.toFixed(1)} ms of ${rounds}`);
  // The median and the minimum: on a shared machine the minimum is the least disturbed run.
  console.log(`ratio ours/xml2js: median ${(oursMs / theirsMs).toFixed(2)}x, min ${(oursMin / theirsMin).toFixed(2)}x (goal <= 0.25x)`);

  const baseline = measureChild('baseline');
  const oursMem = measureChild('ours');
  const peak = (oursMem.maxRssKiB - baseline.maxRssKiB) * 1024;
  console.log(`peak memory (child maxRSS minus a read-only baseline): ${(peak / 1e6).toFixed(1)} MB = ${(peak / fileBytes).toFixed(1)}x file size (goal <= 10x)`);
  console.log(`retained heap of the model after GC: ${(oursMem.retained / 1e6).toFixed(1)} MB = ${(oursMem.retained / fileBytes).toFixed(1)}x file size`);
}

const modeIndex = process.argv.indexOf('--child');
if (modeIndex >= 0) child(process.argv[modeIndex + 1]);
else main();
