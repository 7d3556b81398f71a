// passingRange (src/engine/stepping/lineRange.ts) on a made-up code layout: 2-byte instructions
// from 0x100, line-table rows every 8 bytes, and a set of addresses where the stepper would decide.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { DecodedInstruction } from '../../../src/engine/disassembly';
import { passingRange, type RangeLookups } from '../../../src/engine/stepping/lineRange';

const CODE_START = 0x100;
const CODE_END = 0x200;
const ROW_BYTES = 8;

/** Lookups where every instruction in the code passes except at `stops`. */
function layout(stops: readonly number[]): RangeLookups {
  const inCode = (address: number) => address >= CODE_START && address < CODE_END;
  return {
    instructionAt: (address) => (inCode(address) ? ({ address, byteLength: 2 } as DecodedInstruction) : undefined),
    rowStart: (address) => (inCode(address) ? address - ((address - CODE_START) % ROW_BYTES) : undefined),
    passes: (address) => inCode(address) && !stops.includes(address),
  };
}

describe('passingRange', () => {
  it('spans from the first passing instruction of the PC\'s rows up to the first address that does not pass', () => {
    assert.deepEqual(passingRange(0x12a, layout([0x122, 0x130])), { lo: 0x124, hi: 0x130 });
  });

  it('reaches back over earlier rows while their instructions pass', () => {
    assert.deepEqual(passingRange(0x130, layout([0x112, 0x134])), { lo: 0x114, hi: 0x134 });
    assert.deepEqual(passingRange(0x130, layout([0x134])), { lo: CODE_START, hi: 0x134 }, 'up to the start of the code, where no row is');
  });

  it('starts after the PC when the PC itself does not pass (arriving back there needs a decision)', () => {
    assert.deepEqual(passingRange(0x120, layout([0x120, 0x126])), { lo: 0x122, hi: 0x126 });
  });

  it('is undefined when nothing after the PC passes, or the PC holds no known instruction', () => {
    assert.equal(passingRange(0x120, layout([0x120, 0x122])), undefined);
    assert.equal(passingRange(0x300, layout([])), undefined);
  });

  it('ends at the end of the known code', () => {
    assert.deepEqual(passingRange(0x1f0, layout([0x1e6])), { lo: 0x1e8, hi: CODE_END });
  });
});
