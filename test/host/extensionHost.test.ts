// Runs every mocha suite of test/host/suites inside a real VS Code extension host (code-server),
// each in its own window and workspace (harness/hostSuites.ts), with the extension loaded from
// this repository. scripts/test.mjs adds mocha's own counts to its summary line.
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { ensureCodeServer } from '../../scripts/codeServer.mjs';
import { codeServerInstallTimeoutMs, extensionHostTest } from './harness/extensionHostSuite';
import { hostSuites } from './harness/hostSuites';

describe('mocha suites in the VS Code extension host (code-server)', () => {
  before(() => ensureCodeServer(), { timeout: codeServerInstallTimeoutMs });

  it('every suite in test/host/suites has a workspace, and every workspace a suite', () => {
    const suites = readdirSync(join(__dirname, 'suites')).filter((name) => name.endsWith('.test.ts')).map((name) => name.replace(/\.test\.ts$/, ''));
    assert.deepEqual(suites.sort(), Object.keys(hostSuites).sort());
  });

  for (const name of Object.keys(hostSuites)) extensionHostTest(name);
});
