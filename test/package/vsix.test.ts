// The packaged extension: `vsce package` must produce a .vsix holding the bundles, grammar and
// manifest, and nothing of the sources, tests or node_modules.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';

const root = join(__dirname, '..', '..');

describe('npm run package', () => {
  it('packs the bundles, grammar and manifest into a .vsix without sources or dependencies', () => {
    const dir = mkdtempSync(join(tmpdir(), 'vsix-'));
    try {
      const vsix = join(dir, 'openocd-debug.vsix');
      execFileSync(process.execPath, [join(root, 'node_modules', '@vscode', 'vsce', 'vsce'), 'package', '--no-dependencies', '--allow-missing-repository', '-o', vsix], { cwd: root, stdio: 'pipe' });
      const listing = execFileSync('python3', ['-c', 'import sys, zipfile; print("\\n".join(zipfile.ZipFile(sys.argv[1]).namelist()))', vsix], { encoding: 'utf8' }).split('\n');
      for (const file of ['extension/package.json', 'extension/dist/extension.js', 'extension/dist/adapter.js', 'extension/dist/capstone.wasm', 'extension/dist/cli/svd.js', 'extension/dist/cli/dwarfdump.js', 'extension/syntaxes/openocd.tmLanguage.json', 'extension/LICENSE.txt']) {
        assert.ok(listing.includes(file), `${file} missing from the .vsix:\n${listing.join('\n')}`);
      }
      const unwanted = listing.filter((f) => /^extension\/(src|test|node_modules|scripts)\/|\.map$|\.ts$/.test(f));
      assert.deepEqual(unwanted, []);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
