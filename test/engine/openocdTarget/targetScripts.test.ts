// The Tcl that OpenocdTarget builds: comparator counts and architecture from the registers' spec
// layouts, the stack window reply, and target names reaching Tcl as one literal word.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseTclList, tclQuote, TclInvalidResponseError } from '../../../src/openocd';
import { architectureFromCpuid, dwtComparators, fpbCodeComparators, parseRawReply, parseSharedBreakpoint, parseStackWindow, TargetScripts } from '../../../src/engine/openocdTarget/targetScripts';

describe('targetScripts', () => {
  it('counts FPB code comparators from FP_CTRL (NUM_CODE split over bits 14:12 and 7:4) and DWT comparators from NUMCOMP', () => {
    assert.equal(fpbCodeComparators(0x40), 4, 'Cortex-M0: 4 code comparators');
    assert.equal(fpbCodeComparators(0x260), 6, 'Cortex-M3/M4: 6 code comparators, 2 literal ones not counted');
    assert.equal(fpbCodeComparators(0x1081), 0x10 | 8, 'NUM_CODE[6:4] in bits 14:12');
    assert.equal(dwtComparators(0x20000000), 2);
    assert.equal(dwtComparators(0x40000000), 4);
  });

  it('names the architecture from CPUID.PARTNO', () => {
    assert.equal(architectureFromCpuid(0x410cc200), 'armv6m', 'Cortex-M0');
    assert.equal(architectureFromCpuid(0x410cc601), 'armv6m', 'Cortex-M0+');
    assert.equal(architectureFromCpuid(0x410fc241), 'armv7m', 'Cortex-M4');
    assert.equal(architectureFromCpuid(0x410fd213), 'armv8m', 'Cortex-M33');
  });

  it('turns the stack window reply into little-endian bytes at its start address', () => {
    const window = parseStackWindow('536879040 {0x4030201 0x8070605}', true);
    assert.equal(window.address, 0x20001fc0);
    assert.deepEqual(window.bytes, Uint8Array.of(1, 2, 3, 4, 5, 6, 7, 8));
    assert.deepEqual(parseStackWindow('536879040 {}', true).bytes, new Uint8Array(0));
  });

  it('reads a raw command reply as {rc result log}, and anything else as an invalid response, not a TypeError', () => {
    assert.deepEqual(parseRawReply('1 {target not halted} {Error: poll failed\n}'), { rc: 1, out: 'target not halted', log: 'Error: poll failed\n' });
    for (const bad of ['', '0', '0 out', 'x out log', '0 a b c', '0 {unbalanced log']) {
      assert.throws(() => parseRawReply(bad), TclInvalidResponseError, JSON.stringify(bad));
    }
  });

  it('keeps a target name with Tcl specials one literal word in every script', () => {
    const name = 'evil[exit] $x {';
    const scripts = new TargetScripts(name);
    for (const script of [scripts.curstate(), scripts.type(), scripts.onTarget('halt'), scripts.getRegisters(['pc'])]) {
      const words = parseTclList(script.split(';')[0].replace(/^targets /, ''));
      assert.equal(words[0], name, script);
    }
  });

  it('riscv reads registers with -force; a resume over a breakpoint lifts it, steps, sets it again and resumes unless another is hit', () => {
    const scripts = new TargetScripts('riscv.cpu', true);
    assert.equal(scripts.getRegisters(['pc', 'sp']), 'riscv.cpu get_reg -force {pc sp}');
    assert.equal(new TargetScripts('cpu').getRegisters(['pc', 'sp']), 'cpu get_reg {pc sp}');
    const resume = scripts.resumeOverBreakpoint(0x8000100, scripts.liftOwnBreakpoint(0x8000100, 2, true), [0x8000100, 0x8000104]);
    assert.match(resume, /^targets riscv\.cpu; rbp 0x8000100; step 0x8000100; bp 0x8000100 2 hw; /);
    assert.match(resume, /foreach ocd_bp \{0x8000100 0x8000104\} \{if \{\$ocd_bp == \(\$ocd_pc & ~1\)\} \{set ocd_hit 1\}\}; if \{!\$ocd_hit\} \{resume\}; set ocd_hit$/);
    assert.match(scripts.step(scripts.liftOwnBreakpoint(0x20000010, 2, false)), /rbp 0x20000010; set ocd_rc \[catch step ocd_out\]; bp 0x20000010 2; /);
    const range = scripts.stepInRange(0x8000100, 0x8000120, 1000, 50, scripts.liftOwnBreakpoint(0x8000100, 2, true));
    assert.match(range, /while \{1\} \{if \{\$ocd_steps == 0\} \{.*rbp 0x8000100; .*\} else \{.*\}; incr ocd_steps; /s);
    assert.ok(range.includes('[riscv.cpu get_reg -force {pc}]'), range);
  });

  it('a core steps over a breakpoint another core owns by writing the replaced bytes back and the breakpoint after, on its own target', () => {
    const scripts = new TargetScripts('dual.cpu1');
    const over = scripts.liftSharedBreakpoint(0x20000010, [0x01, 0x30], [0x11, 0xbe]);
    assert.deepEqual(over, { lift: 'dual.cpu1 write_memory 0x20000010 8 {0x1 0x30}', restore: 'dual.cpu1 write_memory 0x20000010 8 {0x11 0xbe}' });
    assert.match(scripts.step(over), /write_memory 0x20000010 8 \{0x1 0x30\}; set ocd_rc \[catch step ocd_out\]; dual\.cpu1 write_memory 0x20000010 8 \{0x11 0xbe\}; /);
    assert.match(scripts.addSharedBreakpoint(0x20000010, 2), /set ocd_orig \[dual\.cpu1 read_memory 0x20000010 8 2\]; bp 0x20000010 2; list \$ocd_orig \[dual\.cpu1 read_memory 0x20000010 8 2\]/);
    assert.deepEqual(parseSharedBreakpoint('{0x01 0x30} {0x11 0xbe}'), { original: [1, 0x30], code: [0x11, 0xbe] });
    assert.throws(() => parseSharedBreakpoint('{0x01 0x30} {0x11}'), /bp/);
    assert.throws(() => parseSharedBreakpoint('{} {}'), /bp/);
  });

  it('steps in a range with every value a Tcl number, the range checked on the PC without its Thumb bit, and the target name one word', () => {
    const script = new TargetScripts('evil[exit] $x {').stepInRange(0x8000100, 0x8000120, 1000, 50);
    assert.match(script, /if \{\$ocd_steps >= 0x3e8 \|\| \[clock milliseconds\] - \$ocd_t0 >= 0x32 \|\|/);
    assert.match(script, /& ~1\}\]; if \{\$ocd_pc < 0x8000100 \|\| \$ocd_pc >= 0x8000120\} break\}; set ocd_steps$/);
    assert.ok(script.includes(`[${tclQuote('evil[exit] $x {')} get_reg {pc}]`), script);
    assert.throws(() => new TargetScripts('cpu').stepInRange(0x100, 0x120, 1.5, 50), RangeError);
  });

  it('caps the stack window at the stack top only when given one', () => {
    const scripts = new TargetScripts('cpu');
    assert.match(scripts.snapshot(['sp'], 512, 0x20002000)[3], /set end 536879104/);
    assert.doesNotMatch(scripts.snapshot(['sp'], 512, undefined)[3], /set end \d/);
  });

  it('ends a cortex_m stack window at the System region (0xE0000000), where no stack lies; other targets\' windows have no such end', () => {
    assert.match(TargetScripts.forCortexM('cpu').snapshot(['sp'], 512, undefined)[3], /if \{\$end > 3758096384\} \{set end 3758096384\}; set words \{\}; while \{\$a < \$end\}/);
    assert.doesNotMatch(new TargetScripts('hart', true).snapshot(['sp'], 512, undefined)[3], /3758096384/);
  });
});
