// Runs inside the VS Code extension host: turns a table of async test functions into the `run()`
// entry VS Code calls for `extensionTestsPath`, and reports each result to the outer node:test
// process through a JSON file. Must not import node:test or Playwright (neither exists there).
import { writeFileSync } from 'node:fs';
import { withTimeout } from '../../../src/common';

/** Environment variable naming the JSON file the outer test reads (set by extensionHostSuite). */
export const hostResultsEnv = 'OPENOCD_DEBUG_HOST_RESULTS';

/** One test's outcome as the outer test sees it. */
export interface HostTestResult {
  readonly name: string;
  readonly passed: boolean;
  /** The failure's stack (or message), absent when the test passed. */
  readonly error?: string;
}

/** What `run()` writes: every test of the suite, in order. */
export interface HostSuiteReport {
  readonly results: readonly HostTestResult[];
}

/** Test functions by name; they use node:assert and the real `vscode` API. */
export type HostTests = Readonly<Record<string, () => Promise<void>>>;

class HostTestTimeoutError extends Error {
  constructor(name: string, timeoutMs: number) {
    super(`host test '${name}' did not finish within ${timeoutMs} ms`);
    this.name = 'HostTestTimeoutError';
  }
}

/**
 * Builds the `run()` export of a host suite. Tests run one after another, each bounded by
 * `timeoutMs`; a failure does not stop the others. `run()` rejects when any test failed, which is
 * how VS Code decides the exit code it passes to `codeAutomationExit` (1 instead of 0).
 */
export function hostSuite(tests: HostTests, timeoutMs = 30_000): () => Promise<void> {
  return async () => {
    const resultsPath = process.env[hostResultsEnv];
    if (resultsPath === undefined) throw new Error(`${hostResultsEnv} is not set: start this suite through extensionHostSuite()`);
    const results: HostTestResult[] = [];
    for (const [name, test] of Object.entries(tests)) {
      try {
        await withTimeout(test(), timeoutMs, () => new HostTestTimeoutError(name, timeoutMs));
        results.push({ name, passed: true });
      } catch (error) {
        results.push({ name, passed: false, error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
      }
    }
    const report: HostSuiteReport = { results };
    writeFileSync(resultsPath, JSON.stringify(report, null, 2));
    const failed = results.filter((result) => !result.passed).map((result) => result.name);
    if (failed.length > 0) throw new Error(`host tests failed: ${failed.join(', ')}`);
  };
}
