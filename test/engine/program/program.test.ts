// Program (src/engine/program) on the test firmware at -O0, -Og and -O2, against what GDB says
// about the same ELF: `break FILE:LINE`, `break FUNC`, `info line *ADDR`, `info symbol ADDR`.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { Program } from '../../../src/engine/program';
import { firmwareElf, optimizationLevels } from '../../helpers/firmware';
import { gdb } from '../../dwarf/line/lineOracles';
import { lineOf } from './sourceLines';

const hex = (n: number) => `0x${n.toString(16)}`;

/** `Breakpoint N at 0xADDR: file F, line L.` for each `break` command, in order. */
function gdbBreakpoints(output: string): { address: number; file: string; line: number }[] {
  return [...output.matchAll(/^Breakpoint \d+ at (0x[0-9a-f]+): file (\S+), line (\d+)\.$/gm)].map((m) => ({ address: Number(m[1]), file: m[2], line: Number(m[3]) }));
}

for (const level of optimizationLevels) {
  describe(`Program on the ${level} firmware, against GDB`, () => {
    const elfPath = firmwareElf(level);
    const program = Program.fromElf(readFileSync(elfPath));
    const lineBreakpoints: [string, number][] = [
      ['workload.c', lineOf('workload.c', 'g_recursion_result = recurse(')],
      ['workload.c', lineOf('workload.c', 'below = recurse(depth - 1)')],
      ['workload.c', lineOf('workload.c', 'uint32_t below;')],
      ['board.c', lineOf('board.c', 'systick_ticks++')],
      ['main.c', lineOf('main.c', 'loop_count++')],
    ];
    const functionNames = ['main', 'recurse', 'SysTick_Handler', 'work_step', 'typed_args', 'recursion_bottom'];
    const gdbOut = gdb(elfPath, [...lineBreakpoints.map(([file, line]) => `break ${file}:${line}`), ...functionNames.map((name) => `break ${name}`)]);
    const expected = gdbBreakpoints(gdbOut);

    it('GDB answered every break command (oracle sanity)', () => {
      assert.equal(expected.length, lineBreakpoints.length + functionNames.length, gdbOut);
    });

    it('a source line resolves to GDB\'s address and line, a line without code moves like GDB\'s', () => {
      lineBreakpoints.forEach(([file, line], i) => {
        const answer = program.resolveLine(file, line);
        assert.equal(answer.locations.length, 1, `${file}:${line}`);
        const [location] = answer.locations;
        assert.equal(hex(location.address), hex(expected[i].address), `${file}:${line}`);
        assert.equal(location.source?.line, expected[i].line, `${file}:${line}`);
        assert.equal(answer.moved, expected[i].line !== line, `${file}:${line} moved`);
        assert.ok(location.source?.path.endsWith(`/${file}`), location.source?.path);
      });
    });

    it('a function name resolves to GDB\'s post-prologue address and line', () => {
      functionNames.forEach((name, i) => {
        const [location, ...others] = program.resolveFunction(name);
        assert.equal(others.length, 0, name);
        const want = expected[lineBreakpoints.length + i];
        assert.equal(hex(location.address), hex(want.address), name);
        assert.equal(location.source?.line, want.line, name);
        assert.equal(location.functionName, name);
      });
    });

    it('a function inlined into its callers (wait_for_tick, clamp_small, scale_inline) resolves to GDB\'s location', () => {
      const names = ['wait_for_tick', 'clamp_small', 'scale_inline'];
      const out = gdb(elfPath, names.map((name) => `break ${name}`));
      const gdbLocations = gdbBreakpoints(out);
      assert.equal(gdbLocations.length, names.length, out);
      names.forEach((name, i) => {
        const locations = program.resolveFunction(name);
        assert.deepEqual(locations.map((l) => hex(l.address)), [hex(gdbLocations[i].address)], name);
        assert.equal(locations[0].functionName, name);
        assert.equal(locations[0].source?.line, gdbLocations[i].line, `${name} line`);
      });
    });

    it('address -> line agrees with GDB\'s `info line *ADDR` at every breakpoint address and inside functions', () => {
      const addresses = [...expected.map((b) => b.address), ...expected.map((b) => b.address + 2)];
      const out = gdb(elfPath, addresses.map((a) => `info line *${hex(a)}`));
      const answers = [...out.matchAll(/^Line (\d+) of "([^"]+)"\s+(?:starts at address|is at address) (0x[0-9a-f]+)/gm)];
      assert.equal(answers.length, addresses.length, out);
      addresses.forEach((address, i) => {
        const at = program.lineAt(address);
        assert.equal(at?.source.line, Number(answers[i][1]), hex(address));
        assert.ok(at?.source.path.endsWith(`/${answers[i][2]}`), `${hex(address)}: ${at?.source.path}`);
        assert.equal(hex(at.address), answers[i][3], `row start of ${hex(address)}`);
      });
    });

    it('symbols name addresses as GDB\'s `info symbol` does (func+0xN)', () => {
      const addresses = functionNames.map((name) => program.elf.symbolByName(name)!.address + 6);
      const out = gdb(elfPath, addresses.map((a) => `info symbol ${hex(a)}`));
      const answers = [...out.matchAll(/^(\S+)(?: \+ (\d+))? in section/gm)].map((m) => (m[2] === undefined ? m[1] : `${m[1]}+0x${Number(m[2]).toString(16)}`));
      assert.deepEqual(addresses.map((a) => program.symbolText(a)), answers);
    });

    it('an address inside the inlined scale_inline shows the inlined frame, then work_step at the call line', () => {
      const bodyLine = lineOf('workload.c', 'int32_t scaled = value * factor;');
      const [inInline] = program.resolveLine('workload.c', bodyLine).locations;
      const frames = program.sourceFramesAt(inInline.address);
      // At -O2 the inlined multiply shares its address with a row of the call line; frame 0 shows the address's row.
      assert.deepEqual(frames.map((f) => [f.function, f.inlined, f.source?.line]), [
        ['scale_inline', true, program.lineAt(inInline.address)?.source.line],
        ['work_step', false, lineOf('workload.c', 'int32_t scaled = scale_inline(blocks, 3);')],
      ]);
      assert.equal(program.functionAt(inInline.address)?.name, 'work_step');
    });

    it('lists the firmware\'s source files and its load segments (flash image at 0x08000000)', () => {
      const files = program.sourceFiles();
      for (const name of ['main.c', 'workload.c', 'board.c', 'firmware.h']) assert.ok(files.some((f) => f.endsWith(`/${name}`)), name);
      const segments = program.loadSegments();
      assert.ok(segments.some((s) => s.paddr === 0x08000000 && s.data.length > 0));
      const flashBytes = readFileSync(firmwareElf(level).replace(/\.elf$/, '.bin'));
      const first = segments.find((s) => s.paddr === 0x08000000)!;
      assert.deepEqual(Buffer.from(first.data.subarray(0, 64)), flashBytes.subarray(0, 64));
    });
  });
}

describe('Program source paths', () => {
  it('sourceFileMap maps compiled paths to local ones and back for breakpoints', () => {
    const elfPath = firmwareElf('O0');
    const plain = Program.fromElf(readFileSync(elfPath));
    const compiled = plain.sourceFiles().find((f) => f.endsWith('/workload.c'))!;
    const compiledDir = compiled.slice(0, compiled.lastIndexOf('/'));
    const mapped = Program.fromElf(readFileSync(elfPath), { sourceFileMap: { [compiledDir]: '/home/me/checkout' } });
    assert.ok(mapped.sourceFiles().includes('/home/me/checkout/workload.c'));
    const line = lineOf('workload.c', 'g_recursion_result = recurse(');
    const answer = mapped.resolveLine('/home/me/checkout/workload.c', line);
    assert.equal(answer.locations[0].source?.path, '/home/me/checkout/workload.c');
    assert.equal(answer.locations[0].address, plain.resolveLine(compiled, line).locations[0].address);
    assert.equal(mapped.lineAt(answer.locations[0].address)?.source.path, '/home/me/checkout/workload.c');
  });
});
