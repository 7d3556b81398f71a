// Real OpenOCD 0.12 meets JTAG-DP WAIT responses (injected in the simulator's DP): it retries, and
// reads the right data without an error (ADIv5 B3.3.2; OpenOCD adi_v5_jtag.c).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { TclClient } from '../../src/openocd';
import type { OpenocdProcess } from '../../src/openocd';
import { firmwareElf } from '../helpers/firmware';
import { type InProcessSim, startOpenocdForSim, startSim } from './startSim';

const DBGMCU_IDCODE = 0x40015800;

describe('OpenOCD and JTAG-DP WAIT', () => {
  let sim: InProcessSim;
  let openocd: OpenocdProcess;
  let tcl: TclClient;
  const log: string[] = [];

  before(async () => {
    sim = await startSim({ firmwarePath: firmwareElf('O0') });
    openocd = await startOpenocdForSim(sim.port, { onLog: (line) => log.push(line) });
    tcl = new TclClient({ port: openocd.tclPort, timeoutMs: 20_000 });
    await tcl.connect();
    await tcl.cmd('halt');
  });
  after(async () => {
    await tcl?.disconnect().catch(() => undefined);
    await openocd?.stop();
    await sim?.stop();
  });

  it('retries after WAIT and returns the right words', async () => {
    const dp = sim.simulator.jtagDp;
    const expected = [sim.board.bus.read(DBGMCU_IDCODE, 4), sim.board.bus.read(DBGMCU_IDCODE + 4, 4)];
    const from = log.length;
    const waitsBefore = dp.waitCount;
    dp.injectWait(3);
    const words = (await tcl.cmd(`read_memory ${DBGMCU_IDCODE} 32 2`)).out.trim().split(' ').map(Number);
    assert.equal(dp.waitCount - waitsBefore, 3, 'three scans were answered WAIT');
    assert.deepEqual(words, expected);
    assert.doesNotMatch(log.slice(from).join('\n'), /Error: /);
  });
});
