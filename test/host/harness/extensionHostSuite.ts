// Outer side of the extension-host tests: bundles a suite (a TS file whose `run` is built by
// hostSuite()) with esbuild, runs it in a real VS Code window, and turns its JSON report into
// node:test subtests. Knows nothing of what the suites test.
import { build } from 'esbuild';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { before, test } from 'node:test';
import { ensureCodeServer } from '../../../scripts/codeServer.mjs';
import { withTimeout } from '../../../src/common';
import { hostResultsEnv, type HostSuiteReport } from './hostSuite';
import { repoRoot, VsCodeWindow } from './vscodeWindow';

/** The first install builds native modules: minutes on a loaded two-core machine. */
export const codeServerInstallTimeoutMs = 30 * 60_000;
const suiteTimeoutMs = 120_000;

export interface ExtensionHostSuiteOptions {
  /** Scenario name: screenshots and logs go to test-artifacts/host/<scenario>/. */
  readonly scenario: string;
  /** Repo-relative path of the suite's TS entry, e.g. test/host/suites/extension.ts. */
  readonly suite: string;
  /** Workspace files the window opens, relative path to content. */
  readonly files: Readonly<Record<string, string | Uint8Array>>;
  readonly settings?: Readonly<Record<string, unknown>>;
}

/** What the window reported: VS Code's exit code and each host test's result. */
export interface ExtensionHostRun {
  readonly exitCode: number;
  readonly report: HostSuiteReport;
}

/** Bundles `suite` into out/test/host/<name>.js (the extension host loads it by path). */
export async function bundleHostSuite(suite: string): Promise<string> {
  const outfile = join(repoRoot, 'out', 'test', 'host', `${basename(suite, '.ts')}.js`);
  await build({
    absWorkingDir: repoRoot,
    entryPoints: [suite],
    outfile,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    sourcemap: 'inline',
    external: ['vscode'],
    logLevel: 'warning',
  });
  return outfile;
}

/** Runs one suite in a fresh VS Code window and returns its report once `run()` has settled. */
export async function runExtensionHostSuite(options: ExtensionHostSuiteOptions): Promise<ExtensionHostRun> {
  const extensionTestsPath = await bundleHostSuite(options.suite);
  const resultsDir = mkdtempSync(join(tmpdir(), 'openocd-debug-host-results-'));
  const resultsPath = join(resultsDir, 'results.json');
  const window = await VsCodeWindow.open({
    scenario: options.scenario,
    files: options.files,
    settings: options.settings,
    extensionTestsPath,
    env: { [hostResultsEnv]: resultsPath },
  });
  try {
    const exitCode = await withTimeout(window.automationExit, suiteTimeoutMs, () =>
      new Error(`the extension host did not finish ${options.suite} within ${suiteTimeoutMs} ms`));
    if (!existsSync(resultsPath)) {
      throw new Error(`${options.suite} ended with code ${exitCode} without a report: its run() never ran or crashed; see ${window.artifactDir}`);
    }
    const report = JSON.parse(readFileSync(resultsPath, 'utf8')) as HostSuiteReport;
    return { exitCode, report };
  } finally {
    await window.close();
    rmSync(resultsDir, { recursive: true, force: true });
  }
}

/**
 * Registers a node:test test that runs `options.suite` in the extension host, with one subtest
 * per host test (so each shows by name in the test output), after making sure code-server is
 * installed. Call it at the top level of a *.test.ts file.
 */
export function extensionHostTest(title: string, options: ExtensionHostSuiteOptions): void {
  before(() => ensureCodeServer(), { timeout: codeServerInstallTimeoutMs });
  test(title, { timeout: suiteTimeoutMs + 60_000 }, async (t) => {
    const { exitCode, report } = await runExtensionHostSuite(options);
    assert.ok(report.results.length > 0, `${options.suite} reported no tests`);
    for (const result of report.results) {
      await t.test(result.name, () => assert.ok(result.passed, result.error));
    }
    const anyFailed = report.results.some((result) => !result.passed);
    assert.equal(exitCode, anyFailed ? 1 : 0, 'VS Code exit code disagrees with the report');
  });
}
