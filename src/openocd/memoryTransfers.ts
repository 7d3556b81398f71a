// Plans byte-block transfers as read_memory/write_memory pieces: 4 KiB chunks (OPENOCD-TCL.md:
// OpenOCD misbehaves on reads near 8 KiB), 32-bit words where aligned, bytes at the ragged ends
// (or one given access width, for device registers), and converts between bytes and the values
// those commands carry. Pure; no Tcl, no sockets.

/** Largest block one read_memory/write_memory moves; larger blocks are split. */
export const MEMORY_CHUNK_BYTES = 4096;

/** One read_memory/write_memory call: `count` elements of `width` bits at `address`. */
export interface MemoryPiece {
  readonly address: number;
  readonly width: 8 | 16 | 32;
  readonly count: number;
}

/**
 * Pieces covering [address, address + byteLength): never crossing a 4 KiB boundary, words for the
 * 4-aligned middle (a byte access per element costs one AP transaction each, so words are 4x
 * fewer), bytes before and after it. With `accessWidth`, every access has that width: a device
 * register must be accessed at its own size (a byte write to a 32-bit peripheral register is
 * ignored or replicated across the word depending on the bus: ARMv6-M A3.2, AMBA AHB-Lite HSIZE).
 */
export function planTransfers(address: number, byteLength: number, accessWidth?: MemoryPiece['width']): MemoryPiece[] {
  if (accessWidth !== undefined) return planUniform(address, byteLength, accessWidth);
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

/** Pieces of `width`-bit accesses only, each within a 4 KiB chunk; the range must be aligned to the width. */
function planUniform(address: number, byteLength: number, width: MemoryPiece['width']): MemoryPiece[] {
  const unit = width / 8;
  if (address % unit !== 0 || byteLength % unit !== 0) throw new RangeError(`${byteLength} bytes at 0x${address.toString(16)} are not ${width}-bit aligned`);
  const pieces: MemoryPiece[] = [];
  for (let at = address, end = address + byteLength; at < end; ) {
    const next = Math.min(end, (Math.floor(at / MEMORY_CHUNK_BYTES) + 1) * MEMORY_CHUNK_BYTES);
    pieces.push({ address: at, width, count: (next - at) / unit });
    at = next;
  }
  return pieces;
}

/** The piece's bytes as the values write_memory takes (halfwords and words in the target's byte order). */
export function pieceValues(piece: MemoryPiece, bytes: Uint8Array, littleEndian: boolean): number[] {
  if (piece.width === 8) return [...bytes];
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (piece.width === 16) return Array.from({ length: piece.count }, (_, k) => view.getUint16(k * 2, littleEndian));
  return Array.from({ length: piece.count }, (_, k) => view.getUint32(k * 4, littleEndian));
}

/** Writes the values read_memory returned for `piece` into `target` (its bytes, in order). */
export function storePieceValues(piece: MemoryPiece, values: readonly bigint[], target: Uint8Array, littleEndian: boolean): void {
  const view = new DataView(target.buffer, target.byteOffset, target.byteLength);
  values.forEach((value, k) => {
    if (piece.width === 8) view.setUint8(k, Number(value));
    else if (piece.width === 16) view.setUint16(k * 2, Number(value), littleEndian);
    else view.setUint32(k * 4, Number(value), littleEndian);
  });
}
