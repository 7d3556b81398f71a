// Rows of the side bar's tree views (the OpenOCD Targets and Flash Banks views) as a UI test reads
// them: a row by its exact label, and the wait for its description. Locators only; no assertions.
import type { Locator } from 'playwright-core';

/** Long enough for OpenOCD to start and program the simulated flash on a loaded two-core machine. */
const rowTimeoutMs = 120_000;

/** A regular expression matching the whole of `text`, literally. */
export function exactly(text: string): RegExp {
  return new RegExp(`^${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);
}

/** The row of a tree view whose label is exactly `label`. */
export function treeRow(pane: Locator, label: string): Locator {
  return pane.locator('.monaco-list-row').filter({ has: pane.page().locator('.label-name', { hasText: exactly(label) }) });
}

/** Waits until the row labelled `label` shows `description` (a whole-text match), and returns it. */
export async function waitForRow(pane: Locator, label: string, description: RegExp | string, timeoutMs = rowTimeoutMs): Promise<string> {
  const shown = treeRow(pane, label).locator('.label-description').filter({ hasText: typeof description === 'string' ? exactly(description) : description });
  await shown.waitFor({ timeout: timeoutMs });
  return shown.innerText();
}
