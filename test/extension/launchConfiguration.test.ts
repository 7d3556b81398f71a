// launchConfiguration.ts: defaults, initial configurations, and a refusal naming the attribute
// for every wrong or missing value a user can write in launch.json.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { UserError } from '../../src/common';
import {
  checkConfiguration, initialConfigurations, isEmptyConfiguration, withDefaults, type OpenocdDebugConfiguration,
} from '../../src/extension/launchConfiguration';

const launch: OpenocdDebugConfiguration = {
  type: 'openocd', request: 'launch', name: 'app', executable: 'build/app.elf', configFiles: ['target/stm32f0x.cfg'],
};

function refusal(config: OpenocdDebugConfiguration): string {
  try {
    checkConfiguration(config);
  } catch (error) {
    assert.ok(error instanceof UserError, `not a UserError: ${String(error)}`);
    return error.message;
  }
  assert.fail('the configuration was accepted');
}

describe('launch.json configuration', () => {
  it('accepts a minimal launch and a minimal attach', () => {
    checkConfiguration(launch);
    checkConfiguration({ type: 'openocd', request: 'attach', name: 'a', executable: 'app.elf' });
    checkConfiguration({ ...launch, configFiles: undefined, openocdCommands: ['source [find board.cfg]'] });
  });

  it('refuses a missing or empty executable, naming it', () => {
    assert.match(refusal({ ...launch, executable: undefined }), /'app': 'executable' is missing/);
    assert.match(refusal({ ...launch, executable: '' }), /'executable' is missing/);
  });

  it('refuses a launch that gives OpenOCD no configuration', () => {
    assert.match(refusal({ ...launch, configFiles: undefined }), /'configFiles' is missing/);
    assert.match(refusal({ ...launch, configFiles: [], openocdCommands: [] }), /'configFiles' is missing/);
  });

  it('refuses an unknown request', () => {
    assert.match(refusal({ ...launch, request: 'run' }), /'request' must be "launch" or "attach", not "run"/);
  });

  it('names each attribute of the wrong type', () => {
    const wrong: [string, unknown, RegExp][] = [
      ['executable', 3, /must be a string/],
      ['openocdPath', ['openocd'], /must be a string/],
      ['host', false, /must be a string/],
      ['runToEntryPoint', 1, /must be a string/],
      ['svdFile', {}, /must be a string/],
      ['cwd', 0, /must be a string/],
      ['configFiles', 'target.cfg', /must be a list of strings/],
      ['searchDir', [1], /must be a list of strings/],
      ['openocdCommands', 'init', /must be a list of strings/],
      ['load', 'yes', /must be true or false/],
      ['stopAtEntry', 1, /must be true or false/],
      ['tclPort', 70000, /must be a TCP port number/],
      ['tclPort', '6666', /must be a TCP port number/],
      ['sourceFileMap', ['/a'], /must be an object/],
      ['sourceFileMap', { '/a': 1 }, /must be an object/],
    ];
    for (const [attribute, value, problem] of wrong) {
      const message = refusal({ ...launch, [attribute]: value });
      assert.match(message, new RegExp(`'${attribute}' `), `${attribute}: ${message}`);
      assert.match(message, problem, `${attribute}: ${message}`);
    }
  });

  it('fills cwd, load and stopAtEntry, and for attach the Tcl address, keeping given values', () => {
    assert.deepEqual(withDefaults(launch, '/ws'), { ...launch, cwd: '/ws', load: true, stopAtEntry: false });
    const attach = withDefaults({ type: 'openocd', request: 'attach', name: 'a', executable: 'x.elf', tclPort: 7000 }, undefined);
    assert.deepEqual(attach, {
      type: 'openocd', request: 'attach', name: 'a', executable: 'x.elf', cwd: '${workspaceFolder}', load: false,
      stopAtEntry: false, host: '127.0.0.1', tclPort: 7000,
    });
    assert.equal(withDefaults({ ...launch, load: false, cwd: 'sub' }, '/ws').load, false);
    assert.equal(withDefaults({ ...launch, cwd: 'sub' }, '/ws').cwd, 'sub');
  });

  it('writes initial configurations that pass the checks and use the folder\'s files', () => {
    const found = initialConfigurations({ elfPath: 'out/app.elf', hasOpenocdCfg: true });
    assert.deepEqual(found.map((config) => config.request), ['launch', 'attach']);
    assert.equal(found[0].executable, '${workspaceFolder}/out/app.elf');
    assert.deepEqual(found[0].configFiles, ['${workspaceFolder}/openocd.cfg']);
    for (const config of [...found, ...initialConfigurations({ hasOpenocdCfg: false })]) checkConfiguration(config);
  });

  it('agrees with package.json: every attribute checked is declared for launch and attach', () => {
    const manifest = JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8'));
    const [debuggerEntry] = manifest.contributes.debuggers;
    for (const request of ['launch', 'attach']) {
      const declared = Object.keys(debuggerEntry.configurationAttributes[request].properties).sort();
      assert.deepEqual(declared, ['configFiles', 'cwd', 'executable', 'host', 'load', 'openocdCommands', 'openocdPath',
        'runToEntryPoint', 'searchDir', 'sourceFileMap', 'stopAtEntry', 'svdFile', 'tclPort']);
      for (const [attribute, schema] of Object.entries(debuggerEntry.configurationAttributes[request].properties)) {
        assert.ok((schema as { description?: string }).description, `${request}.${attribute} has no description`);
      }
    }
    for (const initial of debuggerEntry.initialConfigurations) checkConfiguration(initial);
  });

  it('recognises the empty configuration of F5 without launch.json', () => {
    assert.equal(isEmptyConfiguration({}), true);
    assert.equal(isEmptyConfiguration({ type: 'openocd' }), false);
  });
});
