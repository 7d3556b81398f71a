// Read planning: fewest reads inside address blocks and access widths, on snippets and STM32F030.svd.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parseSvd, planRegisterReads, registerValuesFromReads, type SvdDevice } from '../../src/svd';
import { peripheral, register, svdDevice } from './svdSnippet';

const device = parseSvd(svdDevice(`
  <peripheral><name>P</name><baseAddress>0x40000000</baseAddress>
    <addressBlock><offset>0</offset><size>0x10</size><usage>registers</usage></addressBlock>
    <addressBlock><offset>0x10</offset><size>0x10</size><usage>registers</usage></addressBlock>
    <registers>
      <register><name>A</name><addressOffset>0x0</addressOffset></register>
      <register><name>B</name><addressOffset>0x4</addressOffset></register>
      <register><name>B_ALT</name><addressOffset>0x4</addressOffset><alternateRegister>B</alternateRegister></register>
      <register><name>C</name><addressOffset>0x8</addressOffset><size>16</size></register>
      <register><name>D</name><addressOffset>0xA</addressOffset><size>16</size></register>
      <register><name>E</name><addressOffset>0xC</addressOffset></register>
      <register><name>F</name><addressOffset>0x10</addressOffset></register>
      <register><name>G</name><addressOffset>0x18</addressOffset><size>64</size></register>
      <register><name>DR</name><addressOffset>0x14</addressOffset><readAction>clear</readAction></register>
      <register><name>OUT</name><addressOffset>0x40</addressOffset></register>
      <register><name>BYTE</name><addressOffset>0x0</addressOffset><size>8</size></register>
    </registers></peripheral>`));

const all = peripheral(device, 'P').registers;
const names = (list: readonly { register: { name: string } }[]) => list.map((s) => s.register.name);

describe('planRegisterReads', () => {
  const plan = planRegisterReads(device, all);

  it('merges contiguous registers of one width inside one address block only', () => {
    assert.deepEqual(plan.reads, [
      { address: 0x40000000, width: 8, count: 1 },
      { address: 0x40000008, width: 16, count: 2 },
      { address: 0x40000000, width: 32, count: 2 },
      { address: 0x4000000c, width: 32, count: 1 },
      { address: 0x40000010, width: 32, count: 1 },
      { address: 0x40000018, width: 32, count: 2 },
    ]);
  });

  it('reports registers it will not read, with the reason', () => {
    assert.deepEqual(plan.skipped.map((s) => [s.register.name, s.reason]), [
      ['DR', 'readAction clear'],
      ['OUT', 'outside the address blocks of the device'],
    ]);
  });

  it('never reads outside the address blocks', () => {
    const blocks = device.peripherals.flatMap((p) => p.addressBlocks);
    for (const read of plan.reads) {
      const end = read.address + (read.count * read.width) / 8;
      assert.ok(blocks.some((b) => read.address >= b.address && end <= b.address + b.byteSize), `read at 0x${read.address.toString(16)}`);
    }
  });

  it('maps read results back to register values, alternates and 64-bit registers included', () => {
    const memory = new Map<number, number>(); // byte address -> byte, little-endian target
    for (let i = 0; i < 0x20; i++) memory.set(0x40000000 + i, (i * 0x11 + 3) & 0xff);
    const results = plan.reads.map((read) =>
      Array.from({ length: read.count }, (_, k) => {
        let value = 0;
        for (let b = read.width / 8 - 1; b >= 0; b--) value = value * 256 + memory.get(read.address + (k * read.width) / 8 + b)!;
        return value;
      }),
    );
    const values = registerValuesFromReads(plan, results);
    const expect = (address: number, bytes: number) => {
      let value = 0n;
      for (let b = bytes - 1; b >= 0; b--) value = (value << 8n) | BigInt(memory.get(address + b)!);
      return value;
    };
    for (const r of all) {
      if (names(plan.skipped).includes(r.name)) assert.equal(values.has(r), false, r.name);
      else assert.equal(values.get(r), expect(r.address, r.size / 8), r.name);
    }
    assert.equal(values.get(register(device, 'P/B_ALT')), values.get(register(device, 'P/B')));
  });

  it('combines the words of a 64-bit register big-endian on a big-endian device', () => {
    const big: SvdDevice = { ...device, cpu: { endian: 'big' } };
    const g = register(device, 'P/G');
    const bigPlan = planRegisterReads(big, [g]);
    assert.deepEqual(bigPlan.reads, [{ address: 0x40000018, width: 32, count: 2 }]);
    assert.equal(registerValuesFromReads(bigPlan, [[0x11223344, 0x55667788]]).get(g), 0x11223344_55667788n);
    const littlePlan = planRegisterReads(device, [g]);
    assert.equal(registerValuesFromReads(littlePlan, [[0x11223344, 0x55667788]]).get(g), 0x55667788_11223344n);
  });

  it('leaves out registers whose read result is missing', () => {
    const values = registerValuesFromReads(plan, [[1]]);
    assert.deepEqual([...values.keys()].map((r) => r.name), ['BYTE']);
  });

  it('splits long runs at maxReadBytes', () => {
    const split = planRegisterReads(device, all, { maxReadBytes: 4 });
    assert.ok(split.reads.every((r) => (r.count * r.width) / 8 <= 8));
    assert.ok(split.reads.length > plan.reads.length);
  });
});

describe('planRegisterReads on STM32F030.svd', () => {
  const stm = parseSvd(readFileSync(join(__dirname, '..', '..', '..', 'shared', 'svd', 'STM32F030.svd'), 'utf8'));

  it('reads all of USART1 in one run per width, without gaps inside a read', () => {
    const usart = peripheral(stm, 'USART1');
    const plan = planRegisterReads(stm, usart.registers);
    const planned = new Set(plan.slots.map((s) => s.register));
    assert.equal(planned.size + plan.skipped.length, usart.registers.length);
    for (const [i, read] of plan.reads.entries()) {
      const covered = plan.slots.filter((s) => s.read === i).flatMap((s) => Array.from({ length: s.units }, (_, k) => s.first + k));
      assert.deepEqual([...new Set(covered)].sort((a, b) => a - b), Array.from({ length: read.count }, (_, k) => k), 'no gap inside a read');
    }
    // USART1's 32-bit registers sit back to back from 0x00 to 0x28 in RM0360 (26.8).
    assert.ok(plan.reads.length <= 2, JSON.stringify(plan.reads));
  });
});
