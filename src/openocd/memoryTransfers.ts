// Plans byte-block transfers as read_memory/write_memory pieces: 4 KiB chunks (OPENOCD-TCL.md:
// OpenOCD misbehaves on reads near 8 KiB), 32-bit words where aligned, bytes at the ragged ends,
// and converts between bytes and the values those commands carry. Pure; no Tcl, no sockets.

/** Largest block one read_memory/write_memory moves; larger blocks are split. */
export const MEMORY_CHUNK_BYTES = 4096;

/** One read_memory/write_memory call: `count` elements of `width` bits at `address`. */
export interface MemoryPiece {
  readonly address: number;
  readonly width: 8 | 32;
  readonly count: number;
}

/**
 * Pieces covering [address, address + byteLength): never crossing a 4 KiB boundary, words for the
 * 4-aligned middle (a byte access per element costs one AP transaction each, so words are 4x
 * fewer), bytes before and after it.
 */
export function planTransfers(address: number, byteLength: number): MemoryPiece[] {
  const pieces: MemoryPiece[] = [];
  const end = address + byteLength;
  for (let at = address; at < end; ) {
    const chunkEnd = Math.min(end, (Math.floor(at / MEMORY_CHUNK_BYTES) + 1) * MEMORY_CHUNK_BYTES);
    const wordStart = Math.min(chunkEnd, Math.ceil(at / 4) * 4);
    const wordEnd = Math.max(wordStart, Math.floor(chunkEnd / 4) * 4);
    if (wordStart > at) pieces.push({ address: at, width: 8, count: wordStart - at });
    if (wordEnd > wordStart) pieces.push({ address: wordStart, width: 32, count: (wordEnd - wordStart) / 4 });
    if (chunkEnd > wordEnd) pieces.push({ address: wordEnd, width: 8, count: chunkEnd - wordEnd });
    at = chunkEnd;
  }
  return pieces;
}

/** The piece's bytes as the values write_memory takes (words in the target's byte order). */
export function pieceValues(piece: MemoryPiece, bytes: Uint8Array, littleEndian: boolean): number[] {
  if (piece.width === 8) return [...bytes];
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return Array.from({ length: piece.count }, (_, k) => view.getUint32(k * 4, littleEndian));
}

/** Writes the values read_memory returned for `piece` into `target` (its bytes, in order). */
export function storePieceValues(piece: MemoryPiece, values: readonly bigint[], target: Uint8Array, littleEndian: boolean): void {
  const view = new DataView(target.buffer, target.byteOffset, target.byteLength);
  values.forEach((value, k) => {
    if (piece.width === 8) view.setUint8(k, Number(value));
    else view.setUint32(k * 4, Number(value), littleEndian);
  });
}
