// DAP scenarios of evaluate, setVariable and setExpression on the simulated board at -O0, -Og and
// -O2, GDB on the same OpenOCD as the oracle: the expression table (watch), hover and repl, and a
// write of each kind read back through OpenOCD's read_memory and with GDB's print.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { optimizationLevels } from '../helpers/firmware';
import { EXPRESSION_TABLE } from '../engine/expressions/expressionTable';
import { E2E_TIMEOUT_MS } from './dapSession';
import { VariablesBoard } from './variablesBoard';

for (const level of optimizationLevels) {
  describe(`evaluate and setVariable vs GDB (${level})`, { timeout: 4 * E2E_TIMEOUT_MS }, () => {
    let board: VariablesBoard;
    before(async () => {
      board = await VariablesBoard.start(level);
      assert.equal((await board.stopAtFunction('recursion_bottom')).body.reason, 'breakpoint');
    });
    after(async () => board?.close());

    const client = () => board.dap.client;
    const topFrameId = async (): Promise<number> => (await board.dap.frames(1))[0].id;
    const failure = (promise: Promise<unknown>): Promise<string> =>
      promise.then(
        () => 'succeeded',
        (error: Error) => error.message,
      );
    const scopeRows = async (name: string): Promise<{ reference: number; rows: DebugProtocol.Variable[] }> => {
      const scope = (await client().scopesRequest({ frameId: await topFrameId() })).body.scopes.find((s) => s.name === name)!;
      return { reference: scope.variablesReference, rows: (await client().variablesRequest({ variablesReference: scope.variablesReference })).body.variables };
    };
    /** Little-endian value of `byteSize` bytes at `address`, read with OpenOCD's read_memory through the debug console. */
    const readBack = async (address: number, byteSize: number): Promise<bigint> => {
      const bytes = (await board.dap.tcl(`read_memory 0x${address.toString(16)} 8 ${byteSize}`)).trim().split(/\s+/).map((b) => BigInt(b));
      return bytes.reduceRight((value, byte) => (value << 8n) | byte, 0n);
    };

    it('evaluates the expression table (watch) as GDB prints it; errors say where', async () => {
      const frameId = await topFrameId();
      const mine: string[] = [];
      for (const expression of EXPRESSION_TABLE) {
        const answer = await client()
          .evaluateRequest({ expression, frameId, context: 'watch' })
          .then((response) => response.body.result, (error: Error) => error.message);
        mine.push(answer);
      }
      const theirs = await board.gdbPrints(EXPRESSION_TABLE);
      // GDB's messages carry no column; ours end with one.
      const found = EXPRESSION_TABLE.flatMap((expression, k) => (mine[k].replace(/ at column \d+$/, '') === theirs[k] ? [] : [`${expression}: mine ${mine[k]} | gdb ${theirs[k]}`]));
      console.log(`-${level}: ${EXPRESSION_TABLE.length - found.length} of ${EXPRESSION_TABLE.length} expressions through DAP evaluate identical to GDB print`);
      assert.deepEqual(found, []);
      assert.match(mine[EXPRESSION_TABLE.indexOf('g_record.nope')], /at column \d+$/);
    });

    it('answers hover, clipboard and repl with C expressions; > keeps raw OpenOCD commands; format.hex', async () => {
      const frameId = await topFrameId();
      const hover = await client().evaluateRequest({ expression: 'g_record', frameId, context: 'hover' });
      assert.ok(hover.body.variablesReference > 0, 'a struct hovered can be expanded');
      const members = (await client().variablesRequest({ variablesReference: hover.body.variablesReference })).body.variables;
      assert.deepEqual(members.map((m) => m.name), ['name', 'position', 'color', 'status', 'gain', 'next', 'combine']);
      // "Add to Watch" on a member: its evaluateName gives the same value.
      for (const member of members) {
        assert.equal((await client().evaluateRequest({ expression: member.evaluateName!, frameId, context: 'watch' })).body.result, member.value, member.evaluateName);
      }
      assert.match(await failure(client().evaluateRequest({ expression: 'no_such_name', frameId, context: 'hover' })), /no_such_name/);
      const [gdbHex, gdbRecord] = await board.gdbPrints(['/x g_u16', 'g_record']);
      assert.equal((await client().evaluateRequest({ expression: 'g_u16', frameId, context: 'watch', format: { hex: true } })).body.result, gdbHex);
      assert.equal((await client().evaluateRequest({ expression: 'g_record', frameId, context: 'clipboard' })).body.result, gdbRecord);
      const repl = await client().evaluateRequest({ expression: 'g_squares[2] + 1', frameId, context: 'repl' });
      assert.equal(repl.body.result, '5');
      assert.equal(await failure(client().evaluateRequest({ expression: 'mdw 0x20000000', frameId, context: 'repl' })), "unexpected '0x20000000' at column 5; run an OpenOCD command with '>' first: > mdw 0x20000000");
      const memoryReference = (await client().evaluateRequest({ expression: 'g_squares', frameId, context: 'watch' })).body.memoryReference;
      assert.equal(Number(memoryReference), board.dap.symbol('g_squares'));
      assert.match(await board.dap.tcl(`read_memory 0x${board.dap.symbol('g_u16').toString(16)} 16 1`), /^0xbeef\s*$/);
    });

    it('sets a scalar, an enum by name and by number, a pointer, a float, a bitfield and an array element; read back through OpenOCD and GDB', async () => {
      const globals = await scopeRows('Globals');
      const set = async (name: string, value: string) => (await client().setVariableRequest({ variablesReference: globals.reference, name, value })).body.value;
      assert.equal(await set('g_int', '7'), '7');
      assert.equal(await set('g_color', 'COLOR_RED'), 'COLOR_RED');
      assert.equal(await set('g_mode', '2'), (await board.gdbPrints(['(run_mode_t)2']))[0]);
      assert.match(await set('g_record_ptr', '&g_record_tail'), /^\(record_t \*\) 0x[0-9a-f]+ <g_record_tail>$/);
      assert.equal(await set('g_float', '-2.25'), '-2.25');
      // A bitfield: a child of a child, written by read-modify-write.
      const record = globals.rows.find((row) => row.name === 'g_record')!;
      const status = (await client().variablesRequest({ variablesReference: record.variablesReference })).body.variables.find((row) => row.name === 'status')!;
      await client().variablesRequest({ variablesReference: status.variablesReference });
      const [statusBefore] = await board.gdbPrints(['g_record.status']);
      assert.equal((await client().setVariableRequest({ variablesReference: status.variablesReference, name: 'mode', value: '3' })).body.value, '3');
      const setExpression: DebugProtocol.SetExpressionArguments = { expression: 'g_squares[2]', value: 'g_squares[3] * 2', frameId: await topFrameId() };
      const expression = (await client().send('setExpression', setExpression)) as DebugProtocol.SetExpressionResponse;
      assert.equal(expression.body.value, '18');

      const [gdbInt, gdbColor, gdbPtr, gdbFloat, gdbStatus, gdbSquare] = await board.gdbPrints(['g_int', 'g_color', 'g_record_ptr', 'g_float', 'g_record.status', 'g_squares[2]']);
      assert.deepEqual([gdbInt, gdbColor, gdbFloat, gdbSquare], ['7', 'COLOR_RED', '-2.25', '18']);
      assert.match(gdbPtr, /<g_record_tail>$/);
      assert.equal(gdbStatus, statusBefore.replace(/mode = \d+/, 'mode = 3'));
      assert.equal(await readBack(board.dap.symbol('g_int'), 4), 7n);
      assert.equal(await readBack(board.dap.symbol('g_record_ptr'), 4), BigInt(board.dap.symbol('g_record_tail')));
      assert.equal(await readBack(board.dap.symbol('g_float'), 4), 0xc0100000n);
      assert.equal(await readBack(board.dap.symbol('g_squares') + 8, 4), 18n);
    });

    it('refuses a write to flash with the reason, and a value that does not fit the type', async () => {
      const globals = await scopeRows('Globals');
      const message = await failure(client().setVariableRequest({ variablesReference: globals.reference, name: 'g_const_magic', value: '1' }));
      assert.match(message, /^cannot write 0x8[0-9a-f]+: it is read-only memory \(flash 0x8000000-0x[0-9a-f]+\)$/);
      assert.match(await failure(client().setVariableRequest({ variablesReference: globals.reference, name: 'g_color', value: 'COLOUR_PINK' })), /COLOUR_PINK/);
      assert.equal((await board.gdbPrints(['/x g_const_magic']))[0], '0xc0ffee00');
    });

    it('stops at a conditional breakpoint only when its C condition holds; one that cannot be evaluated stops and says why', async () => {
      const value = async (expression: string) => (await client().evaluateRequest({ expression, frameId: await topFrameId(), context: 'watch' })).body.result;
      const hits = Number(await value('recursion_bottom_hits'));
      const events: string[] = [];
      client().on('continued', () => events.push('continued'));
      client().once('stopped', () => events.push('stopped'));
      await client().setFunctionBreakpointsRequest({ breakpoints: [{ name: 'recursion_bottom', condition: `recursion_bottom_hits == ${hits + 3}` }] });
      const stopped = client().waitForEvent('stopped') as Promise<DebugProtocol.StoppedEvent>;
      await client().continueRequest({ threadId: 1 });
      assert.equal((await stopped).body.reason, 'breakpoint');
      // Two hits where the condition was false went by without the client seeing them: one
      // continued (the user's), one stop.
      assert.equal(await value('recursion_bottom_hits'), String(hits + 3));
      assert.deepEqual(events, ['continued', 'stopped']);
      client().removeAllListeners('continued');
      await client().setFunctionBreakpointsRequest({ breakpoints: [{ name: 'recursion_bottom', condition: 'no_such_name == 1' }] });
      const stoppedAgain = client().waitForEvent('stopped') as Promise<DebugProtocol.StoppedEvent>;
      await client().continueRequest({ threadId: 1 });
      assert.equal((await stoppedAgain).body.reason, 'breakpoint');
      assert.equal(await value('recursion_bottom_hits'), String(hits + 4));
      assert.ok(board.dap.output.some((line) => line.category === 'stderr' && line.text.includes("the breakpoint condition 'no_such_name == 1' cannot be evaluated")), 'no message about the condition');
      await client().setFunctionBreakpointsRequest({ breakpoints: [] });
    });

    it("sets the innermost frame's argument (stack slot or register) and shows it read back as GDB does", async () => {
      const locals = await scopeRows('Locals');
      const depth = locals.rows.find((row) => row.name === 'depth_reached');
      assert.ok(depth, `Locals: ${locals.rows.map((row) => row.name)}`);
      console.log(`-${level}: depth_reached = ${depth.value}, ${depth.memoryReference ? `in memory at ${depth.memoryReference}` : 'not in memory'}`);
      const answer = await failure(client().setVariableRequest({ variablesReference: locals.reference, name: 'depth_reached', value: '9' }));
      if (depth.value === '<optimized out>') {
        assert.match(answer, /optimized out/);
        return;
      }
      assert.equal(answer, 'succeeded');
      const shown = (await scopeRows('Locals')).rows.find((row) => row.name === 'depth_reached')!;
      assert.equal(shown.value, '9');
      assert.deepEqual(await board.gdbPrints(['depth_reached']), ['9']);
    });
  });
}
