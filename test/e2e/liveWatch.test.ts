// Live watch (`openocd.liveRead`, issue 15) on the simulated board with real OpenOCD 0.12: the main
// loop's counter read while running rises, each value between OpenOCD's read_memory before and
// after it; one Tcl round trip per refresh, counted; the values equal evaluate's at a stop;
// locals and registers need a halted target; at a stop values come from the stop's cache.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { CUSTOM_REQUESTS, type LiveReadResponseBody } from '../../src/adapter/api';
import { DapSession, E2E_TIMEOUT_MS } from './dapSession';

/** Globals, a static, members, an index, pointer chains and a cast: what the view is for. */
const EXPRESSIONS = ['loop_count', 'g_record.position', 'g_points[2].y', '*g_square_ptr', 'g_record_ptr->next->name', '(unsigned char)g_i32', 's_file_static', 'g_message'];

describe('live watch on the simulated board (Og)', { timeout: E2E_TIMEOUT_MS * 2 }, () => {
  let dap: DapSession;
  const liveRead = async (args: Record<string, unknown>): Promise<LiveReadResponseBody> => (await dap.client.customRequest(CUSTOM_REQUESTS.liveRead, args)).body as LiveReadResponseBody;
  const loopCount = async (): Promise<number> => Number((await dap.tcl(`read_memory 0x${dap.symbol('loop_count').toString(16)} 32 1`)).trim());
  const pause = async (): Promise<void> => {
    const stopped = dap.client.waitForEvent('stopped') as Promise<DebugProtocol.StoppedEvent>;
    await dap.client.pauseRequest({ threadId: 1 });
    await stopped;
  };
  const resume = async (): Promise<void> => {
    await dap.client.continueRequest({ threadId: 1 });
  };

  before(async () => {
    dap = await DapSession.start('Og', { preload: true });
    await dap.launch({ load: false, runToEntryPoint: 'main' });
  });
  after(async () => dap?.close());

  it('reads the loop counter while running: it rises, each value bracketed by read_memory, one round trip per refresh', async () => {
    await resume();
    const seen: number[] = [];
    const trips: number[] = [];
    for (let refresh = 0; refresh < 40 && (seen.length < 6 || seen[seen.length - 1] - seen[0] < 3); refresh++) {
      const before = await loopCount();
      const tripsBefore = dap.session.roundTrips;
      const body = await liveRead({ expressions: EXPRESSIONS, expand: ['g_record.position'] });
      trips.push(dap.session.roundTrips - tripsBefore);
      const after = await loopCount();
      assert.equal(body.running, true);
      const value = Number(body.values[0].value);
      assert.ok(before <= value && value <= after, `loop_count ${value} read live is not between read_memory's ${before} and ${after}`);
      seen.push(value);
    }
    assert.ok(seen.every((value, k) => k === 0 || value >= seen[k - 1]), `loop_count went down: ${seen.join(', ')}`);
    assert.ok(seen[seen.length - 1] - seen[0] >= 3, `loop_count did not rise across refreshes: ${seen.join(', ')}`);
    console.log(`live watch: ${EXPRESSIONS.length} expressions + 1 expanded, round trips per refresh: ${trips.join(' ')}`);
    assert.ok(trips[0] >= 1, 'the first refresh read nothing');
    // The continue's early halt checks (at most 4, in its first 35 ms) may land among the first
    // refreshes; beyond them a refresh is one round trip. At least 5 refreshes follow the first,
    // so two round trips per refresh would exceed the bound.
    const later = trips.slice(1);
    assert.ok(later.length >= 5 && later.every((count) => count >= 1), `round trips per refresh: ${trips.join(' ')}`);
    assert.ok(later.reduce((sum, count) => sum + count, 0) <= later.length + 4, `a refresh after the first costs more than one Tcl round trip: ${trips.join(' ')}`);
  });

  it('shows the values evaluate shows at a stop, with children of an expanded struct', async () => {
    const live = await liveRead({ expressions: EXPRESSIONS, expand: ['g_record.position', 'g_record_ptr'] });
    await pause();
    const frameId = (await dap.frames(1))[0].id;
    const evaluated = await Promise.all(EXPRESSIONS.slice(1).map(async (expression) => (await dap.client.evaluateRequest({ expression, frameId, context: 'watch' })).body));
    assert.deepEqual(live.values.slice(1).map((row) => [row.value, row.type]), evaluated.map((body) => [body.result, body.type]));
    assert.deepEqual(live.children['g_record.position'].map((row) => `${row.name} = ${row.value}`), ['x = 100', 'y = -200']);
    assert.deepEqual(live.children['g_record.position'].map((row) => row.evaluateName), ['(g_record.position).x', '(g_record.position).y']);
    const [target] = live.children.g_record_ptr;
    assert.equal(target.name, '*g_record_ptr');
    assert.equal(target.expandable, true);
    await resume();
  });

  it('says that locals and registers need a halted target while running; a wrong name says so', async () => {
    const body = await liveRead({ expressions: ['seen_tick', '$pc', 'loop_count + nope', 'g_record.nope'] });
    assert.equal(body.running, true);
    assert.deepEqual(body.values.map((row) => row.error), [
      'seen_tick is a local variable or argument: reading it needs a halted target',
      '$pc is a register: reading it needs a halted target',
      'No symbol "nope" in current context. at column 14',
      'There is no member named nope. at column 9',
    ]);
  });

  it('at a stop reads locals of the innermost frame, and a second refresh costs no round trip (the stop cache)', async () => {
    await pause();
    const first = await liveRead({ expressions: ['loop_count', '$sp', 'g_points'] });
    assert.equal(first.running, false);
    assert.ok(first.values.every((row) => row.error === undefined), JSON.stringify(first.values));
    assert.equal(Number(first.values[0].value), await loopCount());
    const tripsBefore = dap.session.roundTrips;
    const second = await liveRead({ expressions: ['loop_count', '$sp', 'g_points'] });
    assert.equal(dap.session.roundTrips - tripsBefore, 0);
    assert.deepEqual(second, first);
  });

  it('refuses arguments that are not lists of strings, naming them', async () => {
    const refusal = await dap.client.customRequest(CUSTOM_REQUESTS.liveRead, { expressions: 'loop_count' }).then(() => 'accepted', (error: Error) => error.message);
    assert.equal(refusal, 'openocd.liveRead: "expressions" must be a list of strings; got "loop_count"');
  });
});
