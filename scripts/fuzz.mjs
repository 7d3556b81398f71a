// `npm run fuzz`: the fuzz suites of test/fuzz with many more cases than npm test runs, on a new
// seed each run (printed, so a failure can be replayed), then the count of cases per suite.
// Usage: node scripts/fuzz.mjs [--scale N (default 20)] [--seed N (default: from the clock)] [path-prefix ...]
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(fileURLToPath(import.meta.url), '..', '..');
const args = process.argv.slice(2);
const option = (name, fallback) => {
  const at = args.indexOf(name);
  return at === -1 ? fallback : args.splice(at, 2)[1];
};
const scale = option('--scale', '20');
const seed = option('--seed', String(Date.now() % 1_000_000_007));
const files = readdirSync(join(root, 'test', 'fuzz'))
  .filter((file) => file.endsWith('.test.ts'))
  .map((file) => join('test', 'fuzz', file))
  .filter((file) => args.length === 0 || args.some((prefix) => file.startsWith(prefix.replace(/^\.\//, ''))));

console.log(`fuzz: FUZZ_SCALE=${scale} FUZZ_SEED=${seed} (replay with: npm run fuzz -- --scale ${scale} --seed ${seed})`);
const build = spawnSync('node', ['scripts/build.mjs'], { cwd: root, stdio: 'inherit' });
if (build.status !== 0) process.exit(1);

const tapDir = mkdtempSync(join(tmpdir(), 'openocd-debug-fuzz-'));
const tapFile = join(tapDir, 'report.tap');
const result = spawnSync(
  'node',
  ['--import', 'tsx', '--test', '--test-concurrency=2', '--test-timeout=3600000',
    '--test-reporter=spec', '--test-reporter-destination=stdout', '--test-reporter=tap', `--test-reporter-destination=${tapFile}`, ...files],
  { cwd: root, stdio: 'inherit', env: { ...process.env, FUZZ_SCALE: scale, FUZZ_SEED: seed } },
);
const tap = readFileSync(tapFile, 'utf8');
rmSync(tapDir, { recursive: true, force: true });

// Each test's name says how many cases it ran ("400 mutated replies", "200 mutants", "100 typed commands").
const cases = [...tap.matchAll(/^\s*(ok|not ok) \d+ - (.*?(\d+) (?:mutated|random|typed|mutants|requests).*)$/gm)];
let total = 0;
for (const [, status, name, count] of cases) {
  total += Number(count);
  console.log(`${status === 'ok' ? 'ok    ' : 'FAILED'} ${count.padStart(7)}  ${name}`);
}
const count = (name) => Number(tap.match(new RegExp(`^# ${name} (\\d+)$`, 'm'))?.[1] ?? 0);
console.log(`${total} cases in ${cases.length} tests; ${count('pass')} passed, ${count('fail') + count('cancelled')} failed (FUZZ_SEED=${seed})`);
process.exit(result.status === 0 ? 0 : 1);
