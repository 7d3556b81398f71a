// Tests of the launch.json validator: defaults, path resolution against cwd, and errors that name
// the attribute, on a real temporary directory (files that exist and files that do not).
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { UserError } from '../../src/common';
import { launchAttributes, validateSessionConfig } from '../../src/adapter/launchConfig';
import { makeLaunchConfigDir } from './launchConfigDir';

describe('validateSessionConfig', () => {
  let dir: string;
  before(() => {
    dir = makeLaunchConfigDir('launch-config-');
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  const launch = (args: Record<string, unknown>) => validateSessionConfig('launch', args, { workspaceFolder: dir });
  const errorOf = (run: () => unknown): string => {
    try {
      run();
    } catch (error) {
      assert.ok(error instanceof UserError, `expected a UserError, got ${String(error)}`);
      return error.message;
    }
    assert.fail('expected an error');
  };

  it('resolves paths against cwd and applies the launch defaults', () => {
    const settings = launch({ type: 'openocd', name: 'x', executable: 'build/app.elf', configFiles: ['cfg/board.cfg', 'target/stm32f0x.cfg'], searchDir: 'cfg', svdFile: 'chip.svd', sourceFileMap: { '/build': 'src' }, __sessionId: 'abc' });
    assert.equal(settings.request, 'launch');
    if (settings.request !== 'launch') return;
    assert.equal(settings.executable, join(dir, 'build', 'app.elf'));
    assert.deepEqual(settings.configFiles, [join(dir, 'cfg', 'board.cfg'), 'target/stm32f0x.cfg']);
    assert.deepEqual(settings.searchDirs, [join(dir, 'cfg')]);
    assert.equal(settings.svdFile, join(dir, 'chip.svd'));
    assert.deepEqual(settings.sourceFileMap, { '/build': join(dir, 'src') });
    assert.equal(settings.openocdPath, 'openocd');
    assert.equal(settings.load, true);
    assert.deepEqual(settings.entry, { kind: 'run' });
    assert.equal(settings.tclPort, undefined);
    assert.deepEqual(settings.unknownAttributes, []);
    assert.equal(settings.openocdLogInConsole, false);
  });

  it('honours cwd, runToEntryPoint, stopAtEntry and load', () => {
    const settings = validateSessionConfig('launch', { cwd: 'build', executable: 'app.elf', configFiles: ['t.cfg'], load: false, runToEntryPoint: ' main ' }, { workspaceFolder: dir });
    assert.ok(settings.request === 'launch');
    assert.equal(settings.executable, join(dir, 'build', 'app.elf'));
    assert.equal(settings.load, false);
    assert.deepEqual(settings.entry, { kind: 'runTo', functionName: 'main' });
    const stop = launch({ executable: 'build/app.elf', configFiles: ['t.cfg'], stopAtEntry: true });
    assert.ok(stop.request === 'launch');
    assert.deepEqual(stop.entry, { kind: 'stop' });
  });

  it('reads openocdLogInConsole for launch only: attach has no OpenOCD log', () => {
    assert.equal(launch({ executable: 'build/app.elf', configFiles: ['t.cfg'], openocdLogInConsole: true }).openocdLogInConsole, true);
    assert.equal(errorOf(() => launch({ executable: 'build/app.elf', configFiles: ['t.cfg'], openocdLogInConsole: 'yes' })), 'launch.json: "openocdLogInConsole" must be true or false; got "yes"');
    assert.equal(errorOf(() => validateSessionConfig('attach', { executable: 'build/app.elf', openocdLogInConsole: true }, { workspaceFolder: dir })), 'launch.json: "openocdLogInConsole" applies only to launch requests, not to "attach"');
  });

  it('reads verifyBeforeFlashing for launch only, true by default, and names a wrong value', () => {
    const base = { executable: 'build/app.elf', configFiles: ['t.cfg'] };
    const defaults = launch(base);
    assert.ok(defaults.request === 'launch');
    assert.equal(defaults.verifyBeforeFlashing, true);
    const forced = launch({ ...base, verifyBeforeFlashing: false });
    assert.ok(forced.request === 'launch');
    assert.equal(forced.verifyBeforeFlashing, false);
    assert.equal(errorOf(() => launch({ ...base, verifyBeforeFlashing: 'always' })), 'launch.json: "verifyBeforeFlashing" must be true or false; got "always"');
    assert.equal(errorOf(() => validateSessionConfig('attach', { executable: 'build/app.elf', verifyBeforeFlashing: false }, { workspaceFolder: dir })), 'launch.json: "verifyBeforeFlashing" applies only to launch requests, not to "attach"');
  });

  it('reads stopAllCores for launch and attach, false by default', () => {
    assert.equal(launch({ executable: 'build/app.elf', configFiles: ['t.cfg'] }).stopAllCores, false);
    assert.equal(launch({ executable: 'build/app.elf', configFiles: ['t.cfg'], stopAllCores: true }).stopAllCores, true);
    assert.equal(validateSessionConfig('attach', { executable: 'build/app.elf', stopAllCores: true }, { workspaceFolder: dir }).stopAllCores, true);
    assert.equal(errorOf(() => launch({ executable: 'build/app.elf', configFiles: ['t.cfg'], stopAllCores: 1 })), 'launch.json: "stopAllCores" must be true or false; got 1');
  });

  it('attach defaults to 127.0.0.1:6666 and reports unknown attributes', () => {
    const settings = validateSessionConfig('attach', { executable: 'build/app.elf', tclPort: 7000, exectuable: 'typo' }, { workspaceFolder: dir });
    assert.ok(settings.request === 'attach');
    assert.equal(settings.host, '127.0.0.1');
    assert.equal(settings.tclPort, 7000);
    assert.deepEqual(settings.unknownAttributes, ['exectuable']);
  });

  it('names the attribute of every wrong value', () => {
    assert.equal(errorOf(() => launch({ executable: 'build/app.elf', configFiles: 'x' })), 'launch.json: "configFiles" must be an array of strings; got "x"');
    assert.equal(errorOf(() => launch({ executable: 'missing.elf', configFiles: ['t.cfg'] })), `launch.json: "executable": no such file ${join(dir, 'missing.elf')}`);
    assert.match(errorOf(() => launch({ configFiles: ['t.cfg'] })), /^launch\.json: "executable" is required/);
    assert.match(errorOf(() => launch({ executable: 'build/app.elf' })), /^launch\.json: "configFiles" is required/);
    assert.equal(errorOf(() => launch({ executable: 'build/app.elf', configFiles: ['t.cfg'], tclPort: 70000 })), 'launch.json: "tclPort" must be a TCP port number (1-65535); got 70000');
    assert.equal(errorOf(() => launch({ executable: 'build/app.elf', configFiles: ['t.cfg'], load: 'yes' })), 'launch.json: "load" must be true or false; got "yes"');
    assert.equal(errorOf(() => launch({ executable: 'build/app.elf', configFiles: ['t.cfg'], searchDir: 'nope' })), `launch.json: "searchDir": no such directory ${join(dir, 'nope')}`);
    assert.equal(errorOf(() => launch({ executable: 'build/app.elf', configFiles: ['/no/such.cfg'] })), 'launch.json: "configFiles": no such file /no/such.cfg');
    assert.equal(errorOf(() => launch({ executable: 'build/app.elf', configFiles: ['t.cfg'], openocdPath: './bin/openocd' })), `launch.json: "openocdPath": no such file ${join(dir, 'bin', 'openocd')}`);
    assert.match(errorOf(() => launch({ executable: 'build/app.elf', configFiles: ['t.cfg'], sourceFileMap: ['a'] })), /^launch\.json: "sourceFileMap" must be an object/);
    assert.match(errorOf(() => launch({ executable: 'build/app.elf', configFiles: ['t.cfg'], stopAtEntry: true, runToEntryPoint: 'main' })), /^launch\.json: "runToEntryPoint" cannot be combined with "stopAtEntry"/);
    assert.equal(errorOf(() => launch({ executable: 'build/app.elf', configFiles: ['t.cfg'], cwd: 'nowhere' })).split('\n')[0], `launch.json: "cwd": no such directory ${join(dir, 'nowhere')}`);
    assert.equal(errorOf(() => validateSessionConfig('attach', { executable: 'build/app.elf', load: true }, { workspaceFolder: dir })), 'launch.json: "load" applies only to launch requests, not to "attach"');
  });

  it('lists every wrong attribute at once, one per line', () => {
    const lines = errorOf(() => launch({ executable: 3, configFiles: [1], stopAtEntry: 'no' })).split('\n');
    assert.deepEqual(lines, [
      'launch.json: "executable" must be a string; got 3',
      'launch.json: "configFiles" must be an array of strings; got [1]',
      'launch.json: "stopAtEntry" must be true or false; got "no"',
    ]);
  });

  it('describes every attribute it reads for package.json', () => {
    for (const name of ['executable', 'openocdPath', 'configFiles', 'searchDir', 'openocdCommands', 'host', 'tclPort', 'load', 'verifyBeforeFlashing', 'runToEntryPoint', 'stopAtEntry', 'svdFile', 'cwd', 'sourceFileMap', 'openocdLogInConsole']) {
      assert.ok(launchAttributes[name]?.description, `no description for ${name}`);
    }
  });
});
