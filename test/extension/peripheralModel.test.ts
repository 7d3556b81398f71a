// The Peripherals view model built from STM32F030.svd: groups, rows, tooltips, shown values with
// enum names, refresh paths without read hazards, and the edit box's parsing and refusals.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { UserError } from '../../src/common';
import { buildPeripheralModel, refreshPaths, shownValues } from '../../src/extension/peripherals/peripheralModel';
import { parseValueInput } from '../../src/extension/peripherals/valueInput';
import { parseSvd } from '../../src/svd';

const file = '/work/shared/svd/STM32F030.svd';
const model = buildPeripheralModel(parseSvd(readFileSync(file, 'utf8')), file);

describe('buildPeripheralModel', () => {
  it('sorts peripherals by group then name, with dotted paths and absolute addresses', () => {
    const keys = model.peripherals.map((p) => `${p.group}/${p.name}`);
    assert.deepEqual(keys, [...keys].sort((a, b) => a.split('/')[0].localeCompare(b.split('/')[0]) || a.localeCompare(b)));
    const gpioa = model.peripherals.find((p) => p.name === 'GPIOA');
    assert.equal(gpioa?.group, 'GPIO');
    const odr = gpioa?.children.find((c) => c.name === 'ODR');
    assert.equal(odr?.kind, 'register');
    assert.equal(odr?.path, 'GPIOA.ODR');
    assert.equal(odr?.kind === 'register' && odr.address, 0x48000014);
    assert.equal(odr?.kind === 'register' && odr.fields.find((f) => f.name === 'ODR5')?.path, 'GPIOA.ODR.ODR5');
  });

  it('puts description and reset value in the tooltips', () => {
    const moder = model.peripherals.find((p) => p.name === 'GPIOA')?.children.find((c) => c.name === 'MODER');
    assert.match(moder?.tooltip ?? '', /GPIO port mode register\nReset: 0x28000000/);
  });

  it('decodes a register value into field values', () => {
    const moder = model.registers.get('GPIOA.MODER');
    assert.ok(moder);
    const shown = shownValues(moder, 0x28000400);
    assert.deepEqual(shown['GPIOA.MODER'], { value: 0x28000400 });
    assert.equal(shown['GPIOA.MODER.MODER5'].value, 1);
    assert.equal(shown['GPIOA.MODER.MODER14'].value, 2);
  });

  it('refreshes the registers of expanded peripherals only', () => {
    const paths = refreshPaths(model, new Set(['GPIOA']));
    assert.ok(paths.includes('GPIOA.ODR') && paths.includes('GPIOA.IDR'));
    assert.ok(paths.every((path) => path.startsWith('GPIOA.')));
    assert.deepEqual(refreshPaths(model, new Set()), []);
  });
});

describe('parseValueInput', () => {
  const odr = model.registers.get('GPIOA.ODR');
  const idr = model.registers.get('GPIOA.IDR');
  assert.ok(odr && idr);
  const odr5 = model.fields.get('GPIOA.ODR.ODR5');

  it('reads hex, binary and decimal', () => {
    assert.equal(parseValueInput({ register: odr }, '0x20'), 0x20);
    assert.equal(parseValueInput({ register: odr }, '0b100000'), 0x20);
    assert.equal(parseValueInput({ register: odr }, '32'), 32);
    assert.equal(parseValueInput({ register: odr, field: odr5 }, '1'), 1);
  });

  it('refuses read-only registers and values that do not fit', () => {
    assert.throws(() => parseValueInput({ register: idr }, '1'), (error: unknown) => error instanceof UserError && /read-only/.test(error.message));
    assert.throws(() => parseValueInput({ register: odr, field: odr5 }, '2'), /does not fit in 1 bit/);
    assert.throws(() => parseValueInput({ register: odr }, 'banana'), /is not a number/);
  });
});
