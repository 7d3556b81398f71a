// parseSvd on inline snippets, one CMSIS-SVD feature at a time.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseSvd } from '../../src/svd';
import { field, peripheral, register, svdDevice, warningLines } from './svdSnippet';

describe('parseSvd: device', () => {
  it('reads name, width, register defaults and the cpu block', () => {
    const device = parseSvd(`<device schemaVersion="1.0">
      <vendor>ACME</vendor><name>DEV1</name><version>2.1</version><description>  A test
        device  </description>
      <cpu><name>CM4</name><revision>r0p1</revision><endian>little</endian><mpuPresent>true</mpuPresent>
        <fpuPresent>1</fpuPresent><fpuDP>false</fpuDP><nvicPrioBits>4</nvicPrioBits><vendorSystickConfig>false</vendorSystickConfig>
        <deviceNumInterrupts>82</deviceNumInterrupts></cpu>
      <addressUnitBits>8</addressUnitBits><width>32</width>
      <size>16</size><access>read-only</access><protection>s</protection><resetValue>0x12</resetValue><resetMask>0xFF</resetMask>
      <peripherals><peripheral><name>P</name><baseAddress>0x1000</baseAddress>
        <addressBlock><offset>0</offset><size>0x10</size><usage>registers</usage></addressBlock>
        <registers><register><name>R</name><addressOffset>2</addressOffset></register></registers>
      </peripheral></peripherals></device>`);
    assert.deepEqual(device.warnings, []);
    assert.equal(device.name, 'DEV1');
    assert.equal(device.vendor, 'ACME');
    assert.equal(device.schemaVersion, '1.0');
    assert.equal(device.width, 32);
    assert.equal(device.description, 'A test\n        device');
    assert.deepEqual(device.defaults, { size: 16, access: 'read-only', protection: 's', resetValue: 0x12n, resetMask: 0xffn });
    assert.equal(device.cpu?.name, 'CM4');
    assert.equal(device.cpu?.revision, 'r0p1');
    assert.equal(device.cpu?.endian, 'little');
    assert.equal(device.cpu?.mpuPresent, true);
    assert.equal(device.cpu?.fpuPresent, true);
    assert.equal(device.cpu?.fpuDP, false);
    assert.equal(device.cpu?.nvicPrioBits, 4);
    assert.equal(device.cpu?.deviceNumInterrupts, 82);
    const r = register(device, 'P/R');
    assert.equal(r.size, 16);
    assert.equal(r.access, 'read-only');
    assert.equal(r.protection, 's');
    assert.equal(r.resetValue, 0x12n);
    assert.equal(r.resetMask, 0xffn);
    assert.equal(r.address, 0x1002);
  });
});

describe('parseSvd: peripherals', () => {
  it('reads groupName, baseAddress, addressBlocks and interrupts', () => {
    const device = parseSvd(svdDevice(`<peripheral><name>UART0</name><groupName>UART</groupName><baseAddress>0x40001000</baseAddress>
      <addressBlock><offset>0x0</offset><size>0x400</size><usage>registers</usage></addressBlock>
      <addressBlock><offset>0x800</offset><size>0x100</size><usage>buffer</usage><protection>p</protection></addressBlock>
      <interrupt><name>UART0_IRQ</name><description>uart</description><value>17</value></interrupt>
      <interrupt><name>UART0_ERR</name><value>18</value></interrupt>
      <registers><register><name>DR</name><addressOffset>0x4</addressOffset></register></registers></peripheral>`));
    const p = peripheral(device, 'UART0');
    assert.equal(p.groupName, 'UART');
    assert.equal(p.baseAddress, 0x40001000);
    assert.deepEqual(p.addressBlocks.map((b) => [b.address, b.byteSize, b.usage, b.protection, b.synthesized]), [
      [0x40001000, 0x400, 'registers', undefined, false],
      [0x40001800, 0x100, 'buffer', 'p', false],
    ]);
    assert.deepEqual(p.interrupts, [
      { name: 'UART0_IRQ', description: 'uart', value: 17 },
      { name: 'UART0_ERR', description: undefined, value: 18 },
    ]);
  });

  it('resolves a forward derivedFrom and a chain, with their own base address and interrupts', () => {
    // C derives from B, which derives from A, and both come before their base in the file.
    const device = parseSvd(svdDevice(`
      <peripheral derivedFrom="B"><name>C</name><baseAddress>0x3000</baseAddress>
        <interrupt><name>C_IRQ</name><value>3</value></interrupt></peripheral>
      <peripheral derivedFrom="A"><name>B</name><baseAddress>0x2000</baseAddress>
        <registers><register><name>EXTRA</name><addressOffset>0x8</addressOffset></register></registers></peripheral>
      <peripheral><name>A</name><groupName>GRP</groupName><baseAddress>0x1000</baseAddress>
        <addressBlock><offset>0</offset><size>0x100</size><usage>registers</usage></addressBlock>
        <interrupt><name>A_IRQ</name><value>1</value></interrupt>
        <registers>
          <register><name>CTRL</name><addressOffset>0x0</addressOffset><resetValue>0x5</resetValue>
            <fields><field><name>EN</name><bitOffset>0</bitOffset><bitWidth>1</bitWidth></field></fields></register>
          <register><name>STAT</name><addressOffset>0x4</addressOffset><access>read-only</access></register>
        </registers></peripheral>`));
    assert.deepEqual(device.warnings, []);
    const c = peripheral(device, 'C');
    assert.equal(c.derivedFrom, 'B');
    assert.equal(c.groupName, 'GRP');
    assert.deepEqual(c.interrupts.map((i) => i.name), ['C_IRQ']);
    assert.deepEqual(c.addressBlocks.map((b) => b.address), [0x3000]);
    assert.deepEqual(c.registers.map((r) => [r.path, r.address]), [['C/CTRL', 0x3000], ['C/STAT', 0x3004], ['C/EXTRA', 0x3008]]);
    assert.equal(register(device, 'C/CTRL').resetValue, 5n);
    assert.equal(field(device, 'C/CTRL/EN').address, 0x3000);
    assert.deepEqual(peripheral(device, 'B').interrupts, [], "interrupts belong to one instance: B does not claim A's");
    assert.equal(register(device, 'A/STAT').access, 'read-only');
  });

  it('expands a dim array of peripherals', () => {
    const device = parseSvd(svdDevice(`<peripheral><dim>3</dim><dimIncrement>0x400</dimIncrement><dimIndex>A,B,C</dimIndex>
      <name>GPIO%s</name><description>Port %s</description><baseAddress>0x48000000</baseAddress>
      <addressBlock><offset>0</offset><size>0x400</size><usage>registers</usage></addressBlock>
      <registers><register><name>ODR</name><addressOffset>0x14</addressOffset></register></registers></peripheral>`));
    assert.deepEqual(device.peripherals.map((p) => [p.name, p.baseAddress, p.description, p.dimIndex]), [
      ['GPIOA', 0x48000000, 'Port A', 'A'],
      ['GPIOB', 0x48000400, 'Port B', 'B'],
      ['GPIOC', 0x48000800, 'Port C', 'C'],
    ]);
    assert.equal(register(device, 'GPIOC/ODR').address, 0x48000814);
    assert.equal(peripheral(device, 'GPIOB').addressBlocks[0].address, 0x48000400);
  });
});

describe('parseSvd: clusters', () => {
  it('places nested clusters with dim, inherits their properties, and resolves a derivedFrom of a cluster', () => {
    const device = parseSvd(svdDevice(`<peripheral><name>DMA</name><baseAddress>0x40020000</baseAddress>
      <addressBlock><offset>0</offset><size>0x1000</size><usage>registers</usage></addressBlock>
      <registers>
        <cluster><dim>2</dim><dimIncrement>0x20</dimIncrement><name>CH[%s]</name><addressOffset>0x100</addressOffset>
          <size>16</size><resetValue>0x7</resetValue>
          <register><name>CCR</name><addressOffset>0x0</addressOffset></register>
          <cluster><name>SUB</name><addressOffset>0x10</addressOffset>
            <register><name>X</name><addressOffset>0x2</addressOffset><size>8</size></register></cluster>
        </cluster>
        <cluster derivedFrom="CH[%s]"><name>SPARE</name><addressOffset>0x800</addressOffset></cluster>
        <cluster derivedFrom="BASECL"><name>LATE</name><addressOffset>0x900</addressOffset></cluster>
        <cluster><name>BASECL</name><addressOffset>0xA00</addressOffset>
          <register><name>Y</name><addressOffset>0x4</addressOffset></register></cluster>
      </registers></peripheral>`));
    const dma = peripheral(device, 'DMA');
    assert.deepEqual(dma.children.map((c) => [c.kind, c.name, c.address]), [
      ['cluster', 'CH[0]', 0x40020100],
      ['cluster', 'CH[1]', 0x40020120],
      ['cluster', 'SPARE', 0x40020800],
      ['cluster', 'LATE', 0x40020900],
      ['cluster', 'BASECL', 0x40020a00],
    ]);
    const x = register(device, 'DMA/CH[1]/SUB/X');
    assert.equal(x.address, 0x40020120 + 0x10 + 0x2);
    assert.equal(x.size, 8);
    assert.equal(x.resetValue, 7n);
    const ccr = register(device, 'DMA/CH[0]/CCR');
    assert.equal(ccr.size, 16);
    assert.equal(ccr.resetMask, 0xffffn, 'the device resetMask is cut to the register size');
    assert.equal(register(device, 'DMA/SPARE/SUB/X').address, 0x40020800 + 0x12);
    assert.equal(register(device, 'DMA/LATE/Y').address, 0x40020904);
    assert.equal(dma.registers.length, 2 * 2 + 2 + 1 + 1);
  });
});

describe('parseSvd: registers', () => {
  const device = parseSvd(svdDevice(`<peripheral><name>T</name><baseAddress>0x50000000</baseAddress>
    <size>16</size><access>read-only</access>
    <addressBlock><offset>0</offset><size>0x200</size><usage>registers</usage></addressBlock>
    <registers>
      <register><dim>4</dim><dimIncrement>4</dimIncrement><dimIndex>0-3</dimIndex><name>CCR%s</name>
        <displayName>CCR%s</displayName><description>Capture %s</description><addressOffset>0x34</addressOffset></register>
      <register><dim>3</dim><dimIncrement>2</dimIncrement><dimIndex>LO,MID,HI</dimIndex><name>BUF[%s]</name><addressOffset>0x60</addressOffset></register>
      <register><dim>2</dim><dimIncrement>4</dimIncrement><name>ARR[%s]</name><addressOffset>0x70</addressOffset></register>
      <register><name>CR</name><addressOffset>0x0</addressOffset><size>32</size><access>read-write</access><protection>n</protection>
        <resetValue>0x0000ABCD</resetValue><resetMask>0xFFFF0000</resetMask><dataType>uint32_t</dataType>
        <modifiedWriteValues>oneToClear</modifiedWriteValues><readAction>clear</readAction>
        <writeConstraint><range><minimum>1</minimum><maximum>0x10</maximum></range></writeConstraint></register>
      <register><name>CR_ALT</name><alternateRegister>CR</alternateRegister><alternateGroup>ALT</alternateGroup><addressOffset>0x0</addressOffset></register>
      <register><name>BIG</name><addressOffset>0x100</addressOffset><size>64</size><resetValue>0xFEDCBA9876543210</resetValue><resetMask>0xFFFFFFFFFFFFFFFF</resetMask></register>
    </registers></peripheral>`));

  it('expands dim with a numeric range and %s, also in displayName and description', () => {
    const names = peripheral(device, 'T').registers.filter((r) => r.name.startsWith('CCR')).map((r) => [r.name, r.address, r.displayName, r.description]);
    assert.deepEqual(names, [
      ['CCR0', 0x50000034, 'CCR0', 'Capture 0'],
      ['CCR1', 0x50000038, 'CCR1', 'Capture 1'],
      ['CCR2', 0x5000003c, 'CCR2', 'Capture 2'],
      ['CCR3', 0x50000040, 'CCR3', 'Capture 3'],
    ]);
  });

  it('expands dim lists and [%s] arrays', () => {
    assert.deepEqual(
      peripheral(device, 'T').registers.filter((r) => r.name.includes('[')).map((r) => [r.name, r.address, r.dimIndex]),
      [['BUF[LO]', 0x50000060, 'LO'], ['BUF[MID]', 0x50000062, 'MID'], ['BUF[HI]', 0x50000064, 'HI'], ['ARR[0]', 0x50000070, '0'], ['ARR[1]', 0x50000074, '1']],
    );
  });

  it('inherits size and access from the peripheral and reads every register property', () => {
    const ccr = register(device, 'T/CCR0');
    assert.equal(ccr.size, 16);
    assert.equal(ccr.access, 'read-only');
    const cr = register(device, 'T/CR');
    assert.equal(cr.size, 32);
    assert.equal(cr.access, 'read-write');
    assert.equal(cr.protection, 'n');
    assert.equal(cr.resetValue, 0xabcdn);
    assert.equal(cr.resetMask, 0xffff0000n);
    assert.equal(cr.dataType, 'uint32_t');
    assert.equal(cr.modifiedWriteValues, 'oneToClear');
    assert.equal(cr.readAction, 'clear');
    assert.deepEqual(cr.writeConstraint, { kind: 'range', minimum: 1n, maximum: 16n });
    const alt = register(device, 'T/CR_ALT');
    assert.equal(alt.alternateRegister, 'CR');
    assert.equal(alt.alternateGroup, 'ALT');
    assert.equal(alt.address, cr.address);
  });

  it('keeps 64-bit reset values exact', () => {
    const big = register(device, 'T/BIG');
    assert.equal(big.size, 64);
    assert.equal(big.resetValue, 0xfedcba9876543210n);
    assert.equal(big.resetMask, 0xffffffffffffffffn);
  });

  it('sorts the flat register list by address', () => {
    const addresses = peripheral(device, 'T').registers.map((r) => r.address);
    assert.deepEqual(addresses, [...addresses].sort((a, b) => a - b));
  });
});

describe('parseSvd: fields', () => {
  const device = parseSvd(svdDevice(`<peripheral><name>P</name><baseAddress>0x1000</baseAddress>
    <addressBlock><offset>0</offset><size>0x100</size><usage>registers</usage></addressBlock>
    <registers>
      <register><name>R</name><addressOffset>0x8</addressOffset><access>read-write</access><modifiedWriteValues>oneToClear</modifiedWriteValues>
        <fields>
          <field><name>A</name><bitOffset>0</bitOffset><bitWidth>2</bitWidth>
            <enumeratedValues><name>AMODE</name><usage>read-write</usage>
              <enumeratedValue><name>OFF</name><value>0</value></enumeratedValue>
              <enumeratedValue><name>HEX</name><value>0x1</value></enumeratedValue>
              <enumeratedValue><name>BIN</name><value>0b10</value></enumeratedValue>
              <enumeratedValue><name>OTHER</name><description>anything else</description><isDefault>true</isDefault></enumeratedValue>
            </enumeratedValues></field>
          <field><name>B</name><lsb>4</lsb><msb>7</msb><access>read-only</access><readAction>clear</readAction>
            <enumeratedValues><usage>read</usage>
              <enumeratedValue><name>ODD_HIGH</name><value>#1xx1</value></enumeratedValue>
            </enumeratedValues>
            <enumeratedValues><usage>write</usage>
              <enumeratedValue><name>GO</name><value>3</value></enumeratedValue>
            </enumeratedValues></field>
          <field><name>C</name><bitRange>[15:8]</bitRange><modifiedWriteValues>modify</modifiedWriteValues>
            <writeConstraint><useEnumeratedValues>true</useEnumeratedValues></writeConstraint>
            <enumeratedValues derivedFrom="AMODE"></enumeratedValues></field>
          <field><dim>4</dim><dimIncrement>2</dimIncrement><name>PIN%s</name><description>pin %s</description><bitOffset>16</bitOffset><bitWidth>2</bitWidth></field>
          <field><name>D</name><bitOffset>24</bitOffset><bitWidth>1</bitWidth>
            <enumeratedValues derivedFrom="P.OTHER.X.XMODE"/></field>
        </fields></register>
      <register><name>OTHER</name><addressOffset>0xC</addressOffset><fields>
        <field><name>X</name><bitOffset>0</bitOffset><bitWidth>1</bitWidth>
          <enumeratedValues><name>XMODE</name><enumeratedValue><name>ON</name><value>1</value></enumeratedValue></enumeratedValues></field>
      </fields></register>
    </registers></peripheral>`));

  it('reads all three bit-range forms', () => {
    assert.deepEqual(warningLines(device), []);
    const bits = register(device, 'P/R').fields.map((f) => [f.name, f.bitOffset, f.bitWidth]);
    assert.deepEqual(bits.slice(0, 3), [['A', 0, 2], ['B', 4, 4], ['C', 8, 8]]);
  });

  it('inherits access and modifiedWriteValues from the register unless the field has its own', () => {
    assert.equal(field(device, 'P/R/A').access, 'read-write');
    assert.equal(field(device, 'P/R/A').modifiedWriteValues, 'oneToClear');
    assert.equal(field(device, 'P/R/B').access, 'read-only');
    assert.equal(field(device, 'P/R/B').readAction, 'clear');
    assert.equal(field(device, 'P/R/C').modifiedWriteValues, 'modify');
    assert.deepEqual(field(device, 'P/R/C').writeConstraint, { kind: 'useEnumeratedValues' });
    assert.equal(field(device, 'P/R/A').address, 0x1008);
  });

  it('expands field arrays', () => {
    assert.deepEqual(
      register(device, 'P/R').fields.filter((f) => f.name.startsWith('PIN')).map((f) => [f.name, f.bitOffset, f.description]),
      [['PIN0', 16, 'pin 0'], ['PIN1', 18, 'pin 1'], ['PIN2', 20, 'pin 2'], ['PIN3', 22, 'pin 3']],
    );
  });

  it('reads enumerated values in 0x, 0b, decimal and #x don\'t-care forms, with usage and isDefault', () => {
    const a = field(device, 'P/R/A').enumeratedValues[0];
    assert.equal(a.usage, 'read-write');
    assert.deepEqual(a.values.map((v) => [v.name, v.value, v.isDefault]), [['OFF', 0n, false], ['HEX', 1n, false], ['BIN', 2n, false], ['OTHER', undefined, true]]);
    const [read, write] = field(device, 'P/R/B').enumeratedValues;
    assert.equal(read.usage, 'read');
    assert.deepEqual([read.values[0].value, read.values[0].dontCareMask], [0b1001n, 0b0110n]);
    assert.equal(write.usage, 'write');
  });

  it('copies enumeratedValues named by derivedFrom, by plain name and by dotted path', () => {
    assert.deepEqual(field(device, 'P/R/C').enumeratedValues[0].values.map((v) => v.name), ['OFF', 'HEX', 'BIN', 'OTHER']);
    assert.deepEqual(field(device, 'P/R/D').enumeratedValues[0].values.map((v) => v.name), ['ON']);
  });
});

describe('parseSvd: derivedFrom of registers and fields', () => {
  const device = parseSvd(svdDevice(`
    <peripheral><name>A</name><baseAddress>0x1000</baseAddress>
      <addressBlock><offset>0</offset><size>0x100</size><usage>registers</usage></addressBlock>
      <registers>
        <register derivedFrom="BASE"><name>COPY</name><addressOffset>0x10</addressOffset><resetValue>0x3</resetValue></register>
        <register><name>BASE</name><addressOffset>0x0</addressOffset><size>16</size><access>read-only</access><fields>
          <field><name>LO</name><bitRange>[7:0]</bitRange></field>
          <field derivedFrom="LO"><name>HI</name><bitRange>[15:8]</bitRange></field></fields></register>
        <cluster><name>CL</name><addressOffset>0x40</addressOffset>
          <register derivedFrom="BASE"><name>INNER</name><addressOffset>0x4</addressOffset></register></cluster>
      </registers></peripheral>
    <peripheral><name>B</name><baseAddress>0x2000</baseAddress>
      <addressBlock><offset>0</offset><size>0x100</size><usage>registers</usage></addressBlock>
      <registers><register derivedFrom="A.BASE"><name>FAR</name><addressOffset>0x8</addressOffset></register>
        <register derivedFrom="A.CL.INNER"><name>DEEP</name><addressOffset>0xC</addressOffset></register></registers></peripheral>`));

  it('copies a register named later in the same peripheral, overriding what the copy sets', () => {
    assert.deepEqual(warningLines(device), []);
    const copy = register(device, 'A/COPY');
    assert.deepEqual([copy.address, copy.size, copy.access, copy.resetValue], [0x1010, 16, 'read-only', 3n]);
    assert.deepEqual(copy.fields.map((f) => f.path), ['A/COPY/LO', 'A/COPY/HI']);
  });

  it('finds the base in an enclosing scope from inside a cluster', () => {
    const inner = register(device, 'A/CL/INNER');
    assert.deepEqual([inner.address, inner.size, inner.fields.length], [0x1044, 16, 2]);
  });

  it('finds the base by a dotted path in another peripheral, through clusters', () => {
    assert.deepEqual([register(device, 'B/FAR').address, register(device, 'B/FAR').fields.length], [0x2008, 2]);
    assert.deepEqual([register(device, 'B/DEEP').address, register(device, 'B/DEEP').size], [0x200c, 16]);
  });

  it('copies a field by derivedFrom, keeping its own bit range', () => {
    const hi = field(device, 'A/BASE/HI');
    assert.deepEqual([hi.bitOffset, hi.bitWidth, hi.access], [8, 8, 'read-only']);
  });
});

describe('parseSvd: inheritance and numbers', () => {
  it('takes the nearest size/access/resetValue down device -> peripheral -> cluster -> register', () => {
    const device = parseSvd(svdDevice(`<peripheral><name>P</name><baseAddress>0x2000</baseAddress><access>write-only</access><resetValue>0x11</resetValue>
      <addressBlock><offset>0</offset><size>0x100</size><usage>registers</usage></addressBlock>
      <registers>
        <register><name>R1</name><addressOffset>0</addressOffset></register>
        <cluster><name>CL</name><addressOffset>0x10</addressOffset><size>8</size><resetValue>0x22</resetValue>
          <register><name>R2</name><addressOffset>1</addressOffset></register>
          <register><name>R3</name><addressOffset>2</addressOffset><access>read-only</access><resetValue>0x33</resetValue></register>
        </cluster></registers></peripheral>`));
    const row = (path: string) => {
      const r = register(device, path);
      return [r.size, r.access, r.resetValue, r.address];
    };
    assert.deepEqual(row('P/R1'), [32, 'write-only', 0x11n, 0x2000]);
    assert.deepEqual(row('P/CL/R2'), [8, 'write-only', 0x22n, 0x2011]);
    assert.deepEqual(row('P/CL/R3'), [8, 'read-only', 0x33n, 0x2012]);
  });

  it('reads scaled numbers, # binary and decimal', () => {
    const device = parseSvd(svdDevice(`<peripheral><name>P</name><baseAddress>0x1k</baseAddress>
      <addressBlock><offset>#100</offset><size>4K</size><usage>registers</usage></addressBlock>
      <registers><register><name>R</name><addressOffset>16</addressOffset></register></registers></peripheral>`));
    assert.deepEqual(warningLines(device), []);
    const p = peripheral(device, 'P');
    assert.equal(p.baseAddress, 1024);
    assert.deepEqual([p.addressBlocks[0].offset, p.addressBlocks[0].byteSize], [4, 4096]);
    assert.equal(register(device, 'P/R').address, 1040);
  });
});
