// Turns any string into one literal Tcl word that Jim Tcl (OpenOCD's interpreter) never evaluates,
// and parses Tcl lists/dicts that OpenOCD returns. Pure string code, no I/O.

/** Characters that need no quoting in a bare word (no substitution, no word break, no {*}). */
const BARE_WORD = /^[A-Za-z0-9_.:/+\-,=@%*]+$/;

/**
 * One Tcl word whose value is exactly `value`, whatever it holds (brackets, `$`, braces, even
 * unbalanced, quotes, backslashes, newlines, semicolons, unicode, empty). Values that are safe
 * braced are braced for readability; anything else is backslash-escaped character by character
 * (Tcl "Rules" [9]: a backslash makes the next character literal), control characters as \uXXXX.
 * Refuses 0x1a, which would end the request on the wire.
 */
export function tclQuote(value: string): string {
  if (value.includes('\x1a')) throw new TypeError('a Tcl value may not contain the byte 0x1a (it ends a request)');
  if (value === '') return '{}';
  if (BARE_WORD.test(value)) return value;
  if (braceSafe(value)) return `{${value}}`;
  let word = '';
  for (const char of value) {
    const code = char.codePointAt(0) ?? 0;
    if (char === '\n') word += '\\n';
    else if (char === '\r') word += '\\r';
    else if (char === '\t') word += '\\t';
    // Four hex digits always, so a following hex digit is never swallowed by the escape.
    else if (code < 0x20 || code === 0x7f) word += `\\u${code.toString(16).padStart(4, '0')}`;
    else if (code < 0x80 && !/[A-Za-z0-9_]/.test(char)) word += `\\${char}`;
    else word += char;
  }
  return word;
}

/**
 * One Tcl word whose value is the list of `values` (each element quoted, then the whole list), as
 * commands such as `get_reg {names}`, `set_reg {dict}` and `write_memory ... {values}` take it.
 */
export function tclList(values: readonly string[]): string {
  return tclQuote(values.map(tclQuote).join(' '));
}

/**
 * Braces keep everything literal when there is no backslash (backslash-newline is substituted even
 * inside braces) and the braces nest properly (Tcl "Rules" [6]).
 */
function braceSafe(value: string): boolean {
  // A raw NUL would end the script early: OpenOCD runs the request as a C string (tcl_server.c).
  if (value.includes('\\') || value.includes('\0')) return false;
  let depth = 0;
  for (const char of value) {
    if (char === '{') depth++;
    else if (char === '}' && --depth < 0) return false;
  }
  return depth === 0;
}

/** Thrown by parseTclList on text that is not a well-formed Tcl list. */
export class TclListSyntaxError extends Error {}

/**
 * Splits a Tcl list (as Jim's `list`, `dict` and OpenOCD's read_memory produce) into its elements,
 * undoing braces, quotes and backslash escapes.
 */
export function parseTclList(text: string): string[] {
  const items: string[] = [];
  let i = 0;
  const isSpace = (c: string | undefined): boolean => c !== undefined && /\s/.test(c);
  while (i < text.length) {
    while (isSpace(text[i])) i++;
    if (i >= text.length) break;
    if (text[i] === '{') {
      let depth = 1;
      const start = ++i;
      while (i < text.length && depth > 0) {
        if (text[i] === '\\') i++;
        else if (text[i] === '{') depth++;
        else if (text[i] === '}') depth--;
        i++;
      }
      if (depth !== 0) throw new TclListSyntaxError(`unmatched open brace in list: ${text.slice(0, 80)}`);
      items.push(text.slice(start, i - 1));
      if (i < text.length && !isSpace(text[i])) throw new TclListSyntaxError('list element in braces followed by a character');
    } else if (text[i] === '"') {
      i++;
      let item = '';
      while (i < text.length && text[i] !== '"') {
        if (text[i] === '\\') {
          const [decoded, next] = backslash(text, i);
          item += decoded;
          i = next;
        } else item += text[i++];
      }
      if (i >= text.length) throw new TclListSyntaxError(`unmatched quote in list: ${text.slice(0, 80)}`);
      i++;
      items.push(item);
    } else {
      let item = '';
      while (i < text.length && !isSpace(text[i])) {
        if (text[i] === '\\') {
          const [decoded, next] = backslash(text, i);
          item += decoded;
          i = next;
        } else item += text[i++];
      }
      items.push(item);
    }
  }
  return items;
}

/** Parses a Tcl dict (an even-length list) into a Map, keeping key order. */
export function parseTclDict(text: string): Map<string, string> {
  const items = parseTclList(text);
  if (items.length % 2 !== 0) throw new TclListSyntaxError(`a dict needs an even number of elements, got ${items.length}`);
  const dict = new Map<string, string>();
  for (let k = 0; k < items.length; k += 2) dict.set(items[k], items[k + 1]);
  return dict;
}

const SIMPLE_ESCAPES: Record<string, string> = { n: '\n', r: '\r', t: '\t', a: '\x07', b: '\b', f: '\f', v: '\v' };

/** Decodes the backslash sequence at `text[at]`; returns the value and the index after it. */
function backslash(text: string, at: number): [string, number] {
  const next = text[at + 1];
  if (next === undefined) return ['\\', at + 1];
  if (next in SIMPLE_ESCAPES) return [SIMPLE_ESCAPES[next], at + 2];
  const hex = next === 'x' ? /^[0-9a-fA-F]{1,2}/ : next === 'u' ? /^[0-9a-fA-F]{1,4}/ : undefined;
  if (hex) {
    const digits = hex.exec(text.slice(at + 2))?.[0];
    if (digits) return [String.fromCodePoint(parseInt(digits, 16)), at + 2 + digits.length];
  }
  return [next, at + 2];
}
