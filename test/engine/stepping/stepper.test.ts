// Stepping (src/engine/stepping) on the simulated STM32F030 under real OpenOCD, each step compared
// with where GDB's `next`/`step`/`finish`/`stepi` lands from the same place: the same breakpoint is
// reached twice (the firmware repeats the same code every tick), once for GDB, once for us.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { InstructionDecoder } from '../../../src/engine/disassembly';
import { StackUnwinder, targetFrameMemory } from '../../../src/engine/stack';
import { Stepper, targetStepBreakpoints, type StepKind } from '../../../src/engine/stepping';
import type { OptimizationLevel } from '../../helpers/firmware';
import { lineOf } from '../program/sourceLines';
import { LiveTarget } from '../stack/liveTarget';

const hex = (n: number) => `0x${n.toString(16)}`;
const GDB_COMMAND: Record<StepKind, string> = { over: 'next', into: 'step', out: 'finish', instruction: 'stepi' };

for (const level of ['O0', 'Og'] as OptimizationLevel[]) {
  describe(`stepping on the ${level} firmware lands where GDB does`, () => {
    let live: LiveTarget;
    let decoder: InstructionDecoder;
    let stepper: Stepper;
    before(async () => {
      live = await LiveTarget.start(level);
      decoder = await InstructionDecoder.create('thumb');
      stepper = new Stepper(live.program, live.target, decoder, { breakpoints: targetStepBreakpoints(live.target) });
      await live.commands.halt();
    });
    after(async () => {
      decoder?.close();
      await live?.close();
    });

    const lineAddress = (file: string, text: string) => live.program.resolveLine(file, lineOf(file, text)).locations[0].address;

    /** Halts (GDB may leave the target running), then runs to `address` on the next tick. */
    async function reach(address: number): Promise<void> {
      if (!(await live.commands.isHalted())) await live.commands.halt();
      assert.equal(await live.runTo(address), address);
    }

    const frame0 = async () => (await new StackUnwinder(live.program, targetFrameMemory(live.target)).frame(0))!;

    /**
     * Where GDB's step lands from `address` (PC, and the line of its frame #0), then where ours
     * lands from the same place: the same PC, and frame 0 shown at the same line.
     */
    async function compare(address: number, kind: StepKind): Promise<number> {
      await reach(address);
      const out = await live.gdb([GDB_COMMAND[kind], 'printf "PC=%x\\n", $pc', 'frame']);
      const pc = /^PC=([0-9a-f]+)$/m.exec(out);
      const line = /^#0\s.* at \S+:(\d+)$/m.exec(out);
      assert.ok(pc && line, out);
      await reach(address);
      const outcome = await stepper.step(kind);
      assert.equal(outcome.reason, 'step');
      assert.equal(hex(outcome.stop.pc), hex(parseInt(pc[1], 16)), `${kind} from ${hex(address)}; GDB said:\n${out}`);
      assert.equal((await frame0()).source?.line, Number(line[1]), `line shown after ${kind}; GDB said:\n${out}`);
      return outcome.stop.pc;
    }

    it('step over a call (next) runs the callee with a breakpoint, not instruction by instruction', async () => {
      const start = lineAddress('workload.c', 'int32_t blocks = nested_blocks(base);');
      live.target.stepCount = 0;
      await compare(start, 'over');
      assert.equal((await frame0()).source?.line, lineOf('workload.c', 'int32_t scaled = scale_inline(blocks, 3);'));
      assert.ok(live.target.stepCount < 12, `${live.target.stepCount} instruction steps for one line`);
    });

    it('step into a call stops after the callee\'s prologue, and step out returns to the caller like finish', async () => {
      const start = lineAddress('workload.c', 'int32_t blocks = nested_blocks(base);');
      const inCallee = await compare(start, 'into');
      assert.equal((await frame0()).function, 'nested_blocks');
      assert.equal(inCallee, live.program.resolveFunction('nested_blocks')[0].address);
      await compare(inCallee, 'out');
      assert.equal((await frame0()).function, 'work_step');
    });

    it('step over the recursive call stays in the same frame (same CFA) and lands on the next line', async () => {
      const start = lineAddress('workload.c', 'below = recurse(depth - 1);');
      await reach(start);
      const before = await frame0();
      await compare(start, 'over');
      const after = await frame0();
      assert.equal(after.function, 'recurse');
      assert.equal(after.cfa, before.cfa, 'same activation of recurse');
      assert.equal(after.source?.line, lineOf('workload.c', 'return below + frame_marker;'));
    });

    it('instruction step moves by exactly one instruction, as stepi', async () => {
      const start = lineAddress('workload.c', 'int32_t blocks = nested_blocks(base);');
      await compare(start, 'instruction');
    });

    it('a step out of SysTick_Handler returns to the interrupted code (EXC_RETURN) like finish', async () => {
      const [handler] = live.program.resolveFunction('SysTick_Handler');
      await reach(handler.address);
      const interrupted = (await new StackUnwinder(live.program, targetFrameMemory(live.target)).all()).frames.find((f) => f.interrupted)!;
      const outcome = await stepper.step('out');
      assert.equal(outcome.reason, 'step');
      assert.equal(hex(outcome.stop.pc), hex(interrupted.pc));
    });

    it('pausing a step that waits in a loop halts it with reason pause', async () => {
      const controller = new AbortController();
      // `fault_trigger` stays 0, so HardFault_Handler is never reached: this step runs until paused.
      const [handler] = live.program.resolveFunction('HardFault_Handler');
      await reach(lineAddress('main.c', 'loop_count++'));
      const wait = new StackUnwinder(live.program, targetFrameMemory(live.target));
      assert.equal((await wait.frame(0))?.function, 'main');
      const stepping = stepper.step('out', controller.signal).catch((error: Error) => error);
      live.target.resumed.next().then(() => controller.abort(), () => undefined);
      const outcome = await stepping;
      assert.ok(!(outcome instanceof Error), String(outcome));
      assert.equal(outcome.reason, 'pause');
      assert.notEqual(outcome.stop.pc, handler.address);
      assert.equal(await live.commands.isHalted(), true);
    });
  });
}
