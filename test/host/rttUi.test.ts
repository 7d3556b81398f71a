// UI test in a real VS Code window (code-server + chromium) on the simulated board: a launch with
// `rtt` opens the terminal "RTT 0: Terminal", the firmware's RTT output shows there (bringing it in
// front of the Debug Console), and a line typed there reaches the firmware, which echoes it;
// screenshots in test-artifacts/host/rtt-ui/.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Locator } from 'playwright-core';
import { codeServerInstallTimeoutMs } from './harness/extensionHostSuite';
import { demoLaunch, demoLaunchName, SimulatedBoardWindow } from './harness/simulatedBoardWindow';
import { debugConfigurationListTimeoutMs, type VsCodeWindow } from './harness/vscodeWindow';

/** Starting OpenOCD and programming the simulated flash takes seconds on a loaded two-core machine. */
const sessionTimeoutMs = 120_000;
const terminalName = 'RTT 0: Terminal';

/** The text rows of the terminal shown in the panel (xterm's DOM renderer, see the settings below). */
function terminalText(ui: VsCodeWindow): Locator {
  return ui.page.locator('.part.panel .xterm .xterm-rows').first();
}

async function waitForTerminalText(ui: VsCodeWindow, text: string): Promise<string> {
  await terminalText(ui).filter({ hasText: text }).waitFor({ timeout: sessionTimeoutMs });
  return terminalText(ui).innerText();
}

describe('RTT terminals in VS Code on the simulated board', () => {
  let board: SimulatedBoardWindow | undefined;
  let ui: VsCodeWindow | undefined;

  before(async () => {
    const launch = demoLaunch();
    launch.configurations[0] = { ...launch.configurations[0], rtt: { enabled: true } };
    // xterm draws text on a canvas unless told to use its DOM renderer, whose rows a test can read.
    board = await SimulatedBoardWindow.open('rtt-ui', JSON.stringify(launch, null, 2), { settings: { 'terminal.integrated.gpuAcceleration': 'off' } });
    ui = board.ui;
    await ui.page.setViewportSize({ width: 1400, height: 900 });
  }, { timeout: codeServerInstallTimeoutMs });

  after(() => board?.close());

  it('opens a terminal for up channel 0 that shows the firmware\'s output once, and echoes a typed line', { timeout: sessionTimeoutMs + debugConfigurationListTimeoutMs }, async () => {
    assert.ok(ui);
    await ui.startDebugConfiguration(demoLaunchName);
    assert.match(await ui.waitForStop(sessionTimeoutMs), /^main\b/);
    // VS Code's Debug Console may cover the terminal opened at launch (it opens when the session
    // starts); put it in front for certain: the firmware's first text must bring the terminal back.
    await ui.runCommand('Debug Console: Focus on Debug Console View');
    await ui.page.locator('.part.panel .repl').first().waitFor({ timeout: sessionTimeoutMs });
    await ui.runCommand('Debug: Continue');
    await ui.page.locator('.part.panel').getByText(terminalName).first().waitFor({ timeout: sessionTimeoutMs });
    const shown = await waitForTerminalText(ui, 'rtt: hello');
    assert.equal(shown.split('rtt: hello').length - 1, 1, `the hello shows once: ${JSON.stringify(shown)}`);
    await ui.shot('rtt-terminal-hello');

    await ui.runCommand('Terminal: Focus Terminal');
    await ui.page.keyboard.type('ping 42');
    await ui.page.keyboard.press('Enter');
    const echoed = await waitForTerminalText(ui, 'echo: ping 42');
    assert.match(echoed, /rtt: hello\s+ping 42\s+echo: ping 42/);
    await ui.shot('rtt-terminal-echo');
  });
});
