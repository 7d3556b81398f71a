// OpenocdTarget against real OpenOCD 0.12 and the simulated STM32F030 when the notifications of its
// own resume arrive after an early halt check has found the halt it ran to (they travel on their
// own socket, held back here by a proxy): the stop stays, and is reported once.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { OpenocdTarget } from '../../../src/engine/openocdTarget/openocdTarget';
import type { TargetStop } from '../../../src/engine';
import { OpenocdProcess, TclClient, TclNotifications } from '../../../src/openocd';
import { TclProxy } from '../../e2e/faults/tclProxy';
import { firmwareElf } from '../../helpers/firmware';
import { startSim } from '../../sim/startSim';

/** What a stop's instruction reads and writes: put back, it runs again as it did. */
const CORE_REGISTERS = ['r0', 'r1', 'r2', 'r3', 'r4', 'r5', 'r6', 'r7', 'r8', 'r9', 'r10', 'r11', 'r12', 'sp', 'lr', 'xPSR', 'pc'];

describe('a resume whose notifications come after its stop', () => {
  let sim: Awaited<ReturnType<typeof startSim>>;
  let ocd: OpenocdProcess;
  let client: TclClient;
  let proxy: TclProxy;
  let notifications: TclNotifications;
  let target: OpenocdTarget;

  before(async () => {
    sim = await startSim({ firmwarePath: firmwareElf('Og'), cyclesPerSecond: 8_000_000 });
    ocd = await OpenocdProcess.start({
      searchDirs: [join(__dirname, '..', '..', 'sim', 'openocd')],
      commands: [`set SIM_PORT ${sim.port}`, 'source [find interface/sim-remote-bitbang.cfg]', 'source [find target/sim-stm32f030.cfg]'],
    });
    client = new TclClient({ port: ocd.tclPort, timeoutMs: 20_000 });
    await client.connect();
    proxy = await TclProxy.start(ocd.tclPort);
    notifications = new TclNotifications({ port: proxy.port });
    await notifications.connect();
    target = await OpenocdTarget.create({ client, notifications, name: 'stm32f0x.cpu' });
  });
  after(async () => {
    target?.dispose();
    await notifications?.disconnect();
    await proxy?.close();
    await client?.disconnect();
    await ocd?.stop();
    await sim?.stop();
  });

  it('keeps the stop an early halt check found, and reports it once', async () => {
    const first = await target.halt();
    const next = await target.stepInstruction();
    // One instruction back: the resume runs it again and halts at once at a breakpoint after it.
    for (const name of CORE_REGISTERS) await target.writeRegister(name, first.snapshot.registers.get(name)!);
    await target.addBreakpoint(next.pc, 'hardware');
    const stops: TargetStop[] = [];
    let resumes = 0;
    const counting = [target.stopped.on((stop) => stops.push(stop)), target.resumed.on(() => resumes++)];
    try {
      proxy.fault = 'hold';
      const found = target.stopped.next();
      await target.resume(first.pc);
      const stop = await found;
      assert.equal(stop.pc, next.pc);
      assert.equal(stop.reason, 'breakpoint');
      const halted = notifications.targetEvent.next((event) => event === 'halted');
      proxy.release();
      await halted;
      assert.equal(target.currentStop, stop, 'the late `resumed` of our own resume ended the stop');
      // Queued after the notifications' checks: by its stop, they have run.
      const stepped = await target.stepInstruction();
      assert.deepEqual(stops, [stop, stepped], 'the halt was reported twice');
      assert.equal(resumes, 2, 'the resume and the step, nothing else');
    } finally {
      for (const subscription of counting) subscription.dispose();
    }
  });
});
