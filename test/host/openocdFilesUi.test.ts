// UI test in a real VS Code window (code-server + chromium): an OpenOCD config file is
// highlighted by our grammar, and "OpenOCD: Show OpenOCD log" opens the OpenOCD output channel.
// Screenshots of every step land in test-artifacts/host/openocd-files-ui/.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Locator } from 'playwright-core';
import { ensureCodeServer } from '../../scripts/codeServer.mjs';
import { codeServerInstallTimeoutMs } from './harness/extensionHostSuite';
import { VsCodeWindow } from './harness/vscodeWindow';

const boardCfg = [
  '# Simulated STM32F0 board',
  'adapter driver remote_bitbang',
  'remote_bitbang host localhost',
  'transport select swd',
  '',
].join('\n');

/** Class list and computed colour of the first token of `line` whose text is `text`. */
async function token(editor: Locator, line: number, text: string): Promise<{ className: string; color: string }> {
  const span = editor.locator('.view-line').nth(line).locator('span > span').filter({ hasText: text }).first();
  return span.evaluate((element) => ({ className: element.className, color: getComputedStyle(element).color }));
}

describe('OpenOCD files and log in the VS Code UI', () => {
  let ui: VsCodeWindow;

  before(async () => {
    await ensureCodeServer();
    ui = await VsCodeWindow.open({ scenario: 'openocd-files-ui', files: { 'openocd/board.cfg': boardCfg } });
    await ui.shot('workbench');
  }, { timeout: codeServerInstallTimeoutMs });

  after(() => ui?.close());

  it('shows openocd/board.cfg as an OpenOCD config with coloured tokens', async () => {
    const editor = await ui.openFile('openocd/board.cfg');
    await ui.page.locator('#status\\.editor\\.mode').getByText('OpenOCD config', { exact: true }).waitFor();
    await ui.shot('board-cfg-highlighted');
    const comment = await token(editor, 0, 'Simulated');
    const command = await token(editor, 1, 'adapter');
    const plain = await token(editor, 2, 'localhost');
    assert.match(comment.className, /\bmtk\d+\b/);
    assert.notEqual(comment.className, command.className, 'comment and command share a token class');
    assert.notEqual(comment.color, command.color, 'comment and command have the same colour');
    assert.notEqual(command.color, plain.color, 'the command is not highlighted against a plain word');
  });

  it('"OpenOCD: Show OpenOCD log" opens the OpenOCD output channel', async () => {
    await ui.runCommand('OpenOCD: Show OpenOCD log', { shotStep: 'palette' });
    const panel = ui.page.locator('.part.panel');
    await panel.getByRole('tab', { name: 'Output', selected: true }).waitFor();
    // The channel picker ("Switch Output") is a <select>; the toolbar renders it twice.
    await panel.locator('select[aria-label="Switch Output"] option[value="OpenOCD"]:checked').first().waitFor({ state: 'attached' });
    await ui.shot('openocd-log');
  });
});
