// Unwinds real stacks: the test firmware runs on the simulated Cortex-M0 board, a shadow stack
// records the true caller registers at every BL/BLX, and each unwound frame must match it.
// Stops inside epilogues are skipped: GCC emits no CFI for ARM epilogues (see inEpilogue).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { CallFrameInfo, DwarfSections, stripThumbBit } from '../../../src/dwarf';
import { ElfFile } from '../../../src/elf';
import { firmwareElf, optimizationLevels } from '../../helpers/firmware';
import { ShadowedBoard, calleeSaved, unwindAll } from './shadowedBoard';

describe('unwinding the test firmware on the simulated board, checked against a shadow call stack', () => {
  for (const level of optimizationLevels) {
    it(`${level}: every frame of every instruction of the recursion unwinds to its true caller state`, () => {
      const image = readFileSync(firmwareElf(level));
      const elf = ElfFile.parse(image);
      const cfi = CallFrameInfo.fromSections(DwarfSections.fromElf(elf), { clearThumbBit: true });
      const recurse = elf.symbolByName('recurse');
      const bottom = elf.symbolByName('recursion_bottom');
      assert.ok(recurse && bottom);
      const inFunction = (pc: number, symbol: { address: number; size: number }): boolean => pc >= symbol.address && pc < symbol.address + symbol.size;

      const sim = new ShadowedBoard(image);
      let budget = 2_000_000;
      while (!inFunction(sim.reg(15), recurse) && budget-- > 0) sim.step();
      assert.ok(budget > 0, 'the firmware reaches recurse()');

      let stops = 0;
      let deepest = 0;
      // Stop at every instruction until the outermost recurse() returns.
      const outerDepth = sim.calls.length;
      while (sim.calls.length >= outerDepth && budget-- > 0) {
        const pc = sim.reg(15);
        if ((inFunction(pc, recurse) || inFunction(pc, bottom)) && !sim.inEpilogue(pc)) {
          const results = unwindAll(cfi, sim);
          const unwound = results.filter((r) => r.kind === 'unwound');
          // Frame k + 1 is the caller of frame k: the k-th call site from the top of the shadow stack.
          const truth = [...sim.calls].reverse();
          assert.ok(unwound.length >= truth.length, `at 0x${pc.toString(16)}: ${unwound.length} frames for ${truth.length} calls (${JSON.stringify(results.at(-1), (_, v) => (typeof v === 'bigint' ? v.toString(16) : v))})`);
          truth.forEach((site, k) => {
            const result = unwound[k];
            assert.equal(result.kind, 'unwound');
            if (result.kind !== 'unwound') return;
            const where = `at pc 0x${pc.toString(16)}, frame ${k + 1}`;
            assert.equal(stripThumbBit(result.returnAddress ?? 0n), BigInt(site.returnAddress), `${where}: return address`);
            assert.deepEqual(result.registers.get(13), { value: BigInt(site.sp) }, `${where}: sp`);
            const saved = calleeSaved.map((n) => result.registers.get(n));
            assert.deepEqual(saved, site.saved.map((v) => ({ value: BigInt(v) })), `${where}: r4-r11`);
            assert.deepEqual(result.registers.get(0), { unavailable: 'not preserved across the call (caller-saved)' });
          });
          // Past the last call site is Reset_Handler, entered by reset: no caller to find.
          const last = results[truth.length];
          assert.ok(last.kind === 'noCfi' || (last.kind === 'unwound' && (last.returnAddress === undefined || last.returnAddress >= 0xffff_fff0n)),
            `the unwind ends after Reset_Handler: ${last.kind}`);
          stops++;
          deepest = Math.max(deepest, truth.length);
        }
        sim.step();
      }
      assert.ok(stops > 30, `unwound at ${stops} stops`);
      assert.ok(deepest >= outerDepth + 6, `reached ${deepest} frames deep`);
    });
  }
});
