// Mocha suite in the extension host: what VS Code itself knows about the extension as built today
// (manifest, activation through its command, language association of OpenOCD files). Its workspace
// is `extension` in test/host/harness/hostSuites.ts; index.ts runs it.
import { suite, test } from 'mocha';
import assert from 'node:assert/strict';
import * as vscode from 'vscode';

const extensionId = 'openocd-debug.openocd-debug';

function workspaceUri(relativePath: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the window has no workspace folder');
  return vscode.Uri.joinPath(folder.uri, relativePath);
}

async function languageOf(relativePath: string): Promise<string> {
  return (await vscode.workspace.openTextDocument(workspaceUri(relativePath))).languageId;
}

suite('the extension in VS Code', () => {
  test('the extension under development is this repository', async () => {
    const extension = vscode.extensions.getExtension(extensionId);
    assert.ok(extension, `${extensionId} is not loaded`);
    assert.equal(extension.packageJSON.main, './dist/extension.js');
  });
  test('executing openocd-debug.showLog activates the extension', async () => {
    await vscode.commands.executeCommand('openocd-debug.showLog');
    assert.equal(vscode.extensions.getExtension(extensionId)?.isActive, true);
  });
  test('getCommands lists openocd-debug.showLog', async () => {
    const commands = await vscode.commands.getCommands(true);
    assert.ok(commands.includes('openocd-debug.showLog'));
  });
  test('the openocd language is registered', async () => {
    assert.ok((await vscode.languages.getLanguages()).includes('openocd'));
  });
  test('openocd/board.cfg opens as openocd', async () => {
    assert.equal(await languageOf('openocd/board.cfg'), 'openocd');
  });
  test('openocd.cfg opens as openocd', async () => {
    assert.equal(await languageOf('openocd.cfg'), 'openocd');
  });
  test('a *.openocd.tcl file opens as openocd', async () => {
    assert.equal(await languageOf('scripts/flash.openocd.tcl'), 'openocd');
  });
  test('a .cfg file outside an openocd folder is not claimed', async () => {
    assert.notEqual(await languageOf('other/settings.cfg'), 'openocd');
  });
});
