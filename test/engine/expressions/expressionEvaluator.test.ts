// Unit tests of the C expression evaluator over synthetic types and an in-memory target:
// members, arrays, pointers, conversions, errors with columns, assignments, batched reads.
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import type { DwarfType } from '../../../src/dwarf';
import { ExpressionScope, ExpressionTypes, planAssignment, printCExpression } from '../../../src/engine/expressions';
import { MemoryCache, ValueReader, type Value } from '../../../src/engine/values';
import {
  array, char, enumeration, fakeFrame, FakeMemory, float32, int16, int32, le32, member, pointer, struct, typedef, uint32, uint8,
} from '../values/syntheticTypes';

const point = struct('point', 4, [member('x', int16, 0), member('y', int16, 2)]);
const packet = struct('packet', 8, [member('kind', uint8, 0), member(undefined, struct(undefined, 4, [member('word', uint32, 0), member('raw', array(uint8, 4), 0)], 'union'), 4)]);
const color = enumeration('color', [['RED', 0], ['GREEN', 1], ['BLUE', 2]]);
const named: Record<string, DwarfType> = { int: int32, 'unsigned int': uint32, 'short int': int16, char, float: float32, 'struct point': point, point_t: typedef('point_t', point), color_t: typedef('color_t', color) };

const variables: Record<string, Value> = {
  pt: { type: point, place: { kind: 'memory', address: 0x1000 } },
  arr: { type: array(int32, 4), place: { kind: 'memory', address: 0x2000 } },
  pp: { type: pointer(point), place: { kind: 'memory', address: 0x3000 } },
  f: { type: float32, place: { kind: 'memory', address: 0x3004 } },
  pk: { type: packet, place: { kind: 'memory', address: 0x3008 } },
  big: { type: uint32, place: { kind: 'memory', address: 0x3010 } },
  c: { type: typedef('color_t', color), place: { kind: 'memory', address: 0x3014 } },
  local: { type: int32, place: { kind: 'register', register: 4 } },
  gone: { type: int32, place: { kind: 'optimizedOut' } },
  flashword: { type: uint32, place: { kind: 'memory', address: 0x08000000 } },
};

function setup(): { memory: FakeMemory; scope: ExpressionScope & { isTypeName(name: string): boolean }; reader: ValueReader } {
  const memory = new FakeMemory()
    .add(0x1000, [3, 0, 0xfc, 0xff])
    .add(0x2000, [...le32(10), ...le32(20), ...le32(30), ...le32(40)])
    .add(0x3000, [...le32(0x1000), ...new Uint8Array(Float32Array.of(1.5).buffer), 7, 0, 0, 0, 0x44, 0x33, 0x22, 0x11, ...le32(0xfffffff0), ...le32(2)])
    .add(0x08000000, le32(0xc0ffee));
  const frame = fakeFrame({ 4: -5n & 0xffffffffn, 13: 0x20001ff0n, 15: 0x08000100n }, [{ name: 'arr', address: 0x2000, size: 16 }, { name: 'pt', address: 0x1000, size: 4 }]);
  const types = new ExpressionTypes((name) => named[name], 4);
  const scope = {
    types,
    variable: async (name: string) => variables[name],
    functionNamed: () => undefined,
    enumerator: (name: string) => {
      const found = color.enumerators.find((e) => e.name === name);
      return found ? { type: color, place: { kind: 'bytes' as const, bytes: Uint8Array.from(le32(Number(found.value))) } } : undefined;
    },
    register: (name: string) => (name === 'sp' ? { type: pointer({ kind: 'void' }), place: { kind: 'register' as const, register: 13 } } : undefined),
    isTypeName: (name: string) => name in named,
  };
  return { memory, scope, reader: new ValueReader(frame, new MemoryCache(memory)) };
}

describe('C expression evaluator', () => {
  it('evaluates members, arrays, pointers and address-of like GDB print', async () => {
    const { scope, reader } = setup();
    const print = (text: string): Promise<string> => printCExpression(text, scope, reader);
    assert.equal(await print('pt'), '{x = 3, y = -4}');
    assert.equal(await print('pt.y * 2'), '-8');
    assert.equal(await print('pp->x + arr[3]'), '43');
    assert.equal(await print('(*pp).y'), '-4');
    assert.equal(await print('&arr[1]'), '(int *) 0x2004 <arr+4>');
    assert.equal(await print('*(arr + 2)'), '30');
    assert.equal(await print('&arr[3] - &arr[0]'), '3');
    assert.equal(await print('&pt'), '(struct point *) 0x1000 <pt>');
    assert.equal(await print('(point_t *)0x1000'), '(point_t *) 0x1000 <pt>');
    assert.equal(await print('((struct point *)&arr[1])->y * 2 + ((struct point *)&arr[1])->x'), '20');
    assert.equal(await print('pk.word'), '287454020');
    assert.equal(await print('pk.raw[3]'), "17 '\\021'");
    assert.equal(await print('sizeof(struct point) + sizeof arr'), '20');
    assert.equal(await print('$sp'), '(void *) 0x20001ff0');
    assert.equal(await print('local'), '-5');
  });

  it('applies the usual arithmetic conversions, promotions and C division', async () => {
    const { scope, reader } = setup();
    const print = (text: string): Promise<string> => printCExpression(text, scope, reader);
    assert.equal(await print('-1 < 0u'), '0');
    assert.equal(await print('big + 32'), '16');
    assert.equal(await print('(int)big'), '-16');
    assert.equal(await print('-7 / 2'), '-3');
    assert.equal(await print('-7 % 3'), '-1');
    assert.equal(await print('7 / 2.0'), '3.5');
    assert.equal(await print('f * 3'), '4.5');
    assert.equal(await print('(float)1 / 3'), '0.333333343');
    assert.equal(await print('1.0 / 3'), '0.33333333333333331');
    assert.equal(await print('0x7fffffff + 1'), '-2147483648');
    assert.equal(await print('4294967295'), '4294967295');
    assert.equal(await print('(unsigned char)257'), "1 '\\001'");
    assert.equal(await print('~0u >> 28'), '15');
    assert.equal(await print("'A' + 1"), '66');
    assert.equal(await print('c == BLUE'), '1');
    assert.equal(await print('(color_t)1'), 'GREEN');
    assert.equal(await print('pt.x > 2 ? 100 : 200'), '100');
    assert.equal(await print('0 && gone'), '0');
  });

  it('reads all the variables an expression names in one round trip', async () => {
    const { memory, scope, reader } = setup();
    assert.equal(await printCExpression('arr[3] - arr[1] * pt.x + big', scope, reader), '4294967260');
    assert.equal(memory.calls.length, 1);
  });

  it('fails with what and where', async () => {
    const { scope, reader } = setup();
    const fails = (text: string, message: RegExp): Promise<void> => assert.rejects(printCExpression(text, scope, reader), message);
    await fails('nope + 1', /: No symbol "nope" in current context\. at column 1$/);
    await fails('pt.z', /: There is no member named z\. at column 3$/);
    await fails('1 / (pt.x - 3)', /: Division by zero at column 3$/);
    await fails('*big', /: Attempt to take contents of a non-pointer value\. at column 1$/);
    await fails('&local', /: Attempt to take address of value not located in memory\. at column 1$/);
    await fails('gone + 1', /: value is optimized out at column 6$/);
    await fails('(struct nope *)0', /: No symbol "struct nope" in current context\. at column 1$/);
    await fails('*(int *)0x9000', /: Cannot access memory at address 0x9000$/);
    await fails('(struct point)1', /: Invalid cast\. at column 1$/);
  });

  it('plans assignments converted to the target type, and refuses flash', async () => {
    const { scope, reader } = setup();
    const assign = async (name: string, text: string): Promise<unknown> => planAssignment(variables[name], text, scope, reader, [{ address: 0x08000000, byteLength: 0x10000 }]);
    assert.deepEqual(await assign('big', '-1'), { kind: 'memory', address: 0x3010, bytes: Uint8Array.of(0xff, 0xff, 0xff, 0xff) });
    assert.deepEqual(await assign('f', '2'), { kind: 'memory', address: 0x3004, bytes: new Uint8Array(Float32Array.of(2).buffer) });
    assert.deepEqual(await assign('c', 'GREEN'), { kind: 'memory', address: 0x3014, bytes: Uint8Array.of(1, 0, 0, 0) });
    assert.deepEqual(await assign('pp', '&arr[2]'), { kind: 'memory', address: 0x3000, bytes: Uint8Array.from(le32(0x2008)) });
    assert.deepEqual(await assign('local', '7'), { kind: 'register', register: 4, value: 7n });
    await assert.rejects(assign('flashword', '1'), /read-only memory/);
    await assert.rejects(assign('pt', '1'), /cannot assign this value to the variable's type: Invalid cast/);
  });
});
