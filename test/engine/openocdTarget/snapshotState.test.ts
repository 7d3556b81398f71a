// The stop snapshot's state against real OpenOCD 0.12 and the simulated STM32F030: the state it
// reports is the one its own `poll` saw, even when the core halts between that poll and a later
// command of the same request (OpenOCD polls before every command it dispatches).
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { TargetScripts } from '../../../src/engine/openocdTarget/targetScripts';
import { OpenocdProcess, TclClient } from '../../../src/openocd';
import { firmwareElf } from '../../helpers/firmware';
import { startSim } from '../../sim/startSim';

/** DHCSR with DBGKEY, C_HALT and C_DEBUGEN (ARMv6-M C1.6.3): a halt request OpenOCD did not send. */
const DHCSR = 0xe000edf0;
const HALT_REQUEST = 0xa05f0003;

describe('the stop snapshot of a core that halts right after its poll', () => {
  let sim: Awaited<ReturnType<typeof startSim>>;
  let ocd: OpenocdProcess;
  let client: TclClient;
  const scripts = new TargetScripts('stm32f0x.cpu');

  before(async () => {
    sim = await startSim({ firmwarePath: firmwareElf('O0'), cyclesPerSecond: 8_000_000 });
    ocd = await OpenocdProcess.start({
      searchDirs: [join(__dirname, '..', '..', 'sim', 'openocd')],
      commands: [`set SIM_PORT ${sim.port}`, 'source [find interface/sim-remote-bitbang.cfg]', 'source [find target/sim-stm32f030.cfg]'],
    });
    client = new TclClient({ port: ocd.tclPort, timeoutMs: 20_000 });
    await client.connect();
  });
  after(async () => {
    await client?.disconnect();
    await ocd?.stop();
    await sim?.stop();
  });

  it('reports the core running, as its poll saw it, not halted without a halt reason', async () => {
    await client.cmd(scripts.onTarget('halt'));
    await client.cmd(scripts.resume());
    const [poll, stop, state, regs] = await client.batch([
      ...scripts.snapshot(['pc', 'sp'], 0, undefined).slice(0, 1),
      // Halts the core behind OpenOCD's back: OpenOCD notices at its poll before the next command.
      `stm32f0x.cpu mww ${DHCSR} ${HALT_REQUEST}`,
      ...scripts.snapshot(['pc', 'sp'], 0, undefined).slice(1, 3),
    ]);
    assert.equal(stop.retcode, 0, stop.out);
    assert.doesNotMatch(poll.out, /halted due to/, 'the poll ran while the core ran');
    assert.equal(state.out, 'running');
    assert.equal(regs.retcode, 0, regs.out);
    assert.equal((await client.cmd(scripts.curstate())).out, 'halted', 'OpenOCD noticed the halt after the poll');
    const [polled, halted] = await client.batch(scripts.snapshot(['pc', 'sp'], 0, undefined).slice(0, 2));
    assert.match(polled.out, /halted due to [\w-]+, current mode: Thread/);
    assert.equal(halted.out, 'halted');
  });
});
