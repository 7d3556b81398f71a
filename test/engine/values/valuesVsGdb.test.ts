// Every global, static and local of the test firmware, as src/engine/values formats it on the
// halted simulated board, against GDB's `print` / `info locals` on the same OpenOCD (oracle only).
import { strict as assert } from 'node:assert';
import { after, before, describe, it } from 'node:test';
import { globals, variablesInScope } from '../../../src/dwarf';
import { StackUnwinder, targetFrameMemory, type StackFrame } from '../../../src/engine/stack';
import { allFileStatics, FrameContext, globalsOf, locateAll, localsOf, MemoryCache, programSymbols, ValueReader } from '../../../src/engine/values';
import { FrameScope, printCExpression } from '../../../src/engine/expressions';
import { optimizationLevels } from '../../helpers/firmware';
import { EXPRESSION_TABLE } from '../expressions/expressionTable';
import { LiveBoard } from './liveBoard';

/** A FrameContext for an unwound frame of the stack unwinder. */
function frameContext(live: LiveBoard, frame: StackFrame): FrameContext {
  return {
    littleEndian: true,
    addressByteSize: 4,
    cfa: frame.cfa,
    register: (n) => frame.registers.get(n),
    symbolAt: programSymbols(live.program),
  };
}

for (const level of optimizationLevels) {
  describe(`values vs GDB print, -${level}`, () => {
    let live: LiveBoard;
    let frames: readonly StackFrame[];

    before(async () => {
      live = await LiveBoard.start(level);
      const [bottom] = live.program.resolveFunction('recursion_bottom');
      await live.runTo(bottom.address);
      const unwinder = new StackUnwinder(live.program, targetFrameMemory(live.target));
      frames = (await unwinder.all()).frames;
    });
    after(async () => {
      await live?.close();
    });

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

    it('shows the arguments and locals of every frame (read through its unwound registers) as GDB frame N + info args/locals', async () => {
      const memory = new MemoryCache(live.target);
      const commands = frames.flatMap((f) => [`echo @@${f.index}\\n`, `frame ${f.index}`, 'info args', 'info locals']);
      const output = await live.gdb([...commands, `echo @@${frames.length}\\n`]);
      let compared = 0;
      let identical = 0;
      let entryValues = 0;
      const differences: string[] = [];
      for (const f of frames) {
        const block = output.slice(output.indexOf(`@@${f.index}\n`), output.indexOf(`@@${f.index + 1}\n`));
        const gdbLines = block.split('\n').filter((line) => / = /.test(line) && !/^#\d/.test(line) && !/^\d+\t/.test(line)).sort();
        const lookup = f.index > 0 && !f.interrupted ? f.pc - 1 : f.pc;
        const scope = variablesInScope(live.program.dwarf, lookup)!;
        const inlineIndex = scope.frames.length - 1 - f.id.inlineDepth;
        const frame = frameContext(live, f);
        const named = await localsOf(scope, inlineIndex, frame, memory);
        const texts = await new ValueReader(frame, memory).format(named.map((n) => n.value), {}, false);
        const mine = named.map((n, k) => `${n.name} = ${texts[k]}`).sort();
        compared += mine.length;
        // Not done yet: DW_OP_entry_value from the caller's DW_TAG_call_site_parameter (GDB resolves
        // it; we show <optimized out>). Such lines are counted apart, every other line must match.
        const needsEntryValue = (name: string): boolean => {
          const variable = [...scope.frames[inlineIndex].parameters, ...scope.frames[inlineIndex].locals].find((v) => v.name === name);
          return variable?.location.kind === 'expression' && (variable.location.expression[0] === 0xa3 || variable.location.expression[0] === 0xf3);
        };
        const gdbByName = new Map(gdbLines.map((line) => [line.slice(0, line.indexOf(' = ')), line]));
        for (const line of mine) {
          const name = line.slice(0, line.indexOf(' = '));
          if (gdbByName.get(name) === line) identical++;
          else if (line.endsWith('= <optimized out>') && needsEntryValue(name)) entryValues++;
          else differences.push(`frame ${f.index} ${f.function}: mine ${line}, gdb ${gdbByName.get(name)}`);
        }
        if (mine.length !== gdbLines.length) differences.push(`frame ${f.index}: ${mine.length} variables, GDB ${gdbLines.length}`);
      }
      console.log(`-${level}: ${frames.length} frames, ${identical} of ${compared} arguments and locals identical to GDB, ${entryValues} need DW_OP_entry_value; ${memory.roundTrips} round trips`);
      assert.deepEqual(differences, []);
      // One batched read per frame opened (all of its locals at once).
      assert.ok(memory.roundTrips <= frames.length, `${memory.roundTrips} round trips for ${frames.length} frames`);
      assert.ok(frames.length >= 9, `expected recursion_bottom, 6 recurse frames, work_step and main; got ${frames.length}`);
    });

    it('evaluates the expression table as GDB prints it', async () => {
      const memory = new MemoryCache(live.target);
      const frame = frameContext(live, frames[0]);
      const scope = new FrameScope({ dwarf: live.program.dwarf, pc: frames[0].pc, frame, memory });
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
