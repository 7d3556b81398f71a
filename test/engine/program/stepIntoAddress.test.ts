// Where a step into a function stops, against where `break FUNC` does, on the RISC-V board program
// at -Og: its unit has location lists (GDB's locations_valid), so GDB breaks on `scale` at its entry
// (line 15) but steps into it past the prologue, at line 16 (seen with gdb-multiarch 13 on the board).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { Program } from '../../../src/engine/program';
import { riscvBoardElf, steppingElf } from '../../helpers/firmware';
import { lineOf } from './sourceLines';

describe('step-into address', () => {
  it('RISC-V -Og scale: a step stops at line 16\'s first address, a function breakpoint at the entry (line 15)', () => {
    const program = Program.fromElf(readFileSync(riscvBoardElf('Og')));
    const scale = program.functionAt(program.elf.symbolByName('scale')!.address)!;
    const [breakpoint] = program.resolveFunction('scale');
    assert.equal(breakpoint.address, scale.lowPc, 'break scale: the entry, as GDB sets it');
    const stop = program.stepIntoAddress(scale);
    assert.notEqual(stop, scale.lowPc);
    assert.equal(program.lineAt(stop)?.source.line, lineOf('riscv/board-main.c', 'uint32_t scaled = value * 3u;'));
    assert.equal(program.lineAt(stop)?.address, stop, 'the start of the line\'s row');
  });

  it('an assembly routine (libgcc\'s __udivsi3) is stepped into at its entry: GDB skips no prologue in assembly', () => {
    const program = Program.fromElf(readFileSync(steppingElf('Og')));
    const udivsi3 = program.functionAt(program.elf.symbolByName('__udivsi3')!.address & ~1)!;
    assert.equal(program.stepIntoAddress(udivsi3), udivsi3.lowPc);
  });
});
