// Memory transfers of OpenocdTarget as batches: every range's read_memory/write_memory pieces in
// one request, results put back together per range (a failing range is a value). No sockets here.
import { TargetMemoryError, type TclResult } from '../../common';
import { parseMemoryValues, pieceValues, planTransfers, storePieceValues } from '../../openocd';
import type { AccessWidth, MemoryRange, MemoryReadResult } from '../target';
import type { TargetScripts } from './targetScripts';

/** The scripts reading `ranges`, and how to assemble their results (in the same order). */
export function readBatch(scripts: TargetScripts, ranges: readonly MemoryRange[]): { scripts: string[]; assemble(results: readonly TclResult[]): MemoryReadResult[] } {
  const plans = ranges.map((range) => planTransfers(range.address, range.byteLength, range.accessWidth));
  return {
    scripts: plans.flat().map((piece) => scripts.readPiece(piece)),
    assemble(results) {
      let next = 0;
      return ranges.map((range, k) => {
        const bytes = new Uint8Array(range.byteLength);
        let error: string | undefined;
        for (const piece of plans[k]) {
          const result = results[next++];
          if (error !== undefined) continue;
          const byteLength = (piece.count * piece.width) / 8;
          if (result.retcode !== 0) {
            error = `cannot read ${byteLength} bytes at 0x${piece.address.toString(16).padStart(8, '0')}: ${result.out.trim()}`;
            continue;
          }
          const offset = piece.address - range.address;
          storePieceValues(piece, parseMemoryValues(result.out, piece.count), bytes.subarray(offset, offset + byteLength), true);
        }
        return error === undefined ? bytes : { error };
      });
    },
  };
}

/** The scripts writing `data` at `address`, and the check that throws TargetMemoryError for the first failed piece. */
export function writeBatch(scripts: TargetScripts, address: number, data: Uint8Array, accessWidth?: AccessWidth): { scripts: string[]; check(results: readonly TclResult[]): void } {
  const pieces = planTransfers(address, data.length, accessWidth);
  return {
    scripts: pieces.map((piece) => {
      const offset = piece.address - address;
      return scripts.writePiece(piece, pieceValues(piece, data.subarray(offset, offset + (piece.count * piece.width) / 8), true));
    }),
    check(results) {
      results.forEach((result, k) => {
        if (result.retcode !== 0) throw new TargetMemoryError(pieces[k].address, (pieces[k].count * pieces[k].width) / 8, result.out.trim());
      });
    },
  };
}
