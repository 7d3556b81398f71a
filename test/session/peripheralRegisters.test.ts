// PeripheralRegisters on an inline SVD and a byte-array memory: path resolution (clusters, fields,
// slashes), access widths, what is never read unasked, field writes through the codec, wide values.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { AccessWidth, MemoryRange, MemoryReadResult } from '../../src/engine';
import { PeripheralRegisters, type DeviceMemory } from '../../src/session/peripheralRegisters';
import { parseSvd } from '../../src/svd';

const SVD = `<?xml version="1.0"?>
<device schemaVersion="1.3"><name>TESTCHIP</name><width>32</width><size>32</size><access>read-write</access>
<resetValue>0</resetValue><resetMask>0xffffffff</resetMask><peripherals>
<peripheral><name>UART</name><baseAddress>0x40000000</baseAddress>
<addressBlock><offset>0</offset><size>0x40</size><usage>registers</usage></addressBlock>
<registers>
  <register><name>SR</name><addressOffset>0</addressOffset><resetValue>0</resetValue><fields>
    <field><name>RXNE</name><bitOffset>0</bitOffset><bitWidth>1</bitWidth><modifiedWriteValues>oneToClear</modifiedWriteValues></field>
    <field><name>ORE</name><bitOffset>1</bitOffset><bitWidth>1</bitWidth><modifiedWriteValues>oneToClear</modifiedWriteValues></field>
    <field><name>MODE</name><bitOffset>4</bitOffset><bitWidth>2</bitWidth></field>
  </fields></register>
  <register><name>DR</name><addressOffset>4</addressOffset><readAction>modify</readAction></register>
  <register><name>SET</name><addressOffset>8</addressOffset><access>write-only</access></register>
  <register><name>BAUD</name><addressOffset>0xC</addressOffset><size>16</size></register>
  <register><name>STAMP</name><addressOffset>0x10</addressOffset><size>64</size></register>
  <cluster><name>CH0</name><addressOffset>0x20</addressOffset>
    <register><name>CFG</name><addressOffset>0</addressOffset><fields><field><name>EN</name><bitOffset>3</bitOffset><bitWidth>1</bitWidth></field></fields></register>
    <register><name>ID</name><addressOffset>4</addressOffset><access>read-only</access></register>
  </cluster>
</registers></peripheral></peripherals></device>`;

const BASE = 0x4000_0000;

/** 64 bytes of device memory at BASE; records every access with its width. */
class FakeDevice implements DeviceMemory {
  readonly littleEndian = true;
  readonly bytes = new Uint8Array(0x40);
  readonly accesses: string[] = [];

  async read(ranges: readonly MemoryRange[], fresh: boolean): Promise<MemoryReadResult[]> {
    return ranges.map((range) => {
      this.accesses.push(`read ${(range.address - BASE).toString(16)}+${range.byteLength}/${range.accessWidth}${fresh ? ' fresh' : ''}`);
      return this.bytes.slice(range.address - BASE, range.address - BASE + range.byteLength);
    });
  }

  async write(address: number, data: Uint8Array, accessWidth: AccessWidth): Promise<void> {
    this.accesses.push(`write ${(address - BASE).toString(16)}+${data.length}/${accessWidth}`);
    const offset = address - BASE;
    if (offset === 0) this.bytes[0] &= ~(data[0] & 3); // SR's flags are write-1-to-clear.
    this.bytes.set(offset === 0 ? [(this.bytes[0] & 3) | (data[0] & ~3)] : data, offset);
  }

  word(offset: number): number {
    return new DataView(this.bytes.buffer).getUint32(offset, true);
  }
}

describe('PeripheralRegisters', () => {
  const registers = new PeripheralRegisters('/inline.svd', parseSvd(SVD));

  it('summarises the device', () => {
    assert.deepEqual(registers.summary(), { device: 'TESTCHIP', file: '/inline.svd', peripherals: 1, registers: 7, warnings: 0 });
  });

  it('reads registers, cluster registers and fields at their own access width, with dots or slashes', async () => {
    const device = new FakeDevice();
    const view = new DataView(device.bytes.buffer);
    view.setUint32(0x00, 0x23, true);
    view.setUint16(0x0c, 0xbeef, true);
    view.setUint32(0x20, 0x8, true);
    const { values, errors } = await registers.read(['UART.SR', 'UART.SR.MODE', 'UART.BAUD', 'UART.CH0.CFG.EN', 'UART/CH0/ID'], false, device);
    assert.deepEqual(errors, {});
    assert.deepEqual(values, { 'UART.SR': 0x23, 'UART.SR.MODE': 2, 'UART.BAUD': 0xbeef, 'UART.CH0.CFG.EN': 1, 'UART/CH0/ID': 0 });
    assert.deepEqual(device.accesses, ['read c+2/16', 'read 0+4/32', 'read 20+8/32'], 'contiguous registers of one width in one read, the 16-bit one alone');
  });

  it('does not read a register with a readAction or a write-only one unless forced, and says why', async () => {
    const device = new FakeDevice();
    const unforced = await registers.read(['UART.DR', 'UART.SET'], false, device);
    assert.deepEqual(unforced.errors, {
      'UART.DR': 'UART.DR: reading it has a side effect (readAction modify); read it explicitly (force)',
      'UART.SET': 'UART.SET: it is a write-only register: a read returns nothing it holds; read it explicitly (force)',
    });
    assert.deepEqual(device.accesses, []);
    const forced = await registers.read(['UART.DR', 'UART.SET'], ['UART.DR'], device);
    assert.deepEqual(forced.values, { 'UART.DR': 0 });
    assert.deepEqual(device.accesses, ['read 4+4/32']);
  });

  it('watches peripherals and clusters, leaving side-effect reads to explicit requests', () => {
    const plan = registers.watchPlan(['UART', 'UART.CH0', 'UART.NOPE']);
    assert.deepEqual(plan.skipped, { 'UART.DR': 'readAction modify', 'UART.SET': 'write-only register' });
    assert.deepEqual(plan.errors, { 'UART.NOPE': 'UART.NOPE: UART has no register or cluster named NOPE' });
    assert.equal(plan.registers, 5);
    assert.deepEqual(plan.reads, [
      { address: BASE + 0xc, byteLength: 2, accessWidth: 16 },
      { address: BASE, byteLength: 4, accessWidth: 32 },
      { address: BASE + 0x10, byteLength: 8, accessWidth: 32 },
      { address: BASE + 0x20, byteLength: 8, accessWidth: 32 },
    ], 'DR and SET (skipped) split the 32-bit reads; BAUD is read alone at its width');
  });

  it('writes a field next to W1C flags without clearing them, from a fresh read, and reads it back', async () => {
    const device = new FakeDevice();
    device.bytes[0] = 0x03;
    const result = await registers.write('UART.SR.MODE', 1, device);
    assert.deepEqual(result, { value: 1, written: 0x10 }, 'RXNE and ORE written 0');
    assert.equal(device.word(0), 0x13);
    assert.deepEqual(device.accesses, ['read 0+4/32 fresh', 'write 0+4/32', 'read 0+4/32 fresh']);
  });

  it('writes a write-only register without reading it, and a 16-bit one with 16-bit accesses', async () => {
    const device = new FakeDevice();
    assert.deepEqual(await registers.write('UART.SET', 5, device), { written: 5 });
    assert.deepEqual(await registers.write('UART.BAUD', 0x1234, device), { value: 0x1234, written: 0x1234 });
    assert.deepEqual(device.accesses, ['write 8+4/32', 'read c+2/16 fresh', 'write c+2/16', 'read c+2/16 fresh']);
  });

  it('refuses read-only targets and peripherals, names unknown paths', async () => {
    const device = new FakeDevice();
    await assert.rejects(registers.write('UART.CH0.ID', 1, device), /UART\/CH0\/ID is read-only/);
    await assert.rejects(registers.write('UART', 1, device), /UART is a peripheral: name a register or a field to write/);
    await assert.rejects(registers.write('UART.CH0.CFG.NOPE', 1, device), /UART\.CH0\.CFG has no field named NOPE/);
    assert.deepEqual(device.accesses.filter((a) => a.startsWith('write')), []);
  });

  it('gives a 64-bit register as a number while it fits 53 bits, else an error pointing at its fields', async () => {
    const device = new FakeDevice();
    new DataView(device.bytes.buffer).setBigUint64(0x10, 0x1f_ffff_ffff_ffffn, true);
    assert.deepEqual((await registers.read(['UART.STAMP'], false, device)).values, { 'UART.STAMP': Number.MAX_SAFE_INTEGER });
    new DataView(device.bytes.buffer).setBigUint64(0x10, 0x1234_5678_9abc_def0n, true);
    assert.deepEqual((await registers.read(['UART.STAMP'], false, device)).errors, {
      'UART.STAMP': 'UART.STAMP: 0x123456789abcdef0 is wider than a JSON number holds exactly (53 bits): read its fields',
    });
  });
});
