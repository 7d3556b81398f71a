// Benchmark of the Peripherals view on STM32H743x.svd: parse + view model in Node, then the real
// webview bundle (dist/peripheralsView.js) in headless Debian chromium on a static page: the first
// render of the tree, and a stop's refresh of 50 expanded registers (values message -> cells).
// DAP requests per refresh are counted on a fake session. Never pass/fail. Run `npm run build` first.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type * as vscode from 'vscode';
import { chromium } from 'playwright-core';
import { buildPeripheralModel, refreshPaths, shownValues } from '../../src/extension/peripherals/peripheralModel';
import type { HostMessage, ShownValue } from '../../src/extension/peripherals/peripheralMessages';
import { PeripheralReader } from '../../src/extension/peripherals/peripheralReader';
import { parseSvd } from '../../src/svd';
import { median } from './benchStats';

const root = join(__dirname, '..', '..');
const SVD = join(root, '..', 'shared', 'svd', 'STM32H743x.svd');
/** GPIOA..GPIOF: 9 registers each that a stop reads (BSRR is write-only), 54 in all, each expanded to its fields. */
const EXPANDED = ['GPIOA', 'GPIOB', 'GPIOC', 'GPIOD', 'GPIOE', 'GPIOF'];
const REFRESHES = 20;

const ms = (value: number): string => `${value.toFixed(1)} ms`;

function timed<T>(run: () => T): { value: T; ms: number } {
  const start = performance.now();
  const value = run();
  return { value, ms: performance.now() - start };
}

async function main(): Promise<void> {
  const text = readFileSync(SVD, 'utf8');
  const parsed = timed(() => parseSvd(text));
  const built = timed(() => buildPeripheralModel(parsed.value, SVD));
  const model = built.value;
  const paths = refreshPaths(model, new Set(EXPANDED));
  console.log(`${model.device.name}: ${model.peripherals.length} peripherals, ${model.registers.size} registers, ${model.fields.size} fields`);
  console.log(`parseSvd ${ms(parsed.ms)}, view model ${ms(built.ms)}, model message ${(JSON.stringify(model.peripherals).length / 1e6).toFixed(2)} MB of JSON`);

  // The refresh on a fake session: how many DAP requests one stop costs the view.
  const requests: string[] = [];
  const session = {
    customRequest: async (command: string, args: { paths: string[] }) => {
      requests.push(command);
      return { values: Object.fromEntries(args.paths.map((path, index) => [path, index * 0x01010101])), errors: {}, running: false };
    },
  } as unknown as vscode.DebugSession;
  const reader = new PeripheralReader(session, model);
  const refreshMs: number[] = [];
  let values: Record<string, ShownValue> = {};
  for (let round = 0; round < REFRESHES; round++) {
    const start = performance.now();
    values = (await reader.refresh(new Set(EXPANDED)))?.values ?? {};
    refreshMs.push(performance.now() - start);
  }
  console.log(`refresh of ${paths.length} registers (${Object.keys(values).length} values with fields): ${requests.length / REFRESHES} DAP request per stop (${requests[0]}), decode ${ms(median(refreshMs))} median; the session answers it from the stop's batch, 0 Tcl round trips (peripherals.bench.ts)`);

  const dir = mkdtempSync(join(tmpdir(), 'openocd-peripherals-bench-'));
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: ['--no-sandbox', '--allow-file-access-from-files'] });
  try {
    // A static page with the bundle: acquireVsCodeApi stubbed, no CSP (the bench measures drawing, not the workbench).
    writeFileSync(join(dir, 'stub.js'), 'window.acquireVsCodeApi = () => ({ postMessage() {}, getState() {}, setState() {} });\n');
    writeFileSync(join(dir, 'page.html'), `<!DOCTYPE html><html><head><link rel="stylesheet" href="file://${root}/media/peripherals.css"></head><body><div id="toolbar"></div><div id="status"></div><div id="tree"></div><script src="stub.js"></script><script src="file://${root}/dist/peripheralsView.js"></script></body></html>`);
    const page = await browser.newPage();
    await page.goto(`file://${dir}/page.html`);
    const expandedRegisters = paths;
    const render = async (message: HostMessage): Promise<{ ms: number; rows: number }> =>
      page.evaluate((data) => {
        // globalThis: tsx renames this file's `performance` import, which the page does not have.
        const start = globalThis.performance.now();
        window.dispatchEvent(new MessageEvent('message', { data }));
        void document.body.offsetHeight;
        return { ms: globalThis.performance.now() - start, rows: document.querySelectorAll('.row').length };
      }, message as never);
    const choices = { expanded: [], pinned: [], formats: {}, defaultFormat: 'hex' } as const;
    const collapsed = await render({ type: 'model', title: 'H743', peripherals: model.peripherals, choices });
    console.log(`chromium: first render, all collapsed: ${ms(collapsed.ms)} for ${collapsed.rows} rows`);
    const open = await render({ type: 'choices', choices: { ...choices, expanded: [...EXPANDED, ...expandedRegisters] } });
    console.log(`chromium: ${EXPANDED.join(', ')} and their ${expandedRegisters.length} registers expanded: ${ms(open.ms)} for ${open.rows} rows`);
    const refresh: number[] = [];
    for (let round = 0; round < REFRESHES; round++) {
      const shifted = Object.fromEntries(paths.flatMap((path) => Object.entries(shownValues(model.registers.get(path)!, (round * 0x11111111 + path.length) >>> 0))));
      refresh.push((await render({ type: 'values', values: shifted, errors: {}, stop: true })).ms);
    }
    console.log(`chromium: a stop's values for ${paths.length} registers and their fields drawn in ${ms(median(refresh))} median of ${REFRESHES}`);
  } finally {
    await browser.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
