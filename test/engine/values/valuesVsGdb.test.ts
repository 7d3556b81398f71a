// Every global, static and local of the test firmware, as src/engine/values formats it on the
// halted simulated board, against GDB's `print` / `info locals` on the same OpenOCD (oracle only).
import { strict as assert } from 'node:assert';
import { execFile } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import { globals, variablesInScope } from '../../../src/dwarf';
import { StackUnwinder, targetFrameMemory, type StackFrame } from '../../../src/engine/stack';
import type { MemoryRange, MemoryReadResult } from '../../../src/engine/target';
import { FrameContext, globalsOf, localsOf, MemoryCache, programSymbols, staticsOf, ValueReader } from '../../../src/engine/values';
import { optimizationLevels } from '../../helpers/firmware';
import { LiveTarget } from '../stack/liveTarget';

/** Runs GDB with stderr merged into stdout (so an error stays next to its marker). */
export function gdbMerged(live: LiveTarget, commands: readonly string[]): Promise<string> {
  const args = ['-batch', '-nx', '-ex', 'set width 0', '-ex', 'set height 0', '-ex', 'set confirm off',
    '-ex', `target extended-remote 127.0.0.1:${live.gdbPort}`];
  for (const command of commands) args.push('-ex', command);
  args.push('-ex', 'disconnect', live.elfPath);
  return new Promise((resolve, reject) => {
    execFile('sh', ['-c', 'exec gdb-multiarch "$@" 2>&1', 'sh', ...args], { timeout: 120_000, maxBuffer: 16 << 20 }, (error, stdout) => {
      if (error) reject(new Error(`gdb failed: ${error.message}\n${stdout}`));
      else resolve(stdout);
    });
  });
}

/** GDB's answer to each `print` of `expressions`: the text after `$N = `, or its error line. */
export async function gdbPrints(live: LiveTarget, expressions: readonly string[]): Promise<string[]> {
  const commands = expressions.flatMap((expression, k) => [`echo @@${k}\\n`, `print ${expression}`]);
  commands.push(`echo @@${expressions.length}\\n`);
  const output = await gdbMerged(live, commands);
  return expressions.map((_, k) => {
    const start = output.indexOf(`@@${k}\n`);
    const end = output.indexOf(`@@${k + 1}\n`);
    const text = output.slice(start + `@@${k}\n`.length, end).trim();
    return text.replace(/^\$\d+ = /, '');
  });
}

/** Target.readMemory in ONE Tcl round trip (OpenocdCommands.snapshot batches every range). */
export function batchedReader(live: LiveTarget): { readMemory(ranges: readonly MemoryRange[]): Promise<MemoryReadResult[]> } {
  return {
    async readMemory(ranges) {
      const { memory } = await live.commands.snapshot(['pc'], ranges.map((r) => ({ address: r.address, byteLength: r.byteLength })));
      return memory.map((m) => (m instanceof Uint8Array ? m : { error: m.message }));
    },
  };
}

/** A FrameContext for an unwound frame of the stack unwinder. */
export function frameContext(live: LiveTarget, frame: StackFrame): FrameContext {
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
    let live: LiveTarget;
    let frames: readonly StackFrame[];

    before(async () => {
      live = await LiveTarget.start(level);
      await live.target.halt();
      const [bottom] = live.program.resolveFunction('recursion_bottom');
      await live.runTo(bottom.address);
      const unwinder = new StackUnwinder(live.program, targetFrameMemory(live.target));
      frames = (await unwinder.all()).frames;
    });
    after(async () => {
      await live?.close();
    });

    it('formats every global and file static as GDB prints it, in batched reads', async () => {
      const memory = new MemoryCache(batchedReader(live));
      const frame = frameContext(live, frames[0]);
      const scope = variablesInScope(live.program.dwarf, frames[0].pc)!;
      const variablesScope = variablesInScope(live.program.dwarf, live.program.resolveFunction('add_ints')[0].address)!;
      const named = [
        ...(await globalsOf({ globals: globals(live.program.dwarf), frameBase: scope.frameBase }, frame, memory)),
        ...(await staticsOf(variablesScope, frame, memory)),
      ];
      const reader = new ValueReader(frame, memory);
      const mine = await reader.format(named.map((n) => n.value));
      const theirs = await gdbPrints(live, named.map((n) => n.name));
      const differences = named.map((n, k) => ({ name: n.name, mine: mine[k], gdb: theirs[k] })).filter((d) => d.mine !== d.gdb);
      console.log(`-${level}: ${named.length - differences.length} of ${named.length} globals and statics identical to GDB; ${memory.roundTrips} round trips`);
      assert.deepEqual(differences, []);
      assert.ok(named.length >= 45, `expected the firmware's globals, got ${named.length}`);
      // Every global's own bytes in one round trip; a second follows the char pointers (g_message).
      assert.equal(memory.roundTrips, 2);
    });

    it('shows the arguments and locals of every frame (read through its unwound registers) as GDB frame N + info args/locals', async () => {
      const memory = new MemoryCache(batchedReader(live));
      const commands = frames.flatMap((f) => [`echo @@${f.index}\\n`, `frame ${f.index}`, 'info args', 'info locals']);
      const output = await gdbMerged(live, [...commands, `echo @@${frames.length}\\n`]);
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
  });
}
