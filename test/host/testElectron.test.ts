// test/host/harness/testElectron.ts (npm run test:electron) cannot download VS Code here: these
// tests check what it hands to test-electron's runTests, the same runner index and workspaces as
// the code-server harness.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { cleanWindowSettings } from '../../scripts/codeServer.mjs';
import { hostResultsEnv, hostSuiteEnv } from './harness/hostReport';
import { hostSuites, hostSuitesIndex } from './harness/hostSuites';
import { electronSuiteRun } from './harness/testElectron';
import { repoRoot } from './harness/vscodeWindow';

describe('npm run test:electron', () => {
  const runDir = mkdtempSync(join(tmpdir(), 'openocd-debug-electron-test-'));
  const run = electronSuiteRun('cortexDebugImport', runDir, '/opt/VSCode-linux-x64/code');
  after(() => {
    rmSync(run.workspaceDir, { recursive: true, force: true });
    rmSync(runDir, { recursive: true, force: true });
  });

  it('runs the built mocha index, whose run() VS Code calls, with this repository as the extension', async () => {
    assert.equal(run.options.extensionTestsPath, hostSuitesIndex);
    assert.equal(typeof ((await import(hostSuitesIndex)) as { run?: unknown }).run, 'function', `${hostSuitesIndex} exports no run()`);
    assert.equal(run.options.extensionDevelopmentPath, repoRoot);
    assert.equal(run.options.vscodeExecutablePath, '/opt/VSCode-linux-x64/code');
  });

  it('opens the suite\'s workspace with its files, and tells the index the suite and where to report', () => {
    const [workspace] = run.options.launchArgs ?? [];
    assert.equal(workspace, run.workspaceDir);
    assert.equal(readFileSync(join(workspace, '.vscode', 'launch.json'), 'utf8'), hostSuites.cortexDebugImport.files['.vscode/launch.json']);
    assert.deepEqual(run.options.extensionTestsEnv, { [hostSuiteEnv]: 'cortexDebugImport', [hostResultsEnv]: run.resultsPath });
  });

  it('starts VS Code with fresh user data holding the suite\'s settings over the clean-window ones, and a fresh extensions folder', () => {
    const args = run.options.launchArgs ?? [];
    assert.ok(args.includes(`--user-data-dir=${join(runDir, 'user-data')}`), args.join(' '));
    assert.ok(args.includes(`--extensions-dir=${join(runDir, 'extensions')}`), args.join(' '));
    const settings = JSON.parse(readFileSync(join(runDir, 'user-data', 'User', 'settings.json'), 'utf8')) as Record<string, unknown>;
    assert.deepEqual(settings, { ...cleanWindowSettings, ...hostSuites.cortexDebugImport.settings });
  });

  it('refuses an unknown suite, naming the suites', () => {
    assert.throws(() => electronSuiteRun('nope', runDir, '/x'), /no suite 'nope'; suites: extension, debugConfiguration, cortexDebugImport/);
  });
});
