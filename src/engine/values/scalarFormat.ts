// GDB's spelling of scalars: integers (decimal or hex), floats (%g with 9/17 significant digits),
// characters and strings with C escapes, repeats and the 200-element limit. Text only, no types.

/** GDB `set print elements` default: strings and arrays stop after this many elements. */
export const PRINT_ELEMENTS_LIMIT = 200;
/** GDB `set print repeats` default: a run longer than this prints as `<repeats N times>`. */
export const REPEAT_THRESHOLD = 10;

/** An integer of `byteSize` bytes from little- or big-endian `bytes`. */
export function bytesToBigInt(bytes: Uint8Array, signed: boolean, littleEndian: boolean): bigint {
  let value = 0n;
  for (let k = 0; k < bytes.length; k++) {
    const byte = bytes[littleEndian ? bytes.length - 1 - k : k];
    value = (value << 8n) | BigInt(byte);
  }
  return signed ? BigInt.asIntN(bytes.length * 8, value) : value;
}

/** `byteSize` bytes holding `value` (two's complement, truncated). */
export function bigIntToBytes(value: bigint, byteSize: number, littleEndian: boolean): Uint8Array {
  const bytes = new Uint8Array(byteSize);
  let rest = BigInt.asUintN(byteSize * 8, value);
  for (let k = 0; k < byteSize; k++) {
    bytes[littleEndian ? k : byteSize - 1 - k] = Number(rest & 0xffn);
    rest >>= 8n;
  }
  return bytes;
}

/** `0x…` of the value's bits at `bitWidth` (GDB /x shows negative numbers as their two's complement). */
export function hexOf(value: bigint, bitWidth: number): string {
  return `0x${BigInt.asUintN(bitWidth, value).toString(16)}`;
}

/**
 * A float the way GDB prints it: C's %g with 9 significant digits for binary32 and 17 for
 * binary64 (enough to round-trip, GDB's floatformat_printf_format), `inf`, `-nan(0x…)`.
 */
export function formatFloat(bytes: Uint8Array, littleEndian: boolean): string {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const single = bytes.length === 4;
  const value = single ? view.getFloat32(0, littleEndian) : view.getFloat64(0, littleEndian);
  if (Number.isNaN(value)) {
    const bits = bytesToBigInt(bytes, false, littleEndian);
    const mantissaBits = single ? 23n : 52n;
    const mantissa = bits & ((1n << mantissaBits) - 1n);
    const negative = (bits >> (single ? 31n : 63n)) & 1n;
    return `${negative ? '-' : ''}nan(0x${mantissa.toString(16)})`;
  }
  return formatG(value, single ? 9 : 17);
}

/** C's `%.<precision>g` (ISO C 7.21.6.1): shortest of %e/%f by exponent, trailing zeros removed. */
export function formatG(value: number, precision: number): string {
  if (value === Infinity) return 'inf';
  if (value === -Infinity) return '-inf';
  if (value === 0) return Object.is(value, -0) ? '-0' : '0';
  const exponential = value.toExponential(precision - 1);
  const [mantissa, exponentText] = exponential.split('e');
  const exponent = Number(exponentText);
  if (exponent < -4 || exponent >= precision) {
    const digits = mantissa.includes('.') ? mantissa.replace(/0+$/, '').replace(/\.$/, '') : mantissa;
    const sign = exponent < 0 ? '-' : '+';
    return `${digits}e${sign}${String(Math.abs(exponent)).padStart(2, '0')}`;
  }
  const fixed = value.toFixed(Math.max(0, precision - 1 - exponent));
  return fixed.includes('.') ? fixed.replace(/0+$/, '').replace(/\.$/, '') : fixed;
}

const namedEscapes: ReadonlyMap<number, string> = new Map([
  [7, '\\a'], [8, '\\b'], [9, '\\t'], [10, '\\n'], [11, '\\v'], [12, '\\f'], [13, '\\r'],
]);

/** One character (code point) inside `quote`s: printable as itself, else a C escape (GDB: 3-digit octal). */
function escapeCodePoint(code: number, quote: '"' | "'"): string {
  if (code === 0x5c) return '\\\\';
  if (code === quote.charCodeAt(0)) return `\\${quote}`;
  if (isPrintable(code)) return String.fromCodePoint(code);
  return namedEscapes.get(code) ?? `\\${code.toString(8).padStart(3, '0')}`;
}

function isPrintable(code: number): boolean {
  return (code >= 0x20 && code < 0x7f) || (code >= 0xa0 && !(code >= 0xd800 && code <= 0xdfff));
}

/** A char value as GDB prints it: `65 'A'`, `-8 '\370'` (the byte, escaped, after the number). */
export function formatCharLiteral(byte: number): string {
  // A lone byte above 0x7f is not a UTF-8 character: GDB escapes it.
  return `'${byte >= 0x80 ? `\\${byte.toString(8)}` : escapeCodePoint(byte, "'")}'`;
}

/**
 * Characters of a byte string as host text: valid printable UTF-8 sequences (GDB converts the
 * target charset, UTF-8 by default, to the host's) become one character, other bytes escape alone.
 */
function decodeChars(bytes: Uint8Array): { code: number; raw: boolean }[] {
  const chars: { code: number; raw: boolean }[] = [];
  for (let k = 0; k < bytes.length; ) {
    const sequence = utf8Sequence(bytes, k);
    if (sequence && isPrintable(sequence.code)) {
      chars.push({ code: sequence.code, raw: false });
      k += sequence.length;
    } else {
      chars.push({ code: bytes[k], raw: true });
      k++;
    }
  }
  return chars;
}

function utf8Sequence(bytes: Uint8Array, at: number): { code: number; length: number } | undefined {
  const first = bytes[at];
  if (first < 0x80) return { code: first, length: 1 };
  const length = first >= 0xf0 && first <= 0xf4 ? 4 : first >= 0xe0 ? (first <= 0xef ? 3 : 0) : first >= 0xc2 ? 2 : 0;
  if (length === 0 || at + length > bytes.length) return undefined;
  let code = first & (0xff >> (length + 1));
  for (let k = 1; k < length; k++) {
    const next = bytes[at + k];
    if ((next & 0xc0) !== 0x80) return undefined;
    code = (code << 6) | (next & 0x3f);
  }
  const minimum = [0, 0, 0x80, 0x800, 0x10000][length];
  if (code < minimum || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return undefined;
  return { code, length };
}

function charText(char: { code: number; raw: boolean }, quote: '"' | "'"): string {
  if (char.raw && char.code >= 0x80) return `\\${char.code.toString(8).padStart(3, '0')}`;
  return escapeCodePoint(char.code, quote);
}

/**
 * A string of bytes as GDB prints char arrays and `char *` targets: quoted segments, runs over
 * REPEAT_THRESHOLD as `'c' <repeats N times>`, `...` when `truncated` (more bytes than shown).
 * As GDB 13's generic_printstr, each run counts its whole length towards PRINT_ELEMENTS_LIMIT and
 * prints whole, so a long run of NULs after a short text shows entire; what follows the run that
 * reaches the limit is `...`.
 */
export function formatCString(bytes: Uint8Array, truncated: boolean): string {
  const chars = decodeChars(bytes);
  if (chars.length === 0) return truncated ? '""...' : '""';
  const segments: string[] = [];
  let quoted = '';
  let counted = 0;
  let k = 0;
  while (k < chars.length && counted < PRINT_ELEMENTS_LIMIT) {
    let run = 1;
    while (k + run < chars.length && chars[k + run].code === chars[k].code && chars[k + run].raw === chars[k].raw) run++;
    if (run > REPEAT_THRESHOLD) {
      if (quoted) segments.push(`"${quoted}"`);
      quoted = '';
      segments.push(`'${charText(chars[k], "'")}' <repeats ${run} times>`);
    } else {
      quoted += charText(chars[k], '"').repeat(run);
    }
    counted += run;
    k += run;
  }
  if (k < chars.length) truncated = true;
  if (quoted) segments.push(`"${quoted}"`);
  return segments.join(', ') + (truncated ? '...' : '');
}
