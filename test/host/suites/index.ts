// The mocha runner index of the extension-host suites: VS Code's `extensionTestsPath`, under
// @vscode/test-electron (npm run test:electron) and under our code-server harness (npm test) alike.
// Runs the *.test.js suites bundled beside it and writes their results as JSON for the runner outside.
import Mocha from 'mocha';
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { hostResultsEnv, hostSuiteEnv, type HostSuiteReport, type HostTestResult } from '../harness/hostReport';

/** A test inside the extension host waits on VS Code (activation, file system, debugger registry). */
const testTimeoutMs = 30_000;

/** The bundled suite files beside this index (out/test/host/suites/), or only the one named by `only`. */
function suiteFiles(only: string | undefined): string[] {
  const files = readdirSync(__dirname).filter((name) => name.endsWith('.test.js')).sort();
  if (only === undefined) return files;
  if (!files.includes(`${only}.test.js`)) throw new Error(`${hostSuiteEnv}=${only}: no ${only}.test.js in ${__dirname} (it holds ${files.join(', ')})`);
  return [`${only}.test.js`];
}

/**
 * The entry VS Code calls once the extension host is up. Resolves when every test passed and
 * rejects otherwise: that is how VS Code picks its exit code (test-electron's runTests rejects,
 * and the code-server workbench passes 1 to `codeAutomationExit`).
 */
export function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'tdd', timeout: testTimeoutMs });
  for (const file of suiteFiles(process.env[hostSuiteEnv])) mocha.addFile(join(__dirname, file));
  const results: HostTestResult[] = [];
  const errorText = (error: unknown) => (error instanceof Error ? (error.stack ?? error.message) : String(error));
  return new Promise((resolve, reject) => {
    const runner = mocha.run((failures) => {
      const resultsPath = process.env[hostResultsEnv];
      const report: HostSuiteReport = { results };
      if (resultsPath !== undefined) writeFileSync(resultsPath, JSON.stringify(report, null, 2));
      if (failures > 0) reject(new Error(`${failures} extension-host test(s) failed`));
      else resolve();
    });
    runner.on('pass', (test) => results.push({ name: test.fullTitle(), state: 'passed' }));
    runner.on('fail', (test, error) => results.push({ name: test.fullTitle(), state: 'failed', error: errorText(error) }));
    runner.on('pending', (test) => results.push({ name: test.fullTitle(), state: 'pending' }));
  });
}
