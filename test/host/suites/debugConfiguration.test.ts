// Mocha suite in the extension host: the `openocd` debugger as VS Code loads it (manifest
// contribution, the registered configuration provider's initial configurations, defaults and
// refusals). Its workspace is `debugConfiguration` in test/host/harness/hostSuites.ts.
import { suite, test } from 'mocha';
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { OpenocdDebugApi } from '../../../src/extension/extension';

const extensionId = 'openocd-debug.openocd-debug';

function folder(): vscode.WorkspaceFolder {
  const first = vscode.workspace.workspaceFolders?.[0];
  assert.ok(first, 'the window has no workspace folder');
  return first;
}

async function api(): Promise<OpenocdDebugApi> {
  const extension = vscode.extensions.getExtension<OpenocdDebugApi>(extensionId);
  assert.ok(extension, `${extensionId} is not loaded`);
  return extension.activate();
}

/** Both steps VS Code runs before starting a session (no variables to substitute here). */
async function resolve(config: vscode.DebugConfiguration): Promise<vscode.DebugConfiguration | null | undefined> {
  const provider = (await api()).configurationProvider;
  const resolved = await provider.resolveDebugConfiguration(folder(), config);
  return provider.resolveDebugConfigurationWithSubstitutedVariables(folder(), resolved);
}

async function refusal(attempt: () => Promise<unknown>): Promise<string> {
  try {
    await attempt();
  } catch (error) {
    return (error as Error).message;
  }
  assert.fail('the configuration was accepted');
}

suite('the openocd debugger and its configurations', () => {
  test('the openocd debugger is contributed with dist/adapter.js on node', async () => {
    const extension = vscode.extensions.getExtension(extensionId);
    assert.ok(extension, `${extensionId} is not loaded`);
    const [debuggerEntry] = extension.packageJSON.contributes.debuggers;
    assert.equal(debuggerEntry.type, 'openocd');
    assert.equal(debuggerEntry.label, 'OpenOCD Debug');
    assert.equal(debuggerEntry.program, './dist/adapter.js');
    assert.equal(debuggerEntry.runtime, 'node');
    assert.deepEqual(Object.keys(debuggerEntry.configurationAttributes).sort(), ['attach', 'launch']);
  });
  test('activation returns the API with the registered configuration provider', async () => {
    const exported = await api();
    assert.equal(vscode.extensions.getExtension(extensionId)?.isActive, true);
    assert.equal(typeof exported.configurationProvider.resolveDebugConfiguration, 'function');
  });
  test('the adapter descriptor is `node <this extension>/dist/adapter.js`', async () => {
    const descriptor = (await api()).adapterDescriptorFactory.createDebugAdapterDescriptor();
    assert.ok(descriptor instanceof vscode.DebugAdapterExecutable, 'not an executable adapter');
    assert.equal(descriptor.command, 'node');
    const extension = vscode.extensions.getExtension(extensionId);
    assert.ok(extension);
    assert.deepEqual(descriptor.args, [vscode.Uri.joinPath(extension.extensionUri, 'dist', 'adapter.js').fsPath]);
  });
  test('initial configurations use the folder\'s ELF and openocd.cfg', async () => {
    const configs = await (await api()).configurationProvider.provideDebugConfigurations(folder());
    assert.deepEqual(configs.map((config) => [config.request, config.name]), [['launch', 'OpenOCD: launch'], ['attach', 'OpenOCD: attach']]);
    assert.equal(configs[0].executable, '${workspaceFolder}/build/app.elf');
    assert.deepEqual(configs[0].configFiles, ['${workspaceFolder}/openocd.cfg']);
    assert.equal(configs[0].runToEntryPoint, 'main');
    assert.equal(configs[1].tclPort, 6666);
  });
  test('resolving fills cwd with the workspace folder, load for launch, the Tcl address for attach', async () => {
    const provider = (await api()).configurationProvider;
    const launch = await provider.resolveDebugConfiguration(folder(), {
      type: 'openocd', request: 'launch', name: 'app', executable: '${workspaceFolder}/build/app.elf', configFiles: ['openocd.cfg'],
    });
    assert.equal(launch.cwd, folder().uri.fsPath);
    assert.equal(launch.load, true);
    const attach = await provider.resolveDebugConfiguration(folder(), { type: 'openocd', request: 'attach', name: 'a', executable: 'build/app.elf' });
    assert.equal(attach.load, undefined, 'load is a launch attribute: the adapter refuses it in an attach');
    assert.equal(attach.host, '127.0.0.1');
    assert.equal(attach.tclPort, 6666);
    provider.resolveDebugConfigurationWithSubstitutedVariables(folder(), attach);
  });
  test('a launch takes openocdLogInConsole from the setting debugConsole.showOpenocdLog unless it sets it; an attach never gets it', async () => {
    const provider = (await api()).configurationProvider;
    const settings = vscode.workspace.getConfiguration('openocd-debug');
    const launch = { type: 'openocd', request: 'launch', name: 'app', executable: '${workspaceFolder}/build/app.elf', configFiles: ['openocd.cfg'] };
    assert.equal((await provider.resolveDebugConfiguration(folder(), { ...launch })).openocdLogInConsole, false, 'the setting is off by default');
    await settings.update('debugConsole.showOpenocdLog', true, vscode.ConfigurationTarget.Global);
    try {
      assert.equal((await provider.resolveDebugConfiguration(folder(), { ...launch })).openocdLogInConsole, true);
      assert.equal((await provider.resolveDebugConfiguration(folder(), { ...launch, openocdLogInConsole: false })).openocdLogInConsole, false, 'launch.json wins');
      const attach = await provider.resolveDebugConfiguration(folder(), { type: 'openocd', request: 'attach', name: 'a', executable: 'build/app.elf' });
      assert.equal(attach.openocdLogInConsole, undefined, 'a launch attribute: the adapter refuses it in an attach');
      provider.resolveDebugConfigurationWithSubstitutedVariables(folder(), attach);
    } finally {
      await settings.update('debugConsole.showOpenocdLog', undefined, vscode.ConfigurationTarget.Global);
    }
  });
  test('F5 without launch.json resolves to the launch initial configuration', async () => {
    const resolved = await (await api()).configurationProvider.resolveDebugConfiguration(folder(), { type: '', request: '', name: '' });
    assert.equal(resolved.request, 'launch');
    assert.equal(resolved.executable, '${workspaceFolder}/build/app.elf');
    assert.equal(resolved.cwd, folder().uri.fsPath);
  });
  test('a configuration without executable is refused, naming executable', async () => {
    const message = await refusal(() => resolve({ type: 'openocd', request: 'launch', name: 'no elf', configFiles: ['openocd.cfg'] }));
    assert.match(message, /"executable" is required/);
  });
  test('a launch without configFiles is refused, naming configFiles', async () => {
    const message = await refusal(() => resolve({ type: 'openocd', request: 'launch', name: 'no cfg', executable: 'build/app.elf' }));
    assert.match(message, /"configFiles" is required/);
  });
  test('an executable that does not exist is refused, naming executable and the path', async () => {
    const message = await refusal(() => resolve({ type: 'openocd', request: 'attach', name: 'gone', executable: 'build/missing.elf' }));
    assert.match(message, /"executable": no such file .*build\/missing\.elf/);
  });
});
