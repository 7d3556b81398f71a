// The Peripherals webview's message schema against hostile input: wrong types, extra or missing
// keys, huge strings, prototype-pollution keys, non-plain objects.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkWebviewMessage, MAX_MESSAGE_STRING } from '../../src/extension/peripherals/peripheralMessageSchema';

const rejected = (value: unknown): string => {
  const checked = checkWebviewMessage(value);
  assert.ok('error' in checked, `accepted ${JSON.stringify(value)}`);
  return checked.error;
};

describe('checkWebviewMessage', () => {
  it('accepts each message type with exactly its keys', () => {
    for (const message of [
      { type: 'ready' },
      { type: 'expand', path: 'GPIOA', expanded: true },
      { type: 'pin', path: 'GPIOA', pinned: false },
      { type: 'format', path: 'GPIOA.ODR', format: 'binary' },
      { type: 'read', path: 'USART1.RDR' },
      { type: 'write', path: 'GPIOA.ODR.ODR5', text: '0x1' },
    ]) {
      assert.deepEqual(checkWebviewMessage(message), { message });
    }
  });

  it('refuses what is not a plain object', () => {
    for (const value of [null, undefined, 42, 'ready', [{ type: 'ready' }], new Date(), new (class { type = 'ready' })()]) rejected(value);
  });

  it('refuses unknown types, including inherited names', () => {
    assert.match(rejected({ type: 'eval', code: 'x' }), /unknown type "eval"/);
    assert.match(rejected({ type: 'toString' }), /unknown type/);
    assert.match(rejected({ type: '__proto__' }), /unknown type/);
    assert.match(rejected({ type: 7 }), /unknown type/);
    assert.match(rejected({}), /unknown type/);
  });

  it('refuses wrong field types and missing fields', () => {
    assert.match(rejected({ type: 'expand', path: 'GPIOA', expanded: 'yes' }), /expanded is not a boolean/);
    assert.match(rejected({ type: 'expand', path: ['GPIOA'], expanded: true }), /path is not a string/);
    assert.match(rejected({ type: 'format', path: 'GPIOA', format: 'octal' }), /format is not a format/);
    assert.match(rejected({ type: 'write', path: 'GPIOA.ODR', text: 5 }), /text is not a string/);
    assert.match(rejected({ type: 'write', path: 'GPIOA.ODR' }), /missing text/);
  });

  it('refuses extra keys, prototype-pollution keys among them', () => {
    assert.match(rejected({ type: 'ready', extra: 1 }), /unexpected key "extra"/);
    const polluted = JSON.parse('{"type":"pin","path":"GPIOA","pinned":true,"__proto__":{"polluted":true}}') as unknown;
    assert.match(rejected(polluted), /unexpected key "__proto__"/);
    assert.match(rejected({ type: 'read', path: 'A', constructor: { prototype: { polluted: true } } }), /unexpected key "constructor"/);
    assert.match(rejected({ type: 'read', path: 'A', [Symbol('s')]: 1 }), /unexpected key/);
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
  });

  it('refuses a prototype that is not Object.prototype, even with the right own keys', () => {
    rejected(Object.assign(Object.create({ injected: true }) as object, { type: 'ready' }));
  });

  it('refuses huge strings', () => {
    assert.match(rejected({ type: 'read', path: 'A'.repeat(MAX_MESSAGE_STRING + 1) }), /at most 512 characters/);
    assert.match(rejected({ type: 'write', path: 'GPIOA.ODR', text: '1'.repeat(1_000_000) }), /text is not a string of at most/);
    assert.ok('message' in checkWebviewMessage({ type: 'read', path: 'A'.repeat(MAX_MESSAGE_STRING) }));
  });

  it('returns a copy, so later changes to the input do not reach the host', () => {
    const input = { type: 'read', path: 'GPIOA.IDR' };
    const checked = checkWebviewMessage(input);
    input.path = 'changed';
    assert.deepEqual(checked, { message: { type: 'read', path: 'GPIOA.IDR' } });
  });
});
