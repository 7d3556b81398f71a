// The Live Watch list: kept in the workspace store in the user's order; add, edit, remove, move;
// blank expressions and wrong positions refused with a message that names them.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LiveWatchList, type ListStore } from '../../../src/extension/liveWatch/liveWatchList';

/** A workspaceState stand-in that keeps what was stored as JSON, as VS Code does. */
function memoryStore(initial?: unknown): ListStore & { readonly saved: () => unknown } {
  let json = initial === undefined ? undefined : JSON.stringify(initial);
  return {
    get: <T>(): T | undefined => (json === undefined ? undefined : (JSON.parse(json) as T)),
    update: async (_key, value) => void (json = JSON.stringify(value)),
    saved: () => (json === undefined ? undefined : JSON.parse(json)),
  };
}

describe('LiveWatchList', () => {
  it('adds, edits, moves and removes, and a new list over the same store reads the same order', async () => {
    const store = memoryStore();
    const list = new LiveWatchList(store);
    await list.add(' loop_count ');
    await list.add('g_record.position');
    await list.add('*g_square_ptr');
    await list.move(2, -1);
    await list.edit(0, 'loop_count * 2');
    assert.deepEqual(list.expressions, ['loop_count * 2', '*g_square_ptr', 'g_record.position']);
    await list.move(0, -1);
    await list.move(2, 1);
    assert.deepEqual(new LiveWatchList(store).expressions, ['loop_count * 2', '*g_square_ptr', 'g_record.position']);
    await list.remove(1);
    assert.deepEqual(store.saved(), ['loop_count * 2', 'g_record.position']);
    await list.removeAll();
    assert.deepEqual(new LiveWatchList(store).expressions, []);
  });

  it('refuses a blank expression and a position outside the list; ignores a stored value that is not a list of strings', async () => {
    const list = new LiveWatchList(memoryStore(['a', 7, 'b']));
    assert.deepEqual(list.expressions, ['a', 'b']);
    await assert.rejects(() => list.add('  '), { message: 'live watch: an expression must not be blank; got "  "' });
    await assert.rejects(() => list.remove(5), { message: 'live watch: no expression at position 5 (the list has 2)' });
    assert.deepEqual(new LiveWatchList(memoryStore({ a: 1 })).expressions, []);
  });
});
