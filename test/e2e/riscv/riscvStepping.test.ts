// The RISC-V board through the adapter against GDB on the same OpenOCD 0.12 (issue 19), at -O0, -Og
// and -O2: walks of breakpoints (triggers in flash), next, step, finish and stepi, every stop's PC,
// stack (scale's tail-call frame at -O2 included) and the Locals of every frame equal to GDB's
// (the differential suite's walk, test/e2e/differential); the globals and registers equal GDB's prints.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { lineOf } from '../../engine/program/sourceLines';
import { firmwareDir, riscvBoardElf, type OptimizationLevel } from '../../helpers/firmware';
import { gdbBlocks } from '../../helpers/gdbOnOpenocd';
import { startOpenocdForSim, startSim } from '../../sim/startSim';
import type { RiscvBoard } from '../../sim/riscv/riscvBoard';
import { DapSession, E2E_TIMEOUT_MS } from '../dapSession';
import { compareWalks, describeResult } from '../differential/differentialRun';
import { walkActions, type WalkAction } from '../differential/walkActions';
import { RISCV_BOARD } from '../differential/walkBoard';
import { RV32_GDB_SETUP } from '../gdbOracle';

const boardMain = `${firmwareDir}/riscv/board-main.c`;
const scaledLine = lineOf('riscv/board-main.c', 'uint32_t scaled = value * 3u;');
const roundLine = lineOf('riscv/board-main.c', 'last_result = scale(next);');

/**
 * Into and out of round_once, scale and add_offset: at -O2 scale's `return add_offset(...)` is a
 * tail jump, so stops in add_offset show scale as a tail-call frame and finish returns to round_once.
 */
const SCENARIO: readonly WalkAction[] = [
  { kind: 'break', spec: 'round_once' }, { kind: 'next' }, { kind: 'step' }, { kind: 'next' }, { kind: 'finish' },
  { kind: 'break', spec: 'add_offset' }, { kind: 'finish' }, { kind: 'next' },
  { kind: 'break', spec: 'scale' }, { kind: 'step' }, { kind: 'step' }, { kind: 'step' }, { kind: 'finish' },
  { kind: 'break', spec: `board-main.c:${scaledLine}` }, { kind: 'stepi' }, { kind: 'stepi' }, { kind: 'stepi' }, { kind: 'next' }, { kind: 'next' },
  { kind: 'break', spec: `board-main.c:${roundLine}` }, { kind: 'step' }, { kind: 'next' }, { kind: 'next' }, { kind: 'next' },
];
/** A seeded walk of the same program after the scenario: breakpoints on its functions and lines. */
const WALK_SEED = 19;
const WALK_ACTIONS = 40;
const WALK_SPECS = ['round_once', 'scale', 'add_offset', 'uart_puts', `board-main.c:${scaledLine}`, `board-main.c:${roundLine}`];
/** Bound on one build's walks on a loaded two-core machine (both sides run concurrently). */
const WALK_TIMEOUT_MS = 600_000;

for (const level of ['O0', 'Og', 'O2'] as const satisfies readonly OptimizationLevel[]) {
  describe(`RISC-V board: breakpoints and stepping like GDB (${level})`, { timeout: WALK_TIMEOUT_MS + E2E_TIMEOUT_MS * 2 }, () => {
    it('a scenario then a seeded walk: every stop shows GDB\'s stack, PC and Locals of every frame', { timeout: WALK_TIMEOUT_MS }, async () => {
      const actions = [...SCENARIO, ...walkActions(WALK_SEED, WALK_ACTIONS, WALK_SPECS)];
      const result = await compareWalks(RISCV_BOARD, riscvBoardElf(level), level, actions);
      assert.equal(result.differing.length, 0, describeResult(result).join('\n'));
      assert.equal(result.compared, actions.length + 1);
    });

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

    async function evaluate(expressions: readonly string[]): Promise<string[]> {
      const [frame] = await dap.frames();
      return Promise.all(expressions.map(async (expression) => (await dap.client.evaluateRequest({ expression, context: 'watch', frameId: frame.id })).body.result));
    }

    it('globals and registers after a breakpoint on round_once, next and step, as GDB prints them (triggers in flash)', async () => {
      await dap.client.setFunctionBreakpointsRequest({ breakpoints: [{ name: 'round_once' }] });
      assert.equal((await next('continue')).body.reason, 'breakpoint');
      await dap.client.setFunctionBreakpointsRequest({ breakpoints: [] });
      for (const command of ['next', 'stepIn'] as const) assert.equal((await next(command)).body.reason, 'step', command);
      assert.deepEqual(await evaluate(PRINTED), await gdbPrintsAfterStep(level), 'globals and registers');
      await next('stepOut');
    });

    it('a line breakpoint hit twice in a row: the resume steps off it (OpenOCD re-fires a trigger at its own PC)', async () => {
      const set = await dap.client.setBreakpointsRequest({ source: { path: boardMain }, breakpoints: [{ line: scaledLine }] });
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

/** The globals and registers by their psABI names (the Locals are compared by the walk). */
const PRINTED = ['counter', 'last_result', '$a0', '$ra'];

/** GDB's prints of PRINTED after `break round_once`, `continue`, `next`, `step` on a fresh RISC-V board. */
async function gdbPrintsAfterStep(level: OptimizationLevel): Promise<string[]> {
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
