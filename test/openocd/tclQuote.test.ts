// Tests of tclQuote and the Tcl list parser on strings. The same nasty strings go through real
// OpenOCD in openocdProcess.test.ts; here we check the word shapes and the parser.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseTclDict, parseTclList, tclList, tclQuote, TclListSyntaxError } from '../../src/openocd';
import { NASTY_STRINGS } from './nastyStrings';

describe('tclQuote', () => {
  it('leaves plain words bare and braces safe ones', () => {
    assert.equal(tclQuote('halt'), 'halt');
    assert.equal(tclQuote('0x08000000'), '0x08000000');
    assert.equal(tclQuote(''), '{}');
    assert.equal(tclQuote('a [b] $c'), '{a [b] $c}');
  });

  it('backslash-escapes unbalanced braces and backslashes instead of bracing', () => {
    assert.equal(tclQuote('a{b'), 'a\\{b');
    assert.equal(tclQuote('}{'), '\\}\\{');
    assert.equal(tclQuote('a\\b'), 'a\\\\b');
    assert.equal(tclQuote('a\nb\\'), 'a\\nb\\\\');
    assert.equal(tclQuote('\\\x01a'), '\\\\\\u0001a');
  });

  it('produces one word with no unescaped substitution or separator', () => {
    for (const value of NASTY_STRINGS) {
      const word = tclQuote(value);
      if (word.startsWith('{')) continue; // braced: checked balanced above
      const unescaped = word.replace(/\\[\s\S]/g, '');
      assert.doesNotMatch(unescaped, /[\s[\]$;"{}]/, `${JSON.stringify(value)} -> ${word}`);
    }
  });

  it('refuses 0x1a', () => {
    assert.throws(() => tclQuote('a\x1ab'), /0x1a/);
  });

  it('round-trips through parseTclList as list elements', () => {
    const list = NASTY_STRINGS.map(tclQuote).join(' ');
    assert.deepEqual(parseTclList(list), NASTY_STRINGS);
  });

  it('tclList makes one word whose value is the list of its elements', () => {
    assert.equal(tclList(['pc', 'sp']), '{pc sp}');
    assert.equal(tclList([]), '{}');
    assert.deepEqual(parseTclList(parseTclList(tclList(NASTY_STRINGS))[0]), NASTY_STRINGS);
  });
});

describe('parseTclList', () => {
  it('parses the forms Jim produces', () => {
    // Captured from OpenOCD 0.12: `list a {b c} "" \{` returned `a {b c} {} \{`.
    assert.deepEqual(parseTclList('a {b c} {} \\{'), ['a', 'b c', '', '{']);
    assert.deepEqual(parseTclList('  0x1 0x2\n0x3 '), ['0x1', '0x2', '0x3']);
    assert.deepEqual(parseTclList('{a {nested} b} "q \\"x\\"" x\\ y'), ['a {nested} b', 'q "x"', 'x y']);
    assert.deepEqual(parseTclList(''), []);
  });

  it('reports malformed lists', () => {
    assert.throws(() => parseTclList('{a b'), TclListSyntaxError);
    assert.throws(() => parseTclList('"a b'), TclListSyntaxError);
    assert.throws(() => parseTclList('{a}b'), TclListSyntaxError);
  });

  it('parses dicts in order', () => {
    const dict = parseTclDict('pc 0x08000100 sp 0x20001000');
    assert.deepEqual([...dict], [['pc', '0x08000100'], ['sp', '0x20001000']]);
    assert.throws(() => parseTclDict('pc'), /even/);
  });
});
