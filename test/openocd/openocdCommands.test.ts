// OpenocdCommands against real OpenOCD 0.12 with the dummy adapter and a `testee` target (a
// target type that needs no hardware): what works without a CPU, and the typed errors when the
// target cannot do what was asked. Commands needing a Cortex-M are tested with the simulator.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { TargetMemoryError, TargetNotHaltedError, TclCommandError } from '../../src/common';
import { OpenocdCommands, OpenocdProcess, TclClient } from '../../src/openocd';
import { NASTY_STRINGS } from './nastyStrings';

const TESTEE = [
  'adapter driver dummy',
  'transport select jtag',
  'jtag newtap chip cpu -irlen 4 -expected-id 0x0bb11477',
  'target create chip.cpu testee -chain-position chip.cpu',
];

describe('OpenocdCommands with real OpenOCD and a testee target', () => {
  let ocd: OpenocdProcess;
  let client: TclClient;
  let commands: OpenocdCommands;
  before(async () => {
    ocd = await OpenocdProcess.start({ commands: TESTEE });
    client = new TclClient({ port: ocd.tclPort });
    await client.connect();
    commands = new OpenocdCommands(client);
  });
  after(async () => {
    await client.disconnect();
    await ocd.stop();
  });

  it('reads the version and its tuple', async () => {
    assert.match((await commands.version()).text, /^Open On-Chip Debugger 0\.12\./);
    assert.deepEqual((await commands.versionTuple()).slice(0, 2), [0, 12]);
  });

  it('echoes every nasty string unchanged', async () => {
    // echo prints through OpenOCD's log, which is C strings and line based: no NUL, no bare CR.
    for (const value of NASTY_STRINGS.filter((s) => !s.includes('\r') && !s.includes('\0'))) {
      assert.equal(await commands.echo(value), value, JSON.stringify(value));
    }
  });

  it('lists targets, names and the current target', async () => {
    const [target] = await commands.targets();
    assert.deepEqual(
      { name: target.name, type: target.type, tap: target.tapName, current: target.current },
      { name: 'chip.cpu', type: 'testee', tap: 'chip.cpu', current: true },
    );
    assert.deepEqual(await commands.targetNames(), ['chip.cpu']);
    assert.equal(await commands.currentTarget(), 'chip.cpu');
    await commands.selectTarget('chip.cpu');
    await assert.rejects(commands.selectTarget('no[such]target'), TclCommandError);
  });

  it('reads the scan chain with the declared TAP first', async () => {
    const [tap] = await commands.scanChain();
    assert.equal(tap.name, 'chip.cpu');
    assert.deepEqual(tap.expectedIds, ['0x0bb11477']);
    assert.equal(tap.irLength, 4);
  });

  it('refuses register access and stepping on a target that is not halted, naming it', async () => {
    assert.notEqual(await commands.curstate(), 'halted');
    const attempts = [commands.getRegisters(['pc', 'sp']), commands.step(), commands.setRegisters({ pc: 0x08000000 }), commands.snapshot(['pc'])];
    for (const attempt of attempts) {
      await assert.rejects(attempt, (error: unknown) => error instanceof TargetNotHaltedError && error.targetName === 'chip.cpu');
    }
  });

  it('turns a failed memory read into TargetMemoryError with the address', async () => {
    await assert.rejects(commands.readMemory(0x20000000, 32, 4), (error: unknown) => {
      assert.ok(error instanceof TargetMemoryError);
      assert.equal(error.address, 0x20000000);
      assert.equal(error.byteLength, 16);
      return true;
    });
    await assert.rejects(commands.readBytes(0x20000ff0, 0x20), (error: unknown) => error instanceof TargetMemoryError && error.address === 0x20000ff0);
  });

  it('lists no flash banks', async () => {
    assert.deepEqual(await commands.flash.banks(), []);
  });

  it('switches background polling', async () => {
    await commands.poll(false);
    await commands.poll(true);
  });
});
