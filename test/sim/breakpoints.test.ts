// Breakpoints and watchpoints on the simulated STM32F030 through real OpenOCD 0.12: an FPB
// breakpoint in flash, a BKPT breakpoint in SRAM, and DWT read, write and access watchpoints.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { BoardSession } from './boardSession';

const hex = (n: number) => `0x${n.toString(16)}`;
const DWT_FUNCTION0 = 0xe0001028;
const MATCHED = 1 << 24;

describe('breakpoints and watchpoints through OpenOCD', () => {
  let session: BoardSession;
  before(async () => {
    session = await BoardSession.start({ firmware: 'O0' });
    await session.commands.halt();
  });
  after(async () => {
    await session?.close();
  });

  it('a hardware breakpoint in flash stops at its address with reason breakpoint (FPB comparator)', async () => {
    const ledToggle = session.symbol('led_toggle');
    await session.commands.addBreakpoint(ledToggle, 2, { hardware: true });
    const comparator = session.board.bus.read(0xe0002008, 4) ?? 0;
    assert.equal(comparator & 1, 1, 'FP_COMP0 enabled');
    assert.equal(comparator & 0x1ffffffc, ledToggle & 0x1ffffffc);
    assert.equal(await session.resumeUntilHalt(), 'breakpoint');
    assert.equal(await session.reg('pc'), ledToggle);
    assert.equal(await session.resumeUntilHalt(), 'breakpoint', 'hit again on the next tick');
    assert.equal(await session.reg('pc'), ledToggle);
    await session.commands.removeBreakpoint(ledToggle);
  });

  it('a software breakpoint in SRAM plants BKPT, stops on it, and is removed cleanly', async () => {
    const code = 0x20001000;
    // movs r0,#1 ; movs r1,#2 ; movs r2,#3 ; b .
    await session.commands.writeMemory(code, 16, [0x2001, 0x2102, 0x2203, 0xe7fe]);
    await session.commands.setReg('pc', code);
    await session.commands.setReg('r2', 0);
    await session.commands.addBreakpoint(code + 4, 2);
    assert.equal(await session.resumeUntilHalt(), 'breakpoint');
    assert.equal(session.board.bus.read(code + 4, 2), 0xbe11, 'OpenOCD planted BKPT #0x11');
    assert.equal(await session.reg('pc'), code + 4);
    assert.deepEqual([await session.reg('r0'), await session.reg('r1'), await session.reg('r2')], [1, 2, 0]);
    await session.commands.removeBreakpoint(code + 4);
    assert.equal(session.board.bus.read(code + 4, 2), 0x2203, 'original instruction restored');
    await session.commands.reset('halt');
  });

  async function watch(address: number, access: 'r' | 'w' | 'a'): Promise<{ reason: string; pc: number }> {
    await session.commands.addWatchpoint(address, 4, access);
    const reason = await session.resumeUntilHalt();
    const pc = await session.reg('pc');
    assert.ok((await session.readWord(DWT_FUNCTION0)) & MATCHED, 'DWT_FUNCTION0.MATCHED');
    await session.commands.removeWatchpoint(address);
    return { reason, pc };
  }

  /** The 16-bit instruction before `pc` (the one that made the access). */
  const previousInstruction = (pc: number) => session.board.bus.read(pc - 2, 2) ?? 0;
  const isLoad = (op: number) => op >> 11 === 0b01101 || op >> 11 === 0b01001 || op >> 11 === 0b10011 || op >> 9 === 0b0101100;
  const isStore = (op: number) => op >> 11 === 0b01100 || op >> 11 === 0b10010 || op >> 9 === 0b0101000;

  it('a write watchpoint halts just after the store to the variable', async () => {
    const { reason, pc } = await watch(session.symbol('loop_count'), 'w');
    assert.equal(reason, 'watchpoint');
    assert.ok(isStore(previousInstruction(pc)), `store before ${hex(pc)}`);
  });

  it('a read watchpoint halts just after a load of a variable the firmware only reads', async () => {
    const { reason, pc } = await watch(session.symbol('fault_trigger'), 'r');
    assert.equal(reason, 'watchpoint');
    assert.ok(isLoad(previousInstruction(pc)), `load before ${hex(pc)}`);
  });

  it('an access watchpoint halts on the first access, the load of loop_count++', async () => {
    const { reason, pc } = await watch(session.symbol('loop_count'), 'a');
    assert.equal(reason, 'watchpoint');
    assert.ok(isLoad(previousInstruction(pc)), `load before ${hex(pc)}`);
  });
});
