// Attach to the running RISC-V board (issue 19): launch.json `"request": "attach"` to an OpenOCD
// already serving the rv32 board whose flash holds the program. No reset, no programming: the
// hart stops where it runs, the stack is shown from there, and disconnect leaves it running.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { isAlive } from '../../helpers/processes';
import type { RiscvBoard } from '../../sim/riscv/riscvBoard';
import { DapSession, E2E_TIMEOUT_MS } from '../dapSession';
import { OwnOpenocd } from '../ownOpenocd';

/** dpc (Debug Spec 0.13.2 4.8.2): the halted hart's pc. */
const DPC = 0x7b1;

describe('RISC-V board: attach to a running hart (O0)', { timeout: E2E_TIMEOUT_MS }, () => {
  let own: OwnOpenocd;
  let dap: DapSession<RiscvBoard>;
  before(async () => {
    dap = await DapSession.startRv32('O0', { preload: true });
    own = await OwnOpenocd.start(dap.sim.port, 'rv32');
  });
  after(async () => {
    await own?.stop();
    await dap?.close();
  });

  it('stops where the hart runs without a reset or a load, shows its stack, and leaves it running on disconnect', async () => {
    const counter = dap.symbol('counter');
    const before = await own.waitForWord(counter, 3, 'counter');
    const flashBefore = dap.sim.board.flash.array.bytes.slice();
    const stopped = await dap.attach(own.process.tclPort);
    assert.equal(stopped.body.reason, 'pause');
    assert.ok(Number(await dap.tcl(`read_memory 0x${counter.toString(16)} 32 1`)) >= before, 'counter went back: the hart was reset');
    assert.deepEqual(dap.sim.board.flash.array.bytes, flashBefore, 'the attach wrote flash');
    const frames = await dap.frames();
    assert.equal(Number(frames[0].instructionPointerReference), dap.sim.board.hart.readRegister(DPC), 'the top frame is where the hart halted');
    assert.equal(frames.at(-1)?.name, 'main', `the stack ends in main: ${frames.map((frame) => frame.name).join(' < ')}`);
    assert.equal((await own.tcl.cmd('riscv.cpu curstate')).out.trim(), 'halted');
    await dap.client.disconnectRequest({});
    assert.equal((await own.tcl.cmd('riscv.cpu curstate')).out.trim(), 'running');
    await own.waitForWord(counter, (await own.word(counter)) + 1, 'counter after the disconnect');
    assert.ok(isAlive(own.process.pid), 'an attached session must not stop OpenOCD');
  });
});
