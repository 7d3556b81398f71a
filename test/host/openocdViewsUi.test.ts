// UI test in a real VS Code window (code-server + chromium) on the simulated board: the OpenOCD
// Targets and Flash Banks views of Run and Debug, the status bar item, and the reset, program,
// verify, erase and run-control commands as a user meets them (palette, file dialog, inline actions,
// context menu, modal dialog); screenshots in test-artifacts/host/openocd-views-ui/.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Locator } from 'playwright-core';
import { gdbInfoLines } from '../dwarf/line/lineOracles';
import { codeServerInstallTimeoutMs } from './harness/extensionHostSuite';
import { demoLaunch, demoLaunchName, SimulatedBoardWindow } from './harness/simulatedBoardWindow';
import { exactly, treeRow, waitForRow } from './harness/treeRows';
import { scrollTreeTo } from './harness/treeScroll';
import { debugConfigurationListTimeoutMs, VsCodeWindow } from './harness/vscodeWindow';

/** Starting OpenOCD and programming the simulated flash takes seconds on a loaded two-core machine. */
const sessionTimeoutMs = 120_000;
const targetsView = 'OpenOCD Targets';
const flashView = 'OpenOCD Flash Banks';
const welcomeText = 'No OpenOCD debug session is running.';
/** A spare sector far above the ~6 KiB firmware: the BIN is programmed there, then erased. */
const spareSector = 40;
const spareAddress = 0x0800_a000;
const binName = 'data.bin';
const binSize = 1024;
/** OpenOCD's `mdb` prints 32 bytes a line (its lines start at the address asked for). */
const mdbBytesPerLine = 32;

const hex = (value: number): string => `0x${value.toString(16).padStart(8, '0')}`;

/** The OpenOCD status bar item's text (its codicon is not text). */
function statusBarItem(ui: VsCodeWindow): Locator {
  return ui.page.locator('.part.statusbar .statusbar-item-label').filter({ hasText: /^\s*OpenOCD: / });
}

async function waitForStatusBar(ui: VsCodeWindow, text: string): Promise<void> {
  await statusBarItem(ui).filter({ hasText: new RegExp(`^\\s*${exactly(text).source.slice(1)}`) }).waitFor({ timeout: sessionTimeoutMs });
}

/** The call stack's top frame, as the Call Stack view shows it: function, file and line:column. */
async function waitForTopFrame(ui: VsCodeWindow, name: RegExp, file?: string, line?: number, timeoutMs = sessionTimeoutMs): Promise<void> {
  let top = ui.page.locator('.debug-call-stack .monaco-list-row .stack-frame').first()
    .filter({ has: ui.page.locator('.label', { hasText: name }) });
  if (file !== undefined) top = top.filter({ has: ui.page.locator('.file-name', { hasText: exactly(file) }) });
  if (line !== undefined) top = top.filter({ has: ui.page.locator('.line-number', { hasText: new RegExp(`^${line}:`) }) });
  await top.waitFor({ timeout: timeoutMs });
}

/**
 * The `mdb` lines the Output view shows (address to bytes), and whether every line it shows
 * contains `filter` (false while the view has not applied a new filter yet). Lines are read in
 * their on-screen order; a long line wraps into view lines that do not start with a timestamp.
 */
async function shownMdbLines(panel: Locator, filter: string): Promise<{ lines: Map<number, number[]>; filtered: boolean }> {
  const viewLines = await panel.locator('.view-lines .view-line').evaluateAll((elements) => elements.map((element) => [parseFloat((element as HTMLElement).style.top), element.textContent ?? ''] as const));
  const logical: string[] = [];
  for (const [, text] of viewLines.sort(([a], [b]) => a - b)) {
    const plain = text.replace(/\s+/g, ' ');
    if (/^\d{4}-\d\d-\d\d /.test(plain) || logical.length === 0) logical.push(plain);
    else logical[logical.length - 1] += plain;
  }
  const lines = new Map<number, number[]>();
  for (const line of logical) {
    const match = /^\S+ \S+ \[info\] (0x[0-9a-f]{8}): ((?:[0-9a-f]{2} )*[0-9a-f]{2}) ?$/.exec(line);
    if (!match) continue;
    assert.ok(!lines.has(Number(match[1])), `the Output view shows two lines for ${match[1]}`);
    lines.set(Number(match[1]), match[2].split(' ').map((byte) => Number.parseInt(byte, 16)));
  }
  return { lines, filtered: logical.every((line) => line.trim() === '' || line.toLowerCase().includes(filter)) };
}

/**
 * Reads `byteSize` bytes at `address` as a user does: "OpenOCD: Send OpenOCD command…" with
 * `mdb`, then the OpenOCD output channel, maximized and filtered to the lines of 256 bytes at a
 * time (`0x0800a0`, `0x0800a1`...). The channel is cleared afterwards, so that each read sees only
 * its own lines.
 */
async function readFlash(ui: VsCodeWindow, address: number, byteSize: number, shotStep: string): Promise<Uint8Array> {
  await ui.runCommand('OpenOCD: Send OpenOCD command…', { opensQuickInput: true });
  await ui.answerQuickInput('Send OpenOCD command', `mdb ${hex(address)} ${byteSize}`);
  const panel = ui.page.locator('.part.panel');
  await panel.locator('select[aria-label="Switch Output"] option[value="OpenOCD"]:checked').first().waitFor({ state: 'attached' });
  await panel.locator('.action-label[aria-label="Maximize Panel"]').first().click();
  const filter = panel.locator('.viewpane-filter input');
  const chunks = new Map<string, number[]>();
  for (let line = address; line < address + byteSize; line += mdbBytesPerLine) {
    const prefix = hex(line).slice(0, 8);
    chunks.set(prefix, [...(chunks.get(prefix) ?? []), line]);
  }
  const bytes: number[] = [];
  for (const [prefix, lines] of chunks) {
    await filter.fill(prefix);
    const deadline = Date.now() + sessionTimeoutMs;
    for (;;) {
      const shown = await shownMdbLines(panel, prefix);
      if (shown.filtered && lines.every((line) => shown.lines.has(line))) {
        for (const line of lines) bytes.push(...shown.lines.get(line)!);
        if (lines[0] === address) await ui.shot(shotStep);
        break;
      }
      assert.ok(Date.now() < deadline, `the Output view filtered to ${prefix} never showed the mdb lines ${lines.map(hex).join(', ')}: ${JSON.stringify([...shown.lines.keys()].map(hex))}`);
      await ui.page.waitForFunction(() => new Promise((resolve) => requestAnimationFrame(() => resolve(true))));
    }
  }
  await panel.locator('.action-label[aria-label="Clear Output"]').first().click();
  await panel.locator('.action-label[aria-label="Restore Panel"]').first().click();
  assert.equal(bytes.length, byteSize, `mdb printed ${bytes.length} bytes, not ${byteSize}`);
  return Uint8Array.from(bytes);
}

/** Runs a palette command that asks for a file in code-server's simple file dialog (and an address for a BIN). */
async function runWithImage(ui: VsCodeWindow, command: string, dialogTitle: string, path: string, address: { shown: RegExp; typed: string }): Promise<void> {
  await ui.runCommand(command, { opensQuickInput: true });
  // The simple file dialog is a quick input whose value is the folder shown; type the file's path over it.
  await ui.answerQuickInput(dialogTitle, path, { shownValue: /^\/.*\/$/, activeRow: basename(path) });
  await ui.answerQuickInput(`${basename(path)} is a raw binary: where does it go?`, address.typed, { shownValue: address.shown });
}

/** Right-clicks the spare sector's row in the Flash Banks view and picks "Erase flash…"; returns the modal dialog. */
async function eraseSpareSector(ui: VsCodeWindow, flash: Locator): Promise<Locator> {
  const row = flash.locator(`.monaco-list-row[aria-label^="sector ${spareSector} of stm32f0x.flash:"]`);
  await scrollTreeTo(ui, flash, row, { index: spareSector + 1 });
  await row.click({ button: 'right' });
  const menu = ui.page.locator('.context-view .monaco-menu');
  const item = menu.locator('.action-item').filter({ hasText: /^Erase flash…$/ });
  await item.waitFor();
  await ui.shot('erase-context-menu');
  await item.click();
  await menu.waitFor({ state: 'hidden' });
  const dialog = ui.page.locator('.monaco-dialog-box');
  await dialog.waitFor({ timeout: sessionTimeoutMs });
  await dialog.getByText(`Erase sector ${spareSector} of stm32f0x.flash?`, { exact: true }).waitFor({ timeout: 5_000 }).catch(async (error: unknown) => {
    throw new Error(`the erase dialog asks: ${await dialog.innerText()}`, { cause: error });
  });
  return dialog;
}

describe('the OpenOCD Targets and Flash Banks views in VS Code on the simulated board', () => {
  let board: SimulatedBoardWindow | undefined;
  let ui: VsCodeWindow | undefined;
  /** The random BIN of the program/verify/erase scenarios, as written into the workspace. */
  const bin = randomBytes(binSize);

  before(async () => {
    board = await SimulatedBoardWindow.open('openocd-views-ui', JSON.stringify(demoLaunch(), null, 2));
    ui = board.ui;
    // Room for the call stack and both OpenOCD views, with their descriptions unclipped.
    await ui.page.setViewportSize({ width: 1600, height: 1000 });
  }, { timeout: codeServerInstallTimeoutMs });

  after(() => board?.close());

  it('before any session, Run and Debug shows both OpenOCD views with their welcome text and a Start Debugging button', { timeout: sessionTimeoutMs }, async () => {
    assert.ok(ui);
    await ui.runCommand('View: Show Run and Debug');
    await ui.setSideBarWidth(650);
    for (const title of [targetsView, flashView]) {
      const pane = await ui.setViewPaneExpanded(title, true);
      const welcome = pane.locator('.welcome-view-content');
      await welcome.getByText(welcomeText, { exact: true }).waitFor({ timeout: sessionTimeoutMs });
      await welcome.getByRole('button', { name: 'Start Debugging' }).waitFor();
      assert.equal(await pane.locator('.monaco-list-row').count(), 0, `${title} lists rows before any session`);
    }
    // Variables, Watch and Breakpoints are not under test: collapsed, they leave room for the rest.
    for (const title of ['Variables', 'Watch', 'Breakpoints']) await ui.setViewPaneExpanded(title, false);
    await ui.shot('welcome');
  });

  it('the demo configuration stops in main: the Targets view shows the halted core at main\'s PC, the status bar says so', { timeout: sessionTimeoutMs + debugConfigurationListTimeoutMs }, async () => {
    assert.ok(ui);
    await ui.startDebugConfiguration(demoLaunchName);
    const top = await ui.waitForStop(sessionTimeoutMs);
    assert.match(top, /^main\b/);
    const targets = ui.viewPane(targetsView);
    const description = await waitForRow(targets, 'stm32f0x.cpu', /^cortex_m · halted at 0x[0-9a-f]{8} in main$/);
    await waitForStatusBar(ui, 'OpenOCD: stm32f0x.cpu halted in main');
    // The PC shown is the one the call stack stops at: GDB puts it on the top frame's line.
    const pc = Number(/at (0x[0-9a-f]{8})/.exec(description)![1]);
    const [where] = gdbInfoLines(join(ui.workspaceDir, 'build', 'O0', 'firmware.elf'), [pc]);
    assert.ok(where, `GDB has no line for ${hex(pc)}`);
    assert.match(top, new RegExp(`${basename(where.file).replace('.', '\\.')}\\s*${where.line}:`));
    await ui.shot('targets-halted-in-main');
  });

  it('the Flash Banks view shows stm32f0x.flash, and expanded its 64 sectors of 1 KiB, not protected', { timeout: sessionTimeoutMs }, async () => {
    assert.ok(ui);
    const flash = await ui.setViewPaneExpanded(flashView, true);
    await waitForRow(flash, 'stm32f0x.flash', '#0 · stm32f1x · 0x08000000 · 64 KiB');
    const bank = treeRow(flash, 'stm32f0x.flash');
    if ((await bank.getAttribute('aria-expanded')) !== 'true') await bank.locator('.monaco-tl-twistie').click();
    await waitForRow(flash, '#0', '+0x00000000 · 1 KiB · not protected');
    await ui.shot('flash-bank-expanded');
    // Scroll down the whole bank, noting each sector row as it comes into view.
    const sectors = new Map<string, string>();
    const note = async (rows: Locator) => {
      for (const [label, description, level] of await rows.evaluateAll((elements) => elements.map((r) => [
        r.querySelector('.label-name')?.textContent ?? '', r.querySelector('.label-description')?.textContent ?? '', r.getAttribute('aria-level') ?? '',
      ]))) if (level === '2') sectors.set(label, description);
    };
    await scrollTreeTo(ui, flash, treeRow(flash, '#63'), { index: 64, seen: note });
    await ui.shot('flash-last-sector');
    const expected = Array.from({ length: 64 }, (_, index): [string, string] => [`#${index}`, `+${hex(index * 1024)} · 1 KiB · not protected`]);
    assert.deepEqual([...sectors].sort(([a], [b]) => Number(a.slice(1)) - Number(b.slice(1))), expected);
  });

  it('"OpenOCD: Reset and halt" shows the reset handler: startup.c at the PC\'s line, Reset_Handler on top of the call stack', { timeout: sessionTimeoutMs }, async () => {
    assert.ok(ui);
    await ui.runCommand('OpenOCD: Reset and halt');
    await waitForTopFrame(ui, /^Reset_Handler$/);
    const description = await waitForRow(ui.viewPane(targetsView), 'stm32f0x.cpu', /^cortex_m · halted at 0x[0-9a-f]{8} in Reset_Handler$/);
    const pc = Number(/at (0x[0-9a-f]{8})/.exec(description)![1]);
    const [where] = gdbInfoLines(join(ui.workspaceDir, 'build', 'O0', 'firmware.elf'), [pc]);
    assert.ok(where, `GDB has no line for ${hex(pc)}`);
    const file = basename(where.file);
    assert.equal(file, 'startup.c');
    await waitForTopFrame(ui, /^Reset_Handler$/, file, where.line);
    await ui.page.locator(`.tabs-container .tab.active[data-resource-name="${file}"]`).waitFor();
    await ui.page.locator('#status\\.editor\\.selection').filter({ hasText: new RegExp(`^Ln ${where.line},`) }).waitFor();
    await ui.page.locator('.editor-group-container.active .monaco-editor .debug-top-stack-frame-line').first().waitFor();
    await waitForStatusBar(ui, 'OpenOCD: stm32f0x.cpu halted in Reset_Handler');
    await ui.shot('reset-handler');
  });

  it('"OpenOCD: Program flash…" writes a BIN picked in the file dialog at the address typed, then "Verify flash…" finds it matching', { timeout: 2 * sessionTimeoutMs }, async () => {
    assert.ok(ui);
    assert.ok(bin.some((byte) => byte !== 0xff), 'the random BIN is all 0xFF: an erase could not show');
    const path = join(ui.workspaceDir, binName);
    writeFileSync(path, bin);
    // The smoke-test driver hides toasts: the notification centre, open throughout, shows the
    // progress notification while programming runs (too briefly to photograph reliably), so every
    // message it shows is noted as it appears.
    await ui.runCommand('Notifications: Clear All Notifications');
    const center = await ui.showNotifications();
    // (No named functions inside: tsx would wrap them in a helper the page does not have.)
    await center.evaluate((element) => new MutationObserver(() => {
      const seen = new Set<string>(JSON.parse(element.getAttribute('data-test-seen') ?? '[]') as string[]);
      for (const message of Array.from(element.querySelectorAll('.notification-list-item-message'))) seen.add(message.textContent ?? '');
      element.setAttribute('data-test-seen', JSON.stringify([...seen]));
    }).observe(element, { subtree: true, childList: true, characterData: true }));
    await runWithImage(ui, 'OpenOCD: Program flash…', 'Program flash', path, { shown: /^0x08000000$/, typed: hex(spareAddress) });
    // VS Code hides the centre when its last notification goes (here "Activating Extensions..."
    // could be the only one), and later ones then go to the hidden toasts: show it again.
    // Only when hidden: over an open centre, the palette's row click is intercepted.
    if (!(await center.isVisible())) await ui.showNotifications();
    // The command ends with this message, or with an error message naming what failed: wait for
    // either, so a failure reads as its own message rather than as a time-out.
    const done = center.getByText(`Programmed ${binName}: ${binSize} bytes, verified.`, { exact: true });
    const failed = center.getByText(/^Program flash: /);
    await done.or(failed).first().waitFor({ timeout: sessionTimeoutMs }).catch(async (error: unknown) => {
      await ui?.shot('program-flash-timed-out');
      throw new Error(`neither result of Program flash showed; the notification centre showed ${await center.getAttribute('data-test-seen')}`, { cause: error });
    });
    assert.equal(await failed.count(), 0, `programming failed: ${await failed.allInnerTexts()}`);
    const seen = JSON.parse(await center.getAttribute('data-test-seen') ?? '[]') as string[];
    assert.ok(seen.some((message) => message.startsWith(`Programming ${binName}`)), `no progress notification; the centre showed ${JSON.stringify(seen)}`);
    await ui.shot('programmed-notification');
    // Programming ends with a reset halt.
    await waitForRow(ui.viewPane(targetsView), 'stm32f0x.cpu', /in Reset_Handler$/);
    assert.deepEqual(await readFlash(ui, spareAddress, binSize, 'programmed-read-back'), new Uint8Array(bin));

    await ui.runCommand('Notifications: Clear All Notifications');
    await runWithImage(ui, 'OpenOCD: Verify flash…', 'Verify flash', path, { shown: /^0x08000000$/, typed: hex(spareAddress) });
    await (await ui.showNotifications()).getByText(`${binName} matches the target.`, { exact: true }).waitFor({ timeout: sessionTimeoutMs });
    await ui.shot('verify-matches');
    // The same file one sector higher, where flash is erased, differs at its first byte.
    await ui.runCommand('Notifications: Clear All Notifications');
    await runWithImage(ui, 'OpenOCD: Verify flash…', 'Verify flash', path, { shown: /^0x08000000$/, typed: hex(spareAddress + binSize) });
    const differs = `${binName} differs from the target: first at ${hex(spareAddress + binSize)} (file 0x${bin[0].toString(16).padStart(2, '0')}, target 0xff).`;
    await (await ui.showNotifications()).getByText(differs, { exact: true }).waitFor({ timeout: sessionTimeoutMs });
    await ui.shot('verify-differs');
  });

  it('"Erase flash…" on a sector asks in a modal dialog: Cancel keeps the data, Erase leaves 0xFF', { timeout: 2 * sessionTimeoutMs }, async () => {
    assert.ok(ui);
    const flash = ui.viewPane(flashView);
    let dialog = await eraseSpareSector(ui, flash);
    await dialog.getByText(`1 KiB at ${hex(spareAddress)}-${hex(spareAddress + 1023)} will read 0xFF; what is stored there is lost.`, { exact: true }).waitFor();
    await ui.shot('erase-dialog');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'hidden' });
    assert.deepEqual(await readFlash(ui, spareAddress, binSize, 'cancelled-read-back'), new Uint8Array(bin), 'Cancel erased the sector');

    await ui.runCommand('Notifications: Clear All Notifications');
    dialog = await eraseSpareSector(ui, flash);
    await dialog.getByRole('button', { name: 'Erase', exact: true }).click();
    await dialog.waitFor({ state: 'hidden' });
    await (await ui.showNotifications()).getByText(`Erased sector ${spareSector} of stm32f0x.flash.`, { exact: true }).waitFor({ timeout: sessionTimeoutMs });
    assert.deepEqual(await readFlash(ui, spareAddress, binSize, 'erased-read-back'), new Uint8Array(binSize).fill(0xff));
  });

  it('the Targets view\'s inline Resume runs the core (row and status bar read running), its Halt stops it again', { timeout: sessionTimeoutMs }, async () => {
    assert.ok(ui);
    const targets = ui.viewPane(targetsView);
    const row = treeRow(targets, 'stm32f0x.cpu');
    await waitForRow(targets, 'stm32f0x.cpu', /^cortex_m · halted at /);
    await row.hover();
    await row.locator('.action-label[aria-label="Resume"]').click();
    await waitForRow(targets, 'stm32f0x.cpu', 'cortex_m · running');
    await waitForStatusBar(ui, 'OpenOCD: stm32f0x.cpu running');
    await ui.page.locator('.debug-call-stack .monaco-list-row .stack-frame').first().waitFor({ state: 'hidden' });
    await ui.shot('running');
    await row.hover();
    assert.equal(await row.locator('.action-label[aria-label="Resume"]').count(), 0, 'a running core offers Resume');
    await row.locator('.action-label[aria-label="Halt"]').click();
    const description = await waitForRow(targets, 'stm32f0x.cpu', /^cortex_m · halted at 0x[0-9a-f]{8} in \w+$/);
    const where = /in (\w+)$/.exec(description)![1];
    await waitForStatusBar(ui, `OpenOCD: stm32f0x.cpu halted in ${where}`);
    await waitForTopFrame(ui, new RegExp(`^${where}$`));
    await ui.shot('halted-again');
  });

  it('"Debug: Stop" ends the session: both views return to their welcome text, the status bar reads not connected', { timeout: sessionTimeoutMs }, async () => {
    assert.ok(ui);
    await ui.runCommand('Debug: Stop');
    await ui.page.locator('.debug-toolbar').waitFor({ state: 'hidden', timeout: sessionTimeoutMs });
    for (const title of [targetsView, flashView]) {
      const pane = ui.viewPane(title);
      await pane.locator('.welcome-view-content').getByText(welcomeText, { exact: true }).waitFor({ timeout: sessionTimeoutMs });
      await pane.locator('.welcome-view-content').getByRole('button', { name: 'Start Debugging' }).waitFor();
      assert.equal(await pane.locator('.monaco-list-row').filter({ visible: true }).count(), 0, `${title} still lists rows`);
    }
    await waitForStatusBar(ui, 'OpenOCD: not connected');
    await ui.shot('stopped');
  });
});
