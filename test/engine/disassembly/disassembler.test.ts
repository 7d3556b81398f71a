// Disassembly (src/engine/disassembly) of firmware functions compared with
// `arm-none-eabi-objdump -d` (addresses, mnemonics and operands normalised for the two
// tools' spelling), plus the DAP cases: backwards from an address, starting mid-instruction,
// unreadable memory, and the annotations (symbols, source lines, branch targets).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { DISASSEMBLY_WINDOW, Disassembler, InstructionDecoder } from '../../../src/engine/disassembly';
import { Program } from '../../../src/engine/program';
import { firmwareBin, firmwareElf, optimizationLevels } from '../../helpers/firmware';

interface Row {
  readonly address: number;
  readonly text: string;
}

const BRANCH = /^(b|bl|blx|cbz|cbnz)(eq|ne|cs|hs|cc|lo|mi|pl|vs|vc|hi|ls|ge|lt|gt|le|al)?$/;

/** One spelling for both tools: no size suffixes or comments, decimal immediates, objdump's aliases. */
function normalise(mnemonic: string, operands: string): string {
  let m = mnemonic.replace(/\.[nw]$/, '');
  let ops = operands.replace(/\s*@.*$/, '').replace(/\s*<[^>]*>/g, '').trim();
  if (BRANCH.test(m) && /^#?(0x)?[0-9a-f]+$/.test(ops)) ops = `0x${Number(ops.startsWith('#0x') ? ops.slice(1) : ops.startsWith('0x') ? ops : `0x${ops}`).toString(16)}`;
  ops = ops.replace(/#(-?)0x([0-9a-f]+)/g, (_, sign: string, hex: string) => `#${sign}${parseInt(hex, 16)}`).replace(/, #0\]/g, ']').replace(/\s+/g, ' ');
  // Capstone spells two Thumb-1 aliases differently from binutils (ARM ARM A7.7.106 NEG, A7.7.88 NOP).
  const rsbs = /^(r\d+|\w+), (r\d+|\w+), #0$/.exec(ops);
  if (m === 'rsbs' && rsbs) [m, ops] = ['negs', `${rsbs[1]}, ${rsbs[2]}`];
  if (m === 'mov' && ops === 'r8, r8') [m, ops] = ['nop', ''];
  // Thumb-1 two-operand forms (MULS Rdm, Rn, Rdm; ADD Rdm, SP, Rdm) and condition-code synonyms.
  const threeOperands = /^(\w+), (\w+), (\w+)$/.exec(ops);
  if ((m === 'muls' || m === 'add') && threeOperands && threeOperands[1] === threeOperands[3]) ops = `${threeOperands[1]}, ${threeOperands[2]}`;
  m = m.replace(/^b(lo|hs)$/, (_, cc: string) => (cc === 'lo' ? 'bcc' : 'bcs')).replace(/^(ldm|stm)$/, '$1ia');
  return `${m} ${ops}`.trim();
}

function objdump(elf: string, fn: string): Row[] {
  const text = execFileSync('arm-none-eabi-objdump', ['-d', `--disassemble=${fn}`, elf], { encoding: 'utf8' });
  const rows: Row[] = [];
  for (const match of text.matchAll(/^\s*([0-9a-f]+):\t(?:[0-9a-f]{4,8} ?)+\s*\t([\w.]+)\t?(.*)$/gm)) {
    rows.push({ address: parseInt(match[1], 16), text: normalise(match[2], match[3]) });
  }
  return rows;
}

for (const level of optimizationLevels) {
  describe(`disassembly of the ${level} firmware against objdump -d`, () => {
    const elfPath = firmwareElf(level);
    const program = Program.fromElf(readFileSync(elfPath));
    let decoder: InstructionDecoder;
    let disassembler: Disassembler;
    before(async () => {
      decoder = await InstructionDecoder.create('thumb');
      disassembler = new Disassembler(decoder, async (address, byteLength) => program.bytesAt(address, byteLength), program);
    });
    after(() => decoder?.close());

    for (const fn of ['work_step', 'recurse', 'main', 'SysTick_Handler', 'Reset_Handler']) {
      it(`${fn}: every instruction and literal pool word matches objdump`, async () => {
        const expected = objdump(elfPath, fn);
        assert.ok(expected.length > 3, `objdump listed ${fn}`);
        const lines = await disassembler.disassemble(expected[0].address, 0, expected.length);
        assert.deepEqual(lines.map((l) => ({ address: l.address, text: normalise(l.mnemonic, l.operands) })), expected);
        assert.equal(lines[0].symbol, fn);
        assert.ok(lines.every((l) => l.symbol?.startsWith(fn)), 'each instruction is named func+offset');
      });
    }

    it('backwards from an address (negative instructionOffset) gives the instructions objdump lists before it', async () => {
      const expected = objdump(elfPath, 'work_step');
      const middle = 12;
      const lines = await disassembler.disassemble(expected[middle].address, -8, 12);
      assert.deepEqual(lines.map((l) => l.address), expected.slice(middle - 8, middle + 4).map((r) => r.address));
    });

    it('an address inside a 32-bit instruction starts at that instruction', async () => {
      const call = objdump(elfPath, 'work_step').find((r) => r.text.startsWith('bl '))!;
      const [first] = await disassembler.disassemble(call.address + 2, 0, 1);
      assert.equal(first.address, call.address);
      assert.equal(first.isCall, true);
      assert.equal(`bl 0x${first.branchTarget!.toString(16)}`, call.text);
      assert.equal(first.branchTargetSymbol, program.elf.symbolAt(first.branchTarget!)?.name, 'a call targets a function entry');
    });

    it('source lines are marked where line-table rows start', async () => {
      const [entry] = program.resolveFunction('recurse');
      const lines = await disassembler.disassemble(entry.address, 0, 1);
      assert.equal(lines[0].startsLine, true);
      assert.equal(lines[0].source?.line, entry.source?.line);
    });
  });
}

describe('disassembly of a window that starts in unmapped memory below the flash', () => {
  const FLASH_BASE = 0x08000000;
  const elfPath = firmwareElf('O0');
  const program = Program.fromElf(readFileSync(elfPath));
  const flash = readFileSync(firmwareBin('O0'));
  const reads: { address: number; byteLength: number }[] = [];
  /** The target as OpenOCD reads it: a range with any byte outside flash fails as a whole (bus fault). */
  const target = async (address: number, byteLength: number): Promise<Uint8Array | undefined> => {
    reads.push({ address, byteLength });
    return address >= FLASH_BASE && address + byteLength <= FLASH_BASE + flash.length ? flash.subarray(address - FLASH_BASE, address - FLASH_BASE + byteLength) : undefined;
  };

  it('decodes the flash before the pc (main, as objdump lists it) and shows ?? only below the flash base', async () => {
    const decoder = await InstructionDecoder.create('thumb');
    try {
      const main = objdump(elfPath, 'main');
      const pc = main[14].address;
      const lines = await new Disassembler(decoder, target, program).disassemble(pc, -200, 400);
      assert.equal(lines.length, 400);
      assert.equal(lines[200].address, pc);
      const shownBefore = main.filter((row) => row.address < pc).map((row) => lines.find((l) => l.address === row.address));
      assert.deepEqual(shownBefore.map((l) => l && { address: l.address, text: normalise(l.mnemonic, l.operands) }), main.slice(0, 14));
      const unreadable = lines.filter((l) => l.unreadable);
      assert.ok(unreadable.length > 0 && unreadable.every((l) => l.address < FLASH_BASE), 'only the addresses below the flash are ??');
      assert.ok(lines.filter((l) => l.address >= FLASH_BASE).every((l) => !l.unreadable), 'every flash address is decoded');
      assert.ok(reads.every((r) => r.byteLength > 0), 'no empty reads');
      assert.ok(reads.length <= 8, `a failed window is split at region boundaries, not read piecemeal (${reads.length} reads)`);
    } finally {
      decoder.close();
    }
  });
});

describe('disassembly of a huge request', () => {
  const program = Program.fromElf(readFileSync(firmwareElf('O0')));
  const reads: number[] = [];
  const code = async (address: number, byteLength: number): Promise<Uint8Array | undefined> => {
    reads.push(byteLength);
    return program.bytesAt(address, byteLength) ?? new Uint8Array(byteLength);
  };

  it(`reads at most ${DISASSEMBLY_WINDOW} lines each side of the address, and answers the rest as ?? (a fuzzed count of 100000)`, async () => {
    const decoder = await InstructionDecoder.create('thumb');
    try {
      const main = program.elf.symbolByName('main')!.address;
      const disassembler = new Disassembler(decoder, code, program);
      for (const [offset, count] of [[0, 100_000], [-100_000, 100_050], [-100_000, 50]]) {
        reads.length = 0;
        const lines = await disassembler.disassemble(main, offset, count);
        assert.equal(lines.length, count, `${offset} ${count}: exactly the lines asked for`);
        const bytesRead = reads.reduce((sum, n) => sum + n, 0);
        assert.ok(bytesRead <= 2 * (DISASSEMBLY_WINDOW + 4) * 4, `${offset} ${count}: ${bytesRead} bytes read`);
        const decoded = lines.filter((line) => !line.unreadable);
        assert.ok(decoded.length <= 2 * DISASSEMBLY_WINDOW, `${offset} ${count}: ${decoded.length} lines decoded`);
        assert.ok(lines.every((line, k) => k === 0 || line.address === lines[k - 1].address + lines[k - 1].byteLength), `${offset} ${count}: contiguous addresses`);
      }
      const lines = await disassembler.disassemble(main, 0, 100_000);
      assert.equal(lines[0].address, main);
      assert.equal(lines[0].unreadable, false);
      assert.equal(lines[DISASSEMBLY_WINDOW].unreadable, true, 'the first line past the window is ??');
    } finally {
      decoder.close();
    }
  });
});

describe('disassembly of unreadable memory', () => {
  it('shows ?? entries for the requested count instead of failing', async () => {
    const decoder = await InstructionDecoder.create('thumb');
    try {
      const disassembler = new Disassembler(decoder, async () => undefined);
      const lines = await disassembler.disassemble(0x40000000, -2, 5);
      assert.equal(lines.length, 5);
      assert.ok(lines.every((l) => l.unreadable && l.mnemonic === '??'));
      assert.deepEqual(lines.map((l) => l.address), [0x3ffffffc, 0x3ffffffe, 0x40000000, 0x40000002, 0x40000004]);
    } finally {
      decoder.close();
    }
  });
});
