// The packaged extension: scripts/vsix.mjs (npm run package) must produce a .vsix holding the
// bundles, every file of media/ and syntaxes/ and the manifest, and nothing of the sources, tests
// or node_modules: .vscodeignore lists what goes in.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { packVsix } from '../../scripts/vsix.mjs';

const root = join(__dirname, '..', '..');

describe('npm run package', () => {
  it('packs the bundles, media, grammar and manifest into a .vsix without sources or dependencies', () => {
    const dir = mkdtempSync(join(tmpdir(), 'vsix-'));
    try {
      const vsix = packVsix(join(dir, 'openocd-debug.vsix'));
      const listing = execFileSync('python3', ['-c', 'import sys, zipfile; print("\\n".join(zipfile.ZipFile(sys.argv[1]).namelist()))', vsix], { encoding: 'utf8' }).split('\n');
      const folderFiles = (folder: string) => readdirSync(join(root, folder)).map((name) => `extension/${folder}/${name}`);
      const expected = [
        'extension/package.json', 'extension/dist/extension.js', 'extension/dist/adapter.js', 'extension/dist/capstone.wasm',
        'extension/dist/cli/svd.js', 'extension/dist/cli/dwarfdump.js', 'extension/LICENSE.txt',
        ...folderFiles('media'), ...folderFiles('syntaxes'),
      ];
      for (const file of expected) assert.ok(listing.includes(file), `${file} missing from the .vsix:\n${listing.join('\n')}`);
      const unwanted = listing.filter((f) => /^extension\/(src|test|node_modules|scripts|out)\/|\.map$|\.ts$/.test(f));
      assert.deepEqual(unwanted, []);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
