// The logpoint template parser and the message of a hit: `{expression}` parts, `{{`/`}}` braces,
// errors naming the column, and a failing expression's error in place of its value.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatLogMessage, parseLogMessage } from '../../../src/engine';

describe('logpoint messages', () => {
  it('splits text and {expressions}; {{ and }} are braces; spaces inside braces are trimmed', () => {
    assert.deepEqual(parseLogMessage('hits={ recursion_bottom_hits } of {g_squares[2] * 3}'), [
      { text: 'hits=' }, { expression: 'recursion_bottom_hits' }, { text: ' of ' }, { expression: 'g_squares[2] * 3' },
    ]);
    assert.deepEqual(parseLogMessage('{{x}} = {x}}}'), [{ text: '{x} = ' }, { expression: 'x' }, { text: '}' }]);
    assert.deepEqual(parseLogMessage('no braces'), [{ text: 'no braces' }]);
    assert.deepEqual(parseLogMessage(''), []);
  });

  it('refuses an unmatched or empty brace, naming the message and the column', () => {
    assert.throws(() => parseLogMessage('a } b'), { message: "log message 'a } b': unmatched '}' at column 3 (write '}}' for a brace)" });
    assert.throws(() => parseLogMessage('x = {x'), { message: "log message 'x = {x': '{' at column 5 is never closed (write '{{' for a brace)" });
    assert.throws(() => parseLogMessage('x = { }'), { message: "log message 'x = { }': empty '{}' at column 5" });
  });

  it('puts each value in place, an error in place of its value, and evaluates a repeated expression once', async () => {
    const asked: string[] = [];
    const evaluate = async (expression: string): Promise<string> => {
      asked.push(expression);
      if (expression === 'nope') throw new Error('no symbol "nope" in current context');
      return expression === 'a' ? '1' : '{x = 2, y = 3}';
    };
    const message = await formatLogMessage(parseLogMessage('a={a} p={p} bad={nope} a again={a} {{literal}}'), evaluate);
    assert.equal(message, 'a=1 p={x = 2, y = 3} bad=<error: no symbol "nope" in current context> a again=1 {literal}');
    assert.deepEqual(asked, ['a', 'p', 'nope']);
  });
});
