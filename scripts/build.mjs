// Bundles the extension, the standalone debug adapter and the CLIs into dist/ with esbuild.
// Each entry is built only when its source exists, so the build grows with the project.
import { build } from 'esbuild';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(fileURLToPath(import.meta.url), '..', '..');
const entries = [
  ['src/extension/extension.ts', 'dist/extension.js'],
  ['src/adapter/main.ts', 'dist/adapter.js'],
];
const cliDir = join(root, 'src', 'cli');
if (existsSync(cliDir)) {
  for (const file of readdirSync(cliDir)) {
    if (file.endsWith('.ts')) entries.push([`src/cli/${file}`, `dist/cli/${file.replace(/\.ts$/, '.js')}`]);
  }
}

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
