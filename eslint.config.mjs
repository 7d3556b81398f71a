// Lint configuration. The `layers` table enforces ARCHITECTURE.md's import rules: each src/ folder
// may import only the folders listed for it, and the pure layers no Node I/O and no vscode.
import tseslint from 'typescript-eslint';

const nodeIo = ['fs', 'fs/*', 'node:fs', 'node:fs/*', 'net', 'node:net', 'child_process', 'node:child_process',
  'http', 'node:http', 'https', 'node:https', 'dgram', 'node:dgram', 'worker_threads', 'node:worker_threads'];
const layers = ['common', 'openocd', 'elf', 'dwarf', 'svd', 'engine', 'session', 'adapter', 'cli', 'extension', 'webview'];

/** What each layer may import (besides itself). */
const allowed = {
  common: [],
  openocd: ['common'],
  elf: ['common'],
  dwarf: ['common', 'elf'],
  svd: ['common'],
  engine: ['common', 'elf', 'dwarf', 'svd'],
  session: ['common', 'engine', 'openocd', 'elf', 'svd'],
  adapter: ['common', 'session', 'engine'],
  cli: ['common', 'elf', 'dwarf', 'svd'],
  extension: ['common', 'svd', 'adapter'],
  webview: ['extension'],
};
/** Narrower folders with a rule of their own: the OpenOCD implementation of the engine's Target port. */
const exceptions = {
  'engine/openocdTarget': { layer: 'engine', extra: ['openocd'] },
};
const pure = new Set(['common', 'elf', 'dwarf', 'svd']);
/**
 * The extension reaches the adapter only through src/adapter/api.ts (custom request types, the
 * launch.json check): never its index, which brings the whole DAP session and the engine along.
 * The webview imports nothing of ours but the message types it shares with the extension.
 */
const onlyThrough = { extension: { adapter: 'api' }, webview: { extension: 'peripherals/peripheralMessages' } };

function rulesFor(layer, extra = []) {
  const forbidden = layers.filter((other) => other !== layer && !allowed[layer].includes(other) && !extra.includes(other));
  const patterns = forbidden.map((other) => ({
    group: [`**/${other}`, `**/${other}/*`, `**/${other}/**`],
    message: `src/${layer} may not import src/${other} (docs/ARCHITECTURE.md import rules).`,
  }));
  for (const [other, module] of Object.entries(onlyThrough[layer] ?? {})) {
    patterns.push({
      regex: `(^|/)${other}(/(?!${module}$).*)?$`,
      message: `src/${layer} reaches src/${other} only through src/${other}/${module}.ts (docs/ARCHITECTURE.md).`,
    });
  }
  // Other layers are reached only through their index.ts.
  patterns.push({
    group: layers.filter((other) => other !== layer && !(other in (onlyThrough[layer] ?? {}))).map((other) => `**/${other}/*`),
    message: 'Import another layer through its index.ts, not its files.',
  });
  if (layer !== 'extension' && layer !== 'webview') {
    patterns.push({ group: ['vscode'], message: 'Only src/extension and src/webview may import vscode.' });
  }
  if (!['adapter', 'extension'].includes(layer)) {
    patterns.push({
      group: ['@vscode/debugadapter', '@vscode/debugprotocol'],
      message: 'DAP types live only in src/adapter (docs/ARCHITECTURE.md).',
    });
  }
  const paths = pure.has(layer)
    ? nodeIo.map((name) => ({ name, message: `src/${layer} is pure: no I/O (docs/ARCHITECTURE.md).` }))
    : [];
  return { 'no-restricted-imports': ['error', { patterns, paths }] };
}

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', 'out/**', '.cache/**', '.vscode-test/**', 'test/firmware/build/**', 'test-artifacts/**'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-floating-promises': 'off',
    },
  },
  ...Object.keys(allowed).map((layer) => ({
    files: [`src/${layer}/**/*.ts`],
    ignores: Object.keys(exceptions).filter((folder) => exceptions[folder].layer === layer).map((folder) => `src/${folder}/**`),
    rules: rulesFor(layer),
  })),
  ...Object.entries(exceptions).map(([folder, { layer, extra }]) => ({
    files: [`src/${folder}/**/*.ts`],
    rules: rulesFor(layer, extra),
  })),
);
