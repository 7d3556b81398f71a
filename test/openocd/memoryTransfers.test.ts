// Tests of the byte-block transfer planner and the byte/value conversions, on numbers only.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MEMORY_CHUNK_BYTES, pieceValues, planTransfers, storePieceValues } from '../../src/openocd';

describe('planTransfers', () => {
  it('uses words for an aligned block', () => {
    assert.deepEqual(planTransfers(0x20000000, 16), [{ address: 0x20000000, width: 32, count: 4 }]);
  });

  it('uses bytes at ragged ends and never crosses a 4 KiB boundary', () => {
    assert.deepEqual(planTransfers(0x20000ff1, 0x1016), [
      { address: 0x20000ff1, width: 8, count: 3 },
      { address: 0x20000ff4, width: 32, count: 3 },
      { address: 0x20001000, width: 32, count: 0x400 },
      { address: 0x20002000, width: 32, count: 1 },
      { address: 0x20002004, width: 8, count: 3 },
    ]);
  });

  it('covers every byte exactly once, whatever the start and length', () => {
    for (const [address, length] of [[1, 2], [3, 1], [0xffe, 5], [0x7ff, 0x2003], [0, MEMORY_CHUNK_BYTES * 3]]) {
      let next = address;
      for (const piece of planTransfers(address, length)) {
        assert.equal(piece.address, next);
        const bytes = (piece.count * piece.width) / 8;
        assert.ok(Math.floor(piece.address / MEMORY_CHUNK_BYTES) === Math.floor((piece.address + bytes - 1) / MEMORY_CHUNK_BYTES));
        if (piece.width === 32) assert.equal(piece.address % 4, 0);
        next += bytes;
      }
      assert.equal(next, address + length);
    }
    assert.deepEqual(planTransfers(5, 0), []);
  });

  it('uses one access width throughout when given (device registers), still in 4 KiB chunks', () => {
    assert.deepEqual(planTransfers(0x40013802, 6, 16), [{ address: 0x40013802, width: 16, count: 3 }]);
    assert.deepEqual(planTransfers(0x40000ffc, 8, 32), [{ address: 0x40000ffc, width: 32, count: 1 }, { address: 0x40001000, width: 32, count: 1 }]);
    assert.deepEqual(planTransfers(0x40000001, 2, 8), [{ address: 0x40000001, width: 8, count: 2 }]);
    assert.throws(() => planTransfers(0x40000002, 4, 32), /4 bytes at 0x40000002 are not 32-bit aligned/);
  });
});

describe('piece values', () => {
  const bytes = Uint8Array.of(0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88);
  const words = { address: 0, width: 32, count: 2 } as const;

  it('turns bytes into words in either byte order and back', () => {
    assert.deepEqual(pieceValues(words, bytes, true), [0x44332211, 0x88776655]);
    assert.deepEqual(pieceValues(words, bytes, false), [0x11223344, 0x55667788]);
    const back = new Uint8Array(8);
    storePieceValues(words, [0x44332211n, 0x88776655n], back, true);
    assert.deepEqual(back, bytes);
  });

  it('turns bytes into halfwords and back', () => {
    const halves = { address: 0, width: 16, count: 2 } as const;
    assert.deepEqual(pieceValues(halves, bytes.subarray(0, 4), true), [0x2211, 0x4433]);
    assert.deepEqual(pieceValues(halves, bytes.subarray(0, 4), false), [0x1122, 0x3344]);
    const back = new Uint8Array(4);
    storePieceValues(halves, [0x2211n, 0x4433n], back, true);
    assert.deepEqual(back, bytes.subarray(0, 4));
  });

  it('passes bytes through', () => {
    const piece = { address: 0, width: 8, count: 2 } as const;
    assert.deepEqual(pieceValues(piece, bytes.subarray(0, 2), true), [0x11, 0x22]);
    const back = new Uint8Array(2);
    storePieceValues(piece, [0xaan, 0xbbn], back, true);
    assert.deepEqual([...back], [0xaa, 0xbb]);
  });
});
