// CallFrameInfo on gcc and firmware ELFs, row by row against objdump --dwarf=frames(-interp).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { CallFrameInfo, DwarfSections, formatCfaRule, formatRegisterRule, UnwindAbi, unwindFrameSync } from '../../../src/dwarf';
import { ElfFile } from '../../../src/elf';
import { firmwareElf } from '../../helpers/firmware';
import { armBuild, buildCfiFixture, formattedInstructions, hasHostCompiler, parseFramesInstructions, parseFramesInterp, runTool } from './cfiFixture';

interface Program {
  readonly name: string;
  readonly path: () => string;
  readonly objdump: string;
  readonly arm: boolean;
  /** DWARF register number of an objdump register name, -1 if not one (`ra` is handled by the caller). */
  readonly registerNumber: (name: string) => number;
  readonly skip?: string;
}

/** x86-64 DWARF register numbers (psABI Figure 3.36), as objdump names them. */
const x86Registers = ['rax', 'rdx', 'rcx', 'rbx', 'rsi', 'rdi', 'rbp', 'rsp', 'r8', 'r9', 'r10', 'r11', 'r12', 'r13', 'r14', 'r15', 'rip'];
/** Only what this test needs of x86-64: the CFA, with rsp (7) as the stack pointer. */
const x86Abi: UnwindAbi = { name: 'x86-64', stackPointerRegister: 7, registers: [], callerSavedRegisters: [] };
const hostSkip = hasHostCompiler() ? undefined : 'the host gcc is not installed';

const armProgram = (name: string, path: () => string): Program =>
  ({ name, path, objdump: 'arm-none-eabi-objdump', arm: true, registerNumber: (column) => (/^r\d+$/.test(column) ? Number(column.slice(1)) : -1) });
const hostProgram = (name: string, source: string, flags: string[]): Program => ({
  name,
  path: () => buildCfiFixture(source, { compiler: 'gcc', flags }),
  objdump: 'objdump',
  arm: false,
  registerNumber: (column) => x86Registers.indexOf(column),
  skip: hostSkip,
});

const programs: Program[] = [
  ...['cortex-m0', 'cortex-m3'].flatMap((cpu) =>
    ['-O0', '-Og', '-O2'].map((opt) => armProgram(`frames.c ${cpu} ${opt}`, () => buildCfiFixture('frames.c', armBuild(cpu, opt))))),
  ...(['O0', 'Og', 'O2'] as const).map((level) => armProgram(`test firmware ${level}`, () => firmwareElf(level))),
  // Host builds give real .eh_frame: 64-bit, "zR" CIEs, pc-relative FDE pointers, a PLT CFA expression.
  hostProgram('x86-64 .eh_frame frames.c -O0', 'frames.c', ['-O0', '-nostdlib', '-nostartfiles', '-ffreestanding', '-static']),
  hostProgram('x86-64 .eh_frame frames.c -O2', 'frames.c', ['-O2', '-nostdlib', '-nostartfiles', '-ffreestanding', '-static']),
  hostProgram('x86-64 .eh_frame PIE with PLT', 'plt.c', ['-O2', '-fpie', '-pie']),
  hostProgram('x86-64 64-bit .debug_frame', 'frames.c', ['-O2', '-g', '-fno-asynchronous-unwind-tables', '-nostdlib', '-nostartfiles', '-ffreestanding', '-static']),
];

function load(path: string, arm: boolean): CallFrameInfo {
  const elf = ElfFile.parse(readFileSync(path));
  return CallFrameInfo.fromSections(DwarfSections.fromElf(elf), { clearThumbBit: arm });
}

describe('CallFrameInfo on gcc output, checked against objdump --dwarf=frames-interp', () => {
  for (const program of programs) {
    describe(program.name, { skip: program.skip }, () => {
      const path = program.path();
      const cfi = load(path, program.arm);
      const oracle = parseFramesInterp(runTool(program.objdump, '--dwarf=frames-interp', path));
      const thumb = (address: number): number => (program.arm ? address & ~1 : address);

      it('parses every CIE and FDE without warnings', () => {
        assert.deepEqual(cfi.warnings.map((w) => w.message), []);
        assert.deepEqual(
          cfi.cies.map((c) => ({ offset: c.offset, augmentation: c.augmentation, codeAlignmentFactor: c.codeAlignmentFactor, dataAlignmentFactor: c.dataAlignmentFactor, returnAddressRegister: c.returnAddressRegister })),
          oracle.cies,
        );
        // objdump prints initial locations as stored; ours have the Thumb bit cleared on ARM.
        assert.deepEqual(
          cfi.fdes.map((f) => ({ offset: f.offset, start: f.initialLocation, end: f.initialLocation + f.addressRange })),
          oracle.fdes.map((f) => ({ offset: f.offset, start: thumb(f.start), end: thumb(f.end) })),
        );
        assert.ok(oracle.fdes.length >= 4, 'the program has functions with CFI');
      });

      it('gives the CFA and register rules of every objdump row at its address', () => {
        let rows = 0;
        for (const expected of oracle.fdes) {
          if (expected.rows.length === 0) continue;
          const fde = cfi.findFde(thumb(expected.start));
          assert.ok(fde, `FDE for 0x${expected.start.toString(16)}`);
          const registerOf = (column: string): number => (column === 'ra' ? fde.cie.returnAddressRegister : program.registerNumber(column));
          for (const row of expected.rows) {
            const loc = row.loc - (expected.start - thumb(expected.start));
            const lookup = cfi.unwindRowFor(loc);
            assert.equal(lookup.kind, 'row', `row at 0x${loc.toString(16)}`);
            if (lookup.kind !== 'row') continue;
            const ours = [formatCfaRule(lookup.row.cfa), ...expected.columns.map((column) => formatRegisterRule(lookup.row.registers.get(registerOf(column))))];
            // objdump names registers (rsp+8, rbx); ours are DWARF numbers (r7+8, r3).
            const theirs = [row.cfa, ...row.rules].map((text) => text.replace(/^[a-z][a-z0-9]*(?=[+-]|$)/, (name) => {
              const number = program.registerNumber(name);
              return number >= 0 ? `r${number}` : name;
            }));
            assert.deepEqual(ours, theirs, `FDE 0x${expected.offset.toString(16)} at 0x${loc.toString(16)}`);
            rows++;
          }
          // Every row boundary objdump shows is one of ours and vice versa.
          const ourStarts = [...new Set(cfi.unwindTable(fde).map((r) => r.startAddress))];
          const theirStarts = [...new Set(expected.rows.map((r) => r.loc - (expected.start - thumb(expected.start))))];
          assert.deepEqual(ourStarts, theirStarts.filter((loc) => loc < fde.initialLocation + fde.addressRange));
        }
        assert.ok(rows >= 8, `compared ${rows} rows`);
      });

      if (program.arm) {
        it('decodes every instruction as objdump --dwarf=frames prints it', () => {
          const expected = parseFramesInstructions(runTool(program.objdump, '--dwarf=frames', path));
          for (const entry of [...cfi.cies, ...cfi.fdes]) {
            assert.deepEqual(formattedInstructions(cfi, entry), expected.get(entry.offset) ?? [], `entry at 0x${entry.offset.toString(16)}`);
          }
        });
      }
    });
  }

  it('evaluates the PLT\'s CFA expression (rsp + 8, + 8 more past the push of each PLT entry)', { skip: hostSkip }, () => {
    const path = buildCfiFixture('plt.c', { compiler: 'gcc', flags: ['-O2', '-fpie', '-pie'] });
    const cfi = load(path, false);
    const plt = cfi.fdes.find((fde) => cfi.unwindTable(fde).some((row) => row.cfa?.kind === 'expression'));
    assert.ok(plt, 'the PLT FDE has a CFA expression');
    const rsp = 0x7fff_0000n;
    // The PLT's own CFI says: CFA = rsp + 8 + ((rip & 15) >= 11 ? 8 : 0) (GCC/binutils elf_x86_64 PLT).
    const cfaAt = (pc: number): bigint | string => {
      const result = unwindFrameSync(cfi, { pc: BigInt(pc) }, x86Abi, {
        readRegister: (n) => (n === 7 ? rsp : n === 16 ? BigInt(pc) : undefined),
        readMemory: () => new Uint8Array(8),
      });
      return result.kind === 'unwound' ? result.cfa : result.kind;
    };
    const table = cfi.unwindTable(plt);
    const expressionRow = table.find((row) => row.cfa?.kind === 'expression');
    assert.ok(expressionRow);
    const entry = expressionRow.startAddress;
    assert.equal(expressionRow.endAddress - entry, 16, "one 16-byte PLT entry");
    const offsets = Array.from({ length: 16 }, (_, i) => {
      const cfa = cfaAt(entry + i);
      return typeof cfa === 'bigint' ? cfa - rsp : cfa;
    });
    assert.deepEqual(offsets, Array.from({ length: 16 }, (_, i) => (((entry + i) & 15) >= 11 ? 16n : 8n)));
  });
});
