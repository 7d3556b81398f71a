// Reads the SVD simple types (numbers, booleans, access and the other enumerations) from element
// text, turning vendor oddities into warnings. Knows nothing of the element tree.

/** Where parsers report what they tolerated: element path plus message. */
export interface SvdWarningSink {
  warn(path: string, message: string): void;
}

/** SVD: accessType. */
export type SvdAccess = 'read-only' | 'write-only' | 'read-write' | 'writeOnce' | 'read-writeOnce';
/** SVD: protectionStringType (secure, non-secure, privileged). */
export type SvdProtection = 's' | 'n' | 'p';
/** SVD: modifiedWriteValuesType. */
export type SvdModifiedWriteValues =
  | 'oneToClear' | 'oneToSet' | 'oneToToggle' | 'zeroToClear' | 'zeroToSet' | 'zeroToToggle' | 'clear' | 'set' | 'modify';
/** SVD: readActionType. */
export type SvdReadAction = 'clear' | 'set' | 'modify' | 'modifyExternal';
/** SVD: enumUsageType. */
export type SvdEnumUsage = 'read' | 'write' | 'read-write';

/**
 * The spec's spellings, mapped to themselves: parsers return the canonical string rather than
 * the slice read from the file, so 20,000 fields share five strings instead of owning copies.
 */
function canonical<T extends string>(values: readonly T[]): ReadonlyMap<string, T> {
  return new Map(values.map((v) => [v, v]));
}

const accessValues = canonical<SvdAccess>(['read-only', 'write-only', 'read-write', 'writeOnce', 'read-writeOnce']);
/** Spellings seen in vendor files that mean a valid access type. */
const accessAliases: Readonly<Record<string, SvdAccess>> = {
  read: 'read-only', readonly: 'read-only', 'read-only': 'read-only', ro: 'read-only', r: 'read-only',
  write: 'write-only', writeonly: 'write-only', 'write-only': 'write-only', wo: 'write-only', w: 'write-only',
  'read-write': 'read-write', readwrite: 'read-write', read_write: 'read-write', rw: 'read-write',
  writeonce: 'writeOnce', 'read-writeonce': 'read-writeOnce',
};
const modifiedWriteValues = canonical<SvdModifiedWriteValues>([
  'oneToClear', 'oneToSet', 'oneToToggle', 'zeroToClear', 'zeroToSet', 'zeroToToggle', 'clear', 'set', 'modify',
]);
const readActions = canonical<SvdReadAction>(['clear', 'set', 'modify', 'modifyExternal']);
const usages = canonical<SvdEnumUsage>(['read', 'write', 'read-write']);
const protections = canonical<SvdProtection>(['s', 'n', 'p']);

const strictNumber = /^\+?(?:0[xX][0-9a-fA-F]+|[0-9]+|(?:#|0[bB])[01]+)[kKmMgGtT]?$/;
/** Numbers Number() reads exactly (no exponent, below 2^53): the fast path for offsets and widths. */
const plainNumber = /^(?:0[xX][0-9a-fA-F]{1,13}|[0-9]{1,15})$/;
const scales: Readonly<Record<string, bigint>> = { k: 1n << 10n, m: 1n << 20n, g: 1n << 30n, t: 1n << 40n };

/**
 * SVD: scaledNonNegativeInteger (`0x1F`, `31`, `#11111`, `0b11111`, optional k/M/G/T scale).
 * Tolerated with a warning: a `U`/`UL` suffix, `_` separators, hex digits without `0x`.
 * Anything else is a warning and gives undefined (the caller falls back to an inherited value).
 */
export function parseBigInt(text: string, path: string, what: string, sink: SvdWarningSink): bigint | undefined {
  if (plainNumber.test(text)) return BigInt(text);
  if (strictNumber.test(text)) return scaled(text);
  const cleaned = text.replace(/[uUlL]+$/, '').replace(/_/g, '');
  if (cleaned !== text && strictNumber.test(cleaned)) {
    sink.warn(path, `${what} "${text}" is not an SVD number; read as ${cleaned}`);
    return scaled(cleaned);
  }
  if (/^[0-9a-fA-F]+$/.test(cleaned)) {
    sink.warn(path, `${what} "${text}" has hex digits without 0x; read as 0x${cleaned}`);
    return BigInt(`0x${cleaned}`);
  }
  sink.warn(path, `${what} "${text}" is not a number; ignored`);
  return undefined;
}

function scaled(text: string): bigint {
  let body = text.startsWith('+') ? text.slice(1) : text;
  let scale = 1n;
  const last = body[body.length - 1].toLowerCase();
  if (last in scales) {
    scale = scales[last];
    body = body.slice(0, -1);
  }
  if (body.startsWith('#')) return BigInt(`0b${body.slice(1)}`) * scale;
  return BigInt(body) * scale;
}

/**
 * A number that fits in a JS number exactly (addresses, offsets, sizes: all below 2^53 on
 * every device we know). Values above 2^53 are refused with a warning rather than rounded.
 */
export function parseNumber(text: string, path: string, what: string, sink: SvdWarningSink): number | undefined {
  if (plainNumber.test(text)) return Number(text);
  const value = parseBigInt(text, path, what, sink);
  if (value === undefined) return undefined;
  if (value > BigInt(Number.MAX_SAFE_INTEGER)) {
    sink.warn(path, `${what} ${text} is above 2^53; ignored`);
    return undefined;
  }
  return Number(value);
}

/** An enumerated value: `value` with `dontCareMask` bits that match anything (SVD: `#1x0`). */
export interface SvdMaskedValue {
  readonly value: bigint;
  readonly dontCareMask: bigint;
}

/** SVD: enumeratedValue/value, which adds the `#` binary form with `x` for don't-care bits. */
export function parseEnumValue(text: string, path: string, sink: SvdWarningSink): SvdMaskedValue | undefined {
  const binary = /^(?:#|0[bB])([01xX]+)$/.exec(text);
  if (binary !== null) {
    const digits = binary[1];
    let value = 0n;
    let mask = 0n;
    for (const digit of digits) {
      value <<= 1n;
      mask <<= 1n;
      if (digit === '1') value |= 1n;
      else if (digit === 'x' || digit === 'X') mask |= 1n;
    }
    return { value, dontCareMask: mask };
  }
  const value = parseBigInt(text, path, 'enumerated value', sink);
  return value === undefined ? undefined : { value, dontCareMask: 0n };
}

/** SVD: xs:boolean (`true`, `false`, `1`, `0`); other text is a warning. */
export function parseBoolean(text: string, path: string, what: string, sink: SvdWarningSink): boolean | undefined {
  const lower = text.toLowerCase();
  if (lower === 'true' || lower === '1') return true;
  if (lower === 'false' || lower === '0') return false;
  sink.warn(path, `${what} "${text}" is not a boolean; ignored`);
  return undefined;
}

/** SVD: accessType, with common vendor misspellings mapped (and warned about). */
export function parseAccess(text: string, path: string, sink: SvdWarningSink): SvdAccess | undefined {
  const known = accessValues.get(text);
  if (known !== undefined) return known;
  const alias = accessAliases[text.toLowerCase().replace(/\s+/g, '')];
  if (alias !== undefined) {
    sink.warn(path, `access "${text}" is not an SVD access type; read as ${alias}`);
    return alias;
  }
  sink.warn(path, `access "${text}" is not an SVD access type; ignored`);
  return undefined;
}

/** SVD: protectionStringType. */
export function parseProtection(text: string, path: string, sink: SvdWarningSink): SvdProtection | undefined {
  const known = protections.get(text);
  if (known !== undefined) return known;
  sink.warn(path, `protection "${text}" is not s, n or p; ignored`);
  return undefined;
}

/** SVD: modifiedWriteValuesType. */
export function parseModifiedWriteValues(text: string, path: string, sink: SvdWarningSink): SvdModifiedWriteValues | undefined {
  const known = modifiedWriteValues.get(text);
  if (known !== undefined) return known;
  sink.warn(path, `modifiedWriteValues "${text}" is unknown; ignored`);
  return undefined;
}

/** SVD: readActionType. */
export function parseReadAction(text: string, path: string, sink: SvdWarningSink): SvdReadAction | undefined {
  const known = readActions.get(text);
  if (known !== undefined) return known;
  sink.warn(path, `readAction "${text}" is unknown; ignored`);
  return undefined;
}

/** SVD: enumUsageType; `read-write` when absent. */
export function parseUsage(text: string | undefined, path: string, sink: SvdWarningSink): SvdEnumUsage {
  if (text === undefined) return 'read-write';
  const known = usages.get(text);
  if (known !== undefined) return known;
  sink.warn(path, `enumeratedValues usage "${text}" is unknown; read as read-write`);
  return 'read-write';
}

/**
 * Descriptions are kept as written, only trimmed: collapsing whitespace here costs a new string
 * per description (a fifth of the parse time on STM32H743x), and HTML views collapse it anyway.
 */
export function cleanDescription(text: string | undefined): string | undefined {
  return text?.trim();
}

/** The bit mask of `bitWidth` ones. */
export function bitMask(bitWidth: number): bigint {
  return (1n << BigInt(bitWidth)) - 1n;
}
