// Unit tests of GDB-style scalar spelling: %g floats, char literals and escapes, strings with
// repeats and UTF-8, integer byte conversions. Expected strings are what GDB 12 prints.
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { bigIntToBytes, bytesToBigInt, formatCharLiteral, formatCString, formatFloat, formatG } from '../../../src/engine/values';

const f32 = (value: number): Uint8Array => new Uint8Array(Float32Array.of(value).buffer);
const f64 = (value: number): Uint8Array => new Uint8Array(Float64Array.of(value).buffer);
const text = (s: string): Uint8Array => new TextEncoder().encode(s);

describe('scalar formatting (GDB print)', () => {
  it('prints floats with %g and 9 (float) or 17 (double) significant digits', () => {
    assert.equal(formatFloat(f32(3.5), true), '3.5');
    assert.equal(formatFloat(f32(Math.PI), true), '3.14159274');
    assert.equal(formatFloat(f32(1 / 3), true), '0.333333343');
    assert.equal(formatFloat(f64(1 / 3), true), '0.33333333333333331');
    assert.equal(formatFloat(f64(-1234.5625), true), '-1234.5625');
    assert.equal(formatFloat(f64(1e20), true), '1e+20');
    assert.equal(formatFloat(f64(1e-5), true), '1.0000000000000001e-05');
    assert.equal(formatFloat(f64(123456789), true), '123456789');
    assert.equal(formatFloat(f64(-Infinity), true), '-inf');
    assert.equal(formatFloat(Uint8Array.of(0, 0, 0xc0, 0x7f), true), 'nan(0x400000)');
    assert.equal(formatG(100, 17), '100');
    assert.equal(formatG(-0, 9), '-0');
  });

  it('prints chars as the number and a C literal, escaping as GDB does', () => {
    assert.equal(formatCharLiteral(65), "'A'");
    assert.equal(formatCharLiteral(0), "'\\000'");
    assert.equal(formatCharLiteral(7), "'\\a'");
    assert.equal(formatCharLiteral(27), "'\\033'");
    assert.equal(formatCharLiteral(39), "'\\''");
    assert.equal(formatCharLiteral(92), "'\\\\'");
    assert.equal(formatCharLiteral(0xf8), "'\\370'");
  });

  it('prints strings with repeats over 10 and escapes, UTF-8 sequences as characters', () => {
    assert.equal(formatCString(text('hello, dwarf\0\0\0'), false), '"hello, dwarf\\000\\000\\000"');
    assert.equal(formatCString(new Uint8Array(15), false), "'\\000' <repeats 15 times>");
    assert.equal(formatCString(text(`ab${'x'.repeat(11)}"c`), false), `"ab", 'x' <repeats 11 times>, "\\"c"`);
    assert.equal(formatCString(text('x'.repeat(10)), false), `"${'x'.repeat(10)}"`);
    assert.equal(formatCString(Uint8Array.of(0xde, 0xad, 0xbe, 0xef, 0, 0x7f), false), '"ޭ\\276\\357\\000\\177"');
    assert.equal(formatCString(text('abc'), true), '"abc"...');
    assert.equal(formatCString(new Uint8Array(0), false), '""');
  });

  it('counts a run whole towards the 200-element limit, as GDB print does for char arrays', () => {
    // What gdb-multiarch 13 prints for these char arrays (a[1024] = "rtt: hello\n", b[400], c[205], d[203]): its generic_printstr.
    assert.equal(formatCString(Uint8Array.from([...text('rtt: hello\n'), ...new Uint8Array(1012)]), false), `"rtt: hello\\n", '\\000' <repeats 1012 times>`);
    const letters = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'.repeat(3);
    assert.equal(formatCString(Uint8Array.from([...text(letters), ...new Uint8Array(213)]), false), `"${letters}", '\\000' <repeats 213 times>`);
    // 205 characters: the first 200, then `...`; a short run that crosses the limit prints whole.
    assert.equal(formatCString(text('y'.repeat(5).concat('0123456789'.repeat(20))), false), `"yyyyy${'0123456789'.repeat(19)}01234"...`);
    assert.equal(formatCString(text(`${'0123456789'.repeat(19)}01234567zzzzz`), false), `"${'0123456789'.repeat(19)}01234567zzzzz"`);
    // After a run that reaches the limit, the rest is `...`.
    assert.equal(formatCString(Uint8Array.from([...text('ab'), ...new Uint8Array(300), ...text('cd')]), false), `"ab", '\\000' <repeats 300 times>...`);
  });

  it('converts integers of every width both ways, signed and unsigned', () => {
    assert.equal(bytesToBigInt(Uint8Array.of(0xf8), true, true), -8n);
    assert.equal(bytesToBigInt(Uint8Array.of(0x10, 0x32, 0x54, 0x76, 0x98, 0xba, 0xdc, 0xfe), false, true), 0xfedcba9876543210n);
    assert.equal(bytesToBigInt(Uint8Array.of(0x12, 0x34), false, false), 0x1234n);
    assert.deepEqual([...bigIntToBytes(-2n, 2, true)], [0xfe, 0xff]);
    assert.deepEqual([...bigIntToBytes(0x1234n, 2, false)], [0x12, 0x34]);
  });
});
