// UI test in a real VS Code window (code-server + chromium) on the simulated board: the demo's launch.json
// from Quick Open stops in main and at a breakpoint; a config without executable is refused; call stack,
// Registers, disassembly and OpenOCD log shots in test-artifacts/host/debug-session-ui/; Stop ends OpenOCD.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { lineOf } from '../engine/program/sourceLines';
import { codeServerInstallTimeoutMs } from './harness/extensionHostSuite';
import { demoLaunch, demoLaunchName, SimulatedBoardWindow } from './harness/simulatedBoardWindow';
import { scrollTreeTo } from './harness/treeScroll';
import { debugConfigurationListTimeoutMs, VsCodeWindow } from './harness/vscodeWindow';

/** Starting OpenOCD and programming the simulated flash takes seconds on a loaded two-core machine. */
const sessionTimeoutMs = 120_000;
/** The adapter stops OpenOCD (SIGTERM, then SIGKILL) when the session ends. */
const openocdExitTimeoutMs = 15_000;
const launchName = demoLaunchName;
/** A second configuration, without `executable`, that VS Code must refuse before anything starts. */
const brokenName = 'Broken: no executable';

/**
 * Pids of the OpenOCD processes whose command line names `configFile` (the adapter starts OpenOCD
 * with the workspace's sim-port.cfg as a config file).
 */
function openocdProcesses(configFile: string): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    let args: string[];
    try {
      args = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
    } catch {
      continue;
    }
    // Config files reach OpenOCD as `-c "script {FILE}"` (src/openocd/openocdProcess.ts).
    if (args[0]?.endsWith('openocd') && args.some((arg) => arg.includes(configFile))) pids.push(Number(entry));
  }
  return pids;
}

/** The demo's launch.json plus a copy of its configuration without `executable`. */
function demoLaunchJson(): string {
  const launch = demoLaunch();
  const { executable: _executable, ...broken } = launch.configurations[0];
  launch.configurations.push({ ...broken, name: brokenName });
  return JSON.stringify(launch, null, 2);
}

describe('a debug session in the VS Code UI on the simulated board', () => {
  let board: SimulatedBoardWindow | undefined;
  let ui: VsCodeWindow | undefined;
  /** The pc the Registers scope shows at the breakpoint, as 0x%08x. */
  let pc: string | undefined;

  before(async () => {
    board = await SimulatedBoardWindow.open('debug-session-ui', demoLaunchJson());
    ui = board.ui;
  }, { timeout: codeServerInstallTimeoutMs });

  after(() => board?.close());

  it('a configuration without executable is refused in a dialog naming executable', { timeout: debugConfigurationListTimeoutMs + sessionTimeoutMs }, async () => {
    assert.ok(ui);
    await ui.startDebugConfiguration(brokenName, { shotStep: 'select-broken-configuration' });
    const dialog = ui.page.locator('.monaco-dialog-box');
    await dialog.waitFor({ timeout: sessionTimeoutMs });
    await ui.shot('refused-without-executable');
    await dialog.getByText('launch.json: "executable" is required', { exact: false }).waitFor();
    await dialog.getByRole('button', { name: 'Open \'launch.json\'' }).waitFor();
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'hidden' });
    assert.equal(await ui.page.locator('.debug-toolbar').isVisible(), false, 'a session started anyway');
  });

  it('starting the demo configuration from the palette stops in main', { timeout: sessionTimeoutMs + debugConfigurationListTimeoutMs }, async () => {
    assert.ok(ui);
    await ui.startDebugConfiguration(launchName, { shotStep: 'select-demo-configuration' });
    assert.match(await ui.waitForStop(sessionTimeoutMs), /^main\b/);
    await ui.shot('stopped-in-main');
  });

  it('stops at a breakpoint in main\'s loop, and the call stack shows main at that line', { timeout: sessionTimeoutMs }, async () => {
    assert.ok(ui);
    const line = lineOf('main.c', 'loop_count++;');
    await ui.toggleBreakpoint('main.c', line);
    await ui.runCommand('Debug: Continue');
    const top = ui.page.locator('.debug-call-stack .monaco-list-row .stack-frame').first();
    await top.filter({ hasText: new RegExp(`main\\.c\\s*${line}:`) }).waitFor({ timeout: sessionTimeoutMs });
    assert.match(await top.innerText(), /^main\b/);
    await ui.page.locator('.call-stack-state-message .label').getByText('breakpoint', { exact: true }).waitFor();
    await ui.shot('call-stack-at-breakpoint');
  });

  it('shows the Registers scope with the core registers', { timeout: sessionTimeoutMs }, async () => {
    assert.ok(ui);
    const variables = ui.page.locator('.debug-variables');
    const scope = variables.locator('.monaco-list-row[aria-label="Scope Registers"]');
    if ((await scope.getAttribute('aria-expanded')) !== 'true') await scope.click();
    // The tree renders only the rows in view: bring r0 clear of the sticky scope header, focus it,
    // then move down until each register shows.
    const r0 = variables.locator('.monaco-list-row[aria-label^="r0, value 0x"]');
    await r0.waitFor();
    await scrollTreeTo(ui, ui.viewPane('Variables'), r0);
    await r0.click();
    for (const name of ['r7', 'sp', 'lr', 'pc']) {
      const row = variables.locator(`.monaco-list-row[aria-label^="${name}, value 0x"]`);
      for (let presses = 0; !(await row.isVisible()); presses++) {
        assert.ok(presses < 40, `no ${name} row in the Registers scope`);
        await ui.page.keyboard.press('ArrowDown');
      }
    }
    pc = /value (0x[0-9a-f]{8})/.exec(String(await variables.locator('.monaco-list-row[aria-label^="pc, value 0x"]').getAttribute('aria-label')))?.[1];
    assert.ok(pc, 'pc has no 32-bit hex value');
    await ui.shot('registers');
  });

  it('"OpenOCD: Show OpenOCD log" shows the log of the OpenOCD the session started', { timeout: sessionTimeoutMs }, async () => {
    assert.ok(ui);
    await ui.runCommand('OpenOCD: Show OpenOCD log');
    const panel = ui.page.locator('.part.panel');
    await panel.locator('select[aria-label="Switch Output"] option[value="OpenOCD"]:checked').first().waitFor({ state: 'attached' });
    // The log is long and the view shows its end: filter it, as a user would, to OpenOCD's
    // lines about its connection to the simulated board.
    await panel.locator('.viewpane-filter input').fill('remote_bitbang');
    await panel.locator('.view-lines').getByText('Info : Initializing remote_bitbang driver').first().waitFor();
    await panel.locator('.view-lines').getByText('Info : remote_bitbang driver initialized').first().waitFor();
    await ui.shot('openocd-log');
  });

  it('opens the disassembly view at the pc, decoded', { timeout: sessionTimeoutMs }, async () => {
    assert.ok(ui && pc);
    await ui.runCommand('Open Disassembly View');
    const atPc = ui.page.locator('.disassembly-view .monaco-list-row .instruction').filter({ hasText: new RegExp(`^${pc}\\s`) });
    await atPc.waitFor({ timeout: 60_000 });
    const text = await atPc.innerText();
    assert.doesNotMatch(text, /\?\?$/, `the instruction at the pc is not decoded: ${text}`);
    await ui.shot('disassembly');
  });

  it('"Debug: Stop" ends the session and stops the OpenOCD it started', { timeout: sessionTimeoutMs }, async () => {
    assert.ok(ui);
    const portFile = join(ui.workspaceDir, 'build', 'sim-port.cfg');
    assert.ok(openocdProcesses(portFile).length > 0, 'no OpenOCD runs with this workspace\'s sim-port.cfg');
    await ui.runCommand('Debug: Stop');
    await ui.page.locator('.debug-toolbar').waitFor({ state: 'hidden', timeout: sessionTimeoutMs });
    const deadline = Date.now() + openocdExitTimeoutMs;
    while (openocdProcesses(portFile).length > 0) {
      assert.ok(Date.now() < deadline, `OpenOCD still runs ${openocdExitTimeoutMs} ms after the session ended: ${openocdProcesses(portFile).join(', ')}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    await ui.shot('stopped');
  });
});
