// Halt reasons from OpenOCD 0.12's `poll` line (strings as OpenOCD prints them) and the engine's
// own request; vector catch detection by Handler mode without a breakpoint at the PC.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decideHaltReason, haltFromDcsr, parsePolledHalt } from '../../../src/engine/openocdTarget/haltReason';

describe('parsePolledHalt', () => {
  it('reads the debug reason and the exception of a Handler-mode halt', () => {
    const text = '[stm32f0x.cpu] halted due to breakpoint, current mode: Handler HardFault\nxPSR: 0x81000003 pc: 0x080004b4 msp: 0x20001fd0';
    assert.deepEqual(parsePolledHalt(text), { debugReason: 'breakpoint', mode: 'Handler', exception: 'HardFault' });
  });

  it('has no exception in Thread mode, and nothing when the text holds no halt line', () => {
    const text = '[stm32f0x.cpu] halted due to debug-request, current mode: Thread \nxPSR: 0x61000000 pc: 0x08000104 msp: 0x20001ff0';
    assert.deepEqual(parsePolledHalt(text), { debugReason: 'debug-request', mode: 'Thread', exception: undefined });
    assert.equal(parsePolledHalt(''), undefined);
  });
});

describe('decideHaltReason', () => {
  const polled = (debugReason: string, mode = 'Thread') => ({ debugReason, mode });

  it('maps OpenOCD reasons', () => {
    assert.equal(decideHaltReason(polled('watchpoint'), undefined, false), 'data-breakpoint');
    assert.equal(decideHaltReason(polled('watchpoint-and-breakpoint'), undefined, true), 'data-breakpoint');
    assert.equal(decideHaltReason(polled('breakpoint'), undefined, true), 'breakpoint');
    assert.equal(decideHaltReason(polled('single-step'), 'step', false), 'step');
    assert.equal(decideHaltReason(polled('debug-request'), 'pause', false), 'pause');
    assert.equal(decideHaltReason(polled('debug-request'), undefined, false), 'pause');
  });

  it('a breakpoint halt in Handler mode with no breakpoint at the PC is a vector catch', () => {
    assert.equal(decideHaltReason(polled('breakpoint', 'Handler'), undefined, false), 'exception');
    assert.equal(decideHaltReason(polled('breakpoint', 'Handler'), undefined, true), 'breakpoint');
    assert.equal(decideHaltReason(polled('breakpoint', 'Thread'), undefined, false), 'breakpoint', 'a BKPT in the code');
  });

  it('a reset halt is the entry; a step that OpenOCD reports as a halt request stays a step', () => {
    assert.equal(decideHaltReason(polled('debug-request'), 'reset', false), 'entry');
    assert.equal(decideHaltReason(polled('debug-request'), 'step', false), 'step');
    assert.equal(decideHaltReason(undefined, undefined, false), 'unknown');
  });
});

describe('haltFromDcsr (RISC-V: OpenOCD 0.12 prints no halt reason)', () => {
  // dcsr values as the simulated hart reads them: xdebugver 4, ebreakm, prv 3, cause in bits 8:6.
  const dcsr = (cause: number): bigint => BigInt(0x40008003 | (cause << 6));

  it('maps dcsr.cause (Debug Spec 0.13.2 4.8.1) to OpenOCD\'s words', () => {
    assert.deepEqual([1, 2, 3, 4, 5].map((cause) => haltFromDcsr(dcsr(cause)).debugReason), ['breakpoint', 'trigger', 'debug-request', 'single-step', 'debug-request']);
  });

  it('a trigger is a breakpoint where one of ours is, else a watchpoint', () => {
    assert.equal(decideHaltReason(haltFromDcsr(dcsr(2)), undefined, true), 'breakpoint');
    assert.equal(decideHaltReason(haltFromDcsr(dcsr(2)), undefined, false), 'data-breakpoint');
  });

  it('a resume that stepped off a breakpoint onto another stops as a breakpoint; an engine step stays a step', () => {
    assert.equal(decideHaltReason(haltFromDcsr(dcsr(4)), undefined, true), 'breakpoint');
    assert.equal(decideHaltReason(haltFromDcsr(dcsr(4)), 'step', true), 'step');
  });
});
