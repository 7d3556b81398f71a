// Proves the lint step enforces ARCHITECTURE.md's import rules: a file that breaks them fails eslint.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ESLint } from 'eslint';

async function lint(path: string, code: string): Promise<string[]> {
  const eslint = new ESLint({ cwd: process.cwd() });
  const [result] = await eslint.lintText(code, { filePath: path });
  return result.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('import boundaries', () => {
  it('a pure layer may not do I/O or import the engine', async () => {
    const messages = await lint('src/dwarf/probe.ts', "import { readFileSync } from 'fs';\nimport { x } from '../engine';\nexport const y = [readFileSync, x];\n");
    assert.equal(messages.length, 2, messages.join('\n'));
    assert.match(messages.join('\n'), /pure: no I\/O/);
    assert.match(messages.join('\n'), /src\/dwarf may not import src\/engine/);
  });

  it('only extension and webview may import vscode; DAP types only in adapter', async () => {
    assert.equal((await lint('src/engine/probe.ts', "import * as vscode from 'vscode';\nexport const v = vscode;\n")).length, 1);
    assert.equal((await lint('src/engine/probe.ts', "import { DebugSession } from '@vscode/debugadapter';\nexport const d = DebugSession;\n")).length, 1);
    assert.equal((await lint('src/extension/probe.ts', "import * as vscode from 'vscode';\nexport const v = vscode;\n")).length, 0);
  });

  it('another layer is reached only through its index', async () => {
    const messages = await lint('src/engine/probe.ts', "import { DebuggerError } from '../common/errors';\nexport const e = DebuggerError;\n");
    assert.match(messages.join('\n'), /through its index/);
    assert.equal((await lint('src/engine/probe.ts', "import { DebuggerError } from '../common';\nexport const e = DebuggerError;\n")).length, 0);
  });
});

describe('the session layer and the extension seam (issue 11)', () => {
  it('the adapter imports no openocd; the session may', async () => {
    assert.match((await lint('src/adapter/probe.ts', "import { TclClient } from '../openocd';\nexport const c = TclClient;\n")).join('\n'), /src\/adapter may not import src\/openocd/);
    assert.deepEqual(await lint('src/session/probe.ts', "import { TclClient } from '../openocd';\nexport const c = TclClient;\n"), []);
    assert.match((await lint('src/session/probe.ts', "import { x } from '../adapter';\nexport const c = x;\n")).join('\n'), /src\/session may not import src\/adapter/);
  });

  it('only engine/openocdTarget builds on the openocd layer', async () => {
    assert.match((await lint('src/engine/probe.ts', "import { TclClient } from '../openocd';\nexport const c = TclClient;\n")).join('\n'), /src\/engine may not import src\/openocd/);
    assert.deepEqual(await lint('src/engine/openocdTarget/probe.ts', "import { TclClient } from '../../openocd';\nexport const c = TclClient;\n"), []);
  });

  it('the extension reaches the adapter only through api.ts, and never the engine or session', async () => {
    assert.deepEqual(await lint('src/extension/probe.ts', "import { CUSTOM_REQUESTS } from '../adapter/api';\nexport const c = CUSTOM_REQUESTS;\n"), []);
    assert.match((await lint('src/extension/probe.ts', "import { OpenocdDebugSession } from '../adapter';\nexport const c = OpenocdDebugSession;\n")).join('\n'), /only through src\/adapter\/api\.ts/);
    assert.match((await lint('src/extension/probe.ts', "import { Session } from '../session';\nexport const c = Session;\n")).join('\n'), /src\/extension may not import src\/session/);
  });
});
