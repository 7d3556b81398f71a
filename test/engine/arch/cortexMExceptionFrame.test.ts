// Cortex-M exception frames (ARMv6-M B1.5.6-B1.5.8) popped from byte-built stacks: MSP and PSP
// selection by EXC_RETURN, the xPSR bit 9 alignment word, the ARMv7-M extended (FP) frame size.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isExcReturn } from '../../../src/engine/arch';
import { popExceptionFrame } from '../../../src/engine/arch/cortexMExceptionFrame';
import type { FrameMemory } from '../../../src/engine/stack';

/** A FrameMemory over a little-endian word map and named registers. */
function memory(words: Record<number, number>, registers: Record<string, bigint> = {}): FrameMemory {
  return {
    registers: async () => new Map(Object.entries(registers)),
    readMemory: async (address, byteLength) => {
      const out = new Uint8Array(byteLength);
      const view = new DataView(out.buffer);
      for (let offset = 0; offset < byteLength; offset += 4) {
        const word = words[address + offset];
        if (word === undefined) return undefined;
        view.setUint32(offset, word >>> 0, true);
      }
      return out;
    },
  };
}

/** The 8 stacked words r0-r3, r12, lr, pc, xPSR at `base`. */
function stacked(base: number, xpsr: number): Record<number, number> {
  const values = [0x10, 0x11, 0x12, 0x13, 0x1c, 0x0800_0123, 0x0800_0457, xpsr];
  return Object.fromEntries(values.map((value, i) => [base + 4 * i, value]));
}

describe('Cortex-M exception frames', () => {
  it('recognises the EXC_RETURN values and nothing below 0xFFFFFFE0', () => {
    for (const value of [0xfffffff1, 0xfffffff9, 0xfffffffd, 0xffffffe1, 0xffffffed]) assert.equal(isExcReturn(value), true, value.toString(16));
    for (const value of [0x08000123, 0xffffffdf, 0x20001ff8]) assert.equal(isExcReturn(value), false, value.toString(16));
  });

  it('0xFFFFFFF9 pops the frame at the handler\'s CFA on MSP: registers, Thumb bit cleared, SP above the frame', async () => {
    const frame = await popExceptionFrame(0xfffffff9n, 0x20001fc0, memory(stacked(0x20001fc0, 0x61000000)));
    assert.ok(typeof frame !== 'string', String(frame));
    assert.equal(frame.stack, 'msp');
    assert.equal(frame.pc, 0x0800_0456);
    assert.deepEqual([0, 1, 2, 3, 12, 14, 15, 13].map((n) => frame.registers.get(n)), [0x10n, 0x11n, 0x12n, 0x13n, 0x1cn, 0x0800_0123n, 0x0800_0456n, 0x20001fe0n]);
  });

  it('xPSR bit 9 means the entry aligned SP with one extra word: the caller\'s SP is 4 bytes higher', async () => {
    const frame = await popExceptionFrame(0xfffffff9n, 0x20001fc0, memory(stacked(0x20001fc0, 0x61000200)));
    assert.ok(typeof frame !== 'string');
    assert.equal(frame.registers.get(13), 0x20001fe4n);
  });

  it('0xFFFFFFFD takes the frame from PSP, whatever the handler\'s CFA', async () => {
    const frame = await popExceptionFrame(0xfffffffdn, 0x20001fc0, memory(stacked(0x20000800, 0x01000000), { psp: 0x20000800n }));
    assert.ok(typeof frame !== 'string');
    assert.equal(frame.stack, 'psp');
    assert.equal(frame.frameAddress, 0x20000800);
    assert.equal(frame.registers.get(13), 0x20000820n);
  });

  it('EXC_RETURN bit 4 clear (ARMv7-M FP context) means a 26-word frame', async () => {
    const frame = await popExceptionFrame(0xffffffe9n, 0x20001f00, memory(stacked(0x20001f00, 0x01000000)));
    assert.ok(typeof frame !== 'string');
    assert.equal(frame.registers.get(13), 0x20001f68n);
  });

  it('an unreadable frame or a missing PSP is a reason, not an exception', async () => {
    assert.match(String(await popExceptionFrame(0xfffffff9n, 0x3ffffff0, memory({}))), /exception frame at 0x3ffffff0 cannot be read/);
    assert.match(String(await popExceptionFrame(0xfffffffdn, 0x20001fc0, memory({}))), /PSP cannot be read/);
  });
});
