// Tests of the 0x1a framing of OpenOCD's Tcl RPC stream, on bytes only (no sockets).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { TclInvalidResponseError } from '../../src/common';
import { encodeTclRequest, TclFrameDecoder } from '../../src/openocd';

const bytes = (text: string): Uint8Array => Buffer.from(text, 'utf8');

describe('TclFrameDecoder', () => {
  it('joins a reply split across packets, even inside a UTF-8 character', () => {
    const decoder = new TclFrameDecoder();
    const whole = bytes('0 café\x1a');
    const split = whole.indexOf(0xc3) + 1; // between the two bytes of é
    assert.deepEqual(decoder.push(whole.subarray(0, 3)), []);
    assert.deepEqual(decoder.push(whole.subarray(3, split)), []);
    assert.deepEqual(decoder.push(whole.subarray(split)), ['0 café']);
    assert.equal(decoder.bufferedBytes, 0);
  });

  it('splits several replies in one packet and keeps the unterminated rest', () => {
    const decoder = new TclFrameDecoder();
    assert.deepEqual(decoder.push(bytes('0 a\x1a1 b\x1a\x1a0 par')), ['0 a', '1 b', '']);
    assert.equal(decoder.bufferedText(), '0 par');
    assert.deepEqual(decoder.push(bytes('t\x1a')), ['0 part']);
  });

  it('does not keep a view of the caller buffer', () => {
    const decoder = new TclFrameDecoder();
    const packet = Buffer.from('0 abc');
    decoder.push(packet);
    packet.fill(0x21);
    assert.deepEqual(decoder.push(bytes('\x1a')), ['0 abc']);
  });

  it('rejects a reply past the size cap without terminator, naming a wrong port', () => {
    const decoder = new TclFrameDecoder(16);
    decoder.push(bytes('HTTP/1.1 400 '));
    assert.throws(
      () => decoder.push(bytes('Bad Request\r\n')),
      (error: unknown) =>
        error instanceof TclInvalidResponseError && /not an OpenOCD Tcl port\?/.test(error.message) && error.output.startsWith('HTTP/1.1'),
    );
    assert.equal(decoder.bufferedBytes, 0);
  });

  it('accepts a reply exactly at the cap', () => {
    const decoder = new TclFrameDecoder(4);
    assert.deepEqual(decoder.push(bytes('abcd')), []);
    assert.deepEqual(decoder.push(bytes('\x1a')), ['abcd']);
  });

  it('has an 8 MiB default cap', () => {
    assert.equal(new TclFrameDecoder().maxReplyBytes, 8 * 1024 * 1024);
  });
});

describe('encodeTclRequest', () => {
  it('terminates the UTF-8 script with 0x1a', () => {
    assert.deepEqual([...encodeTclRequest('echo é')], [...bytes('echo é'), 0x1a]);
  });

  it('refuses a script holding 0x1a', () => {
    assert.throws(() => encodeTclRequest('echo a\x1aecho b'), /0x1a/);
  });

  it('refuses a raw NUL, which OpenOCD would take as the end of the script', () => {
    assert.throws(() => encodeTclRequest('return {a\0b}'), /NUL/);
  });

  it('refuses a request over OpenOCD 4 MiB line limit', () => {
    assert.throws(() => encodeTclRequest(`set x ${'a'.repeat(4 * 1024 * 1024)}`), /4 MiB/);
  });
});
