// Test fixture for the board's unit tests: a board whose flash holds a vector table and a few
// hand-assembled Thumb halfwords, plus register accessors. Test-only; no production code uses it.
import assert from 'node:assert/strict';
import { FLASH_BASE, Stm32f030Board } from './index';

export const INITIAL_SP = 0x20002000;
/** Where the code under test starts. */
export const CODE_BASE = FLASH_BASE + 0x200;
/** Every vector not given points here: a `b .` loop. */
export const DEFAULT_HANDLER = FLASH_BASE + 0x100;
const B_SELF = 0xe7fe;

export interface FixtureOptions {
  /** Handler addresses (without Thumb bit) by exception number. */
  readonly vectors?: Readonly<Record<number, number>>;
  /** Extra code blocks: halfwords by start address. */
  readonly blocks?: ReadonlyMap<number, readonly number[]>;
}

/** Little-endian bytes of Thumb halfwords. */
export function halfwordBytes(halfwords: readonly number[]): Uint8Array {
  const bytes = new Uint8Array(halfwords.length * 2);
  halfwords.forEach((h, i) => {
    bytes[2 * i] = h & 0xff;
    bytes[2 * i + 1] = (h >>> 8) & 0xff;
  });
  return bytes;
}

/** A board running `code` from CODE_BASE after reset, with MSP at the top of SRAM. */
export function boardWithCode(code: readonly number[], options: FixtureOptions = {}): Stm32f030Board {
  const table = new Uint8Array(48 * 4);
  const view = new DataView(table.buffer);
  view.setUint32(0, INITIAL_SP, true);
  view.setUint32(4, CODE_BASE | 1, true);
  for (let n = 2; n < 48; n++) view.setUint32(4 * n, (options.vectors?.[n] ?? DEFAULT_HANDLER) | 1, true);
  const segments = [
    { address: FLASH_BASE, data: table },
    { address: DEFAULT_HANDLER, data: halfwordBytes([B_SELF]) },
    { address: CODE_BASE, data: halfwordBytes(code) },
  ];
  for (const [address, block] of options.blocks ?? []) segments.push({ address, data: halfwordBytes(block) });
  const board = new Stm32f030Board();
  board.loadFirmware(segments);
  return board;
}

/** Executes `count` instruction boundaries (exception entries count as one). */
export function steps(board: Stm32f030Board, count: number): void {
  for (let i = 0; i < count; i++) board.run(1);
}

export function reg(board: Stm32f030Board, regsel: number): number {
  return board.cpu.readRegister(regsel);
}

/** The APSR flags as a string like "NzCv" (upper case = set). */
export function flags(board: Stm32f030Board): string {
  const xpsr = board.cpu.readRegister(16);
  return ['N', 'Z', 'C', 'V'].map((f, i) => ((xpsr >>> (31 - i)) & 1 ? f : f.toLowerCase())).join('');
}

/** A 32-bit debugger write that must succeed. */
export function write(board: Stm32f030Board, address: number, value: number): void {
  assert.ok(board.bus.write(address, 4, value >>> 0), `bus error writing 0x${address.toString(16)}`);
}

/** A 32-bit debugger read that must succeed. */
export function read(board: Stm32f030Board, address: number): number {
  return board.bus.read(address, 4) ?? assert.fail(`bus error reading 0x${address.toString(16)}`);
}
