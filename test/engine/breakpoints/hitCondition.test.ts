// The DAP hit-condition parser and the hit test: the forms VS Code's hit count editor and GDB's
// `ignore` mean, and a refusal naming the text for anything else.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { hitConditionMet, parseHitCondition } from '../../../src/engine';

/** The hits (1..12) at which `text` stops. */
const stopsAt = (text: string): number[] => {
  const condition = parseHitCondition(text);
  return Array.from({ length: 12 }, (_, k) => k + 1).filter((hits) => hitConditionMet(condition, hits));
};

describe('hit conditions', () => {
  it('N and == N stop at the Nth hit only; >= N from it on; > N after it; % N every Nth', () => {
    assert.deepEqual(stopsAt('5'), [5]);
    assert.deepEqual(stopsAt('==5'), [5]);
    assert.deepEqual(stopsAt('  == 5 '), [5]);
    assert.deepEqual(stopsAt('>= 10'), [10, 11, 12]);
    assert.deepEqual(stopsAt('> 10'), [11, 12]);
    assert.deepEqual(stopsAt('>0'), [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    assert.deepEqual(stopsAt('% 4'), [4, 8, 12]);
    assert.deepEqual(stopsAt('%1'), stopsAt('>= 1'));
  });

  it('refuses anything else, naming the text and the forms it takes', () => {
    for (const text of ['', 'five', '< 3', '!= 2', '== -1', '5.5', '0x10', '% 0', '0', '== 0', '>= 0', '5 5', '== 99999999999999999999']) {
      assert.throws(() => parseHitCondition(text), (error: Error) => {
        assert.equal(error.message, `hit count '${text}' is not understood: write N or '== N' (stop at hit N), '>= N', '> N' or '% N' (every Nth hit), N a positive integer`);
        return true;
      }, text);
    }
  });
});
