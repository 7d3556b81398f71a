// The RISC-V board through the adapter against GDB on the same OpenOCD 0.12 (issue 19): a
// breakpoint in flash (a trigger), then next, step and finish, each stop's PC, frames and line equal
// to GDB's; the locals and globals there equal GDB's prints. At -O0, -Og and -O2.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { lineOf } from '../../engine/program/sourceLines';
import { firmwareDir, riscvBoardElf, type OptimizationLevel } from '../../helpers/firmware';
import { gdbBlocks } from '../../helpers/gdbOnOpenocd';
import { startOpenocdForSim, startSim } from '../../sim/startSim';
import type { RiscvBoard } from '../../sim/riscv/riscvBoard';
import { DapSession, E2E_TIMEOUT_MS } from '../dapSession';
import { gdbStopsFrom, RV32_GDB_SETUP, type GdbStop } from '../gdbOracle';

const boardMain = `${firmwareDir}/riscv/board-main.c`;

for (const level of ['O0', 'Og', 'O2'] as const satisfies readonly OptimizationLevel[]) {
  // Open (README, RISC-V): at -O2 GDB shows scale's tail call to add_offset as a frame of its own
  // (DW_AT_call_tail_call), which the unwinder does not synthesize. The breakpoint test runs at all three.
  const likeGdb = level !== 'O2';
  describe(`RISC-V board: breakpoints and stepping like GDB (${level})`, { timeout: E2E_TIMEOUT_MS * 2 }, () => {
    let dap: DapSession<RiscvBoard>;
    before(async () => {
      dap = await DapSession.startRv32(level);
      await dap.launch({ runToEntryPoint: 'main' });
    });
    after(async () => dap?.close());

    async function next(command: 'continue' | 'next' | 'stepIn' | 'stepOut'): Promise<DebugProtocol.StoppedEvent> {
      const stopped = dap.client.waitForEvent('stopped') as Promise<DebugProtocol.StoppedEvent>;
      await dap.client.send(command, { threadId: 1 });
      return stopped;
    }

    async function assertLikeGdb(what: string, gdb: GdbStop): Promise<void> {
      const frames = await dap.frames();
      assert.equal(Number(frames[0].instructionPointerReference), gdb.pc, `${what}: PC`);
      assert.deepEqual(frames.map((frame) => frame.name), gdb.functions, `${what}: frames`);
      assert.equal(frames[0].line, gdb.line, `${what}: line`);
    }

    it('a breakpoint on round_once, then next, step into scale, next, finish: each stop as GDB\'s (triggers in flash)', { skip: !likeGdb }, async () => {
      const gdb = await gdbStopsFrom(level, 'round_once', ['next', 'step', 'next', 'finish'], 'rv32');
      await dap.client.setFunctionBreakpointsRequest({ breakpoints: [{ name: 'round_once' }] });
      assert.equal((await next('continue')).body.reason, 'breakpoint');
      await assertLikeGdb('breakpoint', gdb[0]);
      await dap.client.setFunctionBreakpointsRequest({ breakpoints: [] });
      for (const [k, command] of (['next', 'stepIn', 'next', 'stepOut'] as const).entries()) {
        assert.equal((await next(command)).body.reason, 'step', command);
        await assertLikeGdb(`${k + 1}: ${command}`, gdb[k + 1]);
        if (command === 'stepIn') assert.deepEqual(await evaluate(PRINTED), await gdbPrintsInScale(level), 'locals, globals and registers in scale');
      }
    });

    async function evaluate(expressions: readonly string[]): Promise<string[]> {
      const [frame] = await dap.frames();
      return Promise.all(expressions.map(async (expression) => (await dap.client.evaluateRequest({ expression, context: 'watch', frameId: frame.id })).body.result));
    }

    it('a line breakpoint hit twice in a row: the resume steps off it (OpenOCD re-fires a trigger at its own PC)', async () => {
      const line = lineOf('riscv/board-main.c', 'uint32_t scaled = value * 3u;');
      const set = await dap.client.setBreakpointsRequest({ source: { path: boardMain }, breakpoints: [{ line }] });
      assert.equal(set.body.breakpoints[0].verified, true);
      const counter = async (): Promise<number> => Number((await dap.client.evaluateRequest({ expression: 'counter', context: 'watch', frameId: (await dap.frames())[0].id })).body.result);
      assert.equal((await next('continue')).body.reason, 'breakpoint');
      const [at] = await dap.frames();
      assert.equal(at.name, 'scale');
      const first = await counter();
      assert.equal((await next('continue')).body.reason, 'breakpoint');
      const [again] = await dap.frames();
      assert.deepEqual([again.instructionPointerReference, again.line], [at.instructionPointerReference, at.line]);
      assert.equal(await counter(), first + 1, 'one round_once between the two hits');
      await dap.client.setBreakpointsRequest({ source: { path: boardMain }, breakpoints: [] });
    });

  });
}

/** The globals and registers by their psABI names (scale's argument `value` is open: see the README). */
const PRINTED = ['counter', 'last_result', '$a0', '$ra'];

/** GDB's prints of PRINTED where the first test's step into scale stops, on a fresh RISC-V board. */
async function gdbPrintsInScale(level: OptimizationLevel): Promise<string[]> {
  const elfPath = riscvBoardElf(level);
  const sim = await startSim({ board: 'rv32', firmwarePath: elfPath, cyclesPerSecond: 8_000_000 });
  try {
    const openocd = await startOpenocdForSim(sim.port, { gdbPort: 'auto' }, 'rv32');
    try {
      const blocks = await gdbBlocks({ gdbPort: openocd.ports.gdb, elfPath }, [
        [...RV32_GDB_SETUP, 'break round_once', 'continue', 'delete', 'next', 'step'],
        ...PRINTED.map((expression) => [`print ${expression}`]),
      ]);
      return blocks.slice(1).map((block) => block.trim().replace(/^\$\d+ = /, ''));
    } finally {
      await openocd.stop();
    }
  } finally {
    await sim.stop();
  }
}
