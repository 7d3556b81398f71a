// The code-server runner of the mocha suites (npm test): runs test/host/suites/index.js, bundled
// by scripts/build.mjs, for one suite in a fresh VS Code window and turns its JSON report into a
// node:test result. Knows nothing of what the suites test.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { withTimeout } from '../../../src/common';
import { countResults, hostResultsEnv, hostSuiteEnv, type HostSuiteReport } from './hostReport';
import { hostSuites, hostSuitesIndex } from './hostSuites';
import { VsCodeWindow } from './vscodeWindow';

/** The first install builds native modules: minutes on a loaded two-core machine. */
export const codeServerInstallTimeoutMs = 30 * 60_000;
const suiteTimeoutMs = 120_000;
/**
 * Folder where each run leaves its mocha counts for scripts/test.mjs, which adds them to its
 * `N passed, N failed` line (the same name is written there).
 */
export const mochaCountsEnv = 'OPENOCD_DEBUG_MOCHA_COUNTS';

/** What the window reported: VS Code's exit code and each mocha test's result. */
export interface ExtensionHostRun {
  readonly exitCode: number;
  readonly report: HostSuiteReport;
}

/** Runs the suite `name` (a key of hostSuites) in a fresh VS Code window; resolves once mocha has finished. */
export async function runExtensionHostSuite(name: string): Promise<ExtensionHostRun> {
  const workspace = hostSuites[name];
  if (workspace === undefined) throw new Error(`no workspace for the host suite '${name}' in test/host/harness/hostSuites.ts`);
  if (!existsSync(hostSuitesIndex)) throw new Error(`${hostSuitesIndex} is missing: build first (node scripts/build.mjs; npm test does it)`);
  const resultsDir = mkdtempSync(join(tmpdir(), 'openocd-debug-host-results-'));
  const resultsPath = join(resultsDir, 'results.json');
  const window = await VsCodeWindow.open({
    scenario: `host-suite-${name}`,
    files: workspace.files,
    settings: workspace.settings,
    extensionTestsPath: hostSuitesIndex,
    env: { [hostResultsEnv]: resultsPath, [hostSuiteEnv]: name },
  });
  try {
    const exitCode = await withTimeout(window.automationExit, suiteTimeoutMs, () =>
      new Error(`the extension host did not finish the suite ${name} within ${suiteTimeoutMs} ms`));
    if (!existsSync(resultsPath)) {
      throw new Error(`the suite ${name} ended with code ${exitCode} without a report: its run() never ran or crashed; see ${window.artifactDir}`);
    }
    const report = JSON.parse(readFileSync(resultsPath, 'utf8')) as HostSuiteReport;
    return { exitCode, report };
  } finally {
    await window.close();
    rmSync(resultsDir, { recursive: true, force: true });
  }
}

/** Leaves the run's counts where scripts/test.mjs collects them (only when it set the folder). */
function recordCounts(name: string, report: HostSuiteReport): void {
  const dir = process.env[mochaCountsEnv];
  if (dir === undefined) return;
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, `${name}-${process.pid}.json`), JSON.stringify({ suite: name, ...countResults(report) }));
}

/**
 * Registers a node:test test that runs the mocha suite `name` in the extension host. Each mocha
 * test shows as a diagnostic line; the node:test test fails when any of them failed, naming them
 * with their errors. Call `ensureCodeServer()` first, in a `before` hook with
 * `codeServerInstallTimeoutMs`.
 */
export function extensionHostTest(name: string): void {
  test(hostSuites[name]?.title ?? name, { timeout: suiteTimeoutMs + 60_000 }, async (t) => {
    const { exitCode, report } = await runExtensionHostSuite(name);
    recordCounts(name, report);
    const mark = { passed: '✔', failed: '✖', pending: '-' };
    for (const result of report.results) t.diagnostic(`mocha ${mark[result.state]} ${result.name}`);
    assert.ok(report.results.length > 0, `the suite ${name} reported no tests`);
    const failed = report.results.filter((result) => result.state === 'failed');
    assert.equal(exitCode, failed.length > 0 ? 1 : 0, 'VS Code exit code disagrees with the report');
    assert.deepEqual(failed.map((result) => `${result.name}\n${result.error}`), [], `mocha tests of ${name} failed`);
  });
}
