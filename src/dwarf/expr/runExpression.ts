// The DWARF expression stack machine (DWARF5 2.5, 2.6) as a generator: decodes DW_OP_*, yields a
// request whenever it needs the target, and returns a location. It never reads the target itself.
import { ByteReader, ByteReaderOverrun } from '../../common';
import {
  DW_OP_GNU_addr_index, DW_OP_GNU_const_index, DW_OP_GNU_const_type, DW_OP_GNU_convert, DW_OP_GNU_deref_type,
  DW_OP_GNU_entry_value, DW_OP_GNU_implicit_pointer, DW_OP_GNU_parameter_ref, DW_OP_GNU_push_tls_address,
  DW_OP_GNU_regval_type, DW_OP_GNU_reinterpret, DW_OP_GNU_uninit, DW_OP_abs, DW_OP_addr, DW_OP_addrx,
  DW_OP_and, DW_OP_bit_piece, DW_OP_bra, DW_OP_breg0, DW_OP_breg31, DW_OP_bregx, DW_OP_call2,
  DW_OP_call4, DW_OP_call_frame_cfa, DW_OP_call_ref, DW_OP_const1s, DW_OP_const1u, DW_OP_const2s,
  DW_OP_const2u, DW_OP_const4s, DW_OP_const4u, DW_OP_const8s, DW_OP_const8u, DW_OP_const_type, DW_OP_consts,
  DW_OP_constu, DW_OP_constx, DW_OP_convert, DW_OP_deref, DW_OP_deref_size, DW_OP_deref_type, DW_OP_div,
  DW_OP_drop, DW_OP_dup, DW_OP_entry_value, DW_OP_eq, DW_OP_fbreg, DW_OP_form_tls_address, DW_OP_ge,
  DW_OP_gt, DW_OP_implicit_pointer, DW_OP_implicit_value, DW_OP_le, DW_OP_lit0, DW_OP_lit31, DW_OP_lt,
  DW_OP_minus, DW_OP_mod, DW_OP_mul, DW_OP_ne, DW_OP_neg, DW_OP_nop, DW_OP_not, DW_OP_or, DW_OP_over,
  DW_OP_pick, DW_OP_piece, DW_OP_plus, DW_OP_plus_uconst, DW_OP_push_object_address, DW_OP_reg0, DW_OP_reg31,
  DW_OP_regval_type, DW_OP_regx, DW_OP_reinterpret, DW_OP_rot, DW_OP_shl, DW_OP_shr, DW_OP_shra, DW_OP_skip,
  DW_OP_stack_value, DW_OP_swap, DW_OP_xderef, DW_OP_xderef_size, DW_OP_xderef_type, DW_OP_xor,
} from './dwOp';
import { dwOpName } from './dwOpName';
import type { ExprOptions } from './exprEvaluation';
import { ExprAnswer, ExprBaseType, ExprFailure, ExprRequest, Location, Piece, SimpleLocation } from './location';
import {
  BinaryOperation, StackFault, StackValue, binaryOperation, bitWidth, bytesToBigint, convertValue, makeValue,
  reinterpretValue, unaryOperation,
} from './stackValue';

const defaultMaxSteps = 10_000;
const maxCallDepth = 64;

/** Frames of DW_OP_call*: each runs its own bytes on the shared stack. */
interface Frame {
  readonly reader: ByteReader;
}

const binaryOps = new Map<number, BinaryOperation>([
  [DW_OP_and, 'and'], [DW_OP_div, 'div'], [DW_OP_minus, 'minus'], [DW_OP_mod, 'mod'], [DW_OP_mul, 'mul'],
  [DW_OP_or, 'or'], [DW_OP_plus, 'plus'], [DW_OP_shl, 'shl'], [DW_OP_shr, 'shr'], [DW_OP_shra, 'shra'],
  [DW_OP_xor, 'xor'], [DW_OP_eq, 'eq'], [DW_OP_ge, 'ge'], [DW_OP_gt, 'gt'], [DW_OP_le, 'le'], [DW_OP_lt, 'lt'],
  [DW_OP_ne, 'ne'],
]);

/**
 * The evaluator as a generator: yields requests, receives answers, returns the location. Faults
 * inside are turned into ExprFailure values here so that no malformed input escapes as a throw.
 */
export function* runExpression(expression: Uint8Array, options: ExprOptions): Generator<ExprRequest, Location, ExprAnswer> {
  const addressSize = options.addressSize;
  const littleEndian = options.littleEndian ?? true;
  const offsetSize = options.offsetSize ?? 4;
  const maxSteps = options.maxSteps ?? defaultMaxSteps;
  const stack: StackValue[] = (options.initialStack ?? []).map((v) => makeValue(v, undefined, addressSize));
  const frames: Frame[] = [{ reader: new ByteReader(expression, littleEndian) }];
  const pieces: Piece[] = [];
  let pending: SimpleLocation | undefined;
  let steps = 0;
  let opOffset = 0;
  let opcode = 0;

  const fail = (kind: ExprFailure['kind'], reason: string): ExprFailure => ({ kind, reason, offset: opOffset, opcode });
  const pop = (): StackValue => {
    const top = stack.pop();
    if (!top) throw new StackFault('error', `${dwOpName(opcode)}: stack underflow`);
    return top;
  };
  const push = (value: bigint, type?: ExprBaseType): void => {
    stack.push(makeValue(value, type, addressSize));
  };
  const baseType = (dieOffset: number): ExprBaseType | undefined => {
    if (dieOffset === 0) return undefined; // DWARF5 2.5.1.6: offset 0 names the generic type.
    const type = options.resolveBaseType?.(dieOffset);
    if (!type) throw new StackFault('unsupported', `${dwOpName(opcode)}: base type at DIE offset 0x${dieOffset.toString(16)} is not known`);
    return type;
  };
  const expectValue = (answer: ExprAnswer, what: string): bigint | ExprFailure => {
    if (answer === undefined) return fail('unavailable', `${what} is not available`);
    if (typeof answer !== 'bigint') throw new TypeError(`${dwOpName(opcode)}: expected a bigint answer for ${what}`);
    return answer;
  };

  try {
    for (;;) {
      const frame = frames[frames.length - 1];
      const r = frame.reader;
      if (r.atEnd) {
        if (frames.length > 1) {
          frames.pop();
          continue;
        }
        break;
      }
      if (++steps > maxSteps) return fail('error', `step limit of ${maxSteps} operations reached (looping DW_OP_skip/bra?)`);
      opOffset = r.offset;
      opcode = r.u8();
      if (pending && opcode !== DW_OP_piece && opcode !== DW_OP_bit_piece) {
        return fail('error', `${dwOpName(opcode)} after a register or implicit location that is not followed by DW_OP_piece`);
      }

      const binary = binaryOps.get(opcode);
      if (binary) {
        const top = pop();
        stack.push(binaryOperation(binary, pop(), top, addressSize));
        continue;
      }
      if (opcode >= DW_OP_lit0 && opcode <= DW_OP_lit31) {
        push(BigInt(opcode - DW_OP_lit0));
        continue;
      }
      if (opcode >= DW_OP_reg0 && opcode <= DW_OP_reg31) {
        pending = { kind: 'register', register: opcode - DW_OP_reg0 };
        continue;
      }
      if (opcode >= DW_OP_breg0 && opcode <= DW_OP_breg31) {
        const register = opcode - DW_OP_breg0;
        const offset = r.sleb128Big();
        const value = expectValue(yield { kind: 'register', register }, `register ${register}`);
        if (typeof value !== 'bigint') return value;
        push(value + offset);
        continue;
      }

      switch (opcode) {
        case DW_OP_addr:
          push(addressSize === 8 ? r.u64() : BigInt(r.u32()));
          break;
        case DW_OP_const1u: push(BigInt(r.u8())); break;
        case DW_OP_const1s: push(BigInt(r.i8())); break;
        case DW_OP_const2u: push(BigInt(r.u16())); break;
        case DW_OP_const2s: push(BigInt(r.i16())); break;
        case DW_OP_const4u: push(BigInt(r.u32())); break;
        case DW_OP_const4s: push(BigInt(r.i32())); break;
        case DW_OP_const8u: push(r.u64()); break;
        case DW_OP_const8s: push(r.i64()); break;
        case DW_OP_constu: push(r.uleb128Big()); break;
        case DW_OP_consts: push(r.sleb128Big()); break;
        case DW_OP_addrx:
        case DW_OP_constx:
        case DW_OP_GNU_addr_index:
        case DW_OP_GNU_const_index: {
          const index = r.uleb128();
          const answer = yield { kind: 'addressIndex', index };
          if (answer === undefined) return fail('unsupported', `${dwOpName(opcode)}: .debug_addr entry ${index} cannot be resolved`);
          const value = expectValue(answer, `.debug_addr entry ${index}`);
          if (typeof value !== 'bigint') return value;
          push(value);
          break;
        }

        case DW_OP_dup: {
          const top = pop();
          stack.push(top, top);
          break;
        }
        case DW_OP_drop: pop(); break;
        case DW_OP_over:
        case DW_OP_pick: {
          const index = opcode === DW_OP_over ? 1 : r.u8();
          if (index >= stack.length) return fail('error', `${dwOpName(opcode)} ${index}: stack has only ${stack.length} entries`);
          stack.push(stack[stack.length - 1 - index]);
          break;
        }
        case DW_OP_swap: {
          const top = pop();
          const second = pop();
          stack.push(top, second);
          break;
        }
        case DW_OP_rot: {
          // DWARF5 2.5.1.3: the top entry moves to third place, the second and third move up.
          const top = pop();
          const second = pop();
          const third = pop();
          stack.push(top, third, second);
          break;
        }

        case DW_OP_deref:
        case DW_OP_deref_size:
        case DW_OP_deref_type:
        case DW_OP_GNU_deref_type:
        case DW_OP_xderef:
        case DW_OP_xderef_size:
        case DW_OP_xderef_type: {
          const sized = opcode !== DW_OP_deref && opcode !== DW_OP_xderef;
          const byteSize = sized ? r.u8() : addressSize;
          const typed = opcode === DW_OP_deref_type || opcode === DW_OP_GNU_deref_type || opcode === DW_OP_xderef_type;
          const type = typed ? baseType(r.uleb128()) : undefined;
          if (!typed && byteSize > addressSize) return fail('error', `${dwOpName(opcode)} of ${byteSize} bytes exceeds the address size`);
          if (type && type.byteSize !== byteSize) return fail('error', `${dwOpName(opcode)}: size ${byteSize} differs from its type's`);
          const address = pop().value;
          const isX = opcode === DW_OP_xderef || opcode === DW_OP_xderef_size || opcode === DW_OP_xderef_type;
          const addressSpace = isX ? pop().value : undefined;
          const request: ExprRequest = addressSpace === undefined
            ? { kind: 'memory', address, byteSize }
            : { kind: 'memory', address, byteSize, addressSpace };
          const answer = yield request;
          const what = `memory at 0x${address.toString(16)} (${byteSize} bytes)`;
          if (answer === undefined) return fail('unavailable', `${what} is not readable`);
          if (!(answer instanceof Uint8Array) || answer.length !== byteSize) {
            throw new TypeError(`${dwOpName(opcode)}: expected ${byteSize} bytes of memory`);
          }
          push(bytesToBigint(answer, littleEndian), type);
          break;
        }

        case DW_OP_abs: stack.push(unaryOperation('abs', pop(), addressSize)); break;
        case DW_OP_neg: stack.push(unaryOperation('neg', pop(), addressSize)); break;
        case DW_OP_not: stack.push(unaryOperation('not', pop(), addressSize)); break;
        case DW_OP_plus_uconst: {
          const top = pop();
          stack.push(makeValue(top.value + r.uleb128Big(), top.type, addressSize));
          break;
        }

        case DW_OP_skip:
        case DW_OP_bra: {
          const delta = r.i16();
          const taken = opcode === DW_OP_skip || pop().value !== 0n;
          if (taken) {
            const target = r.offset + delta;
            if (target < r.start || target > r.end) return fail('error', `${dwOpName(opcode)} to ${target} leaves the expression`);
            r.seek(target);
          }
          break;
        }

        case DW_OP_regx:
          pending = { kind: 'register', register: r.uleb128() };
          break;
        case DW_OP_bregx:
        case DW_OP_regval_type:
        case DW_OP_GNU_regval_type: {
          const register = r.uleb128();
          const isBregx = opcode === DW_OP_bregx;
          const offset = isBregx ? r.sleb128Big() : 0n;
          const type = isBregx ? undefined : baseType(r.uleb128());
          const value = expectValue(yield { kind: 'register', register }, `register ${register}`);
          if (typeof value !== 'bigint') return value;
          push(value + offset, type);
          break;
        }
        case DW_OP_fbreg: {
          const offset = r.sleb128Big();
          const answer = yield { kind: 'frameBase' };
          if (answer === undefined) return fail('unsupported', 'DW_OP_fbreg: the frame base is not known');
          const value = expectValue(answer, 'frame base');
          if (typeof value !== 'bigint') return value;
          push(value + offset);
          break;
        }
        case DW_OP_call_frame_cfa: {
          const answer = yield { kind: 'cfa' };
          if (answer === undefined) return fail('unsupported', 'DW_OP_call_frame_cfa: no call frame information for this address');
          const value = expectValue(answer, 'CFA');
          if (typeof value !== 'bigint') return value;
          push(value);
          break;
        }
        case DW_OP_push_object_address: {
          const answer = yield { kind: 'objectAddress' };
          if (answer === undefined) return fail('unsupported', 'DW_OP_push_object_address: no object address in this context');
          const value = expectValue(answer, 'object address');
          if (typeof value !== 'bigint') return value;
          push(value);
          break;
        }

        case DW_OP_call2:
        case DW_OP_call4:
        case DW_OP_call_ref: {
          const dieOffset = opcode === DW_OP_call2 ? r.u16() : opcode === DW_OP_call4 || offsetSize === 4 ? r.u32() : r.u64Number();
          const answer = yield { kind: 'callExpression', opcode, dieOffset };
          if (answer === undefined) return fail('unsupported', `${dwOpName(opcode)} to DIE 0x${dieOffset.toString(16)} is not supported here`);
          if (!(answer instanceof Uint8Array)) throw new TypeError(`${dwOpName(opcode)}: expected expression bytes`);
          if (frames.length >= maxCallDepth) return fail('error', `${dwOpName(opcode)}: calls nested deeper than ${maxCallDepth}`);
          frames.push({ reader: new ByteReader(answer, littleEndian) });
          break;
        }

        case DW_OP_piece:
        case DW_OP_bit_piece: {
          const bitSize = opcode === DW_OP_piece ? r.uleb128() * 8 : r.uleb128();
          const bitOffset = opcode === DW_OP_piece ? 0 : r.uleb128();
          let location: SimpleLocation;
          if (pending) location = pending;
          else if (stack.length > 0) location = { kind: 'memory', address: pop().value };
          else location = { kind: 'optimizedOut' };
          pending = undefined;
          pieces.push({ location, bitSize, bitOffset });
          break;
        }
        case DW_OP_implicit_value: {
          const byteSize = r.uleb128();
          pending = { kind: 'implicitValue', bytes: r.bytesView(byteSize).slice() };
          break;
        }
        case DW_OP_stack_value: {
          const top = pop();
          pending = top.type ? { kind: 'value', value: top.value, baseType: top.type } : { kind: 'value', value: top.value };
          break;
        }
        case DW_OP_implicit_pointer:
        case DW_OP_GNU_implicit_pointer: {
          const dieOffset = offsetSize === 4 ? r.u32() : r.u64Number();
          pending = { kind: 'implicitPointer', dieOffset, byteOffset: r.sleb128() };
          break;
        }

        case DW_OP_const_type:
        case DW_OP_GNU_const_type: {
          const dieOffset = r.uleb128();
          const byteSize = r.u8();
          const bytes = r.bytesView(byteSize);
          const type = baseType(dieOffset);
          if (bitWidth(type, addressSize) !== byteSize * 8) return fail('error', `${dwOpName(opcode)}: ${byteSize} bytes for a type of another size`);
          push(bytesToBigint(bytes, littleEndian), type);
          break;
        }
        case DW_OP_convert:
        case DW_OP_GNU_convert:
          stack.push(convertValue(pop(), baseType(r.uleb128()), addressSize));
          break;
        case DW_OP_reinterpret:
        case DW_OP_GNU_reinterpret:
          stack.push(reinterpretValue(pop(), baseType(r.uleb128()), addressSize));
          break;

        case DW_OP_nop:
        case DW_OP_GNU_uninit:
          break;
        case DW_OP_entry_value:
        case DW_OP_GNU_entry_value: {
          // DWARF5 2.5.1.7: the value the sub-expression had on entry; only the caller's call
          // site (DW_TAG_call_site_parameter) can tell, so ask, and report when unanswered.
          const block = r.bytesView(r.uleb128()).slice();
          const answer = yield { kind: 'entryValue', expression: block };
          if (answer === undefined) return fail('unsupported', `${dwOpName(opcode)}: the value on entry to the function is not known`);
          const value = expectValue(answer, 'entry value');
          if (typeof value !== 'bigint') return value;
          push(value);
          break;
        }
        case DW_OP_GNU_parameter_ref:
          return fail('unsupported', 'DW_OP_GNU_parameter_ref: needs the caller\'s call-site parameters');
        case DW_OP_form_tls_address:
        case DW_OP_GNU_push_tls_address:
          return fail('unsupported', `${dwOpName(opcode)}: thread-local storage is not supported`);
        default:
          return fail('unsupported', `${dwOpName(opcode)} is not supported`);
      }
    }
  } catch (error) {
    if (error instanceof StackFault) return fail(error.kind, error.message);
    if (error instanceof ByteReaderOverrun) return fail('error', `${dwOpName(opcode)}: expression ends inside its operands`);
    throw error;
  }
  return finish(expression.length, stack, pending, pieces, fail);
}

/** DWARF5 2.6: what the final state of the machine describes. */
function finish(
  byteLength: number,
  stack: StackValue[],
  pending: SimpleLocation | undefined,
  pieces: Piece[],
  fail: (kind: ExprFailure['kind'], reason: string) => ExprFailure,
): Location {
  if (pieces.length > 0) {
    if (pending || stack.length > 0) return fail('error', 'location after the last DW_OP_piece has no piece');
    return { kind: 'composite', pieces };
  }
  if (pending) return pending;
  const top = stack[stack.length - 1];
  if (top) return { kind: 'memory', address: top.value };
  if (byteLength === 0) return { kind: 'optimizedOut' };
  return fail('error', 'the expression leaves the stack empty');
}
