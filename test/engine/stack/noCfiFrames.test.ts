// Unwinding through code without CFI from a byte-built stack, on the stepping firmware's -O2
// build: libgcc's __aeabi_uidivmod (lib1funcs.S, no FDE) interrupted by SysTick, whose caller GDB
// finds in the stacked LR (arm_scan_prologue: no PUSH of LR, so the PC is in LR).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { Program } from '../../../src/engine/program';
import { StackUnwinder, type FrameMemory } from '../../../src/engine/stack';
import { steppingElf } from '../../helpers/firmware';

const STACK_TOP = 0x2000_1000;
const HANDLER_SP = 0x2000_0f80;
const EXC_RETURN_MSP = 0xffff_fff9n;

/**
 * A halted core in `pc` with `sp` and `lr`, over a stack whose words are `words` and, elsewhere
 * in [sp, STACK_TOP), `filler` (so that every saved LR slot holds a plausible return address).
 */
function halted(pc: number, sp: number, lr: bigint, words: ReadonlyMap<number, number>, filler: number): FrameMemory {
  const registers = new Map<string, bigint>([['pc', BigInt(pc)], ['sp', BigInt(sp)], ['lr', lr], ['msp', BigInt(sp)]]);
  return {
    registers: async () => registers,
    readMemory: async (address, byteLength) => {
      if (address < sp || address + byteLength > STACK_TOP) return undefined;
      const out = new Uint8Array(byteLength);
      const view = new DataView(out.buffer);
      for (let offset = 0; offset < byteLength; offset += 4) view.setUint32(offset, words.get(address + offset) ?? filler, true);
      return out;
    },
  };
}

/** The address after the first Thumb BL in [from, to) that calls `target` (ARMv6-M A6.7.13). */
function returnAddressOfCall(program: Program, from: number, to: number, target: number): number {
  const code = program.bytesAt(from, to - from)!;
  const view = new DataView(code.buffer, code.byteOffset, code.byteLength);
  for (let at = 0; at + 4 <= code.length; at += 2) {
    const first = view.getUint16(at, true);
    const second = view.getUint16(at + 2, true);
    if ((first & 0xf800) !== 0xf000 || (second & 0xd000) !== 0xd000) continue;
    const s = (first >> 10) & 1;
    const i1 = 1 - (((second >> 13) & 1) ^ s);
    const i2 = 1 - (((second >> 11) & 1) ^ s);
    const offset = ((s ? -1 : 0) << 24) | (i1 << 23) | (i2 << 22) | ((first & 0x3ff) << 12) | ((second & 0x7ff) << 1);
    if (from + at + 4 + offset === target) return from + at + 4;
  }
  throw new Error(`no BL to 0x${target.toString(16)} in [0x${from.toString(16)}, 0x${to.toString(16)})`);
}

describe('unwinding code without CFI (stepping firmware, -O2)', () => {
  const program = Program.fromElf(readFileSync(steppingElf('O2')));
  const symbol = (name: string) => program.elf.symbolByName(name)!;
  const main = symbol('main');
  const handler = symbol('SysTick_Handler');
  const uidivmod = symbol('__aeabi_uidivmod');
  const returnIntoMain = returnAddressOfCall(program, main.address & ~1, (main.address & ~1) + main.size, uidivmod.address & ~1);
  const intoReset = (symbol('Reset_Handler').address & ~1) + 0x20 + 1;

  it('__aeabi_uidivmod interrupted by SysTick unwinds through the stacked LR to round_once and main, as GDB does', async () => {
    assert.equal(program.cfi.findFde((uidivmod.address & ~1) + 2), undefined, '__aeabi_uidivmod has no CFI (the case under test)');
    // SysTick_Handler is a leaf: its CFA is SP, where the core stacked r0-r3, r12, LR, PC, xPSR.
    const stacked = [5, 5, 0, 0, 0, returnIntoMain | 1, (uidivmod.address & ~1) + 2, 0x0100_0000];
    const words = new Map(stacked.map((value, i) => [HANDLER_SP + 4 * i, value]));
    const memory = halted(handler.address & ~1, HANDLER_SP, EXC_RETURN_MSP, words, intoReset);
    const { frames, endReason } = await new StackUnwinder(program, memory).all();
    assert.deepEqual(
      frames.map((frame) => frame.function ?? frame.symbol),
      ['SysTick_Handler', '__aeabi_uidivmod', 'round_once', 'main'],
      endReason,
    );
    assert.equal(frames[1].interrupted, true);
    assert.equal(frames[1].cfa, HANDLER_SP + 32, 'a leaf without PUSH: its CFA is the SP the exception entry left');
    assert.equal(frames[2].pc, returnIntoMain);
    assert.equal(endReason, 'reached main');
  });

  it('a caller frame without CFI and without a saved LR still ends the stack (its LR was overwritten by its own call)', async () => {
    // The same routine as a caller reached by a return address, not by an exception: nothing in
    // it saved the LR its own call overwrote.
    const afterCall = (uidivmod.address & ~1) + 4;
    const memory = halted(handler.address & ~1, HANDLER_SP, BigInt(afterCall | 1), new Map(), intoReset);
    const { frames, endReason } = await new StackUnwinder(program, memory).all();
    assert.deepEqual(frames.map((frame) => frame.function ?? frame.symbol), ['SysTick_Handler', '__aeabi_uidivmod']);
    assert.match(endReason ?? '', /its prologue saves no return address/);
  });
});
