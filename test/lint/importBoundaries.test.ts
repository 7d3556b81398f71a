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
