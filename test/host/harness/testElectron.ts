// `npm run test:electron`: the mocha suites of test/host/suites in desktop VS Code through
// @vscode/test-electron, one VS Code per suite workspace (hostSuites.ts). It downloads VS Code, so
// it needs internet and is not part of npm test. Ends with `N passed, N failed`.
// Usage: npm run test:electron [-- --vscode-version 1.90.0] [suite ...]
import { downloadAndUnzipVSCode, runTests, TestRunFailedError, type TestOptions } from '@vscode/test-electron';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { writeUserSettings } from '../../../scripts/codeServer.mjs';
import { countResults, hostResultsEnv, hostSuiteEnv, type HostSuiteReport } from './hostReport';
import { hostSuites, hostSuitesIndex } from './hostSuites';
import { repoRoot, writeWorkspace } from './vscodeWindow';

/** Where test-electron keeps the VS Code it downloads (gitignored, ignored by eslint). */
export const vscodeTestCache = join(repoRoot, '.vscode-test');

/** One suite's run: test-electron's options and the folders it uses. */
export interface ElectronSuiteRun {
  readonly options: TestOptions;
  readonly workspaceDir: string;
  readonly resultsPath: string;
}

/**
 * The options of runTests for the suite `name`, its files written into a fresh workspace and its
 * settings into a fresh user-data folder under `runDir` (fresh extensions folder too, so that no
 * extension of the machine runs beside ours).
 */
export function electronSuiteRun(name: string, runDir: string, vscodeExecutablePath: string): ElectronSuiteRun {
  const workspace = hostSuites[name];
  if (workspace === undefined) throw new Error(`no suite '${name}'; suites: ${Object.keys(hostSuites).join(', ')}`);
  const workspaceDir = writeWorkspace(workspace.files);
  const userDataDir = join(runDir, 'user-data');
  writeUserSettings(userDataDir, workspace.settings);
  mkdirSync(join(runDir, 'extensions'), { recursive: true });
  const resultsPath = join(runDir, 'results.json');
  const options: TestOptions = {
    vscodeExecutablePath,
    extensionDevelopmentPath: repoRoot,
    extensionTestsPath: hostSuitesIndex,
    extensionTestsEnv: { [hostSuiteEnv]: name, [hostResultsEnv]: resultsPath },
    launchArgs: [workspaceDir, `--user-data-dir=${userDataDir}`, `--extensions-dir=${join(runDir, 'extensions')}`],
  };
  return { options, workspaceDir, resultsPath };
}

/** Runs one suite; returns its report, or undefined when VS Code ended without one (the error is printed). */
async function runSuite(name: string, vscodeExecutablePath: string): Promise<HostSuiteReport | undefined> {
  const runDir = mkdtempSync(join(tmpdir(), 'openocd-debug-electron-'));
  const run = electronSuiteRun(name, runDir, vscodeExecutablePath);
  try {
    console.log(`\n== ${hostSuites[name].title} (desktop VS Code)`);
    // A failed test makes VS Code exit 1 and runTests reject; the report says which test failed.
    await runTests(run.options).catch((error: unknown) => {
      if (!(error instanceof TestRunFailedError)) throw error;
    });
    if (!existsSync(run.resultsPath)) {
      console.error(`the suite ${name} ended without a report: its run() never ran or crashed`);
      return undefined;
    }
    return JSON.parse(readFileSync(run.resultsPath, 'utf8')) as HostSuiteReport;
  } finally {
    rmSync(run.workspaceDir, { recursive: true, force: true });
    rmSync(runDir, { recursive: true, force: true });
  }
}

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({ options: { 'vscode-version': { type: 'string' } }, allowPositionals: true });
  if (!existsSync(hostSuitesIndex)) throw new Error(`${hostSuitesIndex} is missing: build first (node scripts/build.mjs)`);
  const names = positionals.length > 0 ? positionals : Object.keys(hostSuites);
  let vscodeExecutablePath: string;
  try {
    vscodeExecutablePath = await downloadAndUnzipVSCode({ version: values['vscode-version'] ?? 'stable', cachePath: vscodeTestCache, extensionDevelopmentPath: repoRoot });
  } catch (error) {
    throw new Error(`could not download VS Code (${(error as Error).message}): npm run test:electron needs internet; npm test runs the same suites in code-server`);
  }
  let passed = 0;
  let failed = 0;
  for (const name of names) {
    const report = await runSuite(name, vscodeExecutablePath);
    if (report === undefined) failed++;
    else {
      const counts = countResults(report);
      passed += counts.passed;
      failed += counts.failed;
    }
  }
  console.log(`${passed} passed, ${failed} failed`);
  return failed === 0 ? 0 : 1;
}

if (require.main === module) {
  main().then((code) => process.exit(code), (error: unknown) => {
    console.error(error instanceof Error ? error.message : String(error));
    console.log('0 passed, 1 failed');
    process.exit(1);
  });
}
