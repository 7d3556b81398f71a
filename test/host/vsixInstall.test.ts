// The packed extension as a user installs it: scripts/vsix.mjs's .vsix installed into a fresh
// code-server with `--install-extension` (no smoke-test driver, so toasts show), then the demo's
// launch configuration debugs the simulated board with the adapter of the installed folder.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { packVsix } from '../../scripts/vsix.mjs';
import { codeServerInstallTimeoutMs } from './harness/extensionHostSuite';
import { demoLaunch, demoLaunchName, SimulatedBoardWindow } from './harness/simulatedBoardWindow';
import { debugConfigurationListTimeoutMs, repoRoot } from './harness/vscodeWindow';

/** Starting OpenOCD and programming the simulated flash takes seconds on a loaded two-core machine. */
const sessionTimeoutMs = 120_000;

/** Pids of the processes whose command line has an argument equal to `path`. */
function processesRunning(path: string): number[] {
  return readdirSync('/proc').filter((entry) => /^\d+$/.test(entry)).filter((entry) => {
    try {
      return readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0').includes(path);
    } catch {
      return false;
    }
  }).map(Number);
}

/** dist/adapter.js in the folder VS Code installed the package into (publisher.name-version). */
function installedAdapter(board: SimulatedBoardWindow): string {
  const { publisher, name, version } = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as Record<string, string>;
  return join(board.ui.extensionsDir, `${publisher}.${name}-${version}`, 'dist', 'adapter.js');
}

describe('the packed .vsix installed into code-server from the command line', () => {
  let vsixDir: string | undefined;
  let board: SimulatedBoardWindow | undefined;

  before(async () => {
    vsixDir = mkdtempSync(join(tmpdir(), 'openocd-debug-vsix-'));
    const vsix = packVsix(join(vsixDir, 'openocd-debug.vsix'));
    board = await SimulatedBoardWindow.open('vsix-install', JSON.stringify(demoLaunch(), null, 2), { vsix });
  }, { timeout: codeServerInstallTimeoutMs });

  after(async () => {
    await board?.close();
    if (vsixDir !== undefined) rmSync(vsixDir, { recursive: true, force: true });
  });

  it('is installed in the window\'s extensions folder, and its messages show as toasts', { timeout: debugConfigurationListTimeoutMs }, async () => {
    assert.ok(board);
    assert.ok(existsSync(installedAdapter(board)), `${installedAdapter(board)} is missing`);
    // Palette commands list only once the extension host has registered them: allow its start.
    await board.ui.runCommand('OpenOCD: Halt', { timeoutMs: debugConfigurationListTimeoutMs });
    await board.ui.page.locator('.notifications-toasts .notification-toast').filter({ hasText: 'No OpenOCD debug session is running' }).waitFor();
    await board.ui.shot('toast');
  });

  it('the demo configuration stops in main, with the adapter of the installed folder', { timeout: sessionTimeoutMs + debugConfigurationListTimeoutMs }, async () => {
    assert.ok(board);
    await board.ui.startDebugConfiguration(demoLaunchName);
    assert.match(await board.ui.waitForStop(sessionTimeoutMs), /^main\b/);
    await board.ui.shot('stopped-in-main');
    assert.equal(processesRunning(installedAdapter(board)).length, 1, `no process runs ${installedAdapter(board)}`);
  });
});
