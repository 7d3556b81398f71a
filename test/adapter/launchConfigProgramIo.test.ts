// Tests of the launch.json attributes of the program's I/O: `semihosting` and `rtt` (defaults,
// "0x..." addresses, `enabled: false`, the extension's `__rttEvents`), and errors naming
// `rtt.<member>` with what was written.
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { UserError } from '../../src/common';
import { validateSessionConfig } from '../../src/adapter/launchConfig';
import { makeLaunchConfigDir } from './launchConfigDir';

describe('validateSessionConfig: semihosting and rtt', () => {
  let dir: string;
  before(() => {
    dir = makeLaunchConfigDir('launch-config-io-');
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  const base = { executable: 'build/app.elf', configFiles: ['target/stm32f0x.cfg'] };
  const launch = (args: Record<string, unknown>) => validateSessionConfig('launch', { ...base, ...args }, { workspaceFolder: dir });
  const errorOf = (args: Record<string, unknown>): string => {
    try {
      launch(args);
    } catch (error) {
      assert.ok(error instanceof UserError, `expected a UserError, got ${String(error)}`);
      return error.message;
    }
    assert.fail('expected an error');
  };

  it('leaves both off by default', () => {
    const settings = launch({});
    assert.equal(settings.semihosting, false);
    assert.equal(settings.rtt, undefined);
    assert.equal(settings.rttEvents, false);
  });

  it('reads semihosting, rtt with its defaults, a "0x..." address, and the extension\'s __rttEvents', () => {
    assert.equal(launch({ semihosting: true }).semihosting, true);
    assert.deepEqual(launch({ rtt: { enabled: true } }).rtt, { address: undefined, searchSize: 16, channels: undefined });
    assert.deepEqual(launch({ rtt: { address: '0x20000118', searchSize: 64, channels: [0, 2] } }).rtt, { address: 0x20000118, searchSize: 64, channels: [0, 2] });
    assert.equal(launch({ rtt: { address: 536871192 } }).rtt?.address, 0x20000118);
    assert.equal(launch({ rtt: { enabled: false, address: 1 } }).rtt, undefined);
    const fromVsCode = validateSessionConfig('attach', { executable: 'build/app.elf', rtt: {}, __rttEvents: true }, { workspaceFolder: dir });
    assert.equal(fromVsCode.rttEvents, true);
    assert.deepEqual(fromVsCode.unknownAttributes, []);
  });

  it('names the wrong member and what was written', () => {
    assert.equal(errorOf({ semihosting: 'yes' }), 'launch.json: "semihosting" must be true or false; got "yes"');
    assert.equal(errorOf({ rtt: true }), 'launch.json: "rtt" must be an object such as {"enabled": true}; got true');
    assert.equal(errorOf({ rtt: { address: '0xZZ' } }), 'launch.json: "rtt.address" must be an address (a number or "0x..." up to 0xffffffff); got "0xZZ"');
    assert.equal(errorOf({ rtt: { address: 0x100000000 } }), 'launch.json: "rtt.address" must be an address (a number or "0x..." up to 0xffffffff); got 4294967296');
    assert.equal(errorOf({ rtt: { searchSize: 0 } }), 'launch.json: "rtt.searchSize" must be a whole number above 0; got 0');
    assert.equal(errorOf({ rtt: { channels: [0, -1] } }), 'launch.json: "rtt.channels" must be an array of channel numbers (0 or more); got [0,-1]');
    assert.equal(errorOf({ rtt: { enable: true } }), 'launch.json: "rtt.enable" is not an RTT setting (enabled, address, searchSize, channels)');
  });
});
