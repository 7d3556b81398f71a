// What a launch of a RAM-linked image to main shows on any board: GDB's `break main` lies in SRAM,
// the top frame is there at GDB's line, and the console says the image went into RAM and verified.
import assert from 'node:assert/strict';
import { basename } from 'node:path';
import { gdbBreakpoints } from '../dwarf/line/lineOracles';
import type { DualM0Board, Stm32f030Board } from '../sim/board';
import type { RiscvBoard } from '../sim/riscv/riscvBoard';
import type { DapSession } from './dapSession';

const hex32 = (value: number): string => `0x${value.toString(16).padStart(8, '0')}`;

/** Asserts the stop at main of a RAM image launch; resolves with the console text for the board's own checks. */
export async function assertRamImageAtMain(dap: DapSession<Stm32f030Board | DualM0Board | RiscvBoard>, elf: string, sram: { readonly base: number; readonly byteSize: number }): Promise<string> {
  const [expected] = gdbBreakpoints(elf, ['main'])[0];
  assert.ok(expected.address >= sram.base && expected.address < sram.base + sram.byteSize, `GDB puts main at ${hex32(expected.address)}, not in SRAM`);
  const [top] = await dap.frames(1);
  assert.equal(top.name, 'main');
  assert.equal(top.line, expected.line);
  assert.equal(Number(top.instructionPointerReference), expected.address);
  const console = dap.output.filter((o) => o.category === 'console').map((o) => o.text).join('');
  assert.ok(new RegExp(`Programming ${basename(elf).replace('.', '\\.')}: \\d+ bytes into RAM`).test(console), console);
  assert.match(console, /Verified \d+ bytes/);
  return console;
}
