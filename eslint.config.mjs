// Lint configuration. The `layers` table enforces ARCHITECTURE.md's import rules: each src/ folder
// may import only the folders listed for it, and the pure layers no Node I/O and no vscode.
import tseslint from 'typescript-eslint';

const nodeIo = ['fs', 'fs/*', 'node:fs', 'node:fs/*', 'net', 'node:net', 'child_process', 'node:child_process',
  'http', 'node:http', 'https', 'node:https', 'dgram', 'node:dgram', 'worker_threads', 'node:worker_threads'];
const layers = ['common', 'openocd', 'elf', 'dwarf', 'svd', 'engine', 'adapter', 'extension', 'webview'];

/** What each layer may import (besides itself). */
const allowed = {
  common: [],
  openocd: ['common'],
  elf: ['common'],
  dwarf: ['common', 'elf'],
  svd: ['common'],
  engine: ['common', 'elf', 'dwarf', 'svd', 'openocd'],
  adapter: ['common', 'engine', 'elf', 'dwarf', 'svd', 'openocd'],
  extension: layers,
  webview: ['common'],
  cli: ['common', 'elf', 'dwarf', 'svd'],
};
const pure = new Set(['common', 'elf', 'dwarf', 'svd']);

function rulesFor(layer) {
  const forbidden = layers.filter((other) => other !== layer && !allowed[layer].includes(other));
  const patterns = forbidden.map((other) => ({
    group: [`**/${other}`, `**/${other}/*`, `**/${other}/**`],
    message: `src/${layer} may not import src/${other} (ARCHITECTURE.md import rules).`,
  }));
  // Other layers are reached only through their index.ts.
  patterns.push({
    group: layers.filter((other) => other !== layer).map((other) => `**/${other}/*`),
    message: 'Import another layer through its index.ts, not its files.',
  });
  if (layer !== 'extension' && layer !== 'webview') {
    patterns.push({ group: ['vscode'], message: 'Only src/extension and src/webview may import vscode.' });
  }
  if (!['adapter', 'extension'].includes(layer)) {
    patterns.push({
      group: ['@vscode/debugadapter', '@vscode/debugprotocol'],
      message: 'DAP types live only in src/adapter (ARCHITECTURE.md).',
    });
  }
  const paths = pure.has(layer)
    ? nodeIo.map((name) => ({ name, message: `src/${layer} is pure: no I/O (ARCHITECTURE.md).` }))
    : [];
  return { 'no-restricted-imports': ['error', { patterns, paths }] };
}

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', 'out/**', '.cache/**', 'test/firmware/build/**', 'test-artifacts/**'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-floating-promises': 'off',
    },
  },
  ...Object.keys(allowed).map((layer) => ({
    files: [`src/${layer}/**/*.ts`],
    rules: rulesFor(layer),
  })),
);
