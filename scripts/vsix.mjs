// Packs the built extension (dist/, media/, syntaxes/; .vscodeignore says what goes in) into a
// .vsix with vsce, offline. Does not build: `npm run package` builds first, then runs this.
// Usage: node scripts/vsix.mjs [out.vsix]   (default dist/openocd-debug.vsix)
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = join(fileURLToPath(import.meta.url), '..', '..');
export const defaultVsixPath = join(repoRoot, 'dist', 'openocd-debug.vsix');

/**
 * Packs the extension into `outfile` and returns its path. The bundles carry their dependencies,
 * so node_modules stays out (--no-dependencies); the repository URL is a placeholder.
 * @param {string} outfile
 * @returns {string}
 */
export function packVsix(outfile = defaultVsixPath) {
  if (!existsSync(join(repoRoot, 'dist', 'extension.js'))) throw new Error('dist/extension.js is missing: build first (node scripts/build.mjs)');
  const vsce = join(repoRoot, 'node_modules', '@vscode', 'vsce', 'vsce');
  const args = [vsce, 'package', '--no-dependencies', '--allow-missing-repository', '-o', outfile];
  const result = spawnSync(process.execPath, args, { cwd: repoRoot, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`vsce package failed (${result.status ?? result.error?.message}):\n${result.stdout}${result.stderr}`);
  return outfile;
}

const isMain = process.argv[1] !== undefined && fileURLToPath(import.meta.url) === resolve(process.argv[1]);
if (isMain) {
  try {
    console.log(`packed ${packVsix(process.argv[2] === undefined ? defaultVsixPath : resolve(process.argv[2]))}`);
  } catch (error) {
    console.error(error.message);
    process.exit(1);
  }
}
