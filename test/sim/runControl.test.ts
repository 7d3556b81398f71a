// Run control of the simulated STM32F030 through real OpenOCD 0.12: halt, resume, single step
// checked against the program counter, and every core register read and written.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { BoardSession } from './boardSession';

describe('run control through OpenOCD', () => {
  let session: BoardSession;
  before(async () => {
    session = await BoardSession.start({ firmware: 'Og' });
  });
  after(async () => {
    await session?.close();
  });

  it('halts a running core and reports debug-request with the PC in flash', async () => {
    assert.equal(await session.commands.curstate(), 'running');
    const from = session.log.length;
    await session.commands.halt();
    assert.equal(await session.haltReasonSince(from), 'debug-request');
    assert.equal(await session.commands.curstate(), 'halted');
    const pc = await session.reg('pc');
    assert.ok(pc >= 0x08000000 && pc < 0x08010000, `pc 0x${pc.toString(16)}`);
    assert.equal(pc, session.board.cpu.readRegister(15));
  });

  it('steps exactly one instruction: from a breakpointed function entry to the next instruction', async () => {
    const workStep = session.symbol('work_step');
    await session.commands.addBreakpoint(workStep, 2, { hardware: true });
    assert.equal(await session.resumeUntilHalt(), 'breakpoint');
    await session.commands.removeBreakpoint(workStep);
    assert.equal(await session.reg('pc'), workStep);
    const firstInstruction = session.board.bus.read(workStep, 2) ?? 0;
    assert.equal(firstInstruction >> 9, 0b1011010, 'work_step starts with PUSH');
    const spBefore = await session.reg('sp');
    const from = session.log.length;
    await session.commands.step();
    assert.equal(await session.haltReasonSince(from), 'single-step');
    assert.equal(await session.reg('pc'), workStep + 2);
    const pushed = [...Array(9).keys()].filter((bit) => firstInstruction & (1 << bit)).length;
    assert.equal(await session.reg('sp'), spBefore - 4 * pushed);
  });

  it('resumes: the core runs (the tick counter advances) until halted again', async () => {
    const loopCount = session.symbol('loop_count');
    const before = await session.readWord(loopCount);
    await session.commands.resume();
    assert.equal(await session.commands.curstate(), 'running');
    await session.waitFor(async () => (await session.readWord(loopCount)) > before, 'loop_count to advance');
    await session.commands.halt();
    assert.equal(await session.commands.curstate(), 'halted');
  });

  it('reads every core register as the core holds it at the halt', async () => {
    // OpenOCD reads all registers at debug entry: set them on the board, run `b .` in SRAM, halt.
    const loop = 0x20001000;
    assert.ok(session.board.bus.write(loop, 2, 0xe7fe));
    const cpu = session.board.cpu;
    const values: Record<string, [number, number]> = { lr: [14, 0x08000123], pc: [15, loop] };
    for (let r = 0; r <= 12; r++) values[`r${r}`] = [r, 0x11110000 + r];
    for (const [regsel, value] of Object.values(values)) cpu.writeRegister(regsel, value);
    cpu.writeRegister(18, 0x20001800);
    cpu.writeRegister(16, 0xa1000000);
    cpu.writeRegister(20, 1);
    await session.commands.resume();
    await session.commands.halt();
    for (const [name, [, value]] of Object.entries(values)) assert.equal(await session.reg(name), value, name);
    assert.equal(await session.reg('xPSR'), 0xa1000000);
    assert.equal(await session.reg('psp'), 0x20001800);
    assert.equal(await session.reg('msp'), cpu.readRegister(17));
    assert.equal(await session.reg('sp'), cpu.readRegister(13));
    assert.equal(await session.reg('primask'), 1);
    assert.equal(await session.reg('control'), 0);
  });

  it('writes every core register: values reach the core when OpenOCD restores context', async () => {
    // A scratch program in SRAM: nop; nop; b .
    const code = 0x20001000;
    await session.commands.writeMemory(code, 16, [0xbf00, 0xbf00, 0xe7fe]);
    const written: Record<string, number> = { pc: code, xPSR: 0x41000000, msp: 0x20001f00, psp: 0x20001e00, lr: 0xfffffff9 };
    for (let r = 0; r <= 12; r++) written[`r${r}`] = 0x5a5a0000 + r * 0x101;
    for (const [name, value] of Object.entries(written)) await session.commands.setReg(name, value);
    await session.commands.setReg('primask', 1);
    await session.commands.setReg('control', 2);
    await session.commands.step();
    const cpu = session.board.cpu;
    for (let r = 0; r <= 12; r++) assert.equal(cpu.readRegister(r), written[`r${r}`], `r${r}`);
    assert.equal(cpu.readRegister(14), written.lr);
    assert.equal(cpu.readRegister(15), code + 2, 'pc after one nop');
    assert.equal(cpu.readRegister(16) >>> 28, 0x4, 'Z flag from xPSR');
    assert.equal(cpu.readRegister(17), written.msp);
    assert.equal(cpu.readRegister(18), written.psp);
    assert.equal(cpu.readRegister(13), written.psp, 'CONTROL.SPSEL selects PSP');
    assert.equal(cpu.readRegister(20), (2 << 24) | 1, 'CONTROL and PRIMASK');
    await session.commands.reset('halt');
  });
});

describe('SysTick while running and stepping (cortex_m maskisr)', () => {
  let session: BoardSession;
  const ICSR = 0xe000ed04;
  const PENDSTSET = 1 << 26;
  let ticks: number;
  let workStep: number;
  before(async () => {
    session = await BoardSession.start({ firmware: 'O2' });
    await session.commands.halt();
    ticks = session.symbol('systick_ticks');
    workStep = session.symbol('work_step');
  });
  after(async () => {
    await session?.close();
  });

  /** Halts on work_step's first instruction (Thread mode, between ticks). */
  async function haltAtWorkStep(): Promise<void> {
    await session.commands.addBreakpoint(workStep, 2, { hardware: true });
    assert.equal(await session.resumeUntilHalt(), 'breakpoint');
    await session.commands.removeBreakpoint(workStep);
    assert.equal(await session.reg('pc'), workStep);
  }

  it('fires while the core runs: a breakpoint on SysTick_Handler hits in Handler mode', async () => {
    const handler = session.symbol('SysTick_Handler');
    await session.commands.addBreakpoint(handler, 2, { hardware: true });
    const from = session.log.length;
    assert.equal(await session.resumeUntilHalt(), 'breakpoint');
    await session.commands.removeBreakpoint(handler);
    await session.waitForLog(/current mode: Handler SysTick/, from);
    assert.equal((await session.reg('xPSR')) & 0x3f, 15);
  });

  it('maskisr steponly: a step with SysTick pending executes one instruction and leaves it pending', async () => {
    await haltAtWorkStep();
    const before = await session.readWord(ticks);
    await session.commands.writeMemory(ICSR, 32, [PENDSTSET]);
    await session.cmd('cortex_m maskisr steponly');
    await session.commands.step();
    assert.equal(await session.reg('pc'), workStep + 2);
    assert.equal((await session.reg('xPSR')) & 0x3f, 0);
    assert.equal(await session.readWord(ticks), before, 'the handler did not run');
    assert.ok((await session.readWord(ICSR)) & PENDSTSET, 'still pending');
    await session.cmd('cortex_m maskisr auto');
  });

  it('maskisr auto: the pending SysTick is served, then the step completes in Thread mode', async () => {
    await haltAtWorkStep();
    const before = await session.readWord(ticks);
    await session.commands.writeMemory(ICSR, 32, [PENDSTSET]);
    await session.cmd('cortex_m maskisr auto');
    await session.commands.step();
    assert.equal(await session.reg('pc'), workStep + 2);
    assert.equal((await session.reg('xPSR')) & 0x3f, 0);
    assert.equal(await session.readWord(ticks), before + 1, 'the handler ran once');
  });

  it('maskisr off: the step enters the SysTick handler', async () => {
    await haltAtWorkStep();
    await session.commands.writeMemory(ICSR, 32, [PENDSTSET]);
    await session.cmd('cortex_m maskisr off');
    await session.commands.step();
    assert.equal(await session.reg('pc'), session.symbol('SysTick_Handler'));
    assert.equal((await session.reg('xPSR')) & 0x3f, 15);
    await session.cmd('cortex_m maskisr auto');
  });
});
