// Tail-call frames on the RISC-V board program at -O2 (test/firmware/riscv/board-main.c): scale ends
// in `j add_offset` (DW_AT_call_tail_call), so halted in add_offset GDB shows scale between it and
// round_once (`#1 0x08000064 in scale (value=value@entry=1) at board-main.c:17`). Addresses come from
// objdump. Then which sites are shown when several tail-call paths lead to a function.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { RV32_ARCHITECTURE } from '../../../src/engine/arch';
import { Program } from '../../../src/engine/program';
import { StackUnwinder, type FrameMemory } from '../../../src/engine/stack';
import { unambiguousChain } from '../../../src/engine/stack/tailCallChain';
import { riscvBoardElf } from '../../helpers/firmware';

const SP = 0x2000_07f0;

/** A hart halted at `pc` with `sp` and `ra`, over a stack of `words` (little-endian, by address). */
function halted(pc: number, ra: number, words: ReadonlyMap<number, number>): FrameMemory {
  const registers = new Map<string, bigint>([['pc', BigInt(pc)], ['sp', BigInt(SP)], ['ra', BigInt(ra)], ['fp', 7n], ['s1', 0x2000_0000n]]);
  return {
    registers: async () => registers,
    readMemory: async (address, byteLength) => {
      const out = new Uint8Array(byteLength);
      const view = new DataView(out.buffer);
      for (let offset = 0; offset < byteLength; offset += 4) view.setUint32(offset, words.get(address + offset) ?? 0, true);
      return out;
    },
  };
}

/** objdump's `-d` listing of the ELF: each instruction's address, in order, with its text. */
function disassembly(elfPath: string): { address: number; text: string }[] {
  const listing = execFileSync('riscv64-unknown-elf-objdump', ['-d', elfPath], { encoding: 'utf8' });
  return [...listing.matchAll(/^ +([0-9a-f]+):\t[0-9a-f ]+\t(.*)$/gm)].map((match) => ({ address: parseInt(match[1], 16), text: match[2] }));
}

/** The address after the instruction whose text ends with `<target>` (a call or a jump to it) inside [from, to). */
function after(code: readonly { address: number; text: string }[], from: number, to: number, target: string): number {
  const k = code.findIndex((row) => row.address >= from && row.address < to && row.text.endsWith(`<${target}>`));
  assert.ok(k >= 0 && code[k + 1], `no instruction to ${target} in [0x${from.toString(16)}, 0x${to.toString(16)})`);
  return code[k + 1].address;
}

describe('tail-call frames (RISC-V board program, -O2)', () => {
  const elfPath = riscvBoardElf('O2');
  const program = Program.fromElf(readFileSync(elfPath));
  const code = disassembly(elfPath);
  const symbol = (name: string) => program.elf.symbolByName(name)!;
  const span = (name: string): [number, number] => [symbol(name).address, symbol(name).address + symbol(name).size];
  const intoRoundOnce = after(code, ...span('round_once'), 'scale');
  const intoMain = after(code, ...span('main'), 'round_once');
  const afterTailJump = after(code, ...span('scale'), 'add_offset');
  // round_once saves ra at CFA - 4, its CFA being SP + 16 (its prologue: addi sp,sp,-16; sw ra,12(sp)).
  const roundOnceFrame = new Map([[SP + 12, intoMain]]);
  const unwind = (memory: FrameMemory) => new StackUnwinder(program, memory, { architecture: RV32_ARCHITECTURE }).all();

  it('halted in add_offset, entered by scale\'s tail jump: scale is a frame of its own at the jump\'s return PC and line, as GDB shows it', async () => {
    const { frames, endReason } = await unwind(halted(symbol('add_offset').address, intoRoundOnce, roundOnceFrame));
    assert.deepEqual(frames.map((frame) => [frame.function, frame.tailCall]), [['add_offset', false], ['scale', true], ['round_once', false], ['main', false]], endReason);
    assert.equal(frames[1].pc, afterTailJump, 'the tail call site\'s DW_AT_call_return_pc (the address after `j add_offset`)');
    assert.equal(frames[1].source?.line, 17, 'the line of the jump (`return add_offset(scaled, 7u);`)');
    assert.equal(frames[1].cfa, frames[0].cfa, 'the CFA of the frame it tail-called (GDB: tailcall_frame_this_id)');
    assert.equal(frames[1].registers.get(RV32_ARCHITECTURE.pcRegister), BigInt(afterTailJump));
    assert.equal(frames[1].registers.get(8), 7n, 'the caller\'s callee-saved registers (s0)');
    assert.deepEqual([frames[2].pc, frames[2].source?.line], [intoRoundOnce, 23]);
  });

  it('halted in scale itself: no tail-call frame (round_once calls scale directly)', async () => {
    const { frames, endReason } = await unwind(halted(symbol('scale').address, intoRoundOnce, roundOnceFrame));
    assert.deepEqual(frames.map((frame) => [frame.function, frame.tailCall]), [['scale', false], ['round_once', false], ['main', false]], endReason);
  });

  it('no tail-call path from the caller\'s call site to the function: no tail-call frame', async () => {
    // main's call site calls round_once, which tail-calls nothing: nothing says how add_offset was reached.
    const { frames, endReason } = await unwind(halted(symbol('add_offset').address, intoMain, new Map()));
    assert.deepEqual(frames.map((frame) => frame.function), ['add_offset', 'main'], endReason);
  });
});

describe('which tail-call sites are shown when several paths lead to the function (GDB chain_candidate)', () => {
  it('one path: all its sites, innermost (last) first', () => {
    assert.deepEqual(unambiguousChain([['a', 'b', 'c']]), ['c', 'b', 'a']);
  });
  it('paths that share their first and last sites: those, the last first; the differing middle is left out', () => {
    assert.deepEqual(unambiguousChain([['a', 'b', 'c'], ['a', 'd', 'c']]), ['c', 'a']);
  });
  it('a path that is the start of another: the shared sites (the callers\' side)', () => {
    assert.deepEqual(unambiguousChain([['a', 'b', 'c'], ['a', 'b']]), ['b', 'a']);
  });
  it('paths sharing neither end, or a direct call besides a tail-call path: no frame (ambiguous)', () => {
    assert.deepEqual(unambiguousChain([['a', 'b'], ['c', 'd']]), []);
    assert.deepEqual(unambiguousChain([[], ['a']]), []);
    assert.deepEqual(unambiguousChain([[]]), []);
  });
});
