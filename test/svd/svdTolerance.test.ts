// parseSvd on broken input: real errors are SvdFormatError, vendor mistakes are path-named warnings.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SvdFormatError } from '../../src/common';
import { maxResolvedElements, parseSvd } from '../../src/svd';
import { field, peripheral, register, svdDevice, warningLines } from './svdSnippet';

function formatError(text: string, pattern: RegExp, path = ''): void {
  assert.throws(
    () => parseSvd(text),
    (e: unknown) => e instanceof SvdFormatError && pattern.test(e.message) && e.path === path,
  );
}

describe('parseSvd: real errors', () => {
  it('refuses text that is not XML', () => {
    formatError('This is a text file, not an SVD.', /not an XML file/);
    formatError('', /no XML element found/);
    formatError('\u0000\u0001binary\u00ff', /not an XML file/);
  });

  it('refuses truncated XML, naming the unclosed element', () => {
    const whole = svdDevice('<peripheral><name>P</name><baseAddress>0</baseAddress></peripheral>');
    formatError(whole.slice(0, whole.indexOf('</peripheral>')), /<peripheral> is not closed \(truncated file\?\)/);
    formatError(whole.slice(0, whole.indexOf('<baseAddress>') + 5), /unexpected end of file inside <bas/);
  });

  it('refuses malformed XML inside a field list (parsed when its register is built)', () => {
    formatError(
      svdDevice(`<peripheral><name>P</name><baseAddress>0</baseAddress><registers><register><name>R</name><addressOffset>0</addressOffset>
        <fields><field><name>F</name><bitOffset>0</bitOffset></field><field><name>G</bitOffset></field></fields></register></registers></peripheral>`),
      /XML error at line \d+: end tag <\/bitOffset> does not match <name>/,
    );
  });

  it('refuses mismatched tags with the line number', () => {
    formatError('<device>\n<name>X</nam>\n</device>', /line 2: end tag <\/nam> does not match <name>/);
  });

  it('refuses XML whose root is not <device>', () => {
    formatError('<?xml version="1.0"?><project><name>x</name></project>', /root element is <project>, not <device>/);
  });

  it('refuses a derivedFrom cycle between peripherals, naming the peripheral', () => {
    formatError(
      svdDevice(`<peripheral derivedFrom="B"><name>A</name><baseAddress>0</baseAddress></peripheral>
        <peripheral derivedFrom="C"><name>B</name><baseAddress>0</baseAddress></peripheral>
        <peripheral derivedFrom="A"><name>C</name><baseAddress>0</baseAddress></peripheral>`),
      /derivedFrom cycle/,
      'A',
    );
  });

  it('refuses a derivedFrom cycle between registers, naming the register path', () => {
    formatError(
      svdDevice(`<peripheral><name>P</name><baseAddress>0</baseAddress><registers>
        <register derivedFrom="R2"><name>R1</name><addressOffset>0</addressOffset></register>
        <register derivedFrom="R1"><name>R2</name><addressOffset>4</addressOffset></register></registers></peripheral>`),
      /derivedFrom cycle through "R2"/,
      'P/R1',
    );
  });

  it('refuses an enumeratedValues derivedFrom cycle, naming the field', () => {
    formatError(
      svdDevice(`<peripheral><name>P</name><baseAddress>0</baseAddress><registers><register><name>R</name><addressOffset>0</addressOffset><fields>
        <field><name>F</name><bitOffset>0</bitOffset><bitWidth>1</bitWidth><enumeratedValues derivedFrom="EB"><name>EA</name></enumeratedValues></field>
        <field><name>G</name><bitOffset>1</bitOffset><bitWidth>1</bitWidth><enumeratedValues derivedFrom="EA"><name>EB</name></enumeratedValues></field>
      </fields></register></registers></peripheral>`),
      /enumeratedValues derivedFrom cycle/,
      'P/R/F',
    );
  });

  it('refuses a self-derived peripheral as a cycle', () => {
    formatError(svdDevice('<peripheral derivedFrom="A"><name>A</name><baseAddress>0</baseAddress></peripheral>'), /derivedFrom names the peripheral itself/, 'A');
  });
});

describe('parseSvd: vendor mistakes become warnings with a path', () => {
  it('derives an addressBlock for a peripheral without one', () => {
    const device = parseSvd(svdDevice(`<peripheral><name>P</name><baseAddress>0x100</baseAddress><registers>
      <register><name>A</name><addressOffset>0x8</addressOffset></register>
      <register><name>B</name><addressOffset>0x10</addressOffset><size>16</size></register></registers></peripheral>`));
    assert.deepEqual(warningLines(device), ['P: no addressBlock; assumed offset 0x8 size 0xa from the registers']);
    assert.deepEqual(peripheral(device, 'P').addressBlocks.map((b) => [b.address, b.byteSize, b.synthesized]), [[0x108, 10, true]]);
  });

  it('warns about duplicate names and overlapping fields but keeps them', () => {
    const device = parseSvd(svdDevice(`
      <peripheral><name>P</name><baseAddress>0</baseAddress><addressBlock><offset>0</offset><size>0x10</size><usage>registers</usage></addressBlock>
        <registers><register><name>R</name><addressOffset>0</addressOffset><fields>
          <field><name>F</name><bitOffset>0</bitOffset><bitWidth>4</bitWidth></field>
          <field><name>G</name><bitOffset>3</bitOffset><bitWidth>2</bitWidth></field>
          <field><name>F</name><bitOffset>8</bitOffset><bitWidth>1</bitWidth></field>
          <field><name>H</name><bitOffset>30</bitOffset><bitWidth>4</bitWidth></field>
        </fields></register>
        <register><name>R</name><addressOffset>4</addressOffset></register></registers></peripheral>
      <peripheral><name>P</name><baseAddress>0x100</baseAddress><addressBlock><offset>0</offset><size>4</size><usage>registers</usage></addressBlock></peripheral>`));
    assert.deepEqual(warningLines(device), [
      'P/R/G: field overlaps another field of the register',
      'P/R/F: duplicate field name',
      'P/R/H: bits [33:30] pass the 32-bit register',
      'P/R: duplicate register name',
      'P: duplicate peripheral name',
    ]);
    assert.equal(device.peripherals.length, 2);
    assert.equal(register(device, 'P/R').fields.length, 4);
  });

  it('warns about a narrow field inside an earlier field wider than 32 bits', () => {
    const device = parseSvd(svdDevice(`
      <peripheral><name>P</name><baseAddress>0</baseAddress><addressBlock><offset>0</offset><size>0x10</size><usage>registers</usage></addressBlock>
        <registers><register><name>R</name><addressOffset>0</addressOffset><size>64</size><fields>
          <field><name>W</name><bitOffset>0</bitOffset><bitWidth>40</bitWidth></field>
          <field><name>L</name><bitOffset>2</bitOffset><bitWidth>2</bitWidth></field>
        </fields></register></registers></peripheral>`));
    assert.deepEqual(warningLines(device), ['P/R/L: field overlaps another field of the register']);
  });

  it('reads odd number formats with a warning, and ignores what is not a number', () => {
    const device = parseSvd(svdDevice(`<peripheral><name>P</name><baseAddress>0x4000_0000UL</baseAddress>
      <addressBlock><offset>0</offset><size>400</size><usage>registers</usage></addressBlock><registers>
      <register><name>R</name><addressOffset>1C</addressOffset><resetValue>abc?</resetValue><size>32</size></register></registers></peripheral>`));
    assert.deepEqual(warningLines(device), [
      'P: baseAddress "0x4000_0000UL" is not an SVD number; read as 0x40000000',
      'P/R: addressOffset "1C" has hex digits without 0x; read as 0x1C',
      'P/R: resetValue "abc?" is not a number; ignored',
    ]);
    assert.equal(register(device, 'P/R').address, 0x4000001c);
    assert.equal(register(device, 'P/R').resetValue, 0n);
  });

  it('splits an <interrupt> that lists several interrupts, and warns about repeated elements', () => {
    const device = parseSvd(svdDevice(`<peripheral><name>U</name><baseAddress>0</baseAddress>
      <addressBlock><offset>0</offset><size>4</size><usage>registers</usage></addressBlock>
      <interrupt><name>U_RX</name><description>rx</description><value>0</value><name>U_TX</name><description>tx</description><value>1</value></interrupt>
      <interrupt><name>U_ERR</name><value>5</value><value>6</value></interrupt>
      <registers><register><name>R</name><addressOffset>0</addressOffset><addressOffset>4</addressOffset></register></registers></peripheral>`));
    assert.deepEqual(warningLines(device), [
      'U/R: <addressOffset> repeated in <register>; the first one is used',
      'U: one <interrupt> holds 2 interrupts (U_RX, U_TX); read as 2',
      'U: <interrupt> U_ERR has repeated elements; the first ones are used',
    ]);
    assert.deepEqual(peripheral(device, 'U').interrupts, [
      { name: 'U_RX', description: 'rx', value: 0 },
      { name: 'U_TX', description: 'tx', value: 1 },
      { name: 'U_ERR', description: undefined, value: 5 },
    ]);
    assert.equal(register(device, 'U/R').address, 0);
  });

  it('warns about unknown elements once, even in derived copies', () => {
    const device = parseSvd(svdDevice(`<peripheral><name>A</name><baseAddress>0</baseAddress><vendorColour>red</vendorColour>
      <addressBlock><offset>0</offset><size>4</size><usage>registers</usage></addressBlock>
      <registers><register><name>R</name><addressOffset>0</addressOffset><fields>
        <field><name>F</name><bitOffset>0</bitOffset><bitWidth>1</bitWidth><colour/></field></fields></register></registers></peripheral>
      <peripheral derivedFrom="A"><name>B</name><baseAddress>0x100</baseAddress></peripheral>`));
    assert.deepEqual(warningLines(device), [
      'A: unknown element <vendorColour> in <peripheral>; ignored',
      'A/R/F: unknown element <colour> in <field>; ignored',
    ]);
    assert.equal(field(device, 'B/R/F').address, 0x100);
  });

  it('warns about enumerated values that do not fit the field', () => {
    const device = parseSvd(svdDevice(`<peripheral><name>P</name><baseAddress>0</baseAddress>
      <addressBlock><offset>0</offset><size>4</size><usage>registers</usage></addressBlock>
      <registers><register><name>R</name><addressOffset>0</addressOffset><fields>
        <field><name>F</name><bitOffset>0</bitOffset><bitWidth>2</bitWidth><enumeratedValues>
          <enumeratedValue><name>OK</name><value>3</value></enumeratedValue>
          <enumeratedValue><name>TOO_BIG</name><value>4</value></enumeratedValue>
          <enumeratedValue><name>NOTHING</name></enumeratedValue>
        </enumeratedValues></field></fields></register></registers></peripheral>`));
    assert.deepEqual(warningLines(device), [
      'P/R/F: enumerated value TOO_BIG = 4 does not fit the 2-bit field',
      'P/R/F: enumerated value "NOTHING" has neither value nor isDefault; skipped',
    ]);
    assert.deepEqual(field(device, 'P/R/F').enumeratedValues[0].values.map((v) => v.name), ['OK', 'TOO_BIG']);
  });

  it('warns about a derivedFrom naming nothing and uses the element as written', () => {
    const device = parseSvd(svdDevice(`<peripheral derivedFrom="NOPE"><name>P</name><baseAddress>0x10</baseAddress>
      <addressBlock><offset>0</offset><size>4</size><usage>registers</usage></addressBlock>
      <registers><register derivedFrom="MISSING.REG"><name>R</name><addressOffset>0</addressOffset></register></registers></peripheral>`));
    assert.deepEqual(warningLines(device), [
      'P: derivedFrom "NOPE" names no peripheral that can be found; used as written',
      'P/R: derivedFrom "MISSING.REG" names no register that can be found; used as written',
    ]);
    assert.equal(register(device, 'P/R').address, 0x10);
  });

  it('expands a dim array of 5552 registers that exactly fills its addressBlock (Renesas R7FA6M1AD SRCRAM)', () => {
    // SVD: dim has no upper bound in the schema; R7FA6M1AD.svd and R7FA6T1AD.svd describe the
    // sampling rate converter's coefficient RAM as one 5552-element register array.
    const device = parseSvd(svdDevice(`<peripheral><name>SRCRAM</name><baseAddress>0x40048000</baseAddress>
      <addressBlock><offset>0x00</offset><size>22208</size><usage>registers</usage></addressBlock>
      <registers><register><dim>5552</dim><dimIncrement>0x4</dimIncrement><dimIndex>0-5551</dimIndex>
        <name>SRCFCTR[%s]</name><description>Filter Coefficient Table [%s]</description><addressOffset>0x00</addressOffset>
        <size>32</size><access>read-write</access><resetValue>0x00000000</resetValue><resetMask>0xFFC00000</resetMask>
        <fields><field><name>SRCFCOE</name><lsb>0</lsb><msb>21</msb><access>read-write</access></field></fields>
      </register></registers></peripheral>`));
    assert.deepEqual(device.warnings, []);
    const p = peripheral(device, 'SRCRAM');
    assert.equal(p.registers.length, 5552);
    const last = register(device, 'SRCRAM/SRCFCTR[5551]');
    assert.deepEqual([last.address, last.dimIndex, last.description], [0x40048000 + 5551 * 4, '5551', 'Filter Coefficient Table [5551]']);
    assert.equal(last.address + 4, p.addressBlocks[0].address + p.addressBlocks[0].byteSize, 'the array ends where the block ends');
    assert.equal(field(device, 'SRCRAM/SRCFCTR[5551]/SRCFCOE').bitWidth, 22);
  });

  it('stops an absurd dim array of registers at the element budget, not at a cap', () => {
    const device = parseSvd(
      svdDevice(`<peripheral><name>P</name><baseAddress>0</baseAddress>
        <addressBlock><offset>0</offset><size>0x10000000</size><usage>registers</usage></addressBlock>
        <registers><register><dim>3</dim><dimIncrement>4</dimIncrement><dimIndex>0-99999999</dimIndex><name>S%s</name><addressOffset>0x100000</addressOffset></register>
        <register><dim>4000000000</dim><dimIncrement>4</dimIncrement><name>R%s</name><addressOffset>0</addressOffset></register>
        </registers></peripheral>`),
      { maxElements: 1000 },
    );
    // Budget: P, S0..S2, then R0..R995.
    assert.deepEqual(warningLines(device), [
      'P/S%s: dimIndex "0-99999999" has 100000000 entries for dim 3; indices 0..2 used',
      'P/R996: the device expands to more than 1000 peripherals, clusters, registers and fields; the rest is left out',
    ]);
    assert.deepEqual(peripheral(device, 'P').registers.map((r) => r.name).slice(0, 4), ['R0', 'R1', 'R2', 'R3']);
    assert.equal(peripheral(device, 'P').registers.length, 999);
  });

  it('stops an absurd dim array of peripherals at the element budget', () => {
    const device = parseSvd(svdDevice('<peripheral><dim>4000000000</dim><dimIncrement>0x1000</dimIncrement><name>Q%s</name><baseAddress>0</baseAddress></peripheral>'), {
      maxElements: 50,
    });
    assert.deepEqual(warningLines(device), ['Q50: the device expands to more than 50 peripherals, clusters, registers and fields; the rest is left out']);
    assert.deepEqual(device.peripherals.map((p) => p.name).slice(-2), ['Q48', 'Q49']);
    assert.equal(device.peripherals.length, 50);
  });

  it('stops expanding nested dim arrays at the element limit, with one warning', () => {
    // 4096 clusters x 4096 registers would be 16 million registers.
    const text = svdDevice(`<peripheral><name>P</name><baseAddress>0</baseAddress>
      <addressBlock><offset>0</offset><size>0x10000000</size><usage>registers</usage></addressBlock>
      <registers><cluster><dim>4096</dim><dimIncrement>0x10000</dimIncrement><name>C%s</name><addressOffset>0</addressOffset>
        <register><dim>4096</dim><dimIncrement>4</dimIncrement><name>R%s</name><addressOffset>0</addressOffset></register>
      </cluster></registers></peripheral>`);
    const device = parseSvd(text, { maxElements: 10_000 });
    // Budget: P, C0, 4096 registers, C1, 4096 registers, C2, then registers until 10,000 elements.
    const lastInC2 = 10_000 - 4 - 2 * 4096;
    assert.deepEqual(warningLines(device), [
      `P/C2/R${lastInC2}: the device expands to more than 10000 peripherals, clusters, registers and fields; the rest is left out`,
    ]);
    assert.equal(peripheral(device, 'P').registers.length, 10_000 - 4);
    assert.equal(maxResolvedElements, 500_000);
  });

  it('merges several <registers> blocks in document order, as svdconv does (MSP432P401R SystemControlSpace)', () => {
    // SVD: registers appears once per peripheral in the schema; TI's SystemControlSpace has seven
    // blocks (SCnSCB, NVIC, SCB, ...), each after its own addressBlock, and the FPU interrupt between two.
    const device = parseSvd(svdDevice(`<peripheral><name>SystemControlSpace</name><baseAddress>0xE000E000</baseAddress>
      <addressBlock><offset>0x0</offset><size>0x1000</size><usage>registers</usage></addressBlock>
      <registers><register><name>ICTR</name><addressOffset>0x4</addressOffset><access>read-only</access></register>
        <register><name>ACTLR</name><addressOffset>0x8</addressOffset></register></registers>
      <registers><register><name>ISER0</name><addressOffset>0x100</addressOffset></register>
        <register><dim>2</dim><dimIncrement>4</dimIncrement><name>ICER%s</name><addressOffset>0x180</addressOffset></register></registers>
      <interrupt><name>FPU_IRQ</name><value>4</value></interrupt>
      <registers><register><name>DHCSR</name><addressOffset>0xDF0</addressOffset>
        <fields><field><name>C_DEBUGEN</name><bitOffset>0</bitOffset><bitWidth>1</bitWidth></field></fields></register></registers>
      </peripheral>`));
    assert.deepEqual(warningLines(device), ['SystemControlSpace: 3 <registers> blocks in <peripheral>; merged in document order']);
    const scs = peripheral(device, 'SystemControlSpace');
    assert.deepEqual(scs.children.map((r) => r.name), ['ICTR', 'ACTLR', 'ISER0', 'ICER0', 'ICER1', 'DHCSR']);
    assert.deepEqual(scs.registers.map((r) => [r.name, r.address]), [
      ['ICTR', 0xe000e004], ['ACTLR', 0xe000e008], ['ISER0', 0xe000e100], ['ICER0', 0xe000e180], ['ICER1', 0xe000e184], ['DHCSR', 0xe000edf0],
    ]);
    assert.equal(field(device, 'SystemControlSpace/DHCSR/C_DEBUGEN').address, 0xe000edf0);
    assert.deepEqual(scs.interrupts.map((i) => i.name), ['FPU_IRQ']);
  });

  it('gives a derived peripheral the merged blocks of its base plus its own, itself in several blocks', () => {
    const device = parseSvd(svdDevice(`
      <peripheral derivedFrom="A"><name>B</name><baseAddress>0x2000</baseAddress>
        <registers><register><name>STAT</name><addressOffset>0x4</addressOffset><access>read-only</access></register></registers>
        <registers><register><name>EXTRA</name><addressOffset>0x8</addressOffset></register></registers></peripheral>
      <peripheral><name>A</name><baseAddress>0x1000</baseAddress>
        <addressBlock><offset>0</offset><size>0x100</size><usage>registers</usage></addressBlock>
        <registers><register><name>CTRL</name><addressOffset>0x0</addressOffset></register></registers>
        <registers><register><name>STAT</name><addressOffset>0x4</addressOffset></register></registers></peripheral>
      <peripheral derivedFrom="A"><name>C</name><baseAddress>0x3000</baseAddress>
        <registers><register><name>MORE</name><addressOffset>0xC</addressOffset></register></registers></peripheral>`));
    assert.deepEqual(warningLines(device), [
      'B: 2 <registers> blocks in <peripheral>; merged in document order',
      'A: 2 <registers> blocks in <peripheral>; merged in document order',
    ]);
    const rows = (name: string) => peripheral(device, name).registers.map((r) => [r.name, r.address, r.access]);
    assert.deepEqual(rows('A'), [['CTRL', 0x1000, 'read-write'], ['STAT', 0x1004, 'read-write']]);
    assert.deepEqual(rows('B'), [['CTRL', 0x2000, 'read-write'], ['STAT', 0x2004, 'read-only'], ['EXTRA', 0x2008, 'read-write']]);
    assert.deepEqual(rows('C'), [['CTRL', 0x3000, 'read-write'], ['STAT', 0x3004, 'read-write'], ['MORE', 0x300c, 'read-write']]);
  });

  it('accepts registers that share a name in different alternateGroups', () => {
    const device = parseSvd(svdDevice(`<peripheral><name>P</name><baseAddress>0</baseAddress>
      <addressBlock><offset>0</offset><size>0x10</size><usage>registers</usage></addressBlock>
      <registers><register><name>CCMR1</name><addressOffset>0x18</addressOffset><alternateGroup>Output</alternateGroup></register>
      <register><name>CCMR1</name><addressOffset>0x18</addressOffset><alternateGroup>Input</alternateGroup></register></registers></peripheral>`));
    assert.deepEqual(device.warnings, []);
    assert.deepEqual(peripheral(device, 'P').registers.map((r) => r.alternateGroup), ['Output', 'Input']);
  });

  it('warns about dim without %s and %s without dim', () => {
    const device = parseSvd(svdDevice(`<peripheral><name>P</name><baseAddress>0</baseAddress>
      <addressBlock><offset>0</offset><size>0x100</size><usage>registers</usage></addressBlock>
      <registers><register><dim>2</dim><dimIncrement>4</dimIncrement><name>R</name><addressOffset>0</addressOffset></register>
      <register><name>S%s</name><addressOffset>0x10</addressOffset></register></registers></peripheral>`));
    assert.deepEqual(warningLines(device), ['P/R: dim on "R" without %s in the name; the index is appended', 'P/S%s: name "S%s" has %s but no dim; %s removed']);
    assert.deepEqual(peripheral(device, 'P').registers.map((r) => r.name), ['R0', 'R1', 'S']);
  });

  it('keeps loading after a register without addressOffset or a field without bits', () => {
    const device = parseSvd(svdDevice(`<peripheral><name>P</name><baseAddress>0</baseAddress>
      <addressBlock><offset>0</offset><size>0x100</size><usage>registers</usage></addressBlock>
      <registers><register><name>LOST</name></register>
      <register><name>R</name><addressOffset>4</addressOffset><fields><field><name>F</name></field>
        <field><name>G</name><bitRange>[7:x]</bitRange></field></fields></register></registers></peripheral>`, '<colour>blue</colour>'));
    assert.deepEqual(warningLines(device), [
      'TESTDEV: unknown element <colour> in <device>; ignored',
      'P/LOST: register without a usable addressOffset; skipped',
      'P/R/F: field has no usable bit range (bitOffset/bitWidth, lsb/msb or bitRange); skipped',
      'P/R/G: bitRange "[7:x]" is not [msb:lsb]',
      'P/R/G: field has no usable bit range (bitOffset/bitWidth, lsb/msb or bitRange); skipped',
    ]);
    assert.deepEqual(peripheral(device, 'P').registers.map((r) => r.name), ['R']);
  });

  it('reads devices without or with a newer schemaVersion, with a warning', () => {
    const body = '<name>D</name><peripherals/>';
    assert.deepEqual(warningLines(parseSvd(`<device>${body}</device>`)), ['D: device has no schemaVersion; read as 1.3']);
    assert.deepEqual(warningLines(parseSvd(`<device schemaVersion="2.0">${body}</device>`)), ['D: schemaVersion "2.0" is not 1.0 to 1.3; read as 1.3']);
    assert.deepEqual(warningLines(parseSvd(`<device schemaVersion="1.0">${body}</device>`)), []);
    assert.deepEqual(warningLines(parseSvd('<device schemaVersion="1.3"><name>D</name></device>')), ['D: device has no <peripherals>']);
  });

  it('limits the number of warnings kept', () => {
    const registers = Array.from({ length: 50 }, (_, i) => `<register><name>R${i}</name><addressOffset>zz</addressOffset></register>`).join('');
    const device = parseSvd(svdDevice(`<peripheral><name>P</name><baseAddress>0</baseAddress><registers>${registers}</registers></peripheral>`), {
      maxWarnings: 10,
    });
    assert.equal(device.warnings.length, 11);
    assert.equal(device.warnings[10].message, '90 more warnings not shown');
  });
});
