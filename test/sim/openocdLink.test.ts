// The debug link under real OpenOCD 0.12: injected JTAG-DP WAIT responses are retried (ADIv5
// B3.3.2; OpenOCD adi_v5_jtag.c), and the board keeps its state when OpenOCD quits and reconnects.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { TclClient } from '../../src/openocd';
import type { OpenocdProcess } from '../../src/openocd';
import { firmwareElf } from '../helpers/firmware';
import { type InProcessSim, startOpenocdForSim, startSim } from './startSim';

const DBGMCU_IDCODE = 0x40015800;

describe('the debug link under OpenOCD', () => {
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

  it('keeps the core running and the memory when OpenOCD quits and a new one connects', async () => {
    const marker = 0x20001ff0;
    await tcl.cmd(`write_memory ${marker} 32 {0x5eed1234}`);
    await tcl.cmd('resume');
    await tcl.disconnect();
    await openocd.stop();

    openocd = await startOpenocdForSim(sim.port, { onLog: (line) => log.push(line) });
    tcl = new TclClient({ port: openocd.tclPort, timeoutMs: 20_000 });
    await tcl.connect();
    assert.equal((await tcl.cmd('stm32f0x.cpu curstate')).out.trim(), 'running', 'examined again, still running');
    assert.equal(Number((await tcl.cmd(`read_memory ${marker} 32 1`)).out), 0x5eed1234);
  });
});
