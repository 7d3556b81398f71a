// Bundles the extension, the standalone debug adapter and the CLIs into dist/ with esbuild, and
// the extension-host test suites into out/. Each entry is built only when its source exists.
import { build } from 'esbuild';
import { copyFileSync, existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(fileURLToPath(import.meta.url), '..', '..');
const entries = [
  ['src/extension/extension.ts', 'dist/extension.js'],
  ['src/adapter/main.ts', 'dist/adapter.js'],
];
// Command-line tools: src/cli/<name>.ts -> dist/cli/<name>.js (their helper modules are bundled in).
for (const name of ['dwarfdump', 'svd']) entries.push([`src/cli/${name}.ts`, `dist/cli/${name}.js`]);

rmSync(join(root, 'dist', 'cli'), { recursive: true, force: true });
await Promise.all(
  entries
    .filter(([source]) => existsSync(join(root, source)))
    .map(([source, outfile]) =>
      build({
        absWorkingDir: root,
        entryPoints: [source],
        outfile,
        bundle: true,
        platform: 'node',
        target: 'node20',
        format: 'cjs',
        sourcemap: true,
        external: ['vscode'],
        logLevel: 'warning',
      }),
    ),
);

// The Peripherals webview's bundle runs in the browser, not in Node; the codicon font and its css
// go next to it, because the webview may load only the extension's own files (its CSP).
if (existsSync(join(root, 'src', 'webview', 'peripherals', 'main.ts'))) {
  await build({
    absWorkingDir: root,
    entryPoints: ['src/webview/peripherals/main.ts'],
    outfile: 'dist/peripheralsView.js',
    bundle: true,
    platform: 'browser',
    target: 'chrome120',
    format: 'iife',
    minify: true,
    logLevel: 'warning',
  });
  mkdirSync(join(root, 'dist', 'codicons'), { recursive: true });
  for (const name of ['codicon.css', 'codicon.ttf']) {
    copyFileSync(join(root, 'node_modules', '@vscode', 'codicons', 'dist', name), join(root, 'dist', 'codicons', name));
  }
}

// The mocha suites that run inside the extension host, and their runner index, for VS Code's
// extensionTestsPath (test/host/README.md): test/host/suites/*.ts -> out/test/host/suites/*.js.
// mocha stays external: the suites and the index must share the one instance that runs them.
const hostSuitesDir = join(root, 'test', 'host', 'suites');
if (existsSync(hostSuitesDir)) {
  rmSync(join(root, 'out', 'test', 'host', 'suites'), { recursive: true, force: true });
  await build({
    absWorkingDir: root,
    entryPoints: readdirSync(hostSuitesDir).filter((name) => name === 'index.ts' || name.endsWith('.test.ts')).map((name) => `test/host/suites/${name}`),
    outdir: 'out/test/host/suites',
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    sourcemap: 'inline',
    external: ['vscode', 'mocha'],
    logLevel: 'warning',
  });
}

// The disassembler's WebAssembly goes next to the bundled adapter: an installed extension has no
// node_modules to find it in (src/adapter/disassembleRequest.ts looks in dist/ first).
if (existsSync(join(root, 'src', 'adapter', 'main.ts'))) {
  mkdirSync(join(root, 'dist'), { recursive: true });
  copyFileSync(join(root, 'node_modules', '@alexaltea', 'capstone-js', 'dist', 'capstone.wasm'), join(root, 'dist', 'capstone.wasm'));
}
