// Field codec: decoding, encoding with modifiedWriteValues and writeConstraint, refresh safety.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { UserError } from '../../src/common';
import { checkRegisterWrite, decodeRegister, encodeFieldWrite, isSafeToRefresh, matchEnum, parseSvd, readHazard } from '../../src/svd';
import { field, register, svdDevice } from './svdSnippet';

const device = parseSvd(svdDevice(`<peripheral><name>P</name><baseAddress>0x40000000</baseAddress>
  <addressBlock><offset>0</offset><size>0x100</size><usage>registers</usage></addressBlock>
  <registers>
    <register><name>SR</name><addressOffset>0x0</addressOffset><resetValue>0x100</resetValue><fields>
      <field><name>A</name><bitOffset>0</bitOffset><bitWidth>1</bitWidth><modifiedWriteValues>oneToClear</modifiedWriteValues></field>
      <field><name>B</name><bitOffset>1</bitOffset><bitWidth>1</bitWidth><modifiedWriteValues>oneToClear</modifiedWriteValues></field>
      <field><name>T</name><bitOffset>2</bitOffset><bitWidth>1</bitWidth><modifiedWriteValues>oneToToggle</modifiedWriteValues></field>
      <field><name>S</name><bitOffset>3</bitOffset><bitWidth>1</bitWidth><modifiedWriteValues>oneToSet</modifiedWriteValues></field>
      <field><name>Z</name><bitOffset>4</bitOffset><bitWidth>2</bitWidth><modifiedWriteValues>zeroToClear</modifiedWriteValues></field>
      <field><name>ZS</name><bitOffset>6</bitOffset><bitWidth>1</bitWidth><modifiedWriteValues>zeroToSet</modifiedWriteValues></field>
      <field><name>MODE</name><bitOffset>8</bitOffset><bitWidth>4</bitWidth></field>
      <field><name>CLR</name><bitOffset>12</bitOffset><bitWidth>1</bitWidth><modifiedWriteValues>clear</modifiedWriteValues></field>
      <field><name>RO</name><bitOffset>16</bitOffset><bitWidth>8</bitWidth><access>read-only</access></field>
    </fields></register>
    <register><name>CFG</name><addressOffset>0x4</addressOffset><fields>
      <field><name>SPEED</name><bitOffset>0</bitOffset><bitWidth>3</bitWidth>
        <writeConstraint><useEnumeratedValues>true</useEnumeratedValues></writeConstraint>
        <enumeratedValues><usage>read</usage>
          <enumeratedValue><name>SLOW_READ</name><value>0</value></enumeratedValue>
          <enumeratedValue><name>WHATEVER</name><isDefault>true</isDefault></enumeratedValue></enumeratedValues>
        <enumeratedValues><usage>write</usage>
          <enumeratedValue><name>SLOW</name><value>1</value></enumeratedValue>
          <enumeratedValue><name>FAST</name><value>4</value></enumeratedValue></enumeratedValues></field>
      <field><name>DIV</name><bitOffset>4</bitOffset><bitWidth>8</bitWidth>
        <writeConstraint><range><minimum>2</minimum><maximum>200</maximum></range></writeConstraint></field>
      <field><name>PAT</name><bitOffset>12</bitOffset><bitWidth>4</bitWidth><enumeratedValues>
        <enumeratedValue><name>ENDS_HIGH</name><value>#1xx1</value></enumeratedValue>
        <enumeratedValue><name>ZERO</name><value>#0000</value></enumeratedValue></enumeratedValues></field>
    </fields></register>
    <register><name>WIDE</name><addressOffset>0x10</addressOffset><size>64</size><fields>
      <field><name>LO</name><bitRange>[31:0]</bitRange></field>
      <field><name>HI</name><bitRange>[63:40]</bitRange><enumeratedValues>
        <enumeratedValue><name>MAGIC</name><value>0xABCDEF</value></enumeratedValue></enumeratedValues></field>
    </fields></register>
    <register><name>DR</name><addressOffset>0x20</addressOffset><readAction>modify</readAction></register>
    <register><name>FIFO</name><addressOffset>0x24</addressOffset><fields>
      <field><name>DATA</name><bitOffset>0</bitOffset><bitWidth>8</bitWidth><readAction>clear</readAction></field></fields></register>
    <register><name>KEY</name><addressOffset>0x28</addressOffset><access>write-only</access></register>
  </registers></peripheral>`));

function userError(pattern: RegExp): (e: unknown) => boolean {
  return (e: unknown) => e instanceof UserError && pattern.test(e.message);
}

describe('field codec: decode', () => {
  it('splits a value into raw field values with enum names', () => {
    const decoded = decodeRegister(register(device, 'P/CFG'), 0x9_05_4n);
    assert.deepEqual(decoded.map((d) => [d.field.name, d.raw, d.enumValue?.name]), [
      ['SPEED', 4n, 'WHATEVER'],
      ['DIV', 5n, undefined],
      ['PAT', 9n, 'ENDS_HIGH'],
    ]);
  });

  it("matches don't-care bits of #1xx1 and nothing else", () => {
    const pat = field(device, 'P/CFG/PAT');
    assert.deepEqual([0b1001n, 0b1111n, 0b1011n, 0b0111n, 0n, 0b1000n].map((v) => matchEnum(pat, v)?.name), [
      'ENDS_HIGH', 'ENDS_HIGH', 'ENDS_HIGH', undefined, 'ZERO', undefined,
    ]);
  });

  it('uses read enums to decode and write enums for writes', () => {
    const speed = field(device, 'P/CFG/SPEED');
    assert.equal(matchEnum(speed, 0n, 'read')?.name, 'SLOW_READ');
    assert.equal(matchEnum(speed, 4n, 'write')?.name, 'FAST');
    assert.equal(matchEnum(speed, 0n, 'write'), undefined);
  });

  it('decodes fields of a 64-bit register exactly', () => {
    const decoded = decodeRegister(register(device, 'P/WIDE'), 0xabcdef_00_12345678n);
    assert.deepEqual(decoded.map((d) => [d.field.name, d.raw, d.enumValue?.name]), [
      ['LO', 0x12345678n, undefined],
      ['HI', 0xabcdefn, 'MAGIC'],
    ]);
  });
});

describe('field codec: encode', () => {
  const sr = register(device, 'P/SR');

  it('writes 0 to W1C, W1S and toggle neighbours and 1 to zero-to-clear/set ones, keeping plain fields', () => {
    // Every flag set in the current value: writing A must not clear B, toggle T or touch Z/ZS.
    const current = 0x00ff_1fffn;
    const write = encodeFieldWrite(sr, field(device, 'P/SR/A'), 1n, current);
    // A=1; B, T, S = 0; Z, ZS = ones; bit 7 (no field) and MODE, CLR, RO as read.
    const expected = 0x1n | (0b11n << 4n) | (1n << 6n) | (1n << 7n) | (0xfn << 8n) | (1n << 12n) | (0xffn << 16n);
    assert.equal(write.value.toString(16), expected.toString(16));
    assert.deepEqual(write.sideEffects, ['P/SR/CLR']);
  });

  it('puts the new value into a plain field and keeps its W1C neighbours at 0', () => {
    // A and B read as 1 are written 0; Z and ZS (zeroTo...) read as 0 are written as ones.
    const write = encodeFieldWrite(sr, field(device, 'P/SR/MODE'), 0x5n, 0x0000_0203n);
    assert.equal(write.value, 0x0000_0570n);
  });

  it('starts from the reset value when the register was not read', () => {
    assert.equal(encodeFieldWrite(sr, field(device, 'P/SR/B'), 1n).value, 0x1_72n);
  });

  it('refuses values outside the enumerated ones, naming the field and the allowed values', () => {
    const cfg = register(device, 'P/CFG');
    const speed = field(device, 'P/CFG/SPEED');
    assert.equal(encodeFieldWrite(cfg, speed, 4n, 0n).value, 4n);
    assert.throws(() => encodeFieldWrite(cfg, speed, 2n, 0n), userError(/^P\/CFG\/SPEED: 2 is not one of its enumerated values \(SLOW=1, FAST=4\)$/));
  });

  it('refuses values outside a range constraint, a field width, or a read-only field', () => {
    const cfg = register(device, 'P/CFG');
    const div = field(device, 'P/CFG/DIV');
    assert.equal(encodeFieldWrite(cfg, div, 200n, 0n).value, 200n << 4n);
    assert.throws(() => encodeFieldWrite(cfg, div, 1n, 0n), userError(/P\/CFG\/DIV: 1 is outside the allowed range 2\.\.200/));
    assert.throws(() => encodeFieldWrite(cfg, field(device, 'P/CFG/PAT'), 16n, 0n), userError(/P\/CFG\/PAT: 16 does not fit in 4 bits/));
    assert.throws(() => encodeFieldWrite(sr, field(device, 'P/SR/RO'), 1n, 0n), userError(/P\/SR\/RO is read-only/));
  });

  it('encodes into 64-bit registers without losing the top bits', () => {
    const wide = register(device, 'P/WIDE');
    const write = encodeFieldWrite(wide, field(device, 'P/WIDE/HI'), 0xffffffn, 0x1234n);
    assert.equal(write.value, 0xffffff00_00001234n);
  });
});

describe('field codec: whole-register writes', () => {
  it('checks the register range constraint and every writable field', () => {
    const limited = parseSvd(svdDevice(`<peripheral><name>Q</name><baseAddress>0</baseAddress>
      <addressBlock><offset>0</offset><size>4</size><usage>registers</usage></addressBlock>
      <registers><register><name>LIM</name><addressOffset>0</addressOffset><size>16</size>
        <writeConstraint><range><minimum>0x10</minimum><maximum>0x1FF</maximum></range></writeConstraint></register></registers></peripheral>`));
    const lim = register(limited, 'Q/LIM');
    assert.doesNotThrow(() => checkRegisterWrite(lim, 0x1ffn));
    assert.throws(() => checkRegisterWrite(lim, 0x200n), userError(/^Q\/LIM: 512 is outside the allowed range 16\.\.511$/));
    assert.throws(() => checkRegisterWrite(lim, 0x10000n), userError(/^Q\/LIM: 65536 does not fit in 16 bits$/));
    assert.throws(() => checkRegisterWrite(register(device, 'P/CFG'), 0x2n), userError(/^P\/CFG\/SPEED: 2 is not one of its enumerated values/));
    assert.doesNotThrow(() => checkRegisterWrite(register(device, 'P/CFG'), 0x24n));
  });
});

describe('field codec: refresh safety', () => {
  it('marks registers with a readAction (on the register or a field) and write-only registers unsafe', () => {
    assert.equal(readHazard(register(device, 'P/DR')), 'readAction modify');
    assert.equal(readHazard(register(device, 'P/FIFO')), 'readAction clear on field DATA');
    assert.equal(readHazard(register(device, 'P/KEY')), 'write-only register');
    assert.equal(isSafeToRefresh(register(device, 'P/SR')), true);
    assert.equal(isSafeToRefresh(register(device, 'P/FIFO')), false);
  });
});

describe('field codec on CMSDK_CM3.svd (ARM)', () => {
  const cmsdk = parseSvd(readFileSync(join(__dirname, '..', '..', '..', 'shared', 'svd', 'CMSDK_CM3.svd'), 'utf8'));

  it('clears only the requested overrun flag of UART0 STATE', () => {
    const state = register(cmsdk, 'UART0/STATE');
    const txov = field(cmsdk, 'UART0/STATE/TXOV');
    const rxov = field(cmsdk, 'UART0/STATE/RXOV');
    assert.equal(rxov.modifiedWriteValues, 'oneToClear');
    const write = encodeFieldWrite(state, txov, 1n, 0xfn);
    assert.equal((write.value >> BigInt(txov.bitOffset)) & 1n, 1n);
    assert.equal((write.value >> BigInt(rxov.bitOffset)) & 1n, 0n, 'RXOV must not be cleared by accident');
  });
});
