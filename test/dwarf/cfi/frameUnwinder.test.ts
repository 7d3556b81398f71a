// One-frame unwinding from CFI on synthetic ARM and RISC-V frames (DWARF5 6.4).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as cfa from '../../../src/dwarf/cfi/dwCfa';
import {
  ARM_UNWIND_ABI, CallFrameInfo, DW_OP_breg13, DW_OP_lit4, DW_OP_lit8, DW_OP_minus, DW_OP_plus, FrameUnwinding, RISCV_UNWIND_ABI,
  UnwindAbi, UnwindInput, UnwindResult, stripThumbBit, unwindFrameAsync, unwindFrameSync,
} from '../../../src/dwarf';
import { CfiSectionBuilder } from './cfiSectionBuilder';

interface FdeSpec {
  readonly start: number;
  readonly length: number;
  readonly instructions: number[];
}

/** One CIE (code align 2, data align -4, return column `ra`) and the given FDEs. */
function cfiOf(fdes: FdeSpec[], ra = 14, cieInstructions = [cfa.DW_CFA_def_cfa, 13, 0]): CallFrameInfo {
  const s = new CfiSectionBuilder(false).cie({ label: 'c', returnAddressRegister: ra, instructions: cieInstructions });
  for (const fde of fdes) s.fde({ cie: 'c', writeAddresses: (b) => b.u32(fde.start).u32(fde.length), instructions: fde.instructions });
  return new CallFrameInfo([{ name: '.debug_frame', bytes: s.build(), littleEndian: true, addressSize: 4 }]);
}

/** push {r4, r7, lr} at 0x1000 (2 bytes), then add r7, sp, #0 at 0x1002 (DWARF5 D.6 style). */
const pushFrame: FdeSpec = {
  start: 0x1000,
  length: 0x100,
  instructions: [
    cfa.DW_CFA_advance_loc | 1, cfa.DW_CFA_def_cfa_offset, 12, cfa.DW_CFA_offset | 4, 3, cfa.DW_CFA_offset | 7, 2, cfa.DW_CFA_offset | 14, 1,
    cfa.DW_CFA_advance_loc | 1, cfa.DW_CFA_def_cfa_register, 7,
  ],
};

const stackTop = 0x2000_0100;

/** A target: registers by number and a word-addressed stack image. */
function target(registers: Record<number, number>, words: Record<number, number>) {
  const reads: string[] = [];
  return {
    reads,
    readRegister: (n: number): bigint | undefined => {
      reads.push(`r${n}`);
      return n in registers ? BigInt(registers[n]) : undefined;
    },
    readMemory: (address: bigint, byteSize: number): Uint8Array | undefined => {
      reads.push(`m${address.toString(16)}`);
      const word = words[Number(address)];
      if (word === undefined || byteSize !== 4) return undefined;
      return Uint8Array.of(word & 0xff, (word >>> 8) & 0xff, (word >>> 16) & 0xff, word >>> 24);
    },
  };
}

const savedWords = { [stackTop - 12]: 0x44, [stackTop - 8]: 0x2000_0200, [stackTop - 4]: 0x0800_0235 };
const calleeRegisters = { 0: 1, 1: 2, 2: 3, 3: 4, 4: 0x4444, 5: 0x55, 6: 0x66, 7: stackTop - 12, 8: 8, 9: 9, 10: 10, 11: 11, 12: 12, 13: stackTop - 12, 14: 0x0800_0999, 15: 0x1004 };

function values(result: UnwindResult): Record<number, string> {
  assert.equal(result.kind, 'unwound', JSON.stringify(result, (_, v) => (typeof v === 'bigint' ? v.toString(16) : v)));
  if (result.kind !== 'unwound') return {};
  return Object.fromEntries([...result.registers].map(([n, r]) => [n, 'value' in r ? `0x${r.value.toString(16)}` : `? ${r.unavailable}`]));
}

function unwind(cfi: CallFrameInfo, input: UnwindInput, registers: Record<number, number>, words: Record<number, number> = savedWords, abi: UnwindAbi = ARM_UNWIND_ABI): UnwindResult {
  return unwindFrameSync(cfi, input, abi, target(registers, words));
}

describe('unwinding one frame with CFI (DWARF5 6.4)', () => {
  it('recovers the CFA, saved registers and return address of an ARM frame', () => {
    const result = unwind(cfiOf([pushFrame]), { pc: 0x1004n }, calleeRegisters);
    assert.ok(result.kind === 'unwound');
    assert.equal(result.cfa, BigInt(stackTop));
    assert.equal(result.returnAddress, 0x0800_0235n);
    assert.equal(stripThumbBit(result.returnAddress!), 0x0800_0234n);
    assert.deepEqual(values(result), {
      0: '? not preserved across the call (caller-saved)', 1: '? not preserved across the call (caller-saved)',
      2: '? not preserved across the call (caller-saved)', 3: '? not preserved across the call (caller-saved)',
      4: '0x44', 5: '0x55', 6: '0x66', 7: '0x20000200', 8: '0x8', 9: '0x9', 10: '0xa', 11: '0xb',
      12: '? not preserved across the call (caller-saved)', 13: '0x20000100', 14: '0x8000235', 15: '0x8000235',
    });
  });

  it('uses the row at the PC: at function entry the return address is still in LR', () => {
    const atEntry = { ...calleeRegisters, 13: stackTop, 15: 0x1000 };
    const result = unwind(cfiOf([pushFrame]), { pc: 0x1000n }, atEntry, {});
    assert.ok(result.kind === 'unwound');
    assert.deepEqual([result.cfa, result.returnAddress], [BigInt(stackTop), 0x0800_0999n]);
    assert.equal(values(result)[4], '0x4444');
  });

  it('asks for registers and memory one request at a time, reading each register once', () => {
    const unwinding = new FrameUnwinding(cfiOf([pushFrame]), { pc: 0x1004n }, ARM_UNWIND_ABI);
    const reader = target(calleeRegisters, savedWords);
    let step = unwinding.start();
    assert.deepEqual(step, { done: false, request: { kind: 'register', register: 7 } });
    while (!step.done) {
      const request = step.request;
      step = unwinding.resume(request.kind === 'register' ? reader.readRegister(request.register) : reader.readMemory(request.address, request.byteSize));
    }
    assert.equal(step.result.kind, 'unwound');
    // Registers in number order: r4 and r7 from the stack, r5/r6/r8-r11 carried over, then lr.
    assert.deepEqual(reader.reads, ['r7', 'm200000f4', 'r5', 'r6', 'm200000f8', 'r8', 'r9', 'r10', 'r11', 'm200000fc']);
  });

  it('says when no CFI covers the PC, and when the CFA cannot be computed', () => {
    assert.deepEqual(unwind(cfiOf([pushFrame]), { pc: 0x2000n }, calleeRegisters), { kind: 'noCfi', pc: 0x2000n, reason: 'no call frame information covers 0x2000' });
    const { 7: _r7, ...withoutR7 } = calleeRegisters;
    assert.deepEqual(unwind(cfiOf([pushFrame]), { pc: 0x1004n }, withoutR7), { kind: 'failed', pc: 0x1004n, reason: 'the CFA register 7 is not known' });
    const broken = cfiOf([{ start: 0x1000, length: 0x10, instructions: [cfa.DW_CFA_restore_state] }]);
    assert.match((unwind(broken, { pc: 0x1000n }, calleeRegisters) as { reason: string }).reason, /DW_CFA_restore_state without a remembered state/);
    const noCfa = cfiOf([{ start: 0x1000, length: 0x10, instructions: [] }], 14, []);
    assert.deepEqual(unwind(noCfa, { pc: 0x1000n }, calleeRegisters), { kind: 'failed', pc: 0x1000n, reason: 'the CFI defines no CFA at this address' });
  });

  it('reports unreadable saved registers as unavailable, and no return address', () => {
    const result = unwind(cfiOf([pushFrame]), { pc: 0x1004n }, calleeRegisters, { [stackTop - 12]: 0x44 });
    assert.ok(result.kind === 'unwound');
    assert.equal(result.returnAddress, undefined);
    assert.deepEqual([values(result)[4], values(result)[7], values(result)[14], values(result)[15]],
      ['0x44', '? memory at 0x200000f8 is not readable', '? memory at 0x200000fc is not readable', '? no return address']);
  });

  it('ends the stack where the return address column is DW_CFA_undefined', () => {
    const outermost = cfiOf([{ start: 0x1000, length: 0x10, instructions: [cfa.DW_CFA_undefined, 14] }]);
    const result = unwind(outermost, { pc: 0x1000n }, calleeRegisters);
    assert.ok(result.kind === 'unwound');
    assert.equal(result.returnAddress, undefined);
    assert.equal(values(result)[14], '? not saved (DW_CFA_undefined)');
  });

  it('evaluates CFA and register expressions, val_offset, register and same_value rules', () => {
    const fde: FdeSpec = {
      start: 0x1000,
      length: 0x10,
      instructions: [
        cfa.DW_CFA_def_cfa_expression, 2, DW_OP_breg13, 12,
        cfa.DW_CFA_expression, 4, 2, DW_OP_lit8, DW_OP_minus,
        cfa.DW_CFA_val_expression, 5, 2, DW_OP_lit4, DW_OP_plus,
        cfa.DW_CFA_val_offset, 6, 2,
        cfa.DW_CFA_register, 14, 3,
        cfa.DW_CFA_same_value, 0,
      ],
    };
    const result = unwind(cfiOf([fde]), { pc: 0x1000n }, calleeRegisters);
    assert.ok(result.kind === 'unwound');
    assert.equal(result.cfa, BigInt(stackTop));
    assert.deepEqual([values(result)[0], values(result)[4], values(result)[5], values(result)[6], values(result)[14]],
      ['0x1', '0x20000200', '0x20000104', '0x200000f8', '0x4']);
    assert.equal(result.returnAddress, 4n);
  });

  it('looks a return address up at pc - 1, inside the call that precedes it', () => {
    // A noreturn-style function whose last instruction is the call: the return address is the next FDE's start.
    const caller: FdeSpec = { start: 0x1000, length: 0x100, instructions: [cfa.DW_CFA_def_cfa_offset, 12, cfa.DW_CFA_offset | 14, 1] };
    const next: FdeSpec = { start: 0x1100, length: 0x10, instructions: [] };
    // CFA = sp + 12 = stackTop + 8; lr saved at CFA - 4.
    const words = { [stackTop + 4]: 0x0800_0101 };
    const asReturn = unwind(cfiOf([caller, next]), { pc: 0x1100n, pcIsReturnAddress: true }, { ...calleeRegisters, 13: stackTop - 4 }, words);
    assert.ok(asReturn.kind === 'unwound');
    assert.deepEqual([asReturn.fde.initialLocation, asReturn.returnAddress], [0x1000, 0x0800_0101n]);
    const asPc = unwind(cfiOf([caller, next]), { pc: 0x1100n }, { ...calleeRegisters, 13: stackTop - 4 }, words);
    assert.ok(asPc.kind === 'unwound');
    assert.equal(asPc.fde.initialLocation, 0x1100);
  });

  it('awaits an asynchronous reader', async () => {
    const reader = target(calleeRegisters, savedWords);
    const result = await unwindFrameAsync(cfiOf([pushFrame]), { pc: 0x1004n }, ARM_UNWIND_ABI, {
      readRegister: async (n) => reader.readRegister(n),
      readMemory: async (address, byteSize) => reader.readMemory(address, byteSize),
    });
    assert.ok(result.kind === 'unwound');
    assert.equal(result.returnAddress, 0x0800_0235n);
  });

  it('unwinds a RISC-V leaf frame: ra is the return column, a0-a7 are not preserved', () => {
    const leaf = cfiOf([{ start: 0x100, length: 0x20, instructions: [] }], 1, [cfa.DW_CFA_def_cfa, 2, 0]);
    const registers = Object.fromEntries(Array.from({ length: 32 }, (_, n) => [n, 0x1000 + n]));
    const result = unwind(leaf, { pc: 0x104n }, registers, {}, RISCV_UNWIND_ABI);
    assert.ok(result.kind === 'unwound');
    assert.deepEqual([result.cfa, result.returnAddress], [0x1002n, 0x1001n]);
    assert.deepEqual([values(result)[8], values(result)[10], values(result)[2], values(result)[0]],
      ['0x1008', '? not preserved across the call (caller-saved)', '0x1002', '0x1000']);
  });
});
