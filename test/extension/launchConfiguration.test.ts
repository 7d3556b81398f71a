// launchConfiguration.ts: defaults that the adapter accepts, initial configurations, refusals
// naming the attribute, and package.json's schema agreeing with the adapter's attribute table.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { launchAttributes } from '../../src/adapter';
import { UserError } from '../../src/common';
import {
  checkConfiguration, initialConfigurations, isEmptyConfiguration, withDefaults, type OpenocdDebugConfiguration,
} from '../../src/extension/launchConfiguration';

let workspace: string;
const launch: OpenocdDebugConfiguration = {
  type: 'openocd', request: 'launch', name: 'app', executable: 'build/app.elf', configFiles: ['target/stm32f0x.cfg'],
};
const attach: OpenocdDebugConfiguration = { type: 'openocd', request: 'attach', name: 'a', executable: 'build/app.elf' };

function refusal(config: OpenocdDebugConfiguration): string {
  try {
    checkConfiguration(config, workspace);
  } catch (error) {
    assert.ok(error instanceof UserError, `not a UserError: ${String(error)}`);
    return error.message;
  }
  assert.fail('the configuration was accepted');
}

describe('launch.json configuration', () => {
  before(() => {
    workspace = mkdtempSync(join(tmpdir(), 'openocd-debug-launch-config-'));
    writeFileSync(join(workspace, 'app.elf'), '');
  });
  after(() => rmSync(workspace, { recursive: true, force: true }));

  it('accepts a launch and an attach once defaults are filled', () => {
    checkConfiguration(withDefaults({ ...launch, executable: 'app.elf' }, workspace), workspace);
    checkConfiguration(withDefaults({ ...attach, executable: 'app.elf' }, workspace), workspace);
  });

  it('refuses a missing executable, naming it', () => {
    const { executable: _launchElf, ...launchWithout } = launch;
    const { executable: _attachElf, ...attachWithout } = attach;
    assert.match(refusal(launchWithout), /"executable" is required/);
    assert.match(refusal(attachWithout), /"executable" is required/);
  });

  it('refuses an executable that does not exist, naming it and the path', () => {
    assert.match(refusal(launch), new RegExp(`"executable": no such file ${join(workspace, 'build', 'app.elf')}`));
  });

  it('refuses a launch that gives OpenOCD no configuration, naming configFiles', () => {
    const { configFiles: _files, ...withoutFiles } = launch;
    assert.match(refusal({ ...withoutFiles, executable: 'app.elf' }), /"configFiles" is required/);
  });

  it('refuses an unknown request, naming request', () => {
    assert.match(refusal({ ...launch, request: 'run' }), /"request" must be "launch" or "attach"; got "run"/);
  });

  it('fills cwd for both, load for launch, and the Tcl address for attach, keeping given values', () => {
    assert.deepEqual(withDefaults(launch, '/ws'), { ...launch, cwd: '/ws', load: true });
    assert.deepEqual(withDefaults({ ...attach, tclPort: 7000 }, undefined), {
      ...attach, cwd: '${workspaceFolder}', host: '127.0.0.1', tclPort: 7000,
    });
    assert.equal(withDefaults({ ...launch, load: false }, '/ws').load, false);
    assert.equal(withDefaults({ ...launch, cwd: 'sub' }, '/ws').cwd, 'sub');
  });

  it('writes launch and attach initial configurations that use the folder\'s files', () => {
    const found = initialConfigurations({ elfPath: 'out/app.elf', hasOpenocdCfg: true });
    assert.deepEqual(found.map((config) => config.request), ['launch', 'attach']);
    assert.equal(found[0].executable, '${workspaceFolder}/out/app.elf');
    assert.deepEqual(found[0].configFiles, ['${workspaceFolder}/openocd.cfg']);
    const fallback = initialConfigurations({ hasOpenocdCfg: false });
    assert.equal(fallback[0].executable, '${workspaceFolder}/build/firmware.elf');
    assert.deepEqual(fallback[0].configFiles, ['interface/stlink.cfg', 'target/stm32f0x.cfg']);
    for (const config of [...found, ...fallback]) {
      const runnable = withDefaults({ ...config, executable: 'app.elf' }, workspace);
      checkConfiguration(runnable, workspace);
    }
  });

  it('package.json declares, per request, exactly the attributes the adapter reads, with its types', () => {
    const manifest = JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8'));
    const [debuggerEntry] = manifest.contributes.debuggers;
    for (const request of ['launch', 'attach'] as const) {
      const declared = debuggerEntry.configurationAttributes[request].properties as Record<string, { type: string; description: string }>;
      const expected = Object.entries(launchAttributes).filter(([, attribute]) => attribute.requests.includes(request));
      assert.deepEqual(Object.keys(declared).sort(), expected.map(([name]) => name).sort(), request);
      for (const [name, attribute] of expected) {
        assert.equal(declared[name].type, attribute.type, `${request}.${name}`);
        assert.ok(declared[name].description, `${request}.${name} has no description`);
      }
    }
    for (const initial of debuggerEntry.initialConfigurations) {
      checkConfiguration(withDefaults({ ...initial, executable: 'app.elf' }, workspace), workspace);
    }
  });

  it('recognises the empty configuration of F5 without launch.json', () => {
    assert.equal(isEmptyConfiguration({}), true);
    assert.equal(isEmptyConfiguration({ type: 'openocd' }), false);
  });
});
