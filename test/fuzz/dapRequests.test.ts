// Fuzz of the adapter over DAP: the bundled adapter (node dist/adapter.js) in a live session on the
// simulated board with real OpenOCD gets requests with wrong, missing or plausible arguments in
// random order, some sent together. Each gets exactly one response, never an internal error; the
// adapter stays alive and a final valid request still works.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { withTimeout } from '../../src/common';
import { firmwareDir, firmwareElf } from '../helpers/firmware';
import { simLaunchConfig } from '../e2e/dapSession';
import { NASTY_STRINGS } from '../openocd/nastyStrings';
import { startSim } from '../sim/startSim';
import { DapWire } from './dapWire';
import { fuzzCases, fuzzPrng, replayHint, type Prng } from './prng';

const RESPONSE_MS = 30_000;

/**
 * Requests and their argument names. Left out: disconnect/terminate (they end the session, sent
 * last), openocd.command (raw Tcl by design), openocd.erase and openocd.program (they would wipe
 * the firmware the rest runs on; their checks share argumentReader with the requests here).
 */
const REQUESTS: Readonly<Record<string, readonly string[]>> = {
  initialize: ['adapterID', 'linesStartAt1'], launch: ['executable'], attach: ['tclPort'], configurationDone: [], threads: [],
  setBreakpoints: ['source', 'breakpoints', 'lines'], setFunctionBreakpoints: ['breakpoints'], setInstructionBreakpoints: ['breakpoints'],
  dataBreakpointInfo: ['variablesReference', 'name', 'frameId', 'asAddress', 'bytes'], setDataBreakpoints: ['breakpoints'],
  setExceptionBreakpoints: ['filters', 'filterOptions'], exceptionInfo: ['threadId'], continue: ['threadId'], pause: ['threadId'],
  next: ['threadId', 'granularity'], stepIn: ['threadId', 'granularity'], stepOut: ['threadId', 'granularity'],
  stackTrace: ['threadId', 'startFrame', 'levels'], scopes: ['frameId'], variables: ['variablesReference', 'start', 'count', 'filter', 'format'],
  setVariable: ['variablesReference', 'name', 'value', 'format'], setExpression: ['expression', 'value', 'frameId'],
  readMemory: ['memoryReference', 'offset', 'count'], writeMemory: ['memoryReference', 'offset', 'data'],
  disassemble: ['memoryReference', 'offset', 'instructionOffset', 'instructionCount', 'resolveSymbols'],
  evaluate: ['expression', 'frameId', 'context', 'format'], restart: [], source: ['sourceReference'], completions: ['text', 'column'],
  'openocd.targets': [], 'openocd.reset': ['mode', 'threadId'], 'openocd.flashBanks': [], 'openocd.verify': ['path', 'address'],
  'openocd.svdLoad': ['path'], 'openocd.svdWatch': ['paths', 'threadId'], 'openocd.svdRead': ['paths', 'force', 'threadId'],
  'openocd.svdWrite': ['path', 'value', 'threadId'], 'openocd.liveRead': ['expressions', 'expand', 'hex', 'threadId'],
  'openocd.rttWrite': ['channel', 'data'], 'no.such.request': ['x'],
};

/** Values that make sense for an argument name on this board (so requests reach past their checks). */
function plausible(random: Prng, name: string, seen: { frameIds: number[]; references: number[] }): unknown {
  const mainC = join(firmwareDir, 'main.c');
  const values: Record<string, unknown[]> = {
    threadId: [1, 2, 0], frameId: [...seen.frameIds, 0, 99999], variablesReference: [...seen.references, 0, 1, 99999],
    expression: ['loop_count', 'loop_count + 1', '$pc', 'g_nope', '*(int*)0', 'loop_count = 3'], value: ['1', '0x10', 'x', ''], name: ['loop_count', 'r0', 'nope'],
    memoryReference: ['0x20000000', '0x08000000', '0x20000000@2', 'zz', ''], count: [0, 4, 64, -1], offset: [0, 4, -8], data: ['AAAA', '!!', ''],
    source: [{ path: mainC }, { path: 'nope.c' }, {}], breakpoints: [[{ line: 19 }], [{ line: 19, condition: 'loop_count > 2' }], [{ name: 'main' }], [{ instructionReference: '0x08000100' }], [{ dataId: 'x', accessType: 'write' }], []],
    lines: [[19], [0]], granularity: ['instruction', 'line', 'statement', 'x'], context: ['watch', 'hover', 'repl', 'clipboard', 'variables'],
    filters: [['hardfault'], [], ['nope']], mode: ['halt', 'run', 'init', 'nope'], path: ['GPIOA/MODER', join(firmwareDir, 'nope.bin'), ''], paths: [['GPIOA/MODER'], []],
    expressions: [['loop_count'], []], instructionCount: [4, 0, 2000], startFrame: [0, 5], levels: [1, 20], format: [{ hex: true }, {}],
  };
  const options = values[name];
  return options && options.length > 0 ? random.pick(options) : undefined;
}

/** A random JSON value of any type, strings from the nasty list (none starts with '>'). */
function anyJson(random: Prng, depth = 0): unknown {
  switch (random.int(depth > 1 ? 5 : 7)) {
    case 0: return null;
    case 1: return random.chance(0.5);
    case 2: return random.pick([0, -1, 1, 1.5, 2 ** 53, -(2 ** 31), 1e300]);
    case 3: case 4: return random.pick(NASTY_STRINGS);
    case 5: return Array.from({ length: random.int(3) }, () => anyJson(random, depth + 1));
    default: return { line: anyJson(random, depth + 1), path: anyJson(random, depth + 1) };
  }
}

/** The `arguments` of one request: absent, not an object, or fields absent / plausible / of any type. */
function argumentsFor(random: Prng, names: readonly string[], seen: { frameIds: number[]; references: number[] }): unknown {
  const shape = random.int(10);
  if (shape === 0) return undefined;
  if (shape === 1) return anyJson(random);
  const args: Record<string, unknown> = {};
  for (const name of names) {
    const choice = random.int(3);
    if (choice === 1) args[name] = plausible(random, name, seen) ?? anyJson(random);
    else if (choice === 2) args[name] = anyJson(random);
  }
  return args;
}

describe('fuzzed DAP requests against a live session', { timeout: 600_000 }, () => {
  it(`${fuzzCases(200)} requests with wrong or missing arguments each get one response and no internal error`, async () => {
    assert.ok(existsSync(join(__dirname, '..', '..', 'dist', 'adapter.js')), 'dist/adapter.js is not built: run npm run build');
    const sim = await startSim({ cyclesPerSecond: 8_000_000 });
    const wire = DapWire.start();
    const random = fuzzPrng(0xda9);
    const sent: { seq: number; command: string; args: unknown; hint: string }[] = [];
    const seen = { frameIds: [] as number[], references: [] as number[] };
    /** Internal errors (a TypeError where a check should name the argument), one example each. */
    const internal = new Map<string, string>();
    try {
      assert.equal((await wire.response(wire.send('initialize', { adapterID: 'openocd', linesStartAt1: true, columnsStartAt1: true, pathFormat: 'path' }), RESPONSE_MS)).success, true);
      const stopped = wire.event('stopped', RESPONSE_MS * 2);
      const launched = await wire.response(wire.send('launch', simLaunchConfig(sim.port, firmwareElf('O0'), { runToEntryPoint: 'main' })), RESPONSE_MS * 2);
      assert.equal(launched.success, true, launched.message);
      await wire.response(wire.send('configurationDone'), RESPONSE_MS);
      await stopped;

      const commands = Object.keys(REQUESTS);
      for (let i = 0; i < fuzzCases(200);) {
        // Mostly one at a time, sometimes a burst sent before any answer.
        const burst = random.chance(0.2) ? 2 + random.int(3) : 1;
        const batch = Array.from({ length: burst }, () => {
          const command = random.pick(commands);
          const args = argumentsFor(random, REQUESTS[command], seen);
          const hint = `${replayHint(random, i++)}: ${command} ${JSON.stringify(args)}`;
          return { seq: wire.send(command, args), command, args, hint };
        });
        sent.push(...batch);
        for (const { seq, command, hint } of batch) {
          const response = await wire.response(seq, RESPONSE_MS).catch((error: Error) =>
            assert.fail(`${hint}: ${error.message}; the requests before it:\n${sent.slice(-10).map((s) => `  ${s.hint}`).join('\n')}`),
          );
          assert.equal(response.command, command, hint);
          const error = (response.body as { error?: { format?: string } } | undefined)?.error?.format ?? '';
          if (!response.success && error.startsWith('internal error')) internal.set(`${command}: ${error}`, hint);
          const body = response.body as { stackFrames?: { id: number }[]; scopes?: { variablesReference: number }[]; variables?: { variablesReference: number }[] } | undefined;
          seen.frameIds.push(...(body?.stackFrames ?? []).map((f) => f.id));
          seen.references.push(...[...(body?.scopes ?? []), ...(body?.variables ?? [])].map((v) => v.variablesReference).filter((r) => r > 0));
        }
        assert.ok(wire.alive, `the adapter exited after ${batch.map((b) => b.hint).join('; ')}:\n${wire.stderr.join('')}`);
      }
      assert.deepEqual([...internal].map(([error, hint]) => `${error}\n    after ${hint}`), [], 'internal errors');
      // Nothing answered twice, and the session still works.
      for (const { seq, hint } of sent) assert.equal(wire.responses.get(seq)?.length, 1, `${hint}: ${wire.responses.get(seq)?.length} responses`);
      const threads = await wire.response(wire.send('threads'), RESPONSE_MS);
      assert.equal(threads.success, true, threads.message);
      const disconnected = await wire.response(wire.send('disconnect', { terminateDebuggee: true }), RESPONSE_MS);
      assert.equal(disconnected.success, true, disconnected.message);
      // It ends by itself after the disconnect (its OpenOCD watchdog then stops OpenOCD).
      await withTimeout(wire.exited.promise, 10_000, () => new Error('the adapter still runs 10 s after disconnect'));
    } finally {
      await wire.stop();
      await sim.stop();
    }
  });
});
