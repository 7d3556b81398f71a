// The Thumb prologue reader on hand-assembled prologues (ARMv6-M A6.7.50 PUSH, A6.7.67 SUB SP).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyzeThumbPrologue } from '../../../src/engine/arch/thumbPrologue';

const code = (...halfwords: number[]) => Uint8Array.from(halfwords.flatMap((h) => [h & 0xff, h >> 8]));

describe('analyzeThumbPrologue', () => {
  // push {r4, r7, lr}; sub sp, #8; add r7, sp, #0; movs r0, #1 (body)
  const prologue = code(0xb590, 0xb082, 0xaf00, 0x2001, 0xb002);

  it('past the prologue: CFA = SP + pushes + SUB SP, registers saved lowest first', () => {
    const result = analyzeThumbPrologue(prologue, 0x100, 0x108);
    assert.equal(result.cfaOffset, 20);
    assert.deepEqual([...result.savedAt], [[4, -12], [7, -8], [14, -4]]);
  });

  it('only what ran before the PC counts: after the PUSH alone, and at the entry nothing', () => {
    assert.equal(analyzeThumbPrologue(prologue, 0x100, 0x102).cfaOffset, 12);
    assert.deepEqual(analyzeThumbPrologue(prologue, 0x100, 0x100), { cfaOffset: 0, savedAt: new Map() });
  });

  it('the body ends the scan: a later SUB SP (or ADD SP) after the first body instruction is not taken', () => {
    assert.equal(analyzeThumbPrologue(prologue, 0x100, 0x10a).cfaOffset, 20);
  });

  it('a leaf without PUSH saves nothing (its return address stays in LR)', () => {
    assert.deepEqual(analyzeThumbPrologue(code(0x2001, 0x4770), 0x200, 0x202), { cfaOffset: 0, savedAt: new Map() });
  });
});
