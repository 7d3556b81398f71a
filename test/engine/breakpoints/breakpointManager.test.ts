// BreakpointManager over an in-memory Target: sharing one physical breakpoint between groups and
// temporaries, budget refusals as unverified statuses, retry when comparators free up, re-apply.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BreakpointManager } from '../../../src/engine';
import { FakeTarget, FLASH_BASE, RAM_BASE } from '../fakeTarget';

const flash = (offset: number) => FLASH_BASE + offset;

describe('BreakpointManager', () => {
  it('sets flash breakpoints as hardware, RAM ones as software, and refuses beyond the budget with the reason', async () => {
    const target = new FakeTarget();
    const manager = new BreakpointManager(target);
    const statuses = await manager.setBreakpoints('main.c', [{ address: flash(0x10) }, { address: RAM_BASE + 8 }, { address: flash(0x20) }, { address: flash(0x30) }]);
    assert.deepEqual(statuses.map((s) => [s.verified, s.kind]), [[true, 'hardware'], [true, 'software'], [true, 'hardware'], [false, undefined]]);
    assert.match(statuses[3].message!, /all 2 comparators in use/);
    assert.deepEqual([...target.installed.keys()].sort(), [flash(0x10), flash(0x20), RAM_BASE + 8].sort());
  });

  it('replacing a group releases what it no longer wants before setting the new ones', async () => {
    const target = new FakeTarget();
    const manager = new BreakpointManager(target);
    await manager.setBreakpoints('a.c', [{ address: flash(0x10) }, { address: flash(0x20) }]);
    const statuses = await manager.setBreakpoints('a.c', [{ address: flash(0x20) }, { address: flash(0x30) }]);
    assert.ok(statuses.every((s) => s.verified));
    assert.deepEqual([...target.installed.keys()].sort(), [flash(0x20), flash(0x30)]);
    assert.equal(target.calls.filter((c) => c === `add 0x${flash(0x20).toString(16)}`).length, 1, 'a kept breakpoint is not set twice');
  });

  it('two groups share one physical breakpoint; it goes when the last owner lets go', async () => {
    const target = new FakeTarget();
    const manager = new BreakpointManager(target);
    await manager.setBreakpoints('a.c', [{ address: flash(0x10) }]);
    const [shared] = await manager.setBreakpoints('instruction', [{ address: flash(0x10) }]);
    assert.equal(shared.verified, true);
    await manager.setBreakpoints('a.c', []);
    assert.ok(target.installed.has(flash(0x10)));
    await manager.setBreakpoints('instruction', []);
    assert.equal(target.installed.size, 0);
  });

  it('a temporary breakpoint at a user breakpoint shares it and its removal leaves the user one', async () => {
    const target = new FakeTarget();
    const manager = new BreakpointManager(target);
    await manager.setBreakpoints('a.c', [{ address: flash(0x10) }]);
    const temporary = await manager.addTemporary(flash(0x10));
    const other = await manager.addTemporary(flash(0x40));
    assert.ok(target.installed.has(flash(0x40)));
    await temporary.remove();
    await other.remove();
    await other.remove();
    assert.deepEqual([...target.installed.keys()], [flash(0x10)]);
    assert.equal(manager.hasUserBreakpoint(flash(0x10)), true);
    assert.equal(manager.hasUserBreakpoint(flash(0x40)), false);
  });

  it('says what the verified user breakpoints at an address were set for: a function, or undefined for a line', async () => {
    const target = new FakeTarget();
    const manager = new BreakpointManager(target);
    await manager.setBreakpoints('function', [{ address: flash(0x10), key: '1', functionName: 'dispatch' }, { address: flash(0x10), key: '2', functionName: 'classify' }]);
    await manager.setBreakpoints('a.c', [{ address: flash(0x10) }]);
    await manager.addTemporary(flash(0x40));
    assert.deepEqual(manager.userBreakpointFunctionsAt(flash(0x10)), ['dispatch', 'classify', undefined]);
    assert.deepEqual(manager.userBreakpointFunctionsAt(flash(0x40)), [], 'a temporary breakpoint is no user breakpoint');
    await manager.setBreakpoints('function', []);
    assert.deepEqual(manager.userBreakpointFunctionsAt(flash(0x10)), [undefined]);
  });

  it('removeTemporaries keeps user breakpoints', async () => {
    const target = new FakeTarget();
    const manager = new BreakpointManager(target);
    await manager.setBreakpoints('a.c', [{ address: flash(0x10) }]);
    await manager.addTemporary(flash(0x10));
    await manager.addTemporary(flash(0x20));
    await manager.removeTemporaries();
    assert.deepEqual([...target.installed.keys()], [flash(0x10)]);
  });

  it('a temporary breakpoint beyond the budget rejects with the reason', async () => {
    const target = new FakeTarget({ hardwareBreakpoints: 1, watchpoints: 0 });
    const manager = new BreakpointManager(target);
    await manager.setBreakpoints('a.c', [{ address: flash(0x10) }]);
    await assert.rejects(manager.addTemporary(flash(0x20)), /comparators in use/);
  });

  it('an unverified breakpoint is verified (with an event) once another group frees a comparator', async () => {
    const target = new FakeTarget({ hardwareBreakpoints: 1, watchpoints: 0 });
    const manager = new BreakpointManager(target);
    await manager.setBreakpoints('a.c', [{ address: flash(0x10) }]);
    const [refused] = await manager.setBreakpoints('b.c', [{ address: flash(0x20) }]);
    assert.equal(refused.verified, false);
    const changed = manager.changed.next();
    await manager.setBreakpoints('a.c', []);
    const event = await changed;
    assert.deepEqual(event, { group: 'b.c', status: { address: flash(0x20), verified: true, kind: 'hardware' } });
  });

  it('reapply sets every user breakpoint again and drops temporaries', async () => {
    const target = new FakeTarget();
    const manager = new BreakpointManager(target);
    await manager.setBreakpoints('a.c', [{ address: flash(0x10) }, { address: RAM_BASE }]);
    await manager.addTemporary(flash(0x30));
    target.installed.clear(); // what a backend that forgot its breakpoints looks like
    await manager.reapply();
    assert.deepEqual([...target.installed.keys()].sort(), [flash(0x10), RAM_BASE].sort());
    assert.deepEqual(manager.statuses().get('a.c')!.map((s) => s.verified), [true, true]);
  });
});
