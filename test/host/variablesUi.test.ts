// UI test in a real VS Code window (code-server + chromium) against the simulated board: a session
// stopped in main shows the Globals scope with g_record expanded in the Variables view, and a watch
// expression's value; both views are photographed into test-artifacts/host/variables-ui/.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Locator } from 'playwright-core';
import { gdbEach } from '../fixtures/dwarf/buildFixture';
import { firmwareDir, firmwareElf } from '../helpers/firmware';
import { simOpenocdDir } from '../sim/startSim';
import { codeServerInstallTimeoutMs } from './harness/extensionHostSuite';
import { SimulatedBoardWindow } from './harness/simulatedBoardWindow';
import { scrollTreeTo } from './harness/treeScroll';
import { debugConfigurationListTimeoutMs, VsCodeWindow } from './harness/vscodeWindow';

/** Starting OpenOCD and programming the simulated flash takes seconds on a loaded two-core machine. */
const sessionTimeoutMs = 120_000;
const launchName = 'Variables on the simulated STM32F030';
const watchExpression = 'g_record_ptr->next->gain * 4';

/**
 * GDB's print of each expression from the ELF's initial data (the oracle): main's first line runs
 * before anything writes these globals, so the session stopped there shows the same values.
 */
function gdbInitialValues(expressions: readonly string[]): string[] {
  return gdbEach(firmwareElf('O0'), expressions.map((expression) => `print ${expression}`)).map((output) => output.trim().replace(/^\$\d+ = /, ''));
}

/** A launch.json for a workspace holding a copy of test/firmware's sources and its O0 ELF. */
function launchJson(): string {
  return JSON.stringify({
    version: '0.2.0',
    configurations: [{
      type: 'openocd',
      request: 'launch',
      name: launchName,
      executable: '${workspaceFolder}/build/O0/firmware.elf',
      searchDir: [simOpenocdDir],
      configFiles: ['${workspaceFolder}/build/sim-port.cfg', 'interface/sim-remote-bitbang.cfg', 'target/sim-stm32f030.cfg'],
      runToEntryPoint: 'main',
      sourceFileMap: { [firmwareDir]: '${workspaceFolder}' },
    }],
  }, null, 2);
}

describe('the Variables and Watch views in VS Code on the simulated board', () => {
  let board: SimulatedBoardWindow | undefined;
  let ui: VsCodeWindow | undefined;

  before(async () => {
    board = await SimulatedBoardWindow.open('variables-ui', launchJson());
    ui = board.ui;
  }, { timeout: codeServerInstallTimeoutMs });

  after(() => board?.close());

  it('starts the configuration from Quick Open and stops in main', { timeout: sessionTimeoutMs + debugConfigurationListTimeoutMs }, async () => {
    assert.ok(ui);
    await ui.startDebugConfiguration(launchName);
    assert.match(await ui.waitForStop(sessionTimeoutMs), /^main\b/);
  });

  it('shows the Globals scope with the struct g_record expanded, its members as GDB prints them', { timeout: sessionTimeoutMs }, async () => {
    assert.ok(ui);
    const variables = ui.page.locator('.debug-variables');
    const locals = variables.locator('.monaco-list-row[aria-label="Scope Locals"]');
    // Locals first (main's seen_tick), then open Globals: an expensive scope starts collapsed.
    if ((await locals.getAttribute('aria-expanded')) !== 'true') await locals.click();
    await variables.locator('.monaco-list-row[aria-label^="seen_tick, value "]').waitFor();
    const globals = variables.locator('.monaco-list-row[aria-label="Scope Globals"]');
    assert.equal(await globals.getAttribute('aria-expanded'), 'false');
    // Eight panes share the side bar (the Live Watch view came with issue 15): give Variables the
    // room of Call Stack and Breakpoints, or a row near its bottom sits under the Watch header.
    for (const name of ['Call Stack', 'Breakpoints']) await ui.setViewPaneExpanded(name, false);
    // A row's expansion shows at once, its children when VS Code's Variables request is answered:
    // wait for the tree to grow (its rows container is as tall as all rows) before scrolling to them.
    const rowsContainer = variables.locator('.monaco-list-rows');
    const expand = async (parent: Locator): Promise<void> => {
      const before = await rowsContainer.evaluate((rows) => rows.getBoundingClientRect().height);
      await parent.click();
      if ((await parent.getAttribute('aria-expanded')) !== 'true') await ui?.page.keyboard.press('ArrowRight');
      await ui?.page.waitForFunction(({ rows, height }) => rows !== null && rows.getBoundingClientRect().height > height,
        { rows: await rowsContainer.elementHandle(), height: before }, { timeout: sessionTimeoutMs });
    };
    await expand(globals);
    // The tree renders only the rows in view: scroll (one row per wheel step) until each row is
    // wholly in view, clear of the sticky scope header and the Watch view's sash, where a click lands.
    // Rows are labelled `name, value text` for screen readers.
    const pane = ui.viewPane('Variables');
    const row = (label: string) => variables.locator(`.monaco-list-row[aria-label^=${JSON.stringify(label)}]`);
    const record = row('g_record, value {name = "sensor');
    await scrollTreeTo(ui, pane, record);
    await expand(record);
    const [positionValue, colorValue] = gdbInitialValues(['g_record.position', 'g_record.color']);
    await scrollTreeTo(ui, pane, row(`position, value ${positionValue}`));
    await row('name, value "sensor').waitFor();
    await scrollTreeTo(ui, pane, row(`color, value ${colorValue}`));
    await ui.shot('variables-struct-expanded');
  });

  it('adds a watch expression and shows its value', { timeout: sessionTimeoutMs }, async () => {
    assert.ok(ui);
    // The Watch view's own "Add Expression" button (its title actions show on hover).
    const header = ui.page.locator('.pane-header[aria-label="Watch Section"]');
    // The mouse rests where the previous test scrolled the Variables view: a value hover ("Copy
    // Value") may open there, over the Watch header. Move away and close it first. A hover whose
    // delay ran out after the Escape (a clean-clone run: it stayed 30 s) takes another Escape.
    const hover = ui.page.getByText('Copy Value', { exact: false });
    await ui.page.mouse.move(0, 0);
    for (let attempt = 1; ; attempt++) {
      await ui.page.keyboard.press('Escape');
      const hidden = await hover.waitFor({ state: 'hidden', timeout: 5_000 }).then(() => true, () => false);
      if (hidden) break;
      if (attempt === 3) throw new Error('the value hover over the Watch header does not close on Escape');
    }
    if ((await header.getAttribute('aria-expanded')) === 'false') await header.click();
    await header.hover();
    await header.locator('.action-label[aria-label="Add Expression"]').click();
    const input = ui.page.locator('.debug-watch .monaco-inputbox input');
    await input.waitFor();
    await input.fill(watchExpression);
    await ui.page.keyboard.press('Enter');
    const [expected] = gdbInitialValues([watchExpression]);
    await ui.page.locator(`.debug-watch .monaco-list-row[aria-label=${JSON.stringify(`${watchExpression}, value ${expected}`)}]`).waitFor({ timeout: sessionTimeoutMs });
    await ui.shot('watch-expression');
  });
});
