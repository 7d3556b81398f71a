// Faults on the simulated STM32F030 seen through real OpenOCD 0.12: a bus error and an undefined
// instruction each reach the firmware's HardFault_Handler with the faulting PC stacked, and blank
// flash at power-on locks the core up (OpenOCD: "clearing lockup after double fault").
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { BoardSession } from './boardSession';

const hex = (n: number) => `0x${n.toString(16)}`;

describe('HardFault through OpenOCD', () => {
  let session: BoardSession;
  before(async () => {
    session = await BoardSession.start({ firmware: 'Og' });
    await session.commands.halt();
  });
  after(async () => {
    await session?.close();
  });

  for (const [kind, what] of [[1, 'a load from unmapped memory'], [2, 'an undefined instruction']] as const) {
    it(`${what} enters HardFault_Handler with the faulting PC stacked`, async () => {
      // Start from reset and let start-up code zero .bss before setting the trigger.
      await session.commands.reset('halt');
      const workStep = session.symbol('work_step');
      await session.commands.addBreakpoint(workStep, 2, { hardware: true });
      assert.equal(await session.resumeUntilHalt(), 'breakpoint');
      await session.commands.removeBreakpoint(workStep);
      await session.commands.writeMemory(session.symbol('fault_trigger'), 32, [kind]);
      const handler = session.symbol('HardFault_Handler');
      await session.commands.addBreakpoint(handler, 2, { hardware: true });
      const from = session.log.length;
      assert.equal(await session.resumeUntilHalt(), 'breakpoint');
      await session.commands.removeBreakpoint(handler);
      await session.waitForLog(/current mode: Handler HardFault/, from);
      assert.equal(await session.reg('pc'), handler);
      assert.equal((await session.reg('xPSR')) & 0x3f, 3, 'IPSR = HardFault');
      const stackedPc = await session.readWord((await session.reg('msp')) + 0x18);
      const faultNow = session.elf!.symbolByName('fault_now')!;
      assert.ok(stackedPc >= faultNow.address && stackedPc < faultNow.address + faultNow.size,
        `stacked PC ${hex(stackedPc)} inside fault_now`);
      const faulting = session.board.bus.read(stackedPc, 2) ?? 0;
      if (kind === 2) assert.equal(faulting >> 8, 0xde, 'the stacked PC is the UDF');
      else assert.equal(faulting >> 11, 0b01101, 'the stacked PC is the LDR');
      assert.equal(await session.readWord(session.symbol('hardfault_kind')), kind);
    });
  }
});

describe('lockup through OpenOCD', () => {
  let session: BoardSession;
  before(async () => {
    session = await BoardSession.start({ firmware: 'blank' });
  });
  after(async () => {
    await session?.close();
  });

  it('blank flash locks the core up at power-on and OpenOCD halts it out of lockup', async () => {
    await session.waitForLog(/clearing lockup after double fault/, 0);
    assert.equal(await session.commands.curstate(), 'halted');
    assert.equal(session.board.cpu.lockedUp, false);
    assert.equal(session.board.cpu.readRegister(15), 0xfffffffe, 'PC of a locked-up core');
  });
});
