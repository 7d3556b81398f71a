// DAP scenarios of the Variables view on the simulated board at -O0, -Og and -O2, with GDB on the
// same OpenOCD as the oracle: every frame's Locals (5 deep in the recursion and in main's loop),
// Statics, Globals and their children as GDB prints them, format.hex, memory references, and the
// Tcl round trips opening Locals costs.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { lineOf } from '../engine/program/sourceLines';
import { firmwareDir, optimizationLevels } from '../helpers/firmware';
import { E2E_TIMEOUT_MS } from './dapSession';
import { VariablesBoard } from './variablesBoard';

/** `name = value` lines of GDB's `info args` + `info locals` output. */
function gdbInfoLines(block: string): string[] {
  return block.split('\n').filter((line) => / = /.test(line) && !/^#\d/.test(line) && !/^\d+\t/.test(line));
}

/** Matches our `name = value` lines against GDB's (each GDB line used once); what differs. */
function differences(where: string, mine: readonly string[], gdb: readonly string[]): string[] {
  const remaining = [...gdb];
  const found: string[] = [];
  for (const line of mine) {
    const exact = remaining.indexOf(line);
    if (exact >= 0) remaining.splice(exact, 1);
    else found.push(`${where}: mine ${line}, gdb ${remaining.find((l) => l.startsWith(line.slice(0, line.indexOf(' = ') + 3))) ?? 'none'}`);
  }
  return [...found, ...remaining.map((line) => `${where}: only GDB shows ${line}`)];
}

for (const level of optimizationLevels) {
  describe(`Variables view vs GDB print (${level})`, { timeout: 4 * E2E_TIMEOUT_MS }, () => {
    let board: VariablesBoard;
    before(async () => {
      board = await VariablesBoard.start(level);
    });
    after(async () => board?.close());

    const client = () => board.dap.client;
    const scope = async (frameId: number, name: string): Promise<DebugProtocol.Scope> => {
      const found = (await client().scopesRequest({ frameId })).body.scopes.find((s) => s.name === name);
      assert.ok(found, `no ${name} scope`);
      return found;
    };
    const rows = async (variablesReference: number, format?: DebugProtocol.ValueFormat): Promise<DebugProtocol.Variable[]> =>
      (await client().variablesRequest({ variablesReference, format } as DebugProtocol.VariablesArguments)).body.variables;
    const lines = (variables: readonly DebugProtocol.Variable[]) => variables.map((v) => `${v.name} = ${v.value}`);
    /** GDB frame numbers of our frames: GDB also numbers `<signal handler called>` and inlined calls at their entry. */
    const gdbFrameNumbers = async (ours: readonly DebugProtocol.StackFrame[]): Promise<number[]> => {
      const backtrace = (await board.gdb(['bt'])).split('\n').filter((line) => /^#\d+/.test(line) && !line.includes('<signal handler called>'));
      const shift = backtrace.length - ours.length;
      assert.ok(shift >= 0 && backtrace[shift].includes(` ${ours[0].name} `), `GDB's bt ${JSON.stringify(backtrace)} vs ${ours.map((f) => f.name)}`);
      return ours.map((_, k) => Number(/^#(\d+)/.exec(backtrace[k + shift])![1]));
    };

    it('opens Locals in at most one Tcl round trip per frame, 5 deep in the recursion; expanding a struct reads at most once more', async () => {
      assert.equal((await board.stopAtFunction('recursion_bottom')).body.reason, 'breakpoint');
      const frames = await board.dap.frames(64);
      assert.equal(frames[0].name, 'recursion_bottom');
      assert.ok(frames.filter((f) => f.name === 'recurse').length >= 5, `frames: ${frames.map((f) => f.name)}`);
      assert.equal(frames[frames.length - 1].name, 'main');
      const counts: number[] = [];
      for (const frame of [frames[0], frames[3], frames[frames.length - 1]]) {
        const locals = await scope(frame.id, 'Locals');
        const before = board.dap.session.roundTrips;
        await rows(locals.variablesReference);
        counts.push(board.dap.session.roundTrips - before);
      }
      const globals = await scope(frames[0].id, 'Globals');
      assert.equal(globals.expensive, true);
      const beforeGlobals = board.dap.session.roundTrips;
      const record = (await rows(globals.variablesReference)).find((v) => v.name === 'g_record')!;
      const globalsTrips = board.dap.session.roundTrips - beforeGlobals;
      const before = board.dap.session.roundTrips;
      const members = await rows(record.variablesReference);
      const expand = board.dap.session.roundTrips - before;
      console.log(`-${level}: Locals of recursion_bottom, recurse and main: ${counts.join(', ')} Tcl round trips; Globals: ${globalsTrips}; expanding g_record: ${expand}`);
      assert.ok(counts.every((count) => count <= 1), `round trips per Locals: ${counts}`);
      // Every global's bytes in one round trip, a second for the strings char pointers point at.
      assert.ok(globalsTrips <= 2, `opening Globals took ${globalsTrips} round trips`);
      assert.ok(expand <= 1, `expanding g_record took ${expand} round trips`);
      assert.deepEqual(members.map((m) => m.name), ['name', 'position', 'color', 'status', 'gain', 'next', 'combine']);
      // An array pages its elements: the client asks for [start, start+count) of the indexed children.
      const squares = (await rows(globals.variablesReference)).find((v) => v.name === 'g_squares')!;
      assert.equal(squares.indexedVariables, 8);
      const page = (await client().variablesRequest({ variablesReference: squares.variablesReference, filter: 'indexed', start: 2, count: 3 })).body.variables;
      assert.deepEqual(page.map((v) => `${v.name} = ${v.value}`), ['[2] = 4', '[3] = 9', '[4] = 16']);
      assert.deepEqual((await client().variablesRequest({ variablesReference: squares.variablesReference, filter: 'named' })).body.variables, []);
    });

    /** Every frame's Locals against GDB's `frame N` + `info args` + `info locals`; logs the figures. */
    const compareEveryFrame = async (where: string): Promise<{ frames: DebugProtocol.StackFrame[]; mine: string[][]; found: string[] }> => {
      const frames = await board.dap.frames(64);
      const mine: string[][] = [];
      for (const frame of frames) mine.push(lines(await rows((await scope(frame.id, 'Locals')).variablesReference)));
      const numbers = await gdbFrameNumbers(frames);
      const blocks = await board.gdbBlocks(numbers.map((n) => [`frame ${n}`, 'info args', 'info locals']));
      const found = frames.flatMap((frame, k) => differences(`frame ${k} ${frame.name}`, mine[k], gdbInfoLines(blocks[k])));
      const compared = mine.flat().length;
      const optimizedOut = mine.flat().filter((line) => line.includes('<optimized out>')).length;
      console.log(`-${level} ${where}: ${compared - found.length} of ${compared} Locals in ${frames.length} frames (${frames.map((f) => f.name).join(" < ")}) identical to GDB (${optimizedOut} optimized out)`);
      return { frames, mine, found };
    };

    it("shows every frame's Locals as GDB's frame N + info args/locals (optimized out where GDB says so)", async () => {
      const { frames, mine, found } = await compareEveryFrame('5 deep');
      assert.deepEqual(found, []);
      assert.ok(mine[frames.length - 1].some((line) => line.startsWith('seen_tick = ')), `main's locals: ${mine[frames.length - 1]}`);
    });

    it('shows Statics and Globals as GDB prints them, their children recursively by evaluateName, each with its memory reference', async () => {
      const [top] = await board.dap.frames(1);
      const statics = await rows((await scope(top.id, 'Statics')).variablesReference);
      const globals = await rows((await scope(top.id, 'Globals')).variablesReference);
      assert.ok(globals.length >= 45, `expected the firmware's globals, got ${globals.length}`);
      // Children two levels down (structs, arrays, pointer targets), the first 10 of each.
      const children: DebugProtocol.Variable[] = [];
      let parents = globals.filter((v) => v.variablesReference > 0);
      for (let depth = 0; depth < 2; depth++) {
        const next: DebugProtocol.Variable[] = [];
        for (const parent of parents) next.push(...(await rows(parent.variablesReference)).slice(0, 10));
        children.push(...next);
        parents = next.filter((v) => v.variablesReference > 0);
      }
      // Anonymous members have no C name (GDB cannot print them either); their own members do.
      const anonymous = children.filter((row) => row.name.startsWith('<anonymous'));
      const shown = [...statics, ...globals, ...children].filter((row) => !anonymous.includes(row));
      for (const row of shown) assert.ok(row.evaluateName, `${row.name} has no evaluateName`);
      const theirs = await board.gdbPrints(shown.map((row) => row.evaluateName!));
      const found = shown.flatMap((row, k) => (row.value === theirs[k] ? [] : [`${row.evaluateName}: mine ${row.value}, gdb ${theirs[k]}`]));
      console.log(`-${level}: ${shown.length - found.length} of ${shown.length} Statics, Globals and children identical to GDB print (${children.length} children)`);
      assert.deepEqual(found, []);
      for (const global of globals) {
        assert.equal(Number(global.memoryReference), board.dap.symbol(global.name), `${global.name}'s memoryReference`);
      }
    });

    it('honours format.hex as GDB print/x', async () => {
      const [top] = await board.dap.frames(1);
      const globals = await rows((await scope(top.id, 'Globals')).variablesReference, { hex: true });
      const theirs = await board.gdbPrints(globals.map((row) => `/x ${row.evaluateName}`));
      const found = globals.flatMap((row, k) => (row.value === theirs[k] ? [] : [`${row.name}: mine ${row.value}, gdb ${theirs[k]}`]));
      assert.deepEqual(found, []);
    });

    it("sets a data breakpoint on a global of the Variables view; it stops where the variable is written", async () => {
      const [top] = await board.dap.frames(1);
      const globals = (await scope(top.id, 'Globals')).variablesReference;
      await rows(globals);
      const info = (await client().dataBreakpointInfoRequest({ variablesReference: globals, name: 'g_last_result' })).body;
      assert.equal(info.dataId, `0x${board.dap.symbol('g_last_result').toString(16).padStart(8, '0')}:4`);
      const registers = (await scope(top.id, 'Registers')).variablesReference;
      assert.equal((await client().dataBreakpointInfoRequest({ variablesReference: registers, name: 'pc' })).body.dataId, null);
      const set = await client().setDataBreakpointsRequest({ breakpoints: [{ dataId: info.dataId!, accessType: 'write' }] });
      assert.equal(set.body.breakpoints[0].verified, true);
      const stopped = client().waitForEvent('stopped') as Promise<DebugProtocol.StoppedEvent>;
      await client().continueRequest({ threadId: 1 });
      assert.equal((await stopped).body.reason, 'data breakpoint');
      await client().setDataBreakpointsRequest({ breakpoints: [] });
      const [gdb] = await board.gdbPrints(['g_last_result']);
      const [frame] = await board.dap.frames(1);
      assert.equal((await client().evaluateRequest({ expression: 'g_last_result', frameId: frame.id, context: 'watch' })).body.result, gdb);
    });

    it("shows the Locals of the inlined scale_inline's frame and of its callers as GDB does", async () => {
      const path = `${firmwareDir}/workload.c`;
      assert.equal((await board.stopAtLine(path, lineOf('workload.c', 'return scaled + 1;'))).body.reason, 'breakpoint');
      const { frames, found } = await compareEveryFrame('in the inlined scale_inline');
      // At -O2 the line's address is the inlined call's first instruction: the stack view hides
      // an inlined call at its entry until a step enters it, as GDB does at its own breakpoints.
      if (level !== 'O2') assert.equal(frames[0].name, 'scale_inline');
      assert.deepEqual(found, []);
    });

    it("shows main's Locals and Statics at a stop in main's loop as GDB does", async () => {
      const path = `${firmwareDir}/main.c`;
      assert.equal((await board.stopAtLine(path, lineOf('main.c', 'work_step(loop_count);'))).body.reason, 'breakpoint');
      const [top] = await board.dap.frames(1);
      assert.equal(top.name, 'main');
      const locals = lines(await rows((await scope(top.id, 'Locals')).variablesReference));
      const statics = await rows((await scope(top.id, 'Statics')).variablesReference);
      const [block] = await board.gdbBlocks([['info args', 'info locals']]);
      const theirs = await board.gdbPrints(statics.map((row) => row.evaluateName!));
      const found = [
        ...differences('main', locals, gdbInfoLines(block)),
        ...statics.flatMap((row, k) => (row.value === theirs[k] ? [] : [`${row.name}: mine ${row.value}, gdb ${theirs[k]}`])),
      ];
      console.log(`-${level} in main's loop: ${locals.length + statics.length - found.length} of ${locals.length + statics.length} Locals and Statics identical to GDB`);
      assert.deepEqual(found, []);
      assert.ok(locals.length > 0);
    });
  });
}
