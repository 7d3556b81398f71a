// Every global, static and local of the test firmware, as src/engine/values formats it on the
// halted simulated board, against GDB's `print` / `frame N` + `info args` / `info locals` on the
// same OpenOCD (GDB is the oracle only), plus the expression table of test/engine/expressions.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { globals, variablesInScope } from '../../../src/dwarf';
import { FrameScope, printCExpression } from '../../../src/engine/expressions';
import { StackUnwinder, targetFrameMemory, type StackFrame } from '../../../src/engine/stack';
import { allFileStatics, callSiteEntryValues, FrameContext, frameScopeAt, globalsOf, locateAll, localsOf, MemoryCache, programSymbols, ValueReader } from '../../../src/engine/values';
import { firmwareDir, optimizationLevels } from '../../helpers/firmware';
import { EXPRESSION_TABLE } from '../expressions/expressionTable';
import { LiveTarget } from '../stack/liveTarget';

/** A FrameContext for an unwound frame of the stack unwinder. */
function frameContext(live: LiveTarget, frame: StackFrame, frames?: readonly StackFrame[], memory?: MemoryCache): FrameContext {
  const entryValue = frames && memory ? callSiteEntryValues(live.program.dwarf, frames, frame.index, (caller) => frameContext(live, caller, frames, memory), memory) : undefined;
  return {
    littleEndian: true,
    addressByteSize: 4,
    cfa: frame.cfa,
    register: (n) => frame.registers.get(n),
    symbolAt: programSymbols(live.program),
    ...(entryValue ? { entryValue } : {}),
  };
}

const workloadSource = readFileSync(`${firmwareDir}/workload.c`, 'utf8').split('\n');
/** The 1-based line of workload.c holding `text`. */
const lineOf = (text: string): number => workloadSource.findIndex((line) => line.includes(text)) + 1;

/**
 * Stops in the order the firmware reaches them: the tick interrupt, then one work_step's blocks, an
 * inlined call, a call through a pointer, many types, recursion (where globals and expressions are checked).
 */
const STOPS: readonly { name: string; line?: string; function?: string }[] = [
  { name: 'SysTick_Handler, over an exception frame', function: 'SysTick_Handler' },
  { name: 'nested_blocks, innermost block', line: 'total += innermost;' },
  { name: 'inlined scale_inline', line: 'return scaled + 1;' },
  { name: 'add_ints', function: 'add_ints' },
  { name: 'typed_args', line: 'if (enabled) sum +=' },
  { name: 'recursion_bottom, 5 deep', function: 'recursion_bottom' },
];

for (const level of optimizationLevels) {
  describe(`values vs GDB print, -${level}`, () => {
    let live: LiveTarget;
    let frames: readonly StackFrame[];

    before(async () => {
      live = await LiveTarget.start(level);
    });
    after(async () => {
      await live?.close();
    });

    for (const stop of STOPS) {
      it(`shows the arguments and locals of every frame at ${stop.name} as GDB frame N + info args/locals`, async () => {
        const workload = live.program.sourceFiles().find((path) => path.endsWith('workload.c'))!;
        const address = stop.function ? live.program.resolveFunction(stop.function)[0].address : live.program.resolveLine(workload, lineOf(stop.line!)).locations[0].address;
        await live.runTo(address);
        frames = (await new StackUnwinder(live.program, targetFrameMemory(live.target), { architecture: live.target.architecture }).all()).frames;
        const memory = new MemoryCache(live.target);
        // GDB numbers `<signal handler called>` as a frame, and shows an inlined call whose first
        // instruction is the PC (the unwinder hides it, as GDB does for its own breakpoints).
        const backtrace = (await live.gdb(['bt'])).split('\n').filter((line) => /^#\d+/.test(line));
        const gdbFrames = backtrace.filter((line) => !line.includes('<signal handler called>')).map((line) => Number(/^#(\d+)/.exec(line)![1]));
        const shift = gdbFrames.length - frames.length;
        assert.ok(shift >= 0 && (frames[0].function === undefined || backtrace[gdbFrames[shift]].includes(` ${frames[0].function} `)), `GDB's bt ${JSON.stringify(backtrace)}`);
        if (shift > 0) console.log(`-${level} ${stop.name}: GDB shows ${shift} inlined frame(s) at their entry that the unwinder hides`);
        const commands = frames.flatMap((f) => [`echo @@${f.index}\\n`, `frame ${gdbFrames[f.index + shift]}`, 'info args', 'info locals']);
        const output = await live.gdb([...commands, `echo @@${frames.length}\\n`]);
        let compared = 0;
        let identical = 0;
        const differences: string[] = [];
        for (const f of frames) {
          const block = output.slice(output.indexOf(`@@${f.index}\n`), output.indexOf(`@@${f.index + 1}\n`));
          const gdbLines = block.split('\n').filter((line) => / = /.test(line) && !/^#\d/.test(line) && !/^\d+\t/.test(line));
          const { scope, inlineIndex } = frameScopeAt(live.program.dwarf, frames, f.index)!;
          const frame = frameContext(live, f, frames, memory);
          const named = await localsOf(scope, inlineIndex, frame, memory);
          const texts = await new ValueReader(frame, memory).format(named.map((n) => n.value), {}, false);
          const mine = named.map((n, k) => `${n.name} = ${texts[k]}`);
          compared += mine.length;
          const remaining = [...gdbLines];
          for (const line of mine) {
            const name = line.slice(0, line.indexOf(' = '));
            const exact = remaining.indexOf(line);
            const sameName = remaining.findIndex((l) => l.startsWith(`${name} = `));
            if (exact >= 0) {
              identical++;
              remaining.splice(exact, 1);
            } else {
              differences.push(`frame ${f.index} ${f.function}: mine ${line}, gdb ${sameName >= 0 ? remaining[sameName] : 'none'}`);
            }
          }
          for (const line of remaining) differences.push(`frame ${f.index} ${f.function}: only GDB shows ${line}`);
        }
        console.log(`-${level} ${stop.name}: ${frames.length} frames, ${identical} of ${compared} arguments and locals identical to GDB; ${memory.roundTrips} round trips`);
        assert.deepEqual(differences, []);
        assert.ok(compared > 0);
        // One batched read per frame opened (all of its locals at once), plus one per pointer followed.
        assert.ok(memory.roundTrips <= frames.length + 1, `${memory.roundTrips} round trips for ${frames.length} frames`);
      });
    }

    it('formats every global and file static as GDB prints it, in batched reads', async () => {
      const memory = new MemoryCache(live.target);
      const frame = frameContext(live, frames[0]);
      const scope = variablesInScope(live.program.dwarf, frames[0].pc)!;
      const named = [
        ...(await globalsOf({ globals: globals(live.program.dwarf), frameBase: scope.frameBase }, frame, memory)),
        ...(await locateAll(allFileStatics(live.program.dwarf), frame, scope.frameBase, memory)),
      ];
      const reader = new ValueReader(frame, memory);
      const mine = await reader.format(named.map((n) => n.value));
      const theirs = await live.gdbPrints(named.map((n) => n.name));
      const differences = named.map((n, k) => ({ name: n.name, mine: mine[k], gdb: theirs[k] })).filter((d) => d.mine !== d.gdb);
      console.log(`-${level}: ${named.length - differences.length} of ${named.length} globals and statics identical to GDB; ${memory.roundTrips} round trips`);
      assert.deepEqual(differences, []);
      assert.ok(named.length >= 45, `expected the firmware's globals, got ${named.length}`);
      // Every global's own bytes in one round trip; a second follows the char pointers (g_message).
      assert.equal(memory.roundTrips, 2);
    });

    it('formats every global in hex (DAP format.hex) as GDB print/x does', async () => {
      const memory = new MemoryCache(live.target);
      const frame = frameContext(live, frames[0]);
      const scope = variablesInScope(live.program.dwarf, frames[0].pc)!;
      const named = await globalsOf({ globals: globals(live.program.dwarf), frameBase: scope.frameBase }, frame, memory);
      const mine = await new ValueReader(frame, memory).format(named.map((n) => n.value), { hex: true });
      const theirs = await live.gdbPrints(named.map((n) => `/x ${n.name}`));
      const differences = named.map((n, k) => ({ name: n.name, mine: mine[k], gdb: theirs[k] })).filter((d) => d.mine !== d.gdb);
      console.log(`-${level}: ${named.length - differences.length} of ${named.length} globals identical to GDB print/x`);
      assert.deepEqual(differences, []);
    });

    it('evaluates the expression table as GDB prints it', async () => {
      const memory = new MemoryCache(live.target);
      const frame = frameContext(live, frames[0]);
      const scope = new FrameScope({ dwarf: live.program.dwarf, pc: frames[0].pc, frame, memory, architecture: live.target.architecture });
      const reader = new ValueReader(frame, memory);
      const theirs = await live.gdbPrints(EXPRESSION_TABLE);
      const differences: string[] = [];
      for (const [k, expression] of EXPRESSION_TABLE.entries()) {
        // GDB's messages carry no column; ours end with one.
        const mine = await printCExpression(expression, scope, reader).catch((error: Error) => error.message.replace(/ at column \d+$/, ''));
        if (mine !== theirs[k]) differences.push(`${expression}: mine ${mine} | gdb ${theirs[k]}`);
      }
      console.log(`-${level}: ${EXPRESSION_TABLE.length - differences.length} of ${EXPRESSION_TABLE.length} expressions identical to GDB print`);
      assert.deepEqual(differences, []);
    });
  });
}
