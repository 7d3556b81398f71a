// Tests of the OpenOCD output parsers on output captured from OpenOCD 0.12.0 or built from its
// printf formats (see fixtures/openocdOutput.ts for which is which).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { TclInvalidResponseError } from '../../src/common';
import {
  parseBreakpoints,
  parseFlashBanks,
  parseFlashInfo,
  parseFlashList,
  parseMemoryValues,
  parseOpenocdVersion,
  parseRegisterDict,
  parseRegisterLine,
  parseRegisterList,
  parseScanChain,
  parseTargets,
  parseVerifyDifferences,
  parseVerifyImage,
  parseWatchpoints,
  parseWriteImage,
} from '../../src/openocd';
import * as out from './fixtures/openocdOutput';

describe('version', () => {
  it('parses the Debian build and a dev build', () => {
    assert.deepEqual(parseOpenocdVersion(out.VERSION_DEBIAN), { text: out.VERSION_DEBIAN, major: 0, minor: 12, patch: 0, suffix: '' });
    const dev = parseOpenocdVersion('Open On-Chip Debugger 0.12.0+dev-01312-g18281b0c4 (2023-09-21-19:27)');
    assert.deepEqual([dev.major, dev.minor, dev.patch, dev.suffix], [0, 12, 0, '+dev-01312-g18281b0c4']);
    assert.throws(() => parseOpenocdVersion('hello'), TclInvalidResponseError);
  });
});

describe('targets', () => {
  it('parses a captured listing', () => {
    assert.deepEqual(parseTargets(out.TARGETS_TESTEE), [
      { number: 0, current: true, name: 'chip.cpu', type: 'testee', endian: 'little', tapName: 'chip.cpu', state: 'unknown' },
    ]);
    assert.deepEqual(parseTargets(out.TARGETS_NONE), []);
  });

  it('copes with names wider than their column and tap-disabled', () => {
    const [first, second] = parseTargets(out.TARGETS_TWO);
    assert.equal(first.current, false);
    assert.equal(first.state, 'halted');
    assert.deepEqual(second, {
      number: 1, current: true, name: 'a_very_long_target_name_here', type: 'cortex_m', endian: 'big', tapName: 'other.tap', state: 'tap-disabled',
    });
  });

  it('names the line it cannot parse', () => {
    assert.throws(() => parseTargets(`${out.TARGETS_NONE}garbage\n`), /unexpected line "garbage"/);
  });
});

describe('scan_chain', () => {
  it('parses a captured chain', () => {
    const taps = parseScanChain(out.SCAN_CHAIN_TESTEE);
    assert.equal(taps.length, 3);
    assert.deepEqual(taps[0], {
      position: 0, name: 'chip.cpu', enabled: true, idcode: 0, expectedIds: ['0x0bb11477'], irLength: 4, irCapture: 1, irMask: 3,
    });
    assert.equal(taps[2].position, 20);
  });

  it('attaches continuation ids and reads disabled taps', () => {
    const [cpu, bs] = parseScanChain(out.SCAN_CHAIN_TWO_IDS);
    assert.deepEqual(cpu.expectedIds, ['0x*bb11477', '0x0bc11477']);
    assert.equal(cpu.idcode, 0x0bb11477);
    assert.equal(bs.enabled, false);
    assert.equal(bs.irMask, 0x1f);
  });
});

describe('breakpoints and watchpoints', () => {
  it('parses every breakpoint kind', () => {
    assert.deepEqual(parseBreakpoints(out.BP_LIST), [
      { kind: 'software', address: 0x08000100, length: 2, originalInstruction: '4770' },
      { kind: 'hardware', address: 0x080001f4, length: 2, number: 1 },
      { kind: 'context', asid: 5, length: 4, number: 2 },
      { kind: 'hybrid', address: 0x08000200, asid: 0xa, length: 2, number: 3 },
    ]);
    assert.deepEqual(parseBreakpoints(''), []);
  });

  it('parses watchpoints with their access kind', () => {
    assert.deepEqual(parseWatchpoints(out.WP_LIST), [
      { address: 0x20000010, length: 4, access: 'w', value: 0, mask: 0xffffffff },
      { address: 0x20000020, length: 2, access: 'a', value: 0x1234, mask: 0xffff },
    ]);
    assert.throws(() => parseWatchpoints('address: 0x1, len: 0x1, r/w/a: 7, value: 0x0, mask: 0x0'), TclInvalidResponseError);
  });
});

describe('registers', () => {
  it('parses the get_reg dict in the order asked, as bigint', () => {
    const values = parseRegisterDict('pc 0x080000c4 sp 0x20001000 d0 0xffffffffffffffff', ['sp', 'pc', 'd0']);
    assert.deepEqual([...values], [['sp', 0x20001000n], ['pc', 0x080000c4n], ['d0', 0xffffffffffffffffn]]);
    assert.throws(() => parseRegisterDict('pc 0x1', ['pc', 'lr']), /no hex value for register lr/);
  });

  it('parses the reg listing with groups, invalid and dirty values', () => {
    const list = parseRegisterList(out.REG_LIST);
    assert.equal(list.length, 6);
    assert.deepEqual(list[1], { number: 1, name: 'r1', bitSize: 32, value: 0x20000100n, dirty: true, group: 'arm v7m registers' });
    assert.equal(list[4].value, undefined);
    assert.equal(list[5].group, 'Cortex-M DWT registers');
  });

  it('parses one reg line', () => {
    assert.deepEqual(parseRegisterLine('pc (/32): 0x080000c4\n'), { name: 'pc', bitSize: 32, value: 0x080000c4n });
    assert.throws(() => parseRegisterLine('register foo not found in current target'), TclInvalidResponseError);
  });
});

describe('read_memory values', () => {
  it('parses hex values and checks the count', () => {
    assert.deepEqual(parseMemoryValues('0x20001000 0x80000c5 0x0', 3), [0x20001000n, 0x080000c5n, 0n]);
    assert.throws(() => parseMemoryValues('0x1 0x2', 3), /expected 3 values, got 2/);
  });
});

describe('flash', () => {
  it('parses flash list and flash banks to the same bank', () => {
    const [listed] = parseFlashList(out.FLASH_LIST);
    const [bank] = parseFlashBanks(out.FLASH_BANKS);
    assert.deepEqual(listed, { ...bank, target: 'stm32f0x.cpu' });
    assert.deepEqual(bank, { number: 0, name: 'stm32f0x.flash', driver: 'stm32f1x', base: 0x08000000, byteSize: 0x10000, busWidth: 0, chipWidth: 0 });
  });

  it('parses flash info sectors, protection and driver text', () => {
    const info = parseFlashInfo(out.FLASH_INFO);
    assert.equal(info.driver, 'stm32f1x');
    assert.equal(info.byteSize, 65536);
    assert.deepEqual(info.sectors.map((s) => [s.index, s.offset, s.byteSize, s.protection]), [
      [0, 0, 4096, 'not protected'],
      [1, 0x1000, 4096, 'protected'],
      [15, 0xf000, 4096, 'unknown'],
    ]);
    assert.equal(info.driverInfo, 'STM32F03x - Rev: 1.0');
  });

  it('parses write_image and verify_image summaries', () => {
    assert.deepEqual(parseWriteImage(out.WRITE_IMAGE), { byteCount: 2048, seconds: 0.512 });
    assert.deepEqual(parseVerifyImage(out.VERIFY_OK), { byteCount: 1876, seconds: 0.101 });
    assert.deepEqual(parseVerifyDifferences(out.VERIFY_DIFF), [
      { address: 0x08000004, actual: 0xff, expected: 0xc5 },
      { address: 0x08000005, actual: 0xff, expected: 0 },
    ]);
    assert.throws(() => parseWriteImage(''), TclInvalidResponseError);
  });
});

describe('output captured from the simulated STM32F030', () => {
  it('targets and scan_chain', () => {
    assert.deepEqual(parseTargets(out.SIM_TARGETS), [
      { number: 0, current: true, name: 'stm32f0x.cpu', type: 'cortex_m', endian: 'little', tapName: 'stm32f0x.cpu', state: 'running' },
    ]);
    assert.deepEqual(parseScanChain(out.SIM_SCAN_CHAIN), [
      { position: 0, name: 'stm32f0x.cpu', enabled: true, idcode: 0x0bb11477, expectedIds: ['0x0bb11477'], irLength: 4, irCapture: 1, irMask: 0xf },
    ]);
  });

  it('registers: get_reg dict, reg listing, single reg lines', () => {
    assert.deepEqual([...parseRegisterDict(out.SIM_GET_REG, ['pc', 'sp', 'r0', 'xPSR'])], [
      ['pc', 0x08000134n], ['sp', 0x20001fc8n], ['r0', 2n], ['xPSR', 0x61000000n],
    ]);
    const list = parseRegisterList(out.SIM_REG);
    assert.deepEqual(list.map((r) => r.name), [
      'r0', 'r1', 'r2', 'r3', 'r4', 'r5', 'r6', 'r7', 'r8', 'r9', 'r10', 'r11', 'r12', 'sp', 'lr', 'pc', 'xPSR', 'msp', 'psp', 'primask', 'basepri', 'faultmask', 'control',
    ]);
    assert.equal(list.find((r) => r.name === 'control')?.bitSize, 3);
    assert.equal(list.find((r) => r.name === 'primask')?.number, 20);
    assert.deepEqual(parseRegisterLine(out.SIM_REG_ONE), { name: 'pc', bitSize: 32, value: 0x08000134n });
    assert.equal(parseRegisterLine(out.SIM_REG_SET).value, 0x12n);
    assert.throws(() => parseRegisterLine(out.SIM_REG_UNKNOWN), TclInvalidResponseError);
  });

  it('bp and wp listings', () => {
    assert.deepEqual(parseBreakpoints(out.SIM_BP), [
      { kind: 'hardware', address: 0x08000100, length: 2, number: 0 },
      { kind: 'software', address: 0x20001000, length: 2, originalInstruction: '00' },
    ]);
    assert.deepEqual(parseWatchpoints(out.SIM_WP), [{ address: 0x20000010, length: 4, access: 'w', value: 0, mask: 0xffffffff }]);
  });

  it('flash banks, list and info', () => {
    assert.deepEqual(parseFlashBanks(out.SIM_FLASH_BANKS).map((b) => [b.name, b.driver, b.base, b.byteSize]), [['stm32f0x.flash', 'stm32f1x', 0x08000000, 0]]);
    assert.deepEqual(parseFlashList(out.SIM_FLASH_LIST)[0].target, 'stm32f0x.cpu');
    const blocks = parseFlashInfo(out.SIM_FLASH_INFO);
    assert.equal(blocks.sectors.length, 16);
    assert.ok(blocks.sectors.every((s, i) => s.index === i && s.offset === i * 0x1000 && s.byteSize === 0x1000 && s.protection === 'not protected'));
    assert.equal(blocks.driverInfo, 'STM32F05x - Rev: 2.0');
    const pages = parseFlashInfo(out.SIM_FLASH_INFO_SECTORS);
    assert.equal(pages.sectors.length, 64);
    assert.deepEqual(pages.sectors[63], { index: 63, offset: 0xfc00, byteSize: 0x400, protection: 'unknown' });
  });

  it('memory, write_image and verify_image', () => {
    assert.deepEqual(parseMemoryValues(out.SIM_READ_MEMORY, 8), [0n, 0x20n, 0n, 0x20n, 0xc1n, 0n, 0n, 8n]);
    assert.deepEqual(parseWriteImage(out.SIM_WRITE_IMAGE), { byteCount: 5732, seconds: 0.459694 });
    assert.deepEqual(parseVerifyImage(out.SIM_VERIFY_OK), { byteCount: 5732, seconds: 0.200289 });
    assert.deepEqual(parseVerifyDifferences(out.SIM_VERIFY_DIFF), [
      { address: 0x08000004, actual: 0xc1, expected: 0xc5 },
      { address: 0x08000008, actual: 0x21, expected: 0xc1 },
      { address: 0x08000009, actual: 0x01, expected: 0x00 },
    ]);
    assert.equal(parseVerifyDifferences(out.SIM_VERIFY_DIFF_END).length, 1);
  });
});
