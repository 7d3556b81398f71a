// Scrolling a tree view of the workbench (Variables, Flash Banks, ...) with the mouse wheel until a
// row is wholly in view: below the sticky headers and above the view's bottom, where a click lands on it.
import assert from 'node:assert/strict';
import type { Locator } from 'playwright-core';
import type { VsCodeWindow } from './vscodeWindow';

/** Enough one-row wheel steps for the longest tree a UI test walks (a 64-sector flash bank). */
const maxSteps = 200;

/**
 * Where `row` is against the part of the tree in view, which lies below the sticky headers (the
 * ancestors of the top row, pinned while their children scroll) and above the view's bottom.
 * Rows out of view are not rendered: then the rendered rows' data-index and the row's `index` (its
 * flat position in the tree) tell the side; without an index, an unrendered row is taken to be below.
 */
async function sideOf(pane: Locator, row: Locator, index: number | undefined): Promise<'above' | 'in' | 'below'> {
  const list = await pane.locator('.monaco-list').first().boundingBox();
  assert.ok(list, 'the tree is not shown');
  const sticky = pane.locator('.monaco-tree-sticky-container:not(.empty)');
  const stickyBox = (await sticky.count()) > 0 ? await sticky.first().boundingBox() : null;
  const top = stickyBox ? stickyBox.y + stickyBox.height : list.y;
  const box = (await row.count()) > 0 ? await row.boundingBox() : null;
  if (box) return box.y < top ? 'above' : box.y + box.height > list.y + list.height ? 'below' : 'in';
  if (index === undefined) return 'below';
  const rendered = await pane.locator('.monaco-list-row[data-index]').evaluateAll((rows) => rows.map((r) => Number(r.getAttribute('data-index'))));
  return rendered.length > 0 && Math.max(...rendered) < index ? 'below' : 'above';
}

/**
 * Scrolls the tree of the view `pane` (one row a wheel step) until `row` is wholly in view.
 * `index` is the row's data-index when the test knows it; `seen` gets the rendered rows at each step.
 */
export async function scrollTreeTo(ui: VsCodeWindow, pane: Locator, row: Locator, options: { index?: number; seen?: (rows: Locator) => Promise<void> } = {}): Promise<void> {
  // Over the lower part of the view: its top rows may be sticky headers, which do not scroll.
  const body = await pane.locator('.pane-body').boundingBox();
  assert.ok(body, 'the view is not shown');
  await ui.page.mouse.move(body.x + body.width / 2, body.y + body.height * 0.75);
  for (let steps = 0; ; steps++) {
    await options.seen?.(pane.locator('.monaco-list-row'));
    const side = await sideOf(pane, row, options.index);
    if (side === 'in') return;
    assert.ok(steps < maxSteps, `${row} never came into view`);
    await ui.page.mouse.wheel(0, side === 'below' ? 22 : -22);
    await ui.page.waitForFunction(() => new Promise((resolve) => requestAnimationFrame(() => resolve(true))));
  }
}
