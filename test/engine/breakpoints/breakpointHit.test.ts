// Hits decided by BreakpointManager over an in-memory Target and a scripted evaluator: condition
// before count (as GDB's bpstat), logpoints that resume, several breakpoints at one address, counts
// kept while a breakpoint stays and dropped when it goes or on reset, refusals that set nothing.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { UserError } from '../../../src/common';
import { BreakpointManager, type HitEvaluator } from '../../../src/engine';
import { FakeTarget, FLASH_BASE } from '../fakeTarget';

const address = FLASH_BASE + 0x40;

/** Conditions answered from `truth` (an unknown one cannot be evaluated), values from `values`. */
function evaluator(truth: Record<string, boolean>, values: Record<string, string> = {}): HitEvaluator {
  return {
    condition: async (expression) => {
      if (!(expression in truth)) throw new UserError(`No symbol "${expression}" in current context.`);
      return truth[expression];
    },
    value: async (expression) => values[expression] ?? '?',
  };
}

describe('breakpoint hits', () => {
  it('counts only hits whose condition holds, and stops at the hit count', async () => {
    const manager = new BreakpointManager(new FakeTarget());
    await manager.setBreakpoints('a.c', [{ address, key: '1', condition: 'x', hitCondition: '2' }]);
    const hit = (x: boolean) => manager.hit(address, evaluator({ x })).then((outcome) => outcome.stop);
    assert.deepEqual([await hit(false), await hit(true), await hit(false), await hit(true), await hit(true)], [false, false, false, true, false]);
  });

  it('a logpoint logs and resumes; a plain breakpoint at the same address still stops', async () => {
    const manager = new BreakpointManager(new FakeTarget());
    await manager.setBreakpoints('a.c', [{ address, key: '1', logMessage: 'n={n}' }]);
    assert.deepEqual(await manager.hit(address, evaluator({}, { n: '7' })), { stop: false, notes: [{ kind: 'log', key: '1', message: 'n=7' }] });
    await manager.setBreakpoints('function', [{ address, key: '2' }]);
    const outcome = await manager.hit(address, evaluator({}, { n: '8' }));
    assert.equal(outcome.stop, true);
    assert.deepEqual(outcome.notes, [{ kind: 'log', key: '1', message: 'n=8' }]);
  });

  it('a condition that cannot be evaluated stops and says why', async () => {
    const manager = new BreakpointManager(new FakeTarget());
    await manager.setBreakpoints('a.c', [{ address, key: '1', condition: 'nope' }]);
    assert.deepEqual(await manager.hit(address, evaluator({})), {
      stop: true,
      notes: [{ kind: 'conditionError', key: '1', condition: 'nope', message: 'No symbol "nope" in current context.' }],
    });
  });

  it('keeps a count while its breakpoint stays, drops it when it goes, and on resetHitCounts', async () => {
    const manager = new BreakpointManager(new FakeTarget());
    const set = (hitCondition: string) => manager.setBreakpoints('a.c', [{ address, key: '1', hitCondition }]);
    await set('3');
    const hit = () => manager.hit(address, evaluator({})).then((outcome) => outcome.stop);
    assert.deepEqual([await hit(), await hit()], [false, false]);
    await set('>= 3');
    assert.equal(await hit(), true, 'the third hit: the count went on when the hit condition changed');
    manager.resetHitCounts();
    assert.equal(await hit(), false);
    await manager.setBreakpoints('a.c', []);
    await set('1');
    assert.equal(await hit(), true, 'a breakpoint set again counts from 0');
  });

  it('refuses a wrong hit count or log message without using a comparator', async () => {
    const target = new FakeTarget();
    const manager = new BreakpointManager(target);
    const statuses = await manager.setBreakpoints('a.c', [{ address, hitCondition: '<3' }, { address: address + 4, logMessage: '}' }, { address: address + 8 }]);
    assert.deepEqual(statuses.map((s) => s.verified), [false, false, true]);
    assert.match(statuses[0].message!, /^hit count '<3' is not understood/);
    assert.match(statuses[1].message!, /^log message '}': unmatched '}' at column 1/);
    assert.deepEqual([...target.installed.keys()], [address + 8]);
    assert.equal(manager.decidesAt(address + 8), false);
  });
});
