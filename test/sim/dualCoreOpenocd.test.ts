// The dual-core board under real OpenOCD 0.12 with target/sim-dual-m0.cfg: both targets examine,
// halt, resume, step and break independently, memory is shared, `reset halt` stops both, and
// `program` writes the shared flash, with the dual-core firmware (test/firmware/dualcore) counting on both cores.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { tclQuote } from '../../src/openocd';
import { dualCoreElf } from '../helpers/firmware';
import { SIO_BASE, SRAM_BASE, type DualM0Board } from './board';
import { BoardSession } from './boardSession';

const CPU0 = 'dual.cpu0';
const CPU1 = 'dual.cpu1';
/** How far the running core's counter must move while the other is halted, so time surely passed. */
const PROGRESS = 200;

describe('dual-core board through OpenOCD (target/sim-dual-m0.cfg)', () => {
  let session: BoardSession<DualM0Board>;
  before(async () => {
    session = await BoardSession.startDual(dualCoreElf());
  });
  after(async () => {
    await session?.close();
  });

  async function on<T>(target: string, action: () => Promise<T>): Promise<T> {
    await session.commands.selectTarget(target);
    return action();
  }

  const state = (target: string) => on(target, () => session.commands.curstate());
  const pc = (target: string) => on(target, () => session.reg('pc'));
  const count = (target: string, name: string) => on(target, () => session.readWord(session.symbol(name)));

  /** Waits (by re-reading through OpenOCD) until `name` moved PROGRESS past `from`. */
  async function advancesFrom(name: string, from: number): Promise<void> {
    await session.waitFor(async () => (await count(CPU0, name)) - from >= PROGRESS, `${name} to pass ${from + PROGRESS}`);
  }

  it('examines both targets on a two-TAP chain', async () => {
    const taps = await session.commands.scanChain();
    assert.deepEqual(taps.map((tap) => [tap.name, tap.idcode]), [[CPU0, 0x0bb11477], [CPU1, 0x0bb11477]]);
    const targets = await session.commands.targets();
    assert.deepEqual(targets.map((t) => [t.name, t.type]), [[CPU0, 'cortex_m'], [CPU1, 'cortex_m']]);
    assert.ok(session.log.some((line) => line.includes(`[${CPU1}] Cortex-M0 r0p0 processor detected`)), 'cpu1 examined');
    assert.deepEqual([await state(CPU0), await state(CPU1)], ['running', 'running']);
  });

  it('each target reads its own core\'s SIO CPUID; memory written through one reads back through the other', async () => {
    assert.equal(await on(CPU0, () => session.readWord(SIO_BASE)), 0);
    assert.equal(await on(CPU1, () => session.readWord(SIO_BASE)), 1);
    const scratch = SRAM_BASE + 0x1800;
    await on(CPU1, () => session.commands.writeMemory(scratch, 32, [0x5eed0001]));
    assert.equal(await on(CPU0, () => session.readWord(scratch)), 0x5eed0001);
  });

  it('halting one target stops its counter while the other counts on; each resumes alone', async () => {
    for (const [halted, running] of [[CPU1, CPU0], [CPU0, CPU1]]) {
      const haltedCounter = halted === CPU0 ? 'core0_count' : 'core1_count';
      const runningCounter = running === CPU0 ? 'core0_count' : 'core1_count';
      await on(halted, () => session.commands.halt());
      assert.deepEqual([await state(halted), await state(running)], ['halted', 'running']);
      const stopped = await count(CPU0, haltedCounter);
      await advancesFrom(runningCounter, await count(CPU0, runningCounter));
      assert.equal(await count(CPU1, haltedCounter), stopped, `${haltedCounter} stood still while ${halted} was halted`);
      await on(halted, () => session.commands.resume());
      await advancesFrom(haltedCounter, stopped);
    }
  });

  it('a breakpoint on each target stops each core in its own function; stepping one leaves the other', async () => {
    const core0Tick = session.symbol('core0_tick');
    const core1Tick = session.symbol('core1_tick');
    await on(CPU0, () => session.commands.addBreakpoint(core0Tick, 2, { hardware: true }));
    await on(CPU1, () => session.commands.addBreakpoint(core1Tick, 2, { hardware: true }));
    assert.ok(await on(CPU0, () => session.commands.waitHalt(10_000)), 'cpu0 halted');
    assert.ok(await on(CPU1, () => session.commands.waitHalt(10_000)), 'cpu1 halted');
    assert.deepEqual([await pc(CPU0), await pc(CPU1)], [core0Tick, core1Tick]);
    await on(CPU1, () => session.commands.removeBreakpoint(core1Tick));
    await on(CPU1, () => session.commands.step());
    assert.notEqual(await pc(CPU1), core1Tick, 'cpu1 stepped');
    assert.deepEqual([await pc(CPU0), await state(CPU0)], [core0Tick, 'halted'], 'cpu0 untouched');
    await on(CPU0, () => session.commands.removeBreakpoint(core0Tick));
    await on(CPU0, () => session.commands.resume());
    await on(CPU1, () => session.commands.resume());
    assert.deepEqual([await state(CPU0), await state(CPU1)], ['running', 'running']);
  });

  it('`reset halt` stops both cores at the reset vector', async () => {
    await session.commands.reset('halt');
    const resetHandler = session.symbol('Reset_Handler');
    assert.deepEqual([await state(CPU0), await state(CPU1)], ['halted', 'halted']);
    assert.deepEqual([await pc(CPU0), await pc(CPU1)], [resetHandler, resetHandler]);
  });

  it('program writes the shared flash through cpu0 and resets both cores into the new image', async () => {
    await on(CPU0, () => session.cmd('flash erase_sector 0 0 0'));
    assert.equal(await on(CPU1, () => session.readWord(0x08000000)), 0xffffffff, 'cpu1 sees the erased page');
    await on(CPU0, () => session.cmd(`program ${tclQuote(dualCoreElf())} verify reset`));
    assert.ok(session.log.some((line) => line.includes('Verified OK')), 'OpenOCD verified the image');
    await advancesFrom('core0_count', 0);
    await advancesFrom('core1_count', 0);
  });
});
