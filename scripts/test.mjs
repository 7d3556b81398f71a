// `npm test`: set-up, lint (with the import-boundary rules), type-check, build, then every
// test/**/*.test.ts under Node's test runner (the mocha suites in the extension host through
// test/host/extensionHost.test.ts). The last line is `N passed, N failed`, mocha's tests included.
// Usage: node scripts/test.mjs [--no-setup] [--no-lint] [path-prefix ...]
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setup } from './setup.mjs';

const root = join(fileURLToPath(import.meta.url), '..', '..');
const hostSuitesDir = join(root, 'test', 'host', 'suites');
const args = process.argv.slice(2);
const flags = new Set(args.filter((a) => a.startsWith('--')));
const prefixes = args.filter((a) => !a.startsWith('--'));

let passed = 0;
let failed = 0;

function step(name, command, commandArgs) {
  console.log(`\n== ${name}`);
  const result = spawnSync(command, commandArgs, { cwd: root, stdio: 'inherit' });
  if (result.status === 0) passed++;
  else {
    failed++;
    console.log(`not ok: ${name} (exit ${result.status})`);
  }
}

function findTests(dir) {
  const found = [];
  for (const entry of readdirSync(dir)) {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) {
      // test/host/suites holds mocha suites for the extension host, not node:test files.
      if (entry !== 'node_modules' && entry !== 'fixtures' && path !== hostSuitesDir) found.push(...findTests(path));
    } else if (entry.endsWith('.test.ts')) found.push(relative(root, path));
  }
  return found.sort();
}

/** The counts the mocha runs in the extension host left (one JSON file per suite run). */
function mochaCounts(dir) {
  const total = { runs: 0, passed: 0, failed: 0 };
  for (const name of existsSync(dir) ? readdirSync(dir) : []) {
    const counts = JSON.parse(readFileSync(join(dir, name), 'utf8'));
    total.runs++;
    total.passed += counts.passed;
    total.failed += counts.failed;
  }
  return total;
}

if (!flags.has('--no-setup')) {
  try {
    setup(root);
  } catch (error) {
    console.error(`setup failed: ${error.message}`);
    console.log('0 passed, 1 failed');
    process.exit(1);
  }
}

const npx = (tool, ...rest) => ['node', [join(root, 'node_modules', '.bin', tool), ...rest]];
if (!flags.has('--no-lint')) {
  step('lint (eslint, import boundaries)', ...npx('eslint', '.'));
  step('type-check (tsc --noEmit)', ...npx('tsc', '--noEmit', '-p', '.'));
}
step('build (esbuild)', 'node', ['scripts/build.mjs']);

const tests = findTests(join(root, 'test')).filter(
  (file) => prefixes.length === 0 || prefixes.some((p) => file.startsWith(p.replace(/^\.\//, ''))),
);
if (tests.length > 0) {
  const tapDir = mkdtempSync(join(tmpdir(), 'openocd-debug-test-'));
  const tapFile = join(tapDir, 'report.tap');
  // test/host/harness/extensionHostSuite.ts (mochaCountsEnv) leaves each mocha run's counts here.
  const mochaCountsDir = join(tapDir, 'mocha');
  console.log(`\n== tests (${tests.length} files)`);
  const result = spawnSync(
    'node',
    [
      '--import', 'tsx',
      '--test',
      '--test-concurrency=2',
      '--test-timeout=300000',
      '--test-reporter=spec', '--test-reporter-destination=stdout',
      '--test-reporter=tap', `--test-reporter-destination=${tapFile}`,
      ...tests,
    ],
    { cwd: root, stdio: 'inherit', env: { ...process.env, OPENOCD_DEBUG_MOCHA_COUNTS: mochaCountsDir } },
  );
  const tap = readFileSync(tapFile, 'utf8');
  const count = (name) => Number(tap.match(new RegExp(`^# ${name} (\\d+)$`, 'm'))?.[1] ?? 0);
  passed += count('pass');
  failed += count('fail') + count('cancelled');
  if (result.status !== 0 && count('fail') + count('cancelled') === 0) failed++;
  const mocha = mochaCounts(mochaCountsDir);
  if (mocha.runs > 0) console.log(`mocha in the extension host (${mocha.runs} suites): ${mocha.passed} passing, ${mocha.failed} failing`);
  passed += mocha.passed;
  failed += mocha.failed;
  rmSync(tapDir, { recursive: true, force: true });
}

console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
