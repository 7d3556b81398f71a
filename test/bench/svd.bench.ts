// Benchmark of the SVD layer on STM32H743x.svd (3.9 MB): full parse with every derivedFrom, dim
// and inheritance resolved, against xml2js parsing the same text (parse only), plus peak memory.
// Prints figures; never pass/fail. Run: npm run bench svd (node --expose-gc --import tsx).

import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseString } from 'xml2js';
import { parseSvd, type SvdDevice } from '../../src/svd';
import { median } from './benchStats';

const svdPath = join(__dirname, '..', '..', '..', 'shared', 'svd', 'STM32H743x.svd');
const rounds = 11;

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
  const oursCpu: number[] = [];
  const theirsCpu: number[] = [];
  let counts = '';
  /** Wall time and process CPU time (all threads, GC helpers included) of one call, in ms. */
  const time = (run: () => void, wall: number[], cpu: number[]): void => {
    const cpuStart = process.cpuUsage();
    const start = performance.now();
    run();
    wall.push(performance.now() - start);
    const used = process.cpuUsage(cpuStart);
    cpu.push((used.user + used.system) / 1000);
  };
  for (let i = 0; i < rounds; i++) {
    let device: SvdDevice | undefined;
    time(() => (device = parseSvd(text)), ours, oursCpu);
    time(() => xml2jsParse(text), theirs, theirsCpu);
    const parsed = device as SvdDevice;
    const registers = parsed.peripherals.reduce((n, p) => n + p.registers.length, 0);
    const fields = parsed.peripherals.reduce((n, p) => n + p.registers.reduce((m, r) => m + r.fields.length, 0), 0);
    counts = `${parsed.peripherals.length} peripherals, ${registers} registers, ${fields} fields, ${parsed.warnings.length} warnings`;
  }
  const row = (label: string, wall: number[], cpu: number[]): string =>
    `${label} wall median ${median(wall).toFixed(1)} ms, min ${Math.min(...wall).toFixed(1)} ms; CPU median ${median(cpu).toFixed(1)} ms`;
  console.log(`STM32H743x.svd: ${(fileBytes / 1e6).toFixed(2)} MB; resolved ${counts}; ${rounds} rounds each, interleaved`);
  console.log(row('parseSvd (parse + derivedFrom + dim + inheritance):', ours, oursCpu));
  console.log(row('xml2js parseString (parse only):                   ', theirs, theirsCpu));
  // Wall median, wall minimum (the least disturbed run) and CPU time, which waiting for a busy
  // machine's cores does not inflate.
  const ratio = (a: number, b: number): string => `${(a / b).toFixed(2)}x`;
  console.log(
    `ratio ours/xml2js: wall median ${ratio(median(ours), median(theirs))}, wall min ${ratio(Math.min(...ours), Math.min(...theirs))}, ` +
      `CPU median ${ratio(median(oursCpu), median(theirsCpu))} (goal <= 0.25x)`,
  );

  const baseline = measureChild('baseline');
  const oursMem = measureChild('ours');
  const peak = (oursMem.maxRssKiB - baseline.maxRssKiB) * 1024;
  console.log(`peak memory (child maxRSS minus a read-only baseline): ${(peak / 1e6).toFixed(1)} MB = ${(peak / fileBytes).toFixed(1)}x file size (goal <= 10x)`);
  console.log(`retained heap of the model after GC: ${(oursMem.retained / 1e6).toFixed(1)} MB = ${(oursMem.retained / fileBytes).toFixed(1)}x file size`);
}

const modeIndex = process.argv.indexOf('--child');
if (modeIndex >= 0) child(process.argv[modeIndex + 1]);
else main();
