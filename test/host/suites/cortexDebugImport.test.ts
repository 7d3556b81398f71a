// Mocha suite in the extension host: "OpenOCD: Import Cortex-Debug launch configuration" run
// through vscode.commands on a folder whose .vscode/launch.json (JSONC, with comments) holds
// Cortex-Debug's documented OpenOCD entry (workspace `cortexDebugImport` in harness/hostSuites.ts).
import { suite, test } from 'mocha';
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { CortexDebugImportResult } from '../../../src/extension/cortexDebug/importCommand';
import { documentedEntry, importedEntry } from './cortexDebugSnippet';

const command = 'openocd-debug.importCortexDebug';

function folder(): vscode.WorkspaceFolder {
  const first = vscode.workspace.workspaceFolders?.[0];
  assert.ok(first, 'the window has no workspace folder');
  return first;
}

/** The folder's own launch configurations, as VS Code read them back from launch.json. */
function folderConfigurations(): Record<string, unknown>[] {
  const value = vscode.workspace.getConfiguration('launch', folder()).inspect<Record<string, unknown>[]>('configurations')?.workspaceFolderValue;
  assert.ok(Array.isArray(value), `no configurations in the folder: ${JSON.stringify(value)}`);
  return value;
}

async function launchJsonText(): Promise<string> {
  return new TextDecoder().decode(await vscode.workspace.fs.readFile(vscode.Uri.joinPath(folder().uri, '.vscode', 'launch.json')));
}

suite('Cortex-Debug import', () => {
  test('the command is contributed to the palette under OpenOCD and activates the extension', async () => {
    const manifest = vscode.extensions.getExtension('openocd-debug.openocd-debug')?.packageJSON as { activationEvents: string[]; contributes: { commands: { command: string }[] } };
    assert.deepEqual(manifest.contributes.commands.find((entry) => entry.command === command), { command, title: 'Import Cortex-Debug launch configuration', category: 'OpenOCD' });
    assert.ok(manifest.activationEvents.includes(`onCommand:${command}`));
  });
  test('imports the documented Cortex-Debug entry as an openocd launch, next to the original', async () => {
    const userEntries = vscode.workspace.getConfiguration('launch', folder()).inspect<{ name: string }[]>('configurations')?.globalValue;
    assert.deepEqual(userEntries?.map((entry) => entry.name), ['User board'], 'the user-settings entry the import must leave alone is missing');
    const result = await vscode.commands.executeCommand<CortexDebugImportResult>(command);
    assert.deepEqual(result, { folder: folder().uri.fsPath, imported: ['Debug with OpenOCD (OpenOCD Debug)'], skipped: [] });
    const configurations = folderConfigurations();
    assert.deepEqual(configurations.map((entry) => entry.name), ['Debug with OpenOCD', 'Node script', 'Debug with OpenOCD (OpenOCD Debug)'],
      'the user-settings entry must not be copied into the folder');
    assert.deepEqual(configurations[0], documentedEntry);
    assert.deepEqual(configurations[2], importedEntry);
    assert.match(await launchJsonText(), /\/\/ Cortex-Debug's snippet/, 'the comment before "configurations" is gone');
  });
  test('a second run imports nothing again and says it was imported before', async () => {
    const before = folderConfigurations().length;
    const result = await vscode.commands.executeCommand<CortexDebugImportResult>(command);
    assert.deepEqual(result, { folder: folder().uri.fsPath, imported: [], skipped: ['Debug with OpenOCD'] });
    assert.equal(folderConfigurations().length, before);
  });
});
