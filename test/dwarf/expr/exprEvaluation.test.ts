// The DW_OP evaluator, operation by operation (DWARF5 2.5, 2.6), including errors and step limits.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  ExprBaseType, ExprEvaluation, ExprOptions, Location, SyncExprReader, dwOpName, evaluateAsync, evaluateSync,
} from '../../../src/dwarf/expr';
import * as op from '../../../src/dwarf/expr/dwOp';
import { DW_ATE_float, DW_ATE_signed, DW_ATE_unsigned } from '../../../src/dwarf/info/dwarfConstants';
import { ByteBuilder } from '../../helpers/byteBuilder';

const opts4: ExprOptions = { addressSize: 4 };
const opts8: ExprOptions = { addressSize: 8 };

/** A reader over a register map and a little memory image based at 0x2000_0000. */
function reader(extra: Partial<SyncExprReader> = {}): SyncExprReader & { reads: string[] } {
  const registers = new Map<number, bigint>([[0, 0x11n], [1, 0x22n], [7, 0x2000_0100n], [13, 0x2000_0080n]]);
  const memory = new Uint8Array(0x200);
  for (let i = 0; i < memory.length; i++) memory[i] = i & 0xff;
  const base = 0x2000_0000n;
  const reads: string[] = [];
  return {
    reads,
    readRegister: (register) => {
      reads.push(`r${register}`);
      return registers.get(register);
    },
    readMemory: (address, byteSize, addressSpace) => {
      reads.push(`m${address.toString(16)}/${byteSize}${addressSpace === undefined ? '' : `@${addressSpace}`}`);
      const at = Number(address - base);
      if (at < 0 || at + byteSize > memory.length) return undefined;
      return memory.slice(at, at + byteSize);
    },
    ...extra,
  };
}

function run(build: (b: ByteBuilder) => ByteBuilder, options: ExprOptions = opts4, r: SyncExprReader = reader()): Location {
  return evaluateSync(build(new ByteBuilder()).build(), options, r);
}

/** The value an expression leaves when closed by DW_OP_stack_value. */
function value(build: (b: ByteBuilder) => ByteBuilder, options: ExprOptions = opts4, r?: SyncExprReader): bigint {
  const location = run((b) => build(b).u8(op.DW_OP_stack_value), options, r);
  assert.equal(location.kind, 'value', JSON.stringify(location, (_, v) => (typeof v === 'bigint' ? v.toString() : v)));
  return (location as { value: bigint }).value;
}

function failure(location: Location): { kind: string; reason: string } {
  assert.ok(location.kind === 'error' || location.kind === 'unsupported' || location.kind === 'unavailable', `expected a failure, got ${location.kind}`);
  return location as { kind: string; reason: string };
}

// Base types as the info reader resolves them (DW_ATE_* from DWARF5 Table 7.11).
const int32: ExprBaseType = { byteSize: 4, encoding: DW_ATE_signed };
const uint16: ExprBaseType = { byteSize: 2, encoding: DW_ATE_unsigned };
const float32: ExprBaseType = { byteSize: 4, encoding: DW_ATE_float };
const float64: ExprBaseType = { byteSize: 8, encoding: DW_ATE_float };
const types = new Map<number, ExprBaseType>([
  [0x30, int32], [0x40, uint16], [0x50, float32], [0x60, float64], [0x70, { byteSize: 16, encoding: DW_ATE_float }],
]);
const typed: ExprOptions = { addressSize: 4, resolveBaseType: (offset) => types.get(offset) };

describe('DW_OP literals and constants (DWARF5 2.5.1.1)', () => {
  it('pushes literals, addresses and sized constants with their signedness', () => {
    assert.equal(value((b) => b.u8(op.DW_OP_lit0 + 17)), 17n);
    assert.equal(value((b) => b.u8(op.DW_OP_lit31)), 31n);
    assert.equal(value((b) => b.u8(op.DW_OP_addr).u32(0x0800_1234)), 0x0800_1234n);
    assert.equal(value((b) => b.u8(op.DW_OP_addr).u64(0x1_0000_0010n), opts8), 0x1_0000_0010n);
    assert.equal(value((b) => b.u8(op.DW_OP_const1u, 0xff)), 0xffn);
    assert.equal(value((b) => b.u8(op.DW_OP_const1s, 0xff)), 0xffff_ffffn);
    assert.equal(value((b) => b.u8(op.DW_OP_const2u).u16(0xfffe)), 0xfffen);
    assert.equal(value((b) => b.u8(op.DW_OP_const2s).u16(0xfffe)), 0xffff_fffen);
    assert.equal(value((b) => b.u8(op.DW_OP_const4u).u32(0x8000_0000)), 0x8000_0000n);
    assert.equal(value((b) => b.u8(op.DW_OP_const4s).u32(0xffff_ffff), opts8), 0xffff_ffff_ffff_ffffn);
    assert.equal(value((b) => b.u8(op.DW_OP_const8u).u64(0x1234_5678_9abc_def0n), opts8), 0x1234_5678_9abc_def0n);
    assert.equal(value((b) => b.u8(op.DW_OP_const8s).u64(-2n), opts8), 0xffff_ffff_ffff_fffen);
    assert.equal(value((b) => b.u8(op.DW_OP_constu).uleb(624485)), 624485n);
    assert.equal(value((b) => b.u8(op.DW_OP_consts).sleb(-2)), 0xffff_fffen);
  });

  it('wraps generic values to the address size', () => {
    assert.equal(value((b) => b.u8(op.DW_OP_const8u).u64(0x1_0000_0005n)), 5n);
  });

  it('resolves DW_OP_addrx and DW_OP_constx through the address index, or says it cannot', () => {
    const r = reader({ addressIndex: (index) => 0x0800_0000n + BigInt(index) * 4n });
    assert.equal(value((b) => b.u8(op.DW_OP_addrx).uleb(3), opts4, r), 0x0800_000cn);
    assert.equal(value((b) => b.u8(op.DW_OP_constx).uleb(1), opts4, r), 0x0800_0004n);
    assert.equal(value((b) => b.u8(op.DW_OP_GNU_addr_index).uleb(2), opts4, r), 0x0800_0008n);
    assert.equal(failure(run((b) => b.u8(op.DW_OP_addrx).uleb(0))).kind, 'unsupported');
  });
});

describe('DW_OP stack operations (DWARF5 2.5.1.3)', () => {
  it('dup, drop, over, pick, swap and rot move entries as specified', () => {
    assert.equal(value((b) => b.u8(op.DW_OP_lit5, op.DW_OP_dup, op.DW_OP_plus)), 10n);
    assert.equal(value((b) => b.u8(op.DW_OP_lit5, op.DW_OP_lit6, op.DW_OP_drop)), 5n);
    assert.equal(value((b) => b.u8(op.DW_OP_lit5, op.DW_OP_lit6, op.DW_OP_over, op.DW_OP_drop, op.DW_OP_minus)), 0xffff_ffffn);
    assert.equal(value((b) => b.u8(op.DW_OP_lit1, op.DW_OP_lit2, op.DW_OP_lit3, op.DW_OP_pick, 2)), 1n);
    assert.equal(value((b) => b.u8(op.DW_OP_lit1, op.DW_OP_lit3, op.DW_OP_swap, op.DW_OP_minus)), 2n);
    // rot: [1,2,3] (3 on top) becomes [3,1,2]; stack values record the order.
    const order = (n: number): bigint => value((b) => b.u8(op.DW_OP_lit1, op.DW_OP_lit2, op.DW_OP_lit3, op.DW_OP_rot, op.DW_OP_pick, n));
    assert.deepEqual([order(0), order(1), order(2)], [2n, 1n, 3n]);
  });

  it('reports underflow and out-of-range picks as errors', () => {
    assert.match(failure(run((b) => b.u8(op.DW_OP_drop))).reason, /DW_OP_drop: stack underflow/);
    assert.match(failure(run((b) => b.u8(op.DW_OP_lit1, op.DW_OP_pick, 1))).reason, /DW_OP_pick 1: stack has only 1/);
    assert.match(failure(run((b) => b.u8(op.DW_OP_lit1, op.DW_OP_rot))).reason, /underflow/);
  });
});

describe('DW_OP arithmetic and logic (DWARF5 2.5.1.4)', () => {
  it('computes with wrap-around at the address size', () => {
    assert.equal(value((b) => b.u8(op.DW_OP_lit3, op.DW_OP_lit4, op.DW_OP_plus)), 7n);
    assert.equal(value((b) => b.u8(op.DW_OP_lit3, op.DW_OP_lit4, op.DW_OP_minus)), 0xffff_ffffn);
    assert.equal(value((b) => b.u8(op.DW_OP_lit3, op.DW_OP_lit4, op.DW_OP_minus), opts8), 0xffff_ffff_ffff_ffffn);
    assert.equal(value((b) => b.u8(op.DW_OP_const4u).u32(0x10000).u8(op.DW_OP_const4u).u32(0x10000).u8(op.DW_OP_mul)), 0n);
    assert.equal(value((b) => b.u8(op.DW_OP_lit12, op.DW_OP_lit10, op.DW_OP_and)), 8n);
    assert.equal(value((b) => b.u8(op.DW_OP_lit12, op.DW_OP_lit10, op.DW_OP_or)), 14n);
    assert.equal(value((b) => b.u8(op.DW_OP_lit12, op.DW_OP_lit10, op.DW_OP_xor)), 6n);
    assert.equal(value((b) => b.u8(op.DW_OP_lit1, op.DW_OP_plus_uconst).uleb(300)), 301n);
    assert.equal(value((b) => b.u8(op.DW_OP_lit0, op.DW_OP_not)), 0xffff_ffffn);
    assert.equal(value((b) => b.u8(op.DW_OP_lit5, op.DW_OP_neg)), 0xffff_fffbn);
    assert.equal(value((b) => b.u8(op.DW_OP_consts).sleb(-9).u8(op.DW_OP_abs)), 9n);
  });

  it('divides signed, takes generic modulo unsigned, and refuses division by zero', () => {
    assert.equal(value((b) => b.u8(op.DW_OP_consts).sleb(-7).u8(op.DW_OP_lit2, op.DW_OP_div)), 0xffff_fffdn);
    assert.equal(value((b) => b.u8(op.DW_OP_lit7, op.DW_OP_consts).sleb(-2).u8(op.DW_OP_div)), 0xffff_fffdn);
    assert.equal(value((b) => b.u8(op.DW_OP_lit7, op.DW_OP_lit3, op.DW_OP_mod)), 1n);
    assert.equal(value((b) => b.u8(op.DW_OP_consts).sleb(-1).u8(op.DW_OP_lit10, op.DW_OP_mod)), 0xffff_ffffn % 10n);
    assert.match(failure(run((b) => b.u8(op.DW_OP_lit7, op.DW_OP_lit0, op.DW_OP_div, op.DW_OP_stack_value))).reason, /DW_OP_div: division by zero/);
    assert.match(failure(run((b) => b.u8(op.DW_OP_lit7, op.DW_OP_lit0, op.DW_OP_mod))).reason, /DW_OP_mod: division by zero/);
  });

  it('shifts logically and arithmetically, including by the full width', () => {
    assert.equal(value((b) => b.u8(op.DW_OP_lit1, op.DW_OP_lit31, op.DW_OP_shl)), 0x8000_0000n);
    assert.equal(value((b) => b.u8(op.DW_OP_lit1, op.DW_OP_const1u, 32, op.DW_OP_shl)), 0n);
    assert.equal(value((b) => b.u8(op.DW_OP_consts).sleb(-16).u8(op.DW_OP_lit2, op.DW_OP_shr)), 0x3fff_fffcn);
    assert.equal(value((b) => b.u8(op.DW_OP_consts).sleb(-16).u8(op.DW_OP_lit2, op.DW_OP_shra)), 0xffff_fffcn);
    assert.equal(value((b) => b.u8(op.DW_OP_consts).sleb(-16).u8(op.DW_OP_const1u, 40, op.DW_OP_shra)), 0xffff_ffffn);
    assert.equal(value((b) => b.u8(op.DW_OP_lit16, op.DW_OP_const1u, 40, op.DW_OP_shr)), 0n);
  });

  it('compares as signed values and pushes 1 or 0', () => {
    const compare = (opcode: number): bigint => value((b) => b.u8(op.DW_OP_consts).sleb(-1).u8(op.DW_OP_lit1, opcode));
    assert.deepEqual(
      [op.DW_OP_eq, op.DW_OP_ne, op.DW_OP_lt, op.DW_OP_le, op.DW_OP_gt, op.DW_OP_ge].map(compare),
      [0n, 1n, 1n, 1n, 0n, 0n],
    );
    assert.equal(value((b) => b.u8(op.DW_OP_lit4, op.DW_OP_lit4, op.DW_OP_ge)), 1n);
  });
});

describe('DW_OP control flow (DWARF5 2.5.1.5)', () => {
  it('runs a bra loop: sum 5+4+3+2+1', () => {
    // acc n | loop: dup bra(body) ; skip(end) | body: swap over plus swap lit1 minus skip(loop)
    const b = new ByteBuilder().u8(op.DW_OP_lit0, op.DW_OP_lit5);
    // loop at 2: dup(1) bra(3) skip(3) = 7 bytes, body = 6 + skip(3) = 9 bytes
    b.u8(op.DW_OP_dup, op.DW_OP_bra).u16(3).u8(op.DW_OP_skip).u16(9);
    b.u8(op.DW_OP_swap, op.DW_OP_over, op.DW_OP_plus, op.DW_OP_swap, op.DW_OP_lit1, op.DW_OP_minus, op.DW_OP_skip).u16(-16 & 0xffff);
    b.u8(op.DW_OP_drop, op.DW_OP_stack_value);
    assert.deepEqual(evaluateSync(b.build(), opts4, reader()), { kind: 'value', value: 15n });
  });

  it('bounds endless loops by the step limit', () => {
    const location = run((b) => b.u8(op.DW_OP_skip).u16(-3 & 0xffff), { addressSize: 4, maxSteps: 500 });
    assert.match(failure(location).reason, /step limit of 500/);
    assert.match(failure(run((b) => b.u8(op.DW_OP_lit1, op.DW_OP_bra).u16(-4 & 0xffff))).reason, /step limit of 10000/);
  });

  it('refuses branches outside the expression, and only branches on non-zero', () => {
    assert.match(failure(run((b) => b.u8(op.DW_OP_skip).u16(100))).reason, /DW_OP_skip to 103 leaves the expression/);
    assert.equal(value((b) => b.u8(op.DW_OP_lit7, op.DW_OP_lit0, op.DW_OP_bra).u16(100)), 7n);
  });

  it('runs DW_OP_call2/call4/call_ref bodies on the same stack when the caller supplies them', () => {
    const bodies = new Map<number, Uint8Array>([[0x40, Uint8Array.of(op.DW_OP_lit2, op.DW_OP_mul)]]);
    const r = reader({ callExpression: (_op, offset) => bodies.get(offset) });
    assert.equal(value((b) => b.u8(op.DW_OP_lit5, op.DW_OP_call2).u16(0x40).u8(op.DW_OP_lit1, op.DW_OP_plus), opts4, r), 11n);
    assert.equal(value((b) => b.u8(op.DW_OP_lit5, op.DW_OP_call4).u32(0x40), opts4, r), 10n);
    assert.equal(value((b) => b.u8(op.DW_OP_lit5, op.DW_OP_call_ref).u32(0x40), opts4, r), 10n);
    assert.equal(failure(run((b) => b.u8(op.DW_OP_call4).u32(0x40))).kind, 'unsupported');
    const selfCall = reader({ callExpression: () => Uint8Array.of(op.DW_OP_call2, 0, 0) });
    assert.match(failure(run((b) => b.u8(op.DW_OP_call2).u16(0), opts4, selfCall)).reason, /nested deeper than 64/);
  });
});

describe('DW_OP registers, frame base and memory (DWARF5 2.5.1.2, 2.6.1.1.3)', () => {
  it('gives register locations for DW_OP_regN and DW_OP_regx', () => {
    assert.deepEqual(run((b) => b.u8(op.DW_OP_reg0 + 7)), { kind: 'register', register: 7 });
    assert.deepEqual(run((b) => b.u8(op.DW_OP_reg31)), { kind: 'register', register: 31 });
    assert.deepEqual(run((b) => b.u8(op.DW_OP_regx).uleb(40)), { kind: 'register', register: 40 });
  });

  it('adds offsets to register contents for DW_OP_bregN and DW_OP_bregx', () => {
    const r = reader();
    assert.deepEqual(run((b) => b.u8(op.DW_OP_breg0 + 13).sleb(-8), opts4, r), { kind: 'memory', address: 0x2000_0078n });
    assert.deepEqual(run((b) => b.u8(op.DW_OP_bregx).uleb(7).sleb(16), opts4, r), { kind: 'memory', address: 0x2000_0110n });
    assert.deepEqual(r.reads, ['r13', 'r7']);
    assert.deepEqual(run((b) => b.u8(op.DW_OP_breg31).sleb(0)), { kind: 'unavailable', reason: 'register 31 is not available', offset: 0, opcode: op.DW_OP_breg31 });
  });

  it('resolves DW_OP_fbreg through a frame base value or the DW_AT_frame_base expression', () => {
    assert.deepEqual(run((b) => b.u8(op.DW_OP_fbreg).sleb(-4), opts4, reader({ frameBase: () => 0x100n })), { kind: 'memory', address: 0xfcn });
    const viaCfa = reader({ frameBaseExpression: Uint8Array.of(op.DW_OP_call_frame_cfa), cfa: () => 0x2000_0090n });
    assert.deepEqual(run((b) => b.u8(op.DW_OP_fbreg).sleb(-12), opts4, viaCfa), { kind: 'memory', address: 0x2000_0084n });
    const viaReg = reader({ frameBaseExpression: Uint8Array.of(op.DW_OP_reg0 + 7) });
    assert.deepEqual(run((b) => b.u8(op.DW_OP_fbreg).sleb(8), opts4, viaReg), { kind: 'memory', address: 0x2000_0108n });
    const recursive = reader({ frameBaseExpression: Uint8Array.of(op.DW_OP_fbreg, 0) });
    assert.equal(failure(run((b) => b.u8(op.DW_OP_fbreg).sleb(8), opts4, recursive)).kind, 'unsupported');
    assert.equal(failure(run((b) => b.u8(op.DW_OP_fbreg).sleb(8))).kind, 'unsupported');
  });

  it('pushes the CFA and the object address when the caller has them', () => {
    assert.deepEqual(run((b) => b.u8(op.DW_OP_call_frame_cfa), opts4, reader({ cfa: () => 0x40n })), { kind: 'memory', address: 0x40n });
    assert.match(failure(run((b) => b.u8(op.DW_OP_call_frame_cfa))).reason, /no call frame information/);
    assert.deepEqual(run((b) => b.u8(op.DW_OP_push_object_address, op.DW_OP_lit4, op.DW_OP_plus), opts4, reader({ objectAddress: () => 0x80n })), { kind: 'memory', address: 0x84n });
    assert.equal(failure(run((b) => b.u8(op.DW_OP_push_object_address))).kind, 'unsupported');
  });

  it('dereferences memory in the requested sizes and address spaces', () => {
    const r = reader();
    // Memory byte i holds i, so the word at 0x2000_0010 is 0x13121110.
    assert.equal(value((b) => b.u8(op.DW_OP_const4u).u32(0x2000_0010).u8(op.DW_OP_deref), opts4, r), 0x1312_1110n);
    assert.equal(value((b) => b.u8(op.DW_OP_const4u).u32(0x2000_0010).u8(op.DW_OP_deref_size, 2), opts4, r), 0x1110n);
    assert.equal(value((b) => b.u8(op.DW_OP_lit1, op.DW_OP_const4u).u32(0x2000_0010).u8(op.DW_OP_xderef), opts4, r), 0x1312_1110n);
    assert.equal(value((b) => b.u8(op.DW_OP_lit2, op.DW_OP_const4u).u32(0x2000_0010).u8(op.DW_OP_xderef_size, 1), opts4, r), 0x10n);
    assert.deepEqual(r.reads, ['m20000010/4', 'm20000010/2', 'm20000010/4@1', 'm20000010/1@2']);
    // A big-endian target has big-endian operands and memory.
    const bigEndian = new ByteBuilder(false).u8(op.DW_OP_const4u).u32(0x2000_0010).u8(op.DW_OP_deref, op.DW_OP_stack_value).build();
    assert.deepEqual(evaluateSync(bigEndian, { addressSize: 4, littleEndian: false }, r), { kind: 'value', value: 0x1011_1213n });
  });

  it('reports unreadable memory and oversized derefs', () => {
    const unreadable = failure(run((b) => b.u8(op.DW_OP_lit0, op.DW_OP_deref)));
    assert.deepEqual(unreadable, { kind: 'unavailable', reason: 'memory at 0x0 (4 bytes) is not readable', offset: 1, opcode: op.DW_OP_deref });
    assert.match(failure(run((b) => b.u8(op.DW_OP_lit0, op.DW_OP_deref_size, 8))).reason, /exceeds the address size/);
  });
});

describe('DW_OP location kinds (DWARF5 2.6)', () => {
  it('gives memory, optimized-out, implicit value, stack value and implicit pointer locations', () => {
    assert.deepEqual(run((b) => b), { kind: 'optimizedOut' });
    assert.deepEqual(run((b) => b.u8(op.DW_OP_lit9)), { kind: 'memory', address: 9n });
    assert.deepEqual(run((b) => b.u8(op.DW_OP_implicit_value).uleb(3).u8(1, 2, 3)), { kind: 'implicitValue', bytes: Uint8Array.of(1, 2, 3) });
    assert.deepEqual(run((b) => b.u8(op.DW_OP_lit9, op.DW_OP_stack_value)), { kind: 'value', value: 9n });
    assert.deepEqual(run((b) => b.u8(op.DW_OP_implicit_pointer).u32(0x1234).sleb(-4)), { kind: 'implicitPointer', dieOffset: 0x1234, byteOffset: -4 });
    assert.deepEqual(run((b) => b.u8(op.DW_OP_GNU_implicit_pointer).u64(0x99).sleb(2), { addressSize: 8, offsetSize: 8 }), { kind: 'implicitPointer', dieOffset: 0x99, byteOffset: 2 });
    assert.deepEqual(run((b) => b.u8(op.DW_OP_nop, op.DW_OP_lit3, op.DW_OP_nop)), { kind: 'memory', address: 3n });
  });

  it('assembles composites from DW_OP_piece and DW_OP_bit_piece', () => {
    const location = run((b) =>
      b.u8(op.DW_OP_reg0, op.DW_OP_piece).uleb(4)
        .u8(op.DW_OP_breg0 + 13).sleb(4).u8(op.DW_OP_piece).uleb(2)
        .u8(op.DW_OP_piece).uleb(2)
        .u8(op.DW_OP_lit5, op.DW_OP_stack_value, op.DW_OP_bit_piece).uleb(3).uleb(1));
    assert.deepEqual(location, {
      kind: 'composite',
      pieces: [
        { location: { kind: 'register', register: 0 }, bitSize: 32, bitOffset: 0 },
        { location: { kind: 'memory', address: 0x2000_0084n }, bitSize: 16, bitOffset: 0 },
        { location: { kind: 'optimizedOut' }, bitSize: 16, bitOffset: 0 },
        { location: { kind: 'value', value: 5n }, bitSize: 3, bitOffset: 1 },
      ],
    });
  });

  it('refuses operations after a register location without a piece, and trailing locations', () => {
    assert.match(failure(run((b) => b.u8(op.DW_OP_reg1, op.DW_OP_lit1))).reason, /DW_OP_lit1 after a register/);
    assert.match(failure(run((b) => b.u8(op.DW_OP_reg1, op.DW_OP_piece).uleb(4).u8(op.DW_OP_reg2))).reason, /after the last DW_OP_piece/);
    assert.match(failure(run((b) => b.u8(op.DW_OP_lit1, op.DW_OP_drop))).reason, /leaves the stack empty/);
  });

  it('reports operations it cannot evaluate as unsupported values', () => {
    const cases: [number[], RegExp][] = [
      [[op.DW_OP_entry_value, 1, op.DW_OP_reg0, op.DW_OP_stack_value], /DW_OP_entry_value/],
      [[op.DW_OP_GNU_entry_value, 1, op.DW_OP_reg0, op.DW_OP_stack_value], /DW_OP_GNU_entry_value/],
      [[op.DW_OP_GNU_parameter_ref, 0, 0, 0, 0], /DW_OP_GNU_parameter_ref/],
      [[op.DW_OP_lit0, op.DW_OP_form_tls_address], /DW_OP_form_tls_address: thread-local/],
      [[op.DW_OP_lit0, op.DW_OP_GNU_push_tls_address], /DW_OP_GNU_push_tls_address/],
      [[op.DW_OP_GNU_variable_value, 0, 0, 0, 0], /DW_OP_GNU_variable_value is not supported/],
      [[0xff], /DW_OP_<0xff> is not supported/],
    ];
    for (const [bytes, reason] of cases) {
      const location = evaluateSync(Uint8Array.from(bytes), opts4, reader());
      assert.equal(location.kind, 'unsupported');
      assert.match((location as { reason: string }).reason, reason);
    }
  });

  it('asks for entry values, which only call-site information can answer', () => {
    const bytes = Uint8Array.of(op.DW_OP_entry_value, 1, op.DW_OP_reg0, op.DW_OP_lit7, op.DW_OP_and, op.DW_OP_stack_value);
    const asked: Uint8Array[] = [];
    const r = reader({ entryValue: (expression) => (asked.push(expression), 0x2dn) });
    assert.deepEqual(evaluateSync(bytes, opts4, r), { kind: 'value', value: 5n });
    assert.deepEqual(asked, [Uint8Array.of(op.DW_OP_reg0)]);
    const gnu = Uint8Array.of(op.DW_OP_GNU_entry_value, 1, op.DW_OP_reg0, op.DW_OP_stack_value);
    assert.deepEqual(evaluateSync(gnu, opts4, reader({ entryValue: () => 9n })), { kind: 'value', value: 9n });
  });

  it('reports truncated operands as errors', () => {
    assert.match(failure(evaluateSync(Uint8Array.of(op.DW_OP_const4u, 1, 2), opts4, reader())).reason, /DW_OP_const4u: expression ends inside its operands/);
    assert.equal(failure(evaluateSync(Uint8Array.of(op.DW_OP_implicit_value, 9, 1), opts4, reader())).kind, 'error');
    const overlong = Uint8Array.from([op.DW_OP_implicit_value, ...new Array(200).fill(0x80), 1]);
    assert.match(failure(evaluateSync(overlong, opts4, reader())).reason, /DW_OP_implicit_value: expression ends inside its operands/);
  });
});

describe('typed DW_OP operations (DWARF5 2.5.1.6)', () => {
  it('pushes typed constants and registers, converts and reinterprets', () => {
    assert.deepEqual(run((b) => b.u8(op.DW_OP_const_type).uleb(0x30).u8(4).u32(0xffff_fff0).u8(op.DW_OP_stack_value), typed),
      { kind: 'value', value: 0xffff_fff0n, baseType: int32 });
    // int32 -16 / int32 3 is -5 (signed, truncating); converted to uint16 0xfffb.
    const divided = run((b) => b.u8(op.DW_OP_const_type).uleb(0x30).u8(4).u32(0xffff_fff0)
      .u8(op.DW_OP_const_type).uleb(0x30).u8(4).u32(3).u8(op.DW_OP_div, op.DW_OP_convert).uleb(0x40).u8(op.DW_OP_stack_value), typed);
    assert.deepEqual(divided, { kind: 'value', value: 0xfffbn, baseType: uint16 });
    assert.deepEqual(run((b) => b.u8(op.DW_OP_regval_type).uleb(1).uleb(0x40).u8(op.DW_OP_convert).uleb(0).u8(op.DW_OP_stack_value), typed),
      { kind: 'value', value: 0x22n });
    assert.deepEqual(run((b) => b.u8(op.DW_OP_lit1, op.DW_OP_neg, op.DW_OP_reinterpret).uleb(0x30).u8(op.DW_OP_stack_value), typed),
      { kind: 'value', value: 0xffff_ffffn, baseType: int32 });
    assert.deepEqual(run((b) => b.u8(op.DW_OP_const4u).u32(0x2000_0004).u8(op.DW_OP_deref_type, 2).uleb(0x40).u8(op.DW_OP_stack_value), typed),
      { kind: 'value', value: 0x0504n, baseType: uint16 });
  });

  it('computes on float and double values as GCC emits them (fbreg; deref_type; dup; plus)', () => {
    const f32 = (x: number): number => new DataView(Float32Array.of(x).buffer).getUint32(0, true);
    const f64 = (x: number): bigint => new DataView(Float64Array.of(x).buffer).getBigUint64(0, true);
    const float = (x: number) => (b: ByteBuilder): ByteBuilder => b.u8(op.DW_OP_const_type).uleb(0x50).u8(4).u32(f32(x));
    const stack = (build: (b: ByteBuilder) => ByteBuilder): Location => run((b) => build(b).u8(op.DW_OP_stack_value), typed);
    assert.deepEqual(stack((b) => float(1.5)(b).u8(op.DW_OP_dup, op.DW_OP_plus)), { kind: 'value', value: BigInt(f32(3)), baseType: float32 });
    assert.deepEqual(stack((b) => float(-2.5)(float(4)(b)).u8(op.DW_OP_mul, op.DW_OP_neg)), { kind: 'value', value: BigInt(f32(10)), baseType: float32 });
    assert.deepEqual(stack((b) => float(-7)(b).u8(op.DW_OP_abs).u8(op.DW_OP_convert).uleb(0x30)), { kind: 'value', value: 7n, baseType: int32 });
    assert.deepEqual(stack((b) => float(-2.75)(b).u8(op.DW_OP_convert).uleb(0x30)), { kind: 'value', value: 0xffff_fffen, baseType: int32 });
    assert.deepEqual(stack((b) => b.u8(op.DW_OP_const_type).uleb(0x60).u8(8).u64(f64(0.125)).u8(op.DW_OP_const_type).uleb(0x60).u8(8).u64(f64(4))
      .u8(op.DW_OP_div)), { kind: 'value', value: f64(0.03125), baseType: float64 });
    assert.deepEqual(stack((b) => b.u8(op.DW_OP_lit3, op.DW_OP_convert).uleb(0x60).u8(op.DW_OP_convert).uleb(0x50)), { kind: 'value', value: BigInt(f32(3)), baseType: float32 });
    assert.deepEqual(stack((b) => float(1)(float(2)(b)).u8(op.DW_OP_lt)), { kind: 'value', value: 0n });
    assert.match(failure(stack((b) => float(1)(b).u8(op.DW_OP_not))).reason, /DW_OP_not on a floating-point value/);
    assert.match(failure(stack((b) => float(1)(b).u8(op.DW_OP_lit1, op.DW_OP_shl))).reason, /DW_OP_shl on floating-point values/);
    assert.match(failure(stack((b) => float(1)(float(2)(b)).u8(op.DW_OP_mod))).reason, /DW_OP_mod on floating-point values/);
    assert.match(failure(stack((b) => float(Infinity)(b).u8(op.DW_OP_convert).uleb(0x30))).reason, /DW_OP_convert of Infinity/);
    const longDouble = failure(stack((b) => b.u8(op.DW_OP_const_type).uleb(0x70).u8(16).u64(0n).u64(0n).u8(op.DW_OP_dup, op.DW_OP_plus)));
    assert.equal(longDouble.kind, 'unsupported');
  });

  it('treats the GNU typed opcodes, DW_OP_xderef_type and DW_OP_GNU_uninit like their DWARF 5 forms', () => {
    const r = reader({ addressIndex: (index) => BigInt(index) * 16n });
    const check = (build: (b: ByteBuilder) => ByteBuilder, expected: Location): void =>
      assert.deepEqual(evaluateSync(build(new ByteBuilder()).u8(op.DW_OP_stack_value).build(), typed, r), expected);
    check((b) => b.u8(op.DW_OP_GNU_const_type).uleb(0x40).u8(2).u16(0xfffe), { kind: 'value', value: 0xfffen, baseType: uint16 });
    check((b) => b.u8(op.DW_OP_GNU_regval_type).uleb(1).uleb(0x30), { kind: 'value', value: 0x22n, baseType: int32 });
    check((b) => b.u8(op.DW_OP_const4u).u32(0x2000_0004).u8(op.DW_OP_GNU_deref_type, 2).uleb(0x40), { kind: 'value', value: 0x0504n, baseType: uint16 });
    check((b) => b.u8(op.DW_OP_lit1, op.DW_OP_const4u).u32(0x2000_0004).u8(op.DW_OP_xderef_type, 2).uleb(0x40), { kind: 'value', value: 0x0504n, baseType: uint16 });
    check((b) => b.u8(op.DW_OP_lit9, op.DW_OP_GNU_convert).uleb(0x40).u8(op.DW_OP_GNU_reinterpret).uleb(0x40), { kind: 'value', value: 9n, baseType: uint16 });
    check((b) => b.u8(op.DW_OP_GNU_const_index).uleb(3), { kind: 'value', value: 48n });
    assert.deepEqual(evaluateSync(Uint8Array.of(op.DW_OP_lit4, op.DW_OP_GNU_uninit), opts4, r), { kind: 'memory', address: 4n });
  });

  it('refuses mixed types, size mismatches and unknown types', () => {
    assert.match(failure(run((b) => b.u8(op.DW_OP_const_type).uleb(0x40).u8(2).u16(1).u8(op.DW_OP_lit1, op.DW_OP_plus), typed)).reason, /different types/);
    assert.match(failure(run((b) => b.u8(op.DW_OP_const_type).uleb(0x40).u8(4).u32(1), typed)).reason, /4 bytes for a type of another size/);
    assert.match(failure(run((b) => b.u8(op.DW_OP_lit1, op.DW_OP_reinterpret).uleb(0x40), typed)).reason, /different sizes/);
    assert.match(failure(run((b) => b.u8(op.DW_OP_lit1, op.DW_OP_convert).uleb(0x30))).reason, /base type at DIE offset 0x30 is not known/);
  });
});

describe('ExprEvaluation (resumable)', () => {
  it('suspends on each request and resumes with the answer', () => {
    const bytes = new ByteBuilder().u8(op.DW_OP_breg0 + 13).sleb(8).u8(op.DW_OP_deref, op.DW_OP_fbreg).sleb(0).u8(op.DW_OP_plus).build();
    const evaluation = new ExprEvaluation(bytes, opts4);
    let step = evaluation.start();
    assert.deepEqual(step, { done: false, request: { kind: 'register', register: 13 } });
    step = evaluation.resume(0x100n);
    assert.deepEqual(step, { done: false, request: { kind: 'memory', address: 0x108n, byteSize: 4 } });
    step = evaluation.resume(Uint8Array.of(0x10, 0, 0, 0));
    assert.deepEqual(step, { done: false, request: { kind: 'frameBase' } });
    step = evaluation.resume(0x200n);
    assert.deepEqual(step, { done: true, location: { kind: 'memory', address: 0x210n } });
    assert.throws(() => evaluation.resume(1n), /without a pending request/);
  });

  it('starts from an initial stack (the CFA for DW_CFA_expression)', () => {
    assert.deepEqual(evaluateSync(Uint8Array.of(op.DW_OP_lit8, op.DW_OP_minus), { addressSize: 4, initialStack: [0x1000n] }, reader()),
      { kind: 'memory', address: 0xff8n });
  });

  it('awaits answers from an asynchronous reader', async () => {
    const location = await evaluateAsync(Uint8Array.of(op.DW_OP_breg0 + 7, 4, op.DW_OP_deref), opts4, {
      readRegister: async (register) => (register === 7 ? 0x2000_0000n : undefined),
      readMemory: async (address, byteSize) => (address === 0x2000_0004n ? new Uint8Array(byteSize).fill(0xab) : undefined),
    });
    assert.deepEqual(location, { kind: 'memory', address: 0xabab_ababn });
  });

  it('never throws on arbitrary bytes', () => {
    let seed = 12345;
    const random = (): number => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) % 256;
    const r = reader({ cfa: () => 0x100n, frameBase: () => 0x200n, addressIndex: () => 0n, objectAddress: () => 0n, callExpression: () => Uint8Array.of(op.DW_OP_lit1) });
    for (let i = 0; i < 3000; i++) {
      const bytes = Uint8Array.from({ length: 1 + (i % 24) }, random);
      const location = evaluateSync(bytes, { addressSize: i % 2 ? 4 : 8, maxSteps: 200, resolveBaseType: () => int32 }, r);
      assert.ok(location.kind.length > 0);
    }
  });

  it('names opcodes by their spec names', () => {
    assert.deepEqual([dwOpName(0x30), dwOpName(0x57), dwOpName(0x7d), dwOpName(0x9c), dwOpName(0xf3)],
      ['DW_OP_lit0', 'DW_OP_reg7', 'DW_OP_breg13', 'DW_OP_call_frame_cfa', 'DW_OP_GNU_entry_value']);
  });
});
