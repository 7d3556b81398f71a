// Unit tests of ValueReader over synthetic types and an in-memory target: formatting of every
// kind, flag enums, hex, registers, children and paging, write planning, and read batching.
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { MemoryCache, placeOfLocation, planWrite, ValueReader, type Value } from '../../../src/engine/values';
import {
  array, boolType, char, enumeration, fakeFrame, FakeMemory, float32, int16, int32, int64, le32, member, pointer, struct, typedef, uint32, uint8,
} from './syntheticTypes';

const point = struct('point', 4, [member('x', int16, 0), member('y', int16, 2)]);
const status = struct('status', 4, [
  member('ready', uint32, 0, { bitOffset: 0, bitSize: 1 }),
  member('delta', int32, 0, { bitOffset: 4, bitSize: 4 }),
  member('code', uint32, 2, { bitOffset: 0, bitSize: 16 }),
]);
const color = enumeration('color', [['RED', 0], ['GREEN', 1], ['BLUE', 2], ['WHITE', 0x10]]);
const mode = enumeration('mode', [['OFF', -1], ['SLOW', 1]]);
const at = (type: Value['type'], address: number): Value => ({ type, place: { kind: 'memory', address } });

function setup(): { memory: FakeMemory; reader: ValueReader } {
  const memory = new FakeMemory()
    .add(0x1000, [1, 0, 0xfe, 0xff]) // point {1, -2}
    .add(0x2000, [...le32(7), ...le32(7), ...le32(7), ...le32(9)]) // int32[4]
    .add(0x3000, [...le32(0x1000), ...le32(0), ...le32(0x4ff0), ...le32(0), ...le32(0x5000)]) // point *, NULL, dangling, -, char *
    .add(0x4000, [0x91, 0, 0xcd, 0xab]) // status bits: ready 1, delta -7, code 0xabcd
    .add(0x5000, [...new TextEncoder().encode('hi "there"'), ...new Uint8Array(54)]) // a 64-byte aligned block, as string reads fetch
    .add(0x6000, [3, 0, 0, 0, 8, 0, 0, 0, 5, 0, 0, 0]);
  return { memory, reader: new ValueReader(fakeFrame({ 0: 0x12345678n }, [{ name: 'g_point', address: 0x1000, size: 4 }, { name: 'g_arr', address: 0x2000, size: 16 }]), new MemoryCache(memory)) };
}

describe('ValueReader', () => {
  it('formats structs, arrays with repeats, pointers with symbols and strings, in one read per level', async () => {
    const { memory, reader } = setup();
    const texts = await reader.format([
      at(point, 0x1000), at(array(int32, 4), 0x2000), at(pointer(typedef('point_t', point)), 0x3000), at(pointer(point), 0x3004),
      at(pointer(typedef('char_t', char)), 0x3010), at(status, 0x4000), at(array(uint8, 4), 0x5000),
    ]);
    assert.deepEqual(texts, [
      '{x = 1, y = -2}', '{7, 7, 7, 9}', '(point_t *) 0x1000 <g_point>', '(struct point *) 0x0', '(char_t *) 0x5000 "hi \\"there\\""',
      '{ready = 1, delta = -7, code = 43981}', '"hi \\""',
    ]);
    // Round 1: every value's bytes; round 2: the string behind the char pointer.
    assert.equal(memory.calls.length, 2);
  });

  it('limits arrays to 200 elements, counting a repeat run as 10 and scanning runs over the whole array (GDB)', async () => {
    const memory = new FakeMemory().add(0x100, [...new Uint8Array(4 * 250)]).add(0x1000, Array.from({ length: 4 * 300 }, (_, k) => (k % 4 === 0 ? (k / 4) % 256 : 0)));
    const reader = new ValueReader(fakeFrame(), new MemoryCache(memory));
    const [zeros, counting] = await reader.format([at(array(int32, 250), 0x100), at(array(int32, 300), 0x1000)]);
    assert.equal(zeros, '{0 <repeats 250 times>}');
    assert.equal(counting, `{${Array.from({ length: 200 }, (_, k) => k).join(', ')}...}`);
  });

  it('prints enums by name, flag enums decomposed, unknown values as numbers', async () => {
    const { reader } = setup();
    const value = (type: Value['type'], n: number): Value => ({ type, place: { kind: 'bytes', bytes: Uint8Array.from(le32(n)) } });
    assert.deepEqual(await reader.format([value(color, 2), value(color, 3), value(color, 8), value(color, 0x12), value(mode, 5), value(mode, -1)]),
      ['BLUE', '(GREEN | BLUE)', '(unknown: 0x8)', '(BLUE | WHITE)', '5', 'OFF']);
  });

  it('honours hex, reads registers, says optimized out, unavailable and unreadable', async () => {
    const { reader } = setup();
    assert.deepEqual(await reader.format([at(point, 0x1000), at(color, 0x2000)], { hex: true }), ['{x = 0x1, y = 0xfffe}', '0x7']);
    const texts = await reader.format([
      { type: uint32, place: { kind: 'register', register: 0 } },
      { type: int16, place: { kind: 'register', register: 0 } },
      { type: int32, place: { kind: 'register', register: 3 } },
      { type: int32, place: { kind: 'optimizedOut' } },
      { type: int32, place: { kind: 'unavailable', reason: 'no CFA' } },
      at(int32, 0x9000),
      at(pointer(char), 0x3008),
    ]);
    assert.deepEqual(texts, ['305419896', '22136', '<optimized out>', '<optimized out>', '<unavailable>', '<error: Cannot access memory at address 0x9000>',
      '0x4ff0 <error: Cannot access memory at address 0x4ff0>']);
  });

  it('assembles composite locations, showing members whose pieces have no location as optimized out', async () => {
    const { reader, memory } = setup();
    const frame = fakeFrame({ 0: 0x12345678n });
    const cache = new MemoryCache(memory);
    const partial = await placeOfLocation({ kind: 'composite', pieces: [
      { location: { kind: 'register', register: 0 }, bitSize: 16, bitOffset: 0 },
      { location: { kind: 'optimizedOut' }, bitSize: 16, bitOffset: 0 },
    ] }, 4, frame, cache);
    const whole = await placeOfLocation({ kind: 'composite', pieces: [
      { location: { kind: 'memory', address: 0x1002n }, bitSize: 16, bitOffset: 0 },
      { location: { kind: 'register', register: 0 }, bitSize: 16, bitOffset: 0 },
    ] }, 4, frame, cache);
    const none = await placeOfLocation({ kind: 'composite', pieces: [{ location: { kind: 'optimizedOut' }, bitSize: 32, bitOffset: 0 }] }, 4, frame, cache);
    assert.deepEqual(await reader.format([{ type: point, place: partial }, { type: int32, place: partial }, { type: point, place: whole }, { type: point, place: none }]),
      ['{x = 22136, y = <optimized out>}', '<optimized out>', '{x = -2, y = 22136}', '<optimized out>']);
  });

  it('formats floats, bools, 64-bit integers and chars from computed bytes', async () => {
    const { reader } = setup();
    const bytes = (type: Value['type'], data: number[]): Value => ({ type, place: { kind: 'bytes', bytes: Uint8Array.from(data) } });
    assert.deepEqual(await reader.format([
      bytes(float32, [...new Uint8Array(Float32Array.of(0.25).buffer)]), bytes(boolType, [1]), bytes(boolType, [0]),
      bytes(int64, [0x66, 0x87, 0xa9, 0xcb, 0xed, 0xff, 0xff, 0xff]), bytes(char, [65]),
    ]), ['0.25', 'true', 'false', '-78187493530', "65 'A'"]);
  });

  it('describes rows with memory references, children and paging, and expands pointers lazily', async () => {
    const { reader } = setup();
    const [row] = await reader.describe([{ name: 'g_arr', value: at(array(int32, 4), 0x2000), evaluateName: 'g_arr' }]);
    assert.deepEqual(row, { name: 'g_arr', value: '{7, 7, 7, 9}', type: 'int [4]', evaluateName: 'g_arr', memoryReference: '0x2000', expandable: true, indexedCount: 4 });
    const page = await reader.children({ name: 'g_arr', value: at(array(int32, 4), 0x2000), evaluateName: 'g_arr' }, 2, 2);
    assert.deepEqual(page.map((c) => [c.name, c.evaluateName]), [['[2]', '(g_arr)[2]'], ['[3]', '(g_arr)[3]']]);
    assert.deepEqual(await reader.format(page.map((c) => c.value)), ['7', '9']);
    const [target] = await reader.children({ name: 'p', value: at(pointer(point), 0x3000) });
    assert.equal(target.name, '*p');
    assert.deepEqual(await reader.format([target.value]), ['{x = 1, y = -2}']);
    assert.deepEqual(await reader.children({ name: 'n', value: at(pointer(point), 0x3004) }), []);
    const members = await reader.children({ name: 's', value: at(status, 0x4000) });
    assert.deepEqual((await reader.describe(members)).map((m) => [m.name, m.value, m.memoryReference]), [['ready', '1', undefined], ['delta', '-7', undefined], ['code', '43981', undefined]]);
  });

  it('plans writes: bitfields by read-modify-write, registers, and refuses flash and computed values', async () => {
    const { reader } = setup();
    const [delta] = (await reader.children({ name: 's', value: at(status, 0x4000) })).slice(1);
    const plan = await planWrite(delta.value, Uint8Array.from(le32(3)), reader);
    assert.deepEqual(plan, { kind: 'memory', address: 0x4000, bytes: Uint8Array.of(0x31) }); // delta 3, ready kept
    assert.deepEqual(await planWrite({ type: int16, place: { kind: 'register', register: 0 } }, Uint8Array.of(0xff, 0xff), reader),
      { kind: 'register', register: 0, value: 0x1234ffffn });
    await assert.rejects(planWrite(at(int32, 0x08000100), Uint8Array.from(le32(1)), reader, [{ address: 0x08000000, byteLength: 0x10000 }]),
      /cannot write 0x8000100: it is read-only memory \(flash 0x8000000-0x800ffff\)/);
    await assert.rejects(planWrite({ type: int32, place: { kind: 'optimizedOut' } }, Uint8Array.from(le32(1)), reader), /optimized out/);
  });

  it('re-reads the parts of a merged range that failed, so one bad variable does not hide its neighbours', async () => {
    const memory = new FakeMemory().add(0x100, le32(5));
    const cache = new MemoryCache(memory);
    const reader = new ValueReader(fakeFrame(), cache);
    assert.deepEqual(await reader.format([at(int32, 0x100), at(int32, 0x104)]), ['5', '<error: Cannot access memory at address 0x104>']);
    assert.deepEqual(memory.calls.map((c) => c.length), [1, 2]);
  });
});
