// The rows the Peripherals tree shows: pinned first, groups, expansion, search by name and
// address; and the value formats. Pure functions of the webview, run in Node.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { PeripheralNode, ViewChoices } from '../../src/extension/peripherals/peripheralMessages';
import { formatBits, formatValue, nextFormat } from '../../src/webview/peripherals/valueFormat';
import { visibleRows, type Row } from '../../src/webview/peripherals/visibleRows';

const field = (name: string, path: string, bitOffset: number) => ({ kind: 'field', name, path, bitOffset, bitWidth: 1, access: 'read-write', tooltip: '' }) as const;
const register = (peripheral: string, name: string, address: number) =>
  ({ kind: 'register', name, path: `${peripheral}.${name}`, address, size: 32, access: 'read-write', tooltip: '', fields: [field(`${name}0`, `${peripheral}.${name}.${name}0`, 0)] }) as const;
const peripheral = (name: string, group: string, address: number): PeripheralNode =>
  ({ kind: 'peripheral', name, path: name, group, address, tooltip: '', children: [register(name, 'CR', address), register(name, 'SR', address + 4)] });

const peripherals = [peripheral('GPIOA', 'GPIO', 0x48000000), peripheral('GPIOB', 'GPIO', 0x48000400), peripheral('USART1', 'USART', 0x40013800)];
const choices = (over: Partial<ViewChoices> = {}): ViewChoices => ({ expanded: [], pinned: [], formats: {}, defaultFormat: 'hex', ...over });
const labels = (rows: Row[]): string[] => rows.map((row) => (row.kind === 'group' ? `# ${row.label}` : `${'  '.repeat(row.depth)}${row.node.name}`));

describe('visibleRows', () => {
  it('lists peripherals under their groups, children of expanded rows only', () => {
    assert.deepEqual(labels(visibleRows(peripherals, choices({ expanded: ['GPIOB', 'GPIOB.SR'] }), '')), [
      '# GPIO', 'GPIOA', 'GPIOB', '  CR', '  SR', '    SR0', '# USART', 'USART1',
    ]);
  });

  it('puts pinned peripherals on top', () => {
    assert.deepEqual(labels(visibleRows(peripherals, choices({ pinned: ['USART1'] }), '')), ['# Pinned', 'USART1', '# GPIO', 'GPIOA', 'GPIOB']);
  });

  it('searches names at any depth, opening the way to them', () => {
    assert.deepEqual(labels(visibleRows(peripherals, choices(), 'sr0')), ['# GPIO', 'GPIOA', '  SR', '    SR0', 'GPIOB', '  SR', '    SR0', '# USART', 'USART1', '  SR', '    SR0']);
    assert.deepEqual(labels(visibleRows(peripherals, choices(), 'usart')), ['# USART', 'USART1']);
  });

  it('searches addresses, with or without 0x', () => {
    assert.deepEqual(labels(visibleRows(peripherals, choices(), '0x48000404')), ['# GPIO', 'GPIOB', '  SR']);
    assert.deepEqual(labels(visibleRows(peripherals, choices(), '40013804')), ['# USART', 'USART1', '  SR']);
  });
});

describe('valueFormat', () => {
  it('pads hex and binary to the bit width', () => {
    assert.equal(formatValue(0x20, 'hex', 32), '0x00000020');
    assert.equal(formatValue(5, 'binary', 4), '0b0101');
    assert.equal(formatValue(0xffffffff, 'decimal', 32), '4294967295');
    assert.equal(formatBits(4, 2), '[5:4]');
    assert.equal(formatBits(5, 1), '[5]');
    assert.deepEqual([nextFormat('hex'), nextFormat('decimal'), nextFormat('binary')], ['decimal', 'binary', 'hex']);
  });
});
