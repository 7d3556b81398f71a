// UI test in a real VS Code window (code-server + chromium) on the simulated dual-core board (issue
// 19): the Targets view and the Call Stack view show both cores, one halted while the other runs,
// the Targets view's inline Halt/Resume act on one core, and "Reset and halt" halts both at the
// reset handler; screenshots in test-artifacts/host/multi-core-ui/.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Locator } from 'playwright-core';
import { codeServerInstallTimeoutMs } from './harness/extensionHostSuite';
import { dualCoreLaunch, dualCoreLaunchName, SimulatedBoardWindow } from './harness/simulatedBoardWindow';
import { exactly, treeRow, waitForRow } from './harness/treeRows';
import { debugConfigurationListTimeoutMs, type VsCodeWindow } from './harness/vscodeWindow';

/** Starting OpenOCD and programming the blank board takes seconds on a loaded two-core machine. */
const sessionTimeoutMs = 120_000;
const targetsView = 'OpenOCD Targets';
const cores = ['dual.cpu0', 'dual.cpu1'] as const;
const stoppedOn = (reason: string): RegExp => new RegExp(`^(Paused on )?${reason}$`, 'i');
const halted = (fn: string): RegExp => new RegExp(`^cortex_m · halted at 0x[0-9a-f]{8} in ${fn}$`);

/** The Call Stack view's row of thread `name` (one row per core). */
function threadRow(ui: VsCodeWindow, name: string): Locator {
  return ui.page.locator('.debug-call-stack .monaco-list-row').filter({ has: ui.page.locator('.thread .name', { hasText: exactly(name) }) });
}

/**
 * Waits until the Call Stack view shows each thread with the state label asked for: "Running", or
 * the stop's description (the reason: `pause`, `entry`), or "Paused on REASON" when it has none.
 */
async function waitForThreads(ui: VsCodeWindow, states: Readonly<Record<string, RegExp>>): Promise<void> {
  for (const [name, state] of Object.entries(states)) {
    await threadRow(ui, name).locator('.state').filter({ hasText: state }).waitFor({ timeout: sessionTimeoutMs }).catch(async (error: unknown) => {
      await ui.shot(`threads-not-${name}`);
      const rows = await ui.page.locator('.debug-call-stack .monaco-list-row').allInnerTexts();
      throw new Error(`the Call Stack view does not show ${name} as ${state}; its rows: ${JSON.stringify(rows)}`, { cause: error });
    });
  }
}

/**
 * Expands thread `name` in the Call Stack view (its twistie, as a user does; VS Code left the
 * stopped thread collapsed in this view's runs) and waits until its top frame is `fn`.
 */
async function topFrame(ui: VsCodeWindow, name: string, fn: string): Promise<void> {
  const row = threadRow(ui, name);
  if ((await row.getAttribute('aria-expanded')) !== 'true') await row.locator('.monaco-tl-twistie').click();
  await row.and(ui.page.locator('[aria-expanded="true"]')).waitFor();
  const frame = ui.page.locator('.debug-call-stack .monaco-list-row .stack-frame').first();
  await frame.filter({ has: ui.page.locator('.label', { hasText: exactly(fn) }) }).waitFor({ timeout: sessionTimeoutMs }).catch(async (error: unknown) => {
    await ui.shot(`top-frame-not-${fn}`);
    throw new Error(`the Call Stack view's top frame is not ${fn}; its rows: ${JSON.stringify(await ui.page.locator('.debug-call-stack .monaco-list-row').allInnerTexts())}`, { cause: error });
  });
}

/** Hovers the Targets view's row of `core` and clicks its inline action (`Halt`, `Resume`). */
async function inlineAction(ui: VsCodeWindow, core: string, action: string): Promise<void> {
  const row = treeRow(ui.viewPane(targetsView), core);
  await row.hover();
  await row.locator(`.action-label[aria-label="${action}"]`).click();
}

describe('several cores in VS Code: the Targets and Call Stack views on the simulated dual-core board', () => {
  let board: SimulatedBoardWindow | undefined;
  let ui: VsCodeWindow | undefined;

  before(async () => {
    board = await SimulatedBoardWindow.open('multi-core-ui', JSON.stringify(dualCoreLaunch(), null, 2), { board: 'dual-m0' });
    ui = board.ui;
    // Room for the call stack's two threads and the Targets view's descriptions, unclipped.
    await ui.page.setViewportSize({ width: 1600, height: 1000 });
  }, { timeout: codeServerInstallTimeoutMs });

  after(() => board?.close());

  it('runToEntryPoint stops core 0 in main while core 1 runs: both views show dual.cpu0 halted and dual.cpu1 running', { timeout: sessionTimeoutMs + debugConfigurationListTimeoutMs }, async () => {
    assert.ok(ui);
    await ui.startDebugConfiguration(dualCoreLaunchName);
    // As waitForStop, but the call stack's first row is a thread here, not a frame.
    await ui.page.locator('.debug-toolbar').waitFor({ timeout: sessionTimeoutMs });
    await ui.page.locator('.monaco-editor .debug-top-stack-frame-line').first().waitFor({ timeout: sessionTimeoutMs });
    await ui.runCommand('View: Show Run and Debug');
    await ui.setSideBarWidth(650);
    for (const title of ['Variables', 'Watch', 'Breakpoints']) await ui.setViewPaneExpanded(title, false);
    const targets = await ui.setViewPaneExpanded(targetsView, true);
    await waitForRow(targets, 'dual.cpu0', halted('main'));
    await waitForRow(targets, 'dual.cpu1', 'cortex_m · running');
    await waitForThreads(ui, { 'dual.cpu0': stoppedOn('entry'), 'dual.cpu1': /^Running$/ });
    assert.deepEqual(await ui.page.locator('.debug-call-stack .thread .name').allInnerTexts(), [...cores], 'one Call Stack thread per core, in OpenOCD\'s order');
    await topFrame(ui, 'dual.cpu0', 'main');
    await ui.shot('core0-halted-core1-running');
  });

  it('the Targets view\'s inline Halt stops core 1 alone (in the reset handler, not yet launched) and Resume runs core 0 alone: the views swap their states', { timeout: sessionTimeoutMs }, async () => {
    assert.ok(ui);
    const targets = ui.viewPane(targetsView);
    await inlineAction(ui, 'dual.cpu1', 'Halt');
    // Core 0 stopped at main before it launched core 1, which still waits for it in the reset handler.
    await waitForRow(targets, 'dual.cpu1', halted('Reset_Handler'));
    await waitForThreads(ui, { 'dual.cpu0': stoppedOn('entry'), 'dual.cpu1': stoppedOn('pause') });
    await inlineAction(ui, 'dual.cpu0', 'Resume');
    await waitForRow(targets, 'dual.cpu0', 'cortex_m · running');
    await waitForRow(targets, 'dual.cpu1', halted('Reset_Handler'));
    await waitForThreads(ui, { 'dual.cpu0': /^Running$/, 'dual.cpu1': stoppedOn('pause') });
    // The halted core's frames are its own: its top frame is where the Targets view says it is.
    await topFrame(ui, 'dual.cpu1', 'Reset_Handler');
    await ui.shot('core0-running-core1-halted');
  });

  it('"OpenOCD: Reset and halt" resets the chip: both cores halted in Reset_Handler, in both views', { timeout: sessionTimeoutMs }, async () => {
    assert.ok(ui);
    await ui.runCommand('OpenOCD: Reset and halt');
    const targets = ui.viewPane(targetsView);
    for (const core of cores) await waitForRow(targets, core, halted('Reset_Handler'));
    await waitForThreads(ui, { 'dual.cpu0': stoppedOn('entry'), 'dual.cpu1': stoppedOn('entry') });
    await ui.shot('both-reset-halted');
  });

  it('"Debug: Stop" ends the session: the Targets view returns to its welcome text', { timeout: sessionTimeoutMs }, async () => {
    assert.ok(ui);
    await ui.runCommand('Debug: Stop');
    await ui.page.locator('.debug-toolbar').waitFor({ state: 'hidden', timeout: sessionTimeoutMs });
    await ui.viewPane(targetsView).locator('.welcome-view-content').getByText('No OpenOCD debug session is running.', { exact: true }).waitFor({ timeout: sessionTimeoutMs });
    await ui.shot('stopped');
  });
});
