// What the mocha runner inside the extension host (test/host/suites/index.ts) tells the runner
// outside (code-server harness or @vscode/test-electron): environment variable names and the JSON
// report's shape. Types and constants only: both sides import it, neither side's modules.

/** Names the JSON file the runner inside writes its report to (set by the runner outside). */
export const hostResultsEnv = 'OPENOCD_DEBUG_HOST_RESULTS';
/** Names the one suite to run (`extension` runs extension.test.js); unset, the index runs them all. */
export const hostSuiteEnv = 'OPENOCD_DEBUG_HOST_SUITE';

/** One mocha test as it ended; a failed hook is reported as a failed test named after the hook. */
export interface HostTestResult {
  /** Mocha's full title: the suite's title, then the test's. */
  readonly name: string;
  readonly state: 'passed' | 'failed' | 'pending';
  /** The failure's stack (or message) for a failed test. */
  readonly error?: string;
}

/** What the runner inside writes once mocha has finished: every test, in the order they ended. */
export interface HostSuiteReport {
  readonly results: readonly HostTestResult[];
}

/** Counts of a report, as `npm test` adds them to its `N passed, N failed` line. */
export function countResults(report: HostSuiteReport): { passed: number; failed: number; pending: number } {
  const count = (state: HostTestResult['state']) => report.results.filter((result) => result.state === state).length;
  return { passed: count('passed'), failed: count('failed'), pending: count('pending') };
}
