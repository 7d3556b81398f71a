// DAP scenarios of source-level stepping on the simulated board, each compared with GDB stepping
// the same firmware on its own board (gdbOracle.ts): step over a call, step into then out, step
// over the recursive call, and step out of main refused as GDB refuses it.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { lineOf } from '../engine/program/sourceLines';
import { firmwareDir } from '../helpers/firmware';
import { DapSession, E2E_TIMEOUT_MS } from './dapSession';
import { gdbStopsFrom, type GdbStop } from './gdbOracle';

const workload = `${firmwareDir}/workload.c`;

for (const level of ['O0', 'Og'] as const) {
  describe(`source-level stepping like GDB (${level})`, { timeout: E2E_TIMEOUT_MS }, () => {
    let dap: DapSession;
    before(async () => {
      dap = await DapSession.start(level, { preload: true });
      await dap.launch({ load: false, runToEntryPoint: 'main' });
    });
    after(async () => dap?.close());

    /** Continues to the first hit of a breakpoint on the line holding `text`, then removes it. */
    async function stopAt(text: string): Promise<number> {
      const line = lineOf('workload.c', text);
      await dap.client.setBreakpointsRequest({ source: { path: workload }, breakpoints: [{ line }] });
      const stopped = dap.client.waitForEvent('stopped') as Promise<DebugProtocol.StoppedEvent>;
      await dap.client.continueRequest({ threadId: 1 });
      assert.equal((await stopped).body.reason, 'breakpoint');
      await dap.client.setBreakpointsRequest({ source: { path: workload }, breakpoints: [] });
      return line;
    }

    /** Runs one DAP step and checks it stops where GDB's step stopped: same PC, same frames, same line. */
    async function stepLikeGdb(command: 'next' | 'stepIn' | 'stepOut', gdb: GdbStop): Promise<void> {
      const stopped = dap.client.waitForEvent('stopped') as Promise<DebugProtocol.StoppedEvent>;
      await dap.client.send(command, { threadId: 1 });
      assert.equal((await stopped).body.reason, 'step');
      const frames = await dap.frames();
      assert.equal(Number(frames[0].instructionPointerReference), gdb.pc, `${command}: PC`);
      assert.deepEqual(frames.map((frame) => frame.name), gdb.functions, `${command}: frames`);
      assert.equal(frames[0].line, gdb.line, `${command}: line`);
    }

    it('steps over a call to the next line of the same function', async () => {
      const line = await stopAt('int32_t blocks = nested_blocks(base);');
      const [, gdb] = await gdbStopsFrom(level, `workload.c:${line}`, ['next']);
      await stepLikeGdb('next', gdb);
    });

    it('steps into recurse, then out of it back to work_step', async () => {
      const line = await stopAt('g_recursion_result = recurse(');
      const [, into, out] = await gdbStopsFrom(level, `workload.c:${line}`, ['step', 'finish']);
      await stepLikeGdb('stepIn', into);
      await stepLikeGdb('stepOut', out);
    });

    it('steps over the recursive call and stays in the same recurse frame', async () => {
      const line = await stopAt('below = recurse(depth - 1);');
      const depth = (await dap.frames()).length;
      const [, gdb] = await gdbStopsFrom(level, `workload.c:${line}`, ['next']);
      await stepLikeGdb('next', gdb);
      assert.equal((await dap.frames()).length, depth, 'a deeper or shallower recurse frame');
    });

    it('step out of main is refused like GDB\'s finish in the outermost frame, and nothing runs', async () => {
      while ((await dap.frames()).length > 1) {
        const stopped = dap.client.waitForEvent('stopped');
        await dap.client.stepOutRequest({ threadId: 1 });
        await stopped;
      }
      const [main] = await dap.frames();
      assert.equal(main.name, 'main');
      const stopped = dap.client.waitForEvent('stopped') as Promise<DebugProtocol.StoppedEvent>;
      await dap.client.stepOutRequest({ threadId: 1 });
      assert.equal((await stopped).body.description, 'step out failed');
      const errors = dap.output.filter((o) => o.category === 'stderr').map((o) => o.text);
      assert.match(errors.join(''), /cannot step out of main: it is the outermost frame \("finish" not meaningful in the outermost frame/);
      assert.equal((await dap.frames())[0].instructionPointerReference, main.instructionPointerReference, 'the target ran');
    });
  });
}
