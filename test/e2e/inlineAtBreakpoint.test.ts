// DAP scenarios of a stop on a user breakpoint at an always-inlined function's first instruction,
// compared with GDB stopping the same firmware on its own board (gdbOracle.ts): the inlined frame
// is shown at such a stop (GDB's stopped_by_user_bp_inline_frame), a step from there starts in it,
// and it stays hidden at a step's stop.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { lineOf } from '../engine/program/sourceLines';
import { firmwareDir } from '../helpers/firmware';
import { DapSession, E2E_TIMEOUT_MS } from './dapSession';
import { gdbStopsFrom, type GdbStop } from './gdbOracle';

const workload = `${firmwareDir}/workload.c`;
const inlineFirstLine = lineOf('workload.c', 'int32_t scaled = value * factor;');
const callSiteLine = lineOf('workload.c', 'int32_t scaled = scale_inline(blocks, 3);');

for (const level of ['Og', 'O2'] as const) {
  describe(`inlined frame at a user breakpoint like GDB (${level})`, { timeout: E2E_TIMEOUT_MS }, () => {
    let dap: DapSession;
    before(async () => {
      dap = await DapSession.start(level, { preload: true });
      await dap.launch({ load: false, runToEntryPoint: 'main' });
    });
    after(async () => dap?.close());

    /** Continues to the next stop and checks its reason; resolves with the frames then shown. */
    async function continueTo(reason: string): Promise<DebugProtocol.StackFrame[]> {
      const stopped = dap.client.waitForEvent('stopped') as Promise<DebugProtocol.StoppedEvent>;
      await dap.client.continueRequest({ threadId: 1 });
      assert.equal((await stopped).body.reason, reason);
      return dap.frames();
    }

    /** The frames GDB's `bt` shows: same PC, same function names, same line of frame #0. */
    function assertLikeGdb(frames: readonly DebugProtocol.StackFrame[], gdb: GdbStop, what: string): void {
      assert.equal(Number(frames[0].instructionPointerReference), gdb.pc, `${what}: PC`);
      assert.deepEqual(frames.map((frame) => frame.name), gdb.functions, `${what}: frames`);
      assert.equal(frames[0].line, gdb.line, `${what}: line`);
    }

    it('shows scale_inline at a line breakpoint on its first line, called from its call site', async () => {
      await dap.client.setBreakpointsRequest({ source: { path: workload }, breakpoints: [{ line: inlineFirstLine }] });
      const frames = await continueTo('breakpoint');
      await dap.client.setBreakpointsRequest({ source: { path: workload }, breakpoints: [] });
      const [gdb] = await gdbStopsFrom(level, `workload.c:${inlineFirstLine}`);
      assertLikeGdb(frames, gdb, `break workload.c:${inlineFirstLine}`);
      assert.equal(frames[0].name, 'scale_inline');
      assert.equal(frames[1].name, 'work_step');
      assert.equal(frames[1].line, callSiteLine, 'the caller is shown at the inlined call');
    });

    it('shows scale_inline at a function breakpoint on it', async () => {
      await dap.client.setFunctionBreakpointsRequest({ breakpoints: [{ name: 'scale_inline' }] });
      const frames = await continueTo('breakpoint');
      await dap.client.setFunctionBreakpointsRequest({ breakpoints: [] });
      const [gdb] = await gdbStopsFrom(level, 'scale_inline');
      assertLikeGdb(frames, gdb, 'break scale_inline');
      assert.equal(frames[0].name, 'scale_inline');
    });

    it('steps over a line of scale_inline from that breakpoint, as GDB next does', async () => {
      await dap.client.setBreakpointsRequest({ source: { path: workload }, breakpoints: [{ line: inlineFirstLine }] });
      await continueTo('breakpoint');
      await dap.client.setBreakpointsRequest({ source: { path: workload }, breakpoints: [] });
      const stopped = dap.client.waitForEvent('stopped') as Promise<DebugProtocol.StoppedEvent>;
      await dap.client.nextRequest({ threadId: 1 });
      assert.equal((await stopped).body.reason, 'step');
      const [, gdb] = await gdbStopsFrom(level, `workload.c:${inlineFirstLine}`, ['next']);
      assertLikeGdb(await dap.frames(), gdb, 'next from the breakpoint in scale_inline');
    });

    it('keeps scale_inline hidden where a step stops at its first instruction', async () => {
      const line = lineOf('workload.c', 'int32_t blocks = nested_blocks(base);');
      await dap.client.setBreakpointsRequest({ source: { path: workload }, breakpoints: [{ line }] });
      await continueTo('breakpoint');
      await dap.client.setBreakpointsRequest({ source: { path: workload }, breakpoints: [] });
      const stopped = dap.client.waitForEvent('stopped') as Promise<DebugProtocol.StoppedEvent>;
      await dap.client.nextRequest({ threadId: 1 });
      assert.equal((await stopped).body.reason, 'step');
      const [, gdb] = await gdbStopsFrom(level, `workload.c:${line}`, ['next']);
      assertLikeGdb(await dap.frames(), gdb, 'next onto the inlined call');
    });
  });
}
