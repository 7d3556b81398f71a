// Extension-host suite: what VS Code itself knows about the extension as built today (manifest,
// activation through its command, language association of OpenOCD files). Runs inside the real
// extension host through hostSuite(); started by test/host/extensionHost.test.ts.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { hostSuite } from '../harness/hostSuite';

const extensionId = 'openocd-debug.openocd-debug';

function workspaceUri(relativePath: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the window has no workspace folder');
  return vscode.Uri.joinPath(folder.uri, relativePath);
}

async function languageOf(relativePath: string): Promise<string> {
  return (await vscode.workspace.openTextDocument(workspaceUri(relativePath))).languageId;
}

export const run = hostSuite({
  'the extension under development is this repository': async () => {
    const extension = vscode.extensions.getExtension(extensionId);
    assert.ok(extension, `${extensionId} is not loaded`);
    assert.equal(extension.packageJSON.main, './dist/extension.js');
  },
  'executing openocd-debug.showLog activates the extension': async () => {
    await vscode.commands.executeCommand('openocd-debug.showLog');
    assert.equal(vscode.extensions.getExtension(extensionId)?.isActive, true);
  },
  'getCommands lists openocd-debug.showLog': async () => {
    const commands = await vscode.commands.getCommands(true);
    assert.ok(commands.includes('openocd-debug.showLog'));
  },
  'the openocd language is registered': async () => {
    assert.ok((await vscode.languages.getLanguages()).includes('openocd'));
  },
  'openocd/board.cfg opens as openocd': async () => {
    assert.equal(await languageOf('openocd/board.cfg'), 'openocd');
  },
  'openocd.cfg opens as openocd': async () => {
    assert.equal(await languageOf('openocd.cfg'), 'openocd');
  },
  'a *.openocd.tcl file opens as openocd': async () => {
    assert.equal(await languageOf('scripts/flash.openocd.tcl'), 'openocd');
  },
  'a .cfg file outside an openocd folder is not claimed': async () => {
    assert.notEqual(await languageOf('other/settings.cfg'), 'openocd');
  },
});
