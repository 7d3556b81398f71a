// Evaluates a parsed C expression to a Value (src/engine/values) over a scope that resolves names,
// types and registers, reading the target only through a ValueReader (batched memory).
import { DW_ATE_boolean, DW_ATE_float, DwarfType, Member, stripTypedefs } from '../../dwarf';
import {
  arrayShape, bigIntToBytes, byteSizeOf, bytesToBigInt, elementOf, isSignedType, memberOf, Value, ValueReader,
} from '../values';
import { Arithmetic, commonType, ExpressionTypes, isIntegerType, promote } from './expressionTypes';
import { BinaryOperator, Expression, ExpressionError, TypeNameSyntax } from './expressionSyntax';

/** What names mean where the expression is evaluated. */
export interface ExpressionScope {
  /** A variable: the frame's locals and arguments first, then the unit's statics, then globals. */
  variable(name: string): Promise<Value | undefined>;
  /** A function designator (`main`), its place the function's entry address. */
  functionNamed(name: string): Value | undefined;
  /** An enumerator constant (`COLOR_RED`). */
  enumerator(name: string): Value | undefined;
  /** `$pc`, `$sp`, `$r0`...: undefined for an unknown register. */
  register(name: string): Value | undefined;
  readonly types: ExpressionTypes;
}

/** Evaluates expressions of one frame at one halt. */
export class ExpressionEvaluator {
  constructor(
    private readonly scope: ExpressionScope,
    private readonly reader: ValueReader,
  ) {}

  private get types(): ExpressionTypes {
    return this.scope.types;
  }

  /** The value of `expression`; throws ExpressionError (with the column) when it cannot be computed. */
  async evaluate(expression: Expression): Promise<Value> {
    switch (expression.kind) {
      case 'integer': return this.integerLiteral(expression);
      case 'float': return this.fromArithmetic({ kind: 'float', value: expression.value, single: expression.single });
      case 'char': return this.bytesValue(this.types.base('char'), BigInt(expression.value));
      case 'identifier': return this.identifier(expression.name, expression.column);
      case 'register': {
        const found = this.scope.register(expression.name);
        if (!found) throw new ExpressionError(`unknown register $${expression.name}`, expression.column);
        return found;
      }
      case 'member': return this.member(expression.arrow ? await this.dereference(await this.evaluate(expression.object), expression.column) : await this.evaluate(expression.object), expression.member, expression.column);
      case 'index': return this.index(await this.evaluate(expression.object), await this.evaluate(expression.index), expression.column);
      case 'unary': return this.unary(expression.operator, expression.operand, expression.column);
      case 'binary': return this.binary(expression.operator, expression.left, expression.right, expression.column);
      case 'conditional': return (await this.truth(await this.evaluate(expression.condition), expression.column)) ? this.evaluate(expression.then) : this.evaluate(expression.otherwise);
      case 'cast': return this.cast(await this.evaluate(expression.operand), this.resolveType(expression.type, expression.column), expression.column);
      case 'sizeofType': return this.bytesValue(this.types.base('unsigned int'), BigInt(byteSizeOf(this.resolveType(expression.type, expression.column))));
      case 'sizeofValue': return this.bytesValue(this.types.base('unsigned int'), BigInt(byteSizeOf((await this.evaluate(expression.operand)).type)));
    }
  }

  /** The type a cast or sizeof names; ExpressionError when the program defines no such type. */
  resolveType(syntax: TypeNameSyntax, column: number): DwarfType {
    let type = this.types.named(syntax.base);
    if (!type) throw new ExpressionError(`No symbol "${syntax.base}" in current context.`, column);
    for (let k = 0; k < syntax.pointerDepth; k++) type = this.types.pointerTo(type);
    return type;
  }

  /** The value converted to `type` as C's cast (and assignment) does it. */
  async cast(value: Value, type: DwarfType, column: number): Promise<Value> {
    const target = stripTypedefs(type);
    if (target.kind === 'pointer') {
      const address = await this.addressOf(value, column);
      return this.bytesValue(type, address);
    }
    if (target.kind === 'base' || target.kind === 'enum') {
      const number = await this.arithmetic(value, column);
      if (target.kind === 'base' && target.encoding === DW_ATE_float) {
        const converted = number.kind === 'float' ? number.value : Number(number.value);
        return { type, place: { kind: 'bytes', bytes: floatBytes(converted, target.byteSize, this.reader.frame.littleEndian) } };
      }
      let integer = number.kind === 'float' ? BigInt(Math.trunc(number.value)) : number.value;
      if (target.kind === 'base' && target.encoding === DW_ATE_boolean) integer = integer !== 0n ? 1n : 0n;
      return this.bytesValue(type, integer);
    }
    if (target.kind === 'void') return { type, place: { kind: 'bytes', bytes: new Uint8Array(0) } };
    throw new ExpressionError('Invalid cast.', column);
  }

  private integerLiteral(literal: Extract<Expression, { kind: 'integer' }>): Value {
    // GDB's c-exp.y parse_number: int when it fits, else unsigned int, then long long.
    const { value } = literal;
    let type: DwarfType;
    if (literal.longs < 2 && value < 1n << 31n && !literal.unsigned) type = this.types.base('int');
    else if (literal.longs < 2 && value < 1n << 32n) type = this.types.base('unsigned int');
    else if (value < 1n << 63n && !literal.unsigned) type = this.types.base('long long int');
    else type = this.types.base('long long unsigned int');
    return this.bytesValue(type, value);
  }

  private async identifier(name: string, column: number): Promise<Value> {
    const found = (await this.scope.variable(name)) ?? this.scope.functionNamed(name) ?? this.scope.enumerator(name);
    if (!found) throw new ExpressionError(`No symbol "${name}" in current context.`, column);
    return found;
  }

  private member(object: Value, name: string, column: number): Value {
    const type = stripTypedefs(object.type);
    if (type.kind !== 'struct' && type.kind !== 'union' && type.kind !== 'class') {
      throw new ExpressionError(`Attempt to extract a component of a value that is not a structure`, column);
    }
    const found = findMember(object, type.members, name, this.reader);
    if (!found) throw new ExpressionError(`There is no member named ${name}.`, column);
    return found;
  }

  private async index(object: Value, index: Value, column: number): Promise<Value> {
    const position = await this.arithmetic(index, column);
    if (position.kind !== 'int') throw new ExpressionError('array subscript is not an integer', column);
    const type = stripTypedefs(object.type);
    if (type.kind === 'array') {
      const shape = arrayShape(type);
      return elementOf(object, type, Number(position.value) - shape.lowerBound, this.reader.bytes);
    }
    if (type.kind === 'pointer') return this.dereference(await this.pointerAdd(object, position.value, column), column);
    throw new ExpressionError('cannot subscript something of a type that is not an array or pointer', column);
  }

  private async unary(operator: '*' | '&' | '-' | '+' | '~' | '!', operandSyntax: Expression, column: number): Promise<Value> {
    const operand = await this.evaluate(operandSyntax);
    switch (operator) {
      case '*': return this.dereference(operand, column);
      case '&': {
        if (operand.place.kind !== 'memory' || operand.bitSize !== undefined) throw new ExpressionError('Attempt to take address of value not located in memory.', column);
        return this.bytesValue(this.types.pointerTo(operand.type), BigInt(operand.place.address));
      }
      case '!': return this.bytesValue(this.types.base('int'), (await this.truth(operand, column)) ? 0n : 1n);
      default: {
        const number = promote(await this.arithmetic(operand, column));
        if (operator === '+') return this.fromArithmetic(number);
        if (number.kind === 'float') {
          if (operator === '~') throw new ExpressionError("wrong type argument to bit-complement ('~')", column);
          return this.fromArithmetic({ ...number, value: -number.value });
        }
        return this.fromArithmetic({ ...number, value: operator === '-' ? -number.value : ~number.value });
      }
    }
  }

  private async binary(operator: BinaryOperator, leftSyntax: Expression, rightSyntax: Expression, column: number): Promise<Value> {
    const left = await this.evaluate(leftSyntax);
    if (operator === '&&' || operator === '||') {
      const leftTrue = await this.truth(left, column);
      if (operator === '&&' && !leftTrue) return this.bytesValue(this.types.base('int'), 0n);
      if (operator === '||' && leftTrue) return this.bytesValue(this.types.base('int'), 1n);
      return this.bytesValue(this.types.base('int'), (await this.truth(await this.evaluate(rightSyntax), column)) ? 1n : 0n);
    }
    const right = await this.evaluate(rightSyntax);
    if (operator === '@') return this.artificialArray(left, right, column);
    const leftPointer = isPointerLike(left.type);
    const rightPointer = isPointerLike(right.type);
    if (leftPointer || rightPointer) return this.pointerBinary(operator, left, right, leftPointer, rightPointer, column);
    const a = promote(await this.arithmetic(left, column));
    const b = promote(await this.arithmetic(right, column));
    const common = commonType(a, b);
    if (common.kind === 'float') {
      const x = Number(a.value);
      const y = Number(b.value);
      const compared = compare(operator, x, y);
      if (compared !== undefined) return this.bytesValue(this.types.base('int'), compared ? 1n : 0n);
      const result = floatOperation(operator, x, y, column);
      return this.fromArithmetic({ kind: 'float', value: common.single ? Math.fround(result) : result, single: common.single });
    }
    const bits = common.byteSize * 8;
    const wrap = (v: bigint): bigint => (common.signed ? BigInt.asIntN(bits, v) : BigInt.asUintN(bits, v));
    const x = wrap(a.value as bigint);
    const y = wrap(b.value as bigint);
    const compared = compare(operator, x, y);
    if (compared !== undefined) return this.bytesValue(this.types.base('int'), compared ? 1n : 0n);
    let result: bigint;
    switch (operator) {
      case '+': result = x + y; break;
      case '-': result = x - y; break;
      case '*': result = x * y; break;
      case '/': case '%':
        if (y === 0n) throw new ExpressionError('Division by zero', column);
        result = operator === '/' ? x / y : x % y;
        break;
      case '<<': result = x << BigInt.asUintN(8, y); break;
      case '>>': result = x >> BigInt.asUintN(8, y); break;
      case '&': result = x & y; break;
      case '|': result = x | y; break;
      case '^': result = x ^ y; break;
      default: throw new ExpressionError(`operator '${operator}' not supported here`, column);
    }
    // Shifts take the promoted left operand's type (C11 6.5.7), the others the common type.
    const resultType = operator === '<<' || operator === '>>' ? { byteSize: (a as { byteSize: number }).byteSize, signed: (a as { signed: boolean }).signed } : common;
    const width = resultType.byteSize * 8;
    return this.fromArithmetic({ kind: 'int', value: resultType.signed ? BigInt.asIntN(width, result) : BigInt.asUintN(width, result), byteSize: resultType.byteSize, signed: resultType.signed });
  }

  private async pointerBinary(operator: BinaryOperator, left: Value, right: Value, leftPointer: boolean, rightPointer: boolean, column: number): Promise<Value> {
    if (leftPointer && rightPointer) {
      const x = await this.addressOf(left, column);
      const y = await this.addressOf(right, column);
      const compared = compare(operator, x, y);
      if (compared !== undefined) return this.bytesValue(this.types.base('int'), compared ? 1n : 0n);
      if (operator !== '-') throw new ExpressionError(`invalid operands to binary '${operator}' (two pointers)`, column);
      const size = BigInt(Math.max(1, byteSizeOf(pointedType(left.type))));
      return this.bytesValue(this.types.base('long int'), (x - y) / size);
    }
    const pointer = leftPointer ? left : right;
    const other = await this.arithmetic(leftPointer ? right : left, column);
    if (other.kind !== 'int') throw new ExpressionError(`invalid operands to binary '${operator}' (pointer and floating)`, column);
    const compared = compare(operator, await this.addressOf(pointer, column), other.value);
    if (compared !== undefined) return this.bytesValue(this.types.base('int'), compared ? 1n : 0n);
    if (operator === '+') return this.pointerAdd(pointer, other.value, column);
    if (operator === '-' && leftPointer) return this.pointerAdd(pointer, -other.value, column);
    throw new ExpressionError(`invalid operands to binary '${operator}' (pointer and integer)`, column);
  }

  /** GDB's `object@count`: `count` objects of object's type starting at its address (GDB manual "Artificial Arrays"). */
  private async artificialArray(object: Value, countValue: Value, column: number): Promise<Value> {
    const count = await this.arithmetic(countValue, column);
    if (count.kind !== 'int' || count.value <= 0n) throw new ExpressionError(`Invalid number ${count.value} of repetitions.`, column);
    if (object.place.kind !== 'memory' || object.bitSize !== undefined) throw new ExpressionError("Only values in memory can be extended with '@'.", column);
    return { type: this.types.arrayOf(object.type, Number(count.value)), place: object.place };
  }

  /** `pointer + n` (C11 6.5.6): arrays decay to a pointer to their first element. */
  private async pointerAdd(pointer: Value, count: bigint, column: number): Promise<Value> {
    const address = await this.addressOf(pointer, column);
    const target = pointedType(pointer.type);
    const size = BigInt(Math.max(1, byteSizeOf(target)));
    const type = stripTypedefs(pointer.type).kind === 'pointer' ? pointer.type : this.types.pointerTo(target);
    return this.bytesValue(type, address + count * size);
  }

  /** `*value`: the object a pointer points to, an array's first element, a function itself. */
  async dereference(value: Value, column: number): Promise<Value> {
    const type = stripTypedefs(value.type);
    if (type.kind === 'array') return elementOf(value, type, 0, this.reader.bytes);
    if (type.kind === 'function') return value;
    if (type.kind !== 'pointer' && type.kind !== 'reference' && type.kind !== 'rvalueReference') {
      throw new ExpressionError('Attempt to take contents of a non-pointer value.', column);
    }
    if (stripTypedefs(type.target).kind === 'void') throw new ExpressionError('Attempt to take contents of a non-pointer value.', column);
    const address = await this.addressOf(value, column);
    return { type: type.target, place: { kind: 'memory', address: Number(address) } };
  }

  /** The address a pointer holds, or an array's/function's own address (decay); integers as themselves. */
  private async addressOf(value: Value, column: number): Promise<bigint> {
    const type = stripTypedefs(value.type);
    if (type.kind === 'array' || type.kind === 'function') {
      if (value.place.kind !== 'memory') throw new ExpressionError('Attempt to take address of value not located in memory.', column);
      return BigInt(value.place.address);
    }
    const number = await this.arithmetic(value, column);
    if (number.kind !== 'int') throw new ExpressionError('cannot use a floating value as an address', column);
    return BigInt.asUintN(this.types.addressByteSize * 8, number.value);
  }

  private async truth(value: Value, column: number): Promise<boolean> {
    if (isPointerLike(value.type)) return (await this.addressOf(value, column)) !== 0n;
    const number = await this.arithmetic(value, column);
    return number.value !== 0 && number.value !== 0n;
  }

  /** A scalar value as a number; ExpressionError naming what was unreadable. */
  private async arithmetic(value: Value, column: number): Promise<Arithmetic> {
    const type = stripTypedefs(value.type);
    const bytes = await this.reader.valueBytes(value);
    if (typeof bytes === 'string') throw new ExpressionError(`value is ${bytes.replace(/^<(error: )?|>$/g, '')}`, column);
    const littleEndian = this.reader.frame.littleEndian;
    if (type.kind === 'base' && type.encoding === DW_ATE_float) {
      const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
      return { kind: 'float', value: bytes.length === 4 ? view.getFloat32(0, littleEndian) : view.getFloat64(0, littleEndian), single: bytes.length === 4 };
    }
    if (isIntegerType(type) || type.kind === 'pointer') {
      const signed = isSignedType(type);
      return { kind: 'int', value: bytesToBigInt(bytes, signed, littleEndian), byteSize: bytes.length, signed };
    }
    throw new ExpressionError(`a value of type ${type.kind} is not a number`, column);
  }

  private fromArithmetic(number: Arithmetic): Value {
    if (number.kind === 'float') {
      const type = this.types.base(number.single ? 'float' : 'double');
      return { type, place: { kind: 'bytes', bytes: floatBytes(number.value, number.single ? 4 : 8, this.reader.frame.littleEndian) } };
    }
    return this.bytesValue(this.types.integer(number.byteSize, number.signed), number.value);
  }

  private bytesValue(type: DwarfType, value: bigint): Value {
    return { type, place: { kind: 'bytes', bytes: bigIntToBytes(value, Math.max(1, byteSizeOf(type)), this.reader.frame.littleEndian) } };
  }
}

function floatBytes(value: number, byteSize: number, littleEndian: boolean): Uint8Array {
  const bytes = new Uint8Array(byteSize);
  const view = new DataView(bytes.buffer);
  if (byteSize === 4) view.setFloat32(0, value, littleEndian);
  else view.setFloat64(0, value, littleEndian);
  return bytes;
}

function isPointerLike(type: DwarfType): boolean {
  const kind = stripTypedefs(type).kind;
  return kind === 'pointer' || kind === 'array' || kind === 'function';
}

function pointedType(type: DwarfType): DwarfType {
  const core = stripTypedefs(type);
  if (core.kind === 'pointer') return core.target;
  if (core.kind === 'array') return arrayShape(core).element;
  return core;
}

function compare<T extends number | bigint>(operator: BinaryOperator, x: T, y: T): boolean | undefined {
  switch (operator) {
    case '<': return x < y;
    case '>': return x > y;
    case '<=': return x <= y;
    case '>=': return x >= y;
    case '==': return x === y;
    case '!=': return x !== y;
    default: return undefined;
  }
}

function floatOperation(operator: BinaryOperator, x: number, y: number, column: number): number {
  switch (operator) {
    case '+': return x + y;
    case '-': return x - y;
    case '*': return x * y;
    case '/': return x / y;
    default: throw new ExpressionError(`invalid operands to binary '${operator}' (floating)`, column);
  }
}

/** A member by name, looking inside anonymous struct/union members (C11 6.7.2.1p13). */
function findMember(object: Value, members: readonly Member[], name: string, reader: ValueReader): Value | undefined {
  for (const member of members) {
    if (member.name === name) return memberOf(object, member, reader.bytes);
    if (member.name === undefined) {
      const inner = stripTypedefs(member.type);
      if (inner.kind === 'struct' || inner.kind === 'union' || inner.kind === 'class') {
        const found = findMember(memberOf(object, member, reader.bytes), inner.members, name, reader);
        if (found) return found;
      }
    }
  }
  return undefined;
}
