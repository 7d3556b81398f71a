// Stepping (src/engine/stepping) on the simulated STM32F030 under real OpenOCD, each step compared
// with where GDB's `next`/`step`/`finish`/`stepi` lands from the same place: the same breakpoint is
// reached twice (the firmware repeats the same code every tick), once for GDB, once for us.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { InstructionDecoder } from '../../../src/engine/disassembly';
import { threadStep, type StepKind } from '../../../src/engine/stepping';
import type { HaltReason } from '../../../src/engine/target';
import type { OptimizationLevel } from '../../helpers/firmware';
import { lineOf } from '../program/sourceLines';
import { LiveTarget } from '../stack/liveTarget';

const hex = (n: number) => `0x${n.toString(16)}`;
const GDB_COMMAND: Record<StepKind, string> = { over: 'next', into: 'step', out: 'finish', instruction: 'stepi' };

for (const level of ['O0', 'Og', 'O2'] as OptimizationLevel[]) {
  describe(`stepping on the ${level} firmware lands where GDB does`, () => {
    let live: LiveTarget;
    let decoder: InstructionDecoder;
    before(async () => {
      live = await LiveTarget.start(level);
      decoder = await InstructionDecoder.create('thumb');
      await live.halt();
    });

    /** One step through the Debugger facade, as the adapter runs it; resolves with the reported stop. */
    async function step(kind: StepKind): Promise<{ pc: number; reason: HaltReason }> {
      const stopped = live.nextStop();
      await live.session.runStep(1, threadStep(live.program, decoder, kind));
      const { stop, reason } = await stopped;
      return { pc: stop.pc, reason };
    }
    after(async () => {
      decoder?.close();
      await live?.close();
    });

    const lineAddress = (file: string, text: string) => live.program.resolveLine(file, lineOf(file, text)).locations[0].address;

    /** Halts (GDB may leave the target running), then runs to `address` on the next tick. */
    async function reach(address: number): Promise<void> {
      assert.equal(await live.runTo(address), address);
    }

    const frame0 = async () => (await live.unwinder().frame(0))!;

    /**
     * Where GDB's steps land from `address` (PC, and the line of its frame #0), then where ours
     * land from the same place: the same PC, and frame 0 shown at the same line.
     */
    async function compare(address: number, ...kinds: StepKind[]): Promise<number> {
      await reach(address);
      const out = await live.gdb([...kinds.map((kind) => GDB_COMMAND[kind]), 'printf "PC=%x\\n", $pc', 'frame']);
      const pc = /^PC=([0-9a-f]+)$/m.exec(out);
      const line = /^#0\s+(?:0x[0-9a-f]+ in )?(\w+) .* at \S+:(\d+)$/m.exec(out);
      assert.ok(pc && line, out);
      await reach(address);
      let outcome: { pc: number; reason: HaltReason } | undefined;
      for (const kind of kinds) {
        outcome = await step(kind);
        assert.equal(outcome.reason, 'step');
      }
      assert.equal(hex(outcome!.pc), hex(parseInt(pc[1], 16)), `${kinds.join(', ')} from ${hex(address)}; GDB said:\n${out}`);
      const shown = await frame0();
      assert.deepEqual([shown.function, shown.source?.line], [line[1], Number(line[2])], `frame 0 after ${kinds.join(', ')}; GDB said:\n${out}`);
      return outcome!.pc;
    }

    it('step over a call (next) runs the callee with a breakpoint, not instruction by instruction', async () => {
      const start = lineAddress('workload.c', 'int32_t blocks = nested_blocks(base);');
      await compare(start, 'over');
      assert.equal((await frame0()).source?.line, lineOf('workload.c', 'int32_t scaled = scale_inline(blocks, 3);'));
      // nested_blocks loops 3 times over its body: stepping through it would cost a round trip per
      // instruction run, more than its static instruction count; a breakpoint over it costs a few.
      await reach(start);
      const before = live.session.roundTrips;
      await step('over');
      const callee = live.program.functionAt(live.program.resolveFunction('nested_blocks')[0].address)!;
      const calleeInstructions = (callee.ranges[0].highPc - callee.ranges[0].lowPc) / 2;
      assert.ok(live.session.roundTrips - before < calleeInstructions, `${live.session.roundTrips - before} round trips, ${calleeInstructions} instructions in nested_blocks`);
    });

    it('next over a line of plain instructions costs fewer requests than instructions (runs to its branches, steps the rest in requests of up to 80 ms), and lands where GDB does', async () => {
      const start = lineAddress('workload.c', 'int32_t sum = small + medium + where.x + where.y + rec->position.x;');
      const end = await compare(start, 'over');
      await reach(start);
      const before = live.session.roundTrips;
      const began = performance.now();
      await step('over');
      const elapsedMs = performance.now() - began;
      // Straight-line runs go to a temporary breakpoint (bp, resume, a halt check, rbp, and the
      // CFA check's reads); the branches between them are stepped, at most 80 ms per request.
      const trips = live.session.roundTrips - before;
      const instructions = decoder.decode(live.program.bytesAt(start, end - start) ?? new Uint8Array(0), start).length;
      const what = `${trips} round trips in ${elapsedMs.toFixed(0)} ms for a next over the ${instructions} instructions from ${hex(start)} to ${hex(end)}`;
      assert.ok(trips < instructions, what);
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

    it('next, next, step: into a call through a function pointer (g_op -> add_ints), as GDB', async () => {
      // Reached by steps, not by a fresh stop: GDB attaching shows inlined frames at their entry
      // that a stop after a step hides, so a step's start must come from a step for both.
      await compare(lineAddress('workload.c', 'int32_t blocks = nested_blocks(base);'), 'over', 'over', 'into');
    });

    it('next, next: over a call, then over a line whose inlined call starts at its first instruction, as GDB', async () => {
      await compare(lineAddress('workload.c', 'int32_t blocks = nested_blocks(base);'), 'over', 'over');
    });

    it('next, then step at an inlined call\'s first instruction enters it without moving the PC, as GDB', async () => {
      await compare(lineAddress('workload.c', 'int32_t blocks = nested_blocks(base);'), 'over', 'into');
    });

    it('a user breakpoint inside the callee ends a step over with reason breakpoint, and stays set', async () => {
      const start = lineAddress('workload.c', 'int32_t blocks = nested_blocks(base);');
      const [inCallee] = live.program.resolveFunction('nested_blocks');
      await reach(start);
      const [status] = await live.session.setBreakpoints('test', [{ address: inCallee.address }]);
      assert.equal(status.verified, true);
      try {
        const outcome = await step('over');
        assert.deepEqual(outcome, { pc: inCallee.address, reason: 'breakpoint' });
        // The step's temporary breakpoint at the return address is gone; the user's is still there.
        const again = live.nextStop();
        await live.session.continue(1);
        assert.equal((await again).stop.pc, inCallee.address, 'hit again on the next tick: the user breakpoint survived the step');
      } finally {
        await live.halt();
        await live.session.setBreakpoints('test', []);
      }
    });

    it('instruction step moves by exactly one instruction, as stepi', async () => {
      const start = lineAddress('workload.c', 'int32_t blocks = nested_blocks(base);');
      await compare(start, 'instruction');
    });

    it('a step out of SysTick_Handler returns to the interrupted code (EXC_RETURN) like finish', async () => {
      const [handler] = live.program.resolveFunction('SysTick_Handler');
      await reach(handler.address);
      const interrupted = (await live.unwinder().all()).frames.find((f) => f.interrupted)!;
      const outcome = await step('out');
      assert.equal(outcome.reason, 'step');
      assert.equal(hex(outcome.pc), hex(interrupted.pc));
    });

    it('a source step in code without line information (RAM code, no symbol) runs out of it and finishes the caller\'s line', async () => {
      const returnTo = lineAddress('main.c', 'loop_count++');
      await reach(returnTo);
      const code = 0x20001000; // movs r0, #1; movs r1, #2; bx lr: a leaf the ELF knows nothing about
      await live.session.writeMemory(1, code, Uint8Array.from([0x01, 0x20, 0x02, 0x21, 0x70, 0x47]));
      await live.session.writeRegister(1, 'lr', BigInt(returnTo | 1));
      await live.session.writeRegister(1, 'pc', BigInt(code));
      const inRam = await frame0();
      assert.deepEqual([inRam.pc, inRam.function, inRam.source], [code, undefined, undefined], 'stopped in code without symbol or line');
      const outcome = await step('over');
      assert.equal(outcome.reason, 'step');
      const frame = await frame0();
      assert.equal(frame.function, 'main');
      assert.equal(frame.source?.line, lineOf('main.c', 'work_step(loop_count);'));
      assert.equal(live.program.lineAt(outcome.pc)?.address, outcome.pc, 'at the start of a statement');
    });

    it('step out of main is refused before anything runs, as GDB refuses finish in the outermost frame', async () => {
      const address = lineAddress('main.c', 'loop_count++');
      await reach(address);
      const gdb = await live.gdb(['finish']);
      assert.match(gdb, /"finish" not meaningful in the outermost frame\./);
      await reach(address);
      assert.equal((await frame0()).function, 'main');
      const stops = live.session.roundTrips;
      await assert.rejects(live.session.runStep(1, threadStep(live.program, decoder, 'out')), /cannot step out of main: it is the outermost frame/);
      assert.equal(await live.thread.target.state(), 'halted');
      assert.equal((await frame0()).pc, address, 'the target ran');
      assert.ok(live.session.roundTrips - stops <= 1, `${live.session.roundTrips - stops} round trips: more than reading the registers`);
    });
  });
}
