// Attach to the running RISC-V board (issue 19): launch.json `"request": "attach"` to an OpenOCD
// already serving the rv32 board whose flash holds the program. No reset, no programming: the
// hart stops where it runs, the stack is shown from there, and disconnect leaves it running.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { TclClient, type OpenocdProcess } from '../../../src/openocd';
import { isAlive } from '../../helpers/processes';
import type { RiscvBoard } from '../../sim/riscv/riscvBoard';
import { startOpenocdForSim } from '../../sim/startSim';
import { DapSession, E2E_TIMEOUT_MS } from '../dapSession';

/** dpc (Debug Spec 0.13.2 4.8.2): the halted hart's pc. */
const DPC = 0x7b1;

describe('RISC-V board: attach to a running hart (O0)', { timeout: E2E_TIMEOUT_MS }, () => {
  let openocd: OpenocdProcess;
  let tcl: TclClient;
  let dap: DapSession<RiscvBoard>;
  before(async () => {
    dap = await DapSession.startRv32('O0', { preload: true });
    openocd = await startOpenocdForSim(dap.sim.port, {}, 'rv32');
    tcl = new TclClient({ port: openocd.tclPort, timeoutMs: 20_000 });
    await tcl.connect();
  });
  after(async () => {
    await tcl?.disconnect();
    await openocd?.stop();
    await dap?.close();
  });

  it('stops where the hart runs without a reset or a load, shows its stack, and leaves it running on disconnect', async () => {
    const counter = `0x${dap.symbol('counter').toString(16)}`;
    const count = async (): Promise<number> => Number((await tcl.cmd(`read_memory ${counter} 32 1`)).out);
    for (let reads = 0; (await count()) < 3; reads++) assert.ok(reads < 1000, 'counter never reached 3: the firmware does not run');
    const before = await count();
    const flashBefore = dap.sim.board.flash.array.bytes.slice();
    const stopped = await dap.attach(openocd.tclPort);
    assert.equal(stopped.body.reason, 'pause');
    assert.ok(Number(await dap.tcl(`read_memory ${counter} 32 1`)) >= before, 'counter went back: the hart was reset');
    assert.deepEqual(dap.sim.board.flash.array.bytes, flashBefore, 'the attach wrote flash');
    const frames = await dap.frames();
    assert.equal(Number(frames[0].instructionPointerReference), dap.sim.board.hart.readRegister(DPC), 'the top frame is where the hart halted');
    assert.equal(frames.at(-1)?.name, 'main', `the stack ends in main: ${frames.map((frame) => frame.name).join(' < ')}`);
    assert.equal((await tcl.cmd('riscv.cpu curstate')).out.trim(), 'halted');
    await dap.client.disconnectRequest({});
    assert.equal((await tcl.cmd('riscv.cpu curstate')).out.trim(), 'running');
    const resumed = await count();
    for (let reads = 0; (await count()) === resumed; reads++) assert.ok(reads < 1000, 'counter stopped after the disconnect');
    assert.ok(isAlive(openocd.pid), 'an attached session must not stop OpenOCD');
  });
});
