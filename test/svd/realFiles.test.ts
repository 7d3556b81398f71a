// The four real SVD files from ../shared/svd: they load without errors, and the model agrees
// with an independent regex scan of the raw XML and with reference-manual addresses.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parseSvd, type SvdDevice } from '../../src/svd';
import { expectedWarnings, scanSvd, type ScannedRegister } from './rawSvdScan';
import { register } from './svdSnippet';

const svdDir = join(__dirname, '..', '..', '..', 'shared', 'svd');

function load(file: string): { device: SvdDevice; scanned: Map<string, ScannedRegister[]> } {
  const text = readFileSync(join(svdDir, file), 'utf8');
  return { device: parseSvd(text), scanned: scanSvd(text) };
}

for (const file of ['ARM_Sample.svd', 'CMSDK_CM3.svd', 'STM32F030.svd', 'STM32H743x.svd']) {
  describe(`real file ${file}`, () => {
    const { device, scanned } = load(file);

    it('loads without errors, warning exactly about the vendor mistakes in the raw XML', () => {
      const text = readFileSync(join(svdDir, file), 'utf8');
      assert.deepEqual(device.warnings.map((w) => `${w.path}: ${w.message}`).sort(), expectedWarnings(text).sort());
    });

    it('has the peripherals, registers and fields the raw XML lists', () => {
      assert.deepEqual(device.peripherals.map((p) => p.name).sort(), [...scanned.keys()].sort());
      const expectedRegisters = [...scanned.values()].reduce((n, list) => n + list.length, 0);
      const expectedFields = [...scanned.values()].flat().reduce((n, r) => n + r.fieldCount, 0);
      assert.equal(device.peripherals.reduce((n, p) => n + p.registers.length, 0), expectedRegisters);
      assert.equal(device.peripherals.reduce((n, p) => n + p.registers.reduce((m, r) => m + r.fields.length, 0), 0), expectedFields);
    });

    it('places every register at baseAddress + addressOffset', () => {
      for (const p of device.peripherals) {
        const expected = scanned.get(p.name)!.map((r) => [r.name, r.address]).sort();
        const actual = p.registers.map((r) => [r.name, r.address]).sort();
        assert.deepEqual(actual, expected, p.name);
        for (const r of p.registers) for (const f of r.fields) assert.equal(f.address, r.address, f.path);
      }
    });
  });
}

describe('STM32F030.svd against the reference manual (RM0360 memory map)', () => {
  const { device } = load('STM32F030.svd');
  const base = (name: string) => device.peripherals.find((p) => p.name === name)?.baseAddress;

  it('has the peripheral base addresses of RM0360 table 1', () => {
    assert.equal(base('RCC'), 0x40021000);
    assert.equal(base('Flash'), 0x40022000);
    assert.equal(base('GPIOA'), 0x48000000);
    assert.equal(base('USART1'), 0x40013800);
    assert.equal(base('DBGMCU'), 0x40015800);
  });

  it('has the register addresses of the USART and flash interface chapters', () => {
    assert.equal(register(device, 'USART1/ISR').address, 0x4001381c);
    assert.equal(register(device, 'USART1/TDR').address, 0x40013828);
    assert.equal(register(device, 'Flash/KEYR').address, 0x40022004);
    assert.equal(register(device, 'RCC/AHBENR').address, 0x40021014);
    assert.equal(register(device, 'GPIOA/MODER').resetValue, 0x28000000n);
  });

  it('decodes GPIOA MODER into 2-bit fields named MODER0..15', () => {
    const moder = register(device, 'GPIOA/MODER');
    assert.equal(moder.fields.length, 16);
    assert.ok(moder.fields.every((f) => f.bitWidth === 2 && f.name === `MODER${f.bitOffset / 2}`));
  });
});
