// UI test in a real VS Code window (code-server + chromium) on the simulated board: the OpenOCD
// Peripherals webview on STM32F030.svd from launch.json `svdFile`; GPIOA and USART1 expanded, GPIOA
// ODR highlighted after the firmware's LED toggle, a field edited and read back with `> mdw`;
// screenshots in test-artifacts/host/peripherals-ui/.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { FrameLocator } from 'playwright-core';
import { lineOf } from '../engine/program/sourceLines';
import { codeServerInstallTimeoutMs } from './harness/extensionHostSuite';
import { demoLaunch, demoLaunchName, SimulatedBoardWindow } from './harness/simulatedBoardWindow';
import { debugConfigurationListTimeoutMs, repoRoot, type VsCodeWindow } from './harness/vscodeWindow';

const sessionTimeoutMs = 120_000;
const svdFile = join(repoRoot, '..', 'shared', 'svd', 'STM32F030.svd');
/** RM0091 8.4.6: GPIOx_ODR. */
const gpioaOdr = 0x4800_0014;
const otherPanes = ['Variables', 'Watch', 'Call Stack', 'Breakpoints', 'OpenOCD Targets', 'OpenOCD Flash Banks'];

function launchJson(): string {
  const launch = demoLaunch();
  launch.configurations[0].svdFile = svdFile;
  return JSON.stringify(launch, null, 2);
}

/** Expands or collapses a Run and Debug view by its header, as a user does. */
async function setPane(ui: VsCodeWindow, title: string, expanded: boolean): Promise<void> {
  const header = ui.page.locator(`.pane-header[aria-label="${title} Section"]`);
  if ((await header.count()) > 0 && (await header.getAttribute('aria-expanded')) !== String(expanded)) await header.click();
}

/** Gives the Peripherals view the side bar: other Run and Debug views are collapsed, ours expanded. */
async function showPeripheralsView(ui: VsCodeWindow): Promise<FrameLocator> {
  await ui.runCommand('View: Show Run and Debug');
  for (const title of otherPanes) await setPane(ui, title, false);
  await setPane(ui, 'OpenOCD Peripherals', true);
  return ui.page.frameLocator('iframe.webview.ready').frameLocator('iframe#active-frame');
}

/** The value cell of the row of `path` once it shows text matching `text`. */
async function valueOf(view: FrameLocator, path: string, text = /\S/): Promise<string> {
  const cell = view.locator(`.row[data-path="${path}"] .value`).filter({ hasText: text });
  await cell.waitFor({ timeout: sessionTimeoutMs });
  return cell.innerText();
}

/** Runs `> mdw address` in the Debug Console and returns the word OpenOCD prints. */
async function mdw(ui: VsCodeWindow, address: number): Promise<number> {
  await ui.runCommand('Debug Console: Focus on Debug Console View');
  const hexAddress = address.toString(16).padStart(8, '0');
  await ui.page.keyboard.type(`> mdw 0x${hexAddress}`);
  await ui.page.keyboard.press('Enter');
  const line = ui.page.locator('.repl .monaco-list-row').filter({ hasText: new RegExp(`0x${hexAddress}: [0-9a-f]{8}`) }).last();
  await line.waitFor({ timeout: sessionTimeoutMs });
  const word = new RegExp(`0x${hexAddress}: ([0-9a-f]{8})`).exec(await line.innerText())?.[1];
  assert.ok(word, 'mdw printed no word');
  return parseInt(word, 16);
}

describe('the OpenOCD Peripherals view in the VS Code UI on the simulated board', () => {
  let board: SimulatedBoardWindow | undefined;
  let ui: VsCodeWindow | undefined;
  let view: FrameLocator | undefined;
  const cspViolations: string[] = [];

  before(async () => {
    board = await SimulatedBoardWindow.open('peripherals-ui', launchJson());
    ui = board.ui;
    ui.page.on('console', (message) => /Content.Security.Policy/i.test(message.text()) && cspViolations.push(message.text()));
  }, { timeout: codeServerInstallTimeoutMs });

  after(() => board?.close());

  it('shows STM32F030.svd from launch.json; GPIOA and USART1 expanded show their registers read at the stop', { timeout: sessionTimeoutMs + debugConfigurationListTimeoutMs }, async () => {
    assert.ok(ui);
    await ui.startDebugConfiguration(demoLaunchName);
    assert.match(await ui.waitForStop(sessionTimeoutMs), /^main\b/);
    view = await showPeripheralsView(ui);
    await view.locator('.title').filter({ hasText: /^STM32F030 / }).waitFor({ timeout: sessionTimeoutMs });
    for (const peripheral of ['GPIOA', 'USART1']) {
      await view.locator(`.row[data-path="${peripheral}"]`).click();
      await view.locator(`.row[data-path="${peripheral}"][aria-expanded="true"]`).waitFor();
    }
    assert.match(await valueOf(view, 'GPIOA.MODER', /^0x[0-9A-F]{8}$/), /^0x[0-9A-F]{8}$/);
    assert.match(await valueOf(view, 'USART1.BRR', /^0x[0-9A-F]{8}$/), /^0x[0-9A-F]{8}$/);
    assert.equal(await view.locator('.row[data-path="GPIOA.ODR"] .where').innerText(), '0x48000014');
    assert.match(String(await view.locator('.row[data-path="GPIOA.MODER"]').getAttribute('title')), /GPIO port mode register\nReset: 0x28000000/);
    await ui.shot('gpioa-usart1-expanded');
  });

  it('highlights GPIOA ODR after a breakpoint hit that followed the LED toggle', { timeout: 3 * sessionTimeoutMs }, async () => {
    assert.ok(ui && view);
    const line = lineOf('main.c', 'loop_count++;');
    await ui.toggleBreakpoint('main.c', line);
    await setPane(ui, 'Call Stack', true);
    await ui.runCommand('Debug: Continue');
    await ui.page.locator('.call-stack-state-message .label').getByText('breakpoint', { exact: true }).waitFor({ timeout: sessionTimeoutMs });
    view = await showPeripheralsView(ui);
    const before = await valueOf(view, 'GPIOA.ODR', /^0x/);
    await ui.runCommand('Debug: Continue');
    await view.locator('.row.changed[data-path="GPIOA.ODR"]').waitFor({ timeout: sessionTimeoutMs });
    await view.locator('.row[data-path="GPIOA.ODR"]').scrollIntoViewIfNeeded();
    const afterToggle = await valueOf(view, 'GPIOA.ODR', /^0x/);
    assert.equal(parseInt(afterToggle, 16) ^ parseInt(before, 16), 1 << 5, `ODR ${before} -> ${afterToggle}: not PA5 toggled`);
    await ui.shot('odr-changed-after-breakpoint');
  });

  it('edits GPIOA ODR3 from the view and shows the value read back, as `> mdw` reads it', { timeout: 2 * sessionTimeoutMs }, async () => {
    assert.ok(ui && view);
    assert.equal(await view.locator('.row[data-path="GPIOA.IDR"] [data-action="edit"]').count(), 0, 'a read-only register offers an edit');
    await view.locator('.row[data-path="GPIOA.ODR"]').click();
    const field = view.locator('.row[data-path="GPIOA.ODR.ODR3"]');
    assert.equal(await valueOf(view, 'GPIOA.ODR.ODR3', /^0x[01]$/), '0x0');
    await field.scrollIntoViewIfNeeded();
    await field.locator('.value').dblclick();
    await field.locator('vscode-textfield input').fill('1');
    await field.locator('vscode-textfield input').press('Enter');
    await valueOf(view, 'GPIOA.ODR.ODR3', /^0x1$/);
    const odr = parseInt(await valueOf(view, 'GPIOA.ODR', /^0x/), 16);
    assert.equal(odr & (1 << 3), 1 << 3);
    await ui.shot('odr3-written');
    assert.equal(await mdw(ui, gpioaOdr), odr);
    await ui.shot('mdw-agrees');
    assert.deepEqual(cspViolations, []);
  });
});
