// Reads a memory window that may cross unmapped addresses: a failed read is split at the memory
// map's region boundaries and retried, giving readable and unreadable spans. Knows no DAP and no
// target: the caller supplies the one-range read.
/** Reads `byteLength` bytes at `address`; undefined when any of them is unreadable. */
export type RangeReader = (address: number, byteLength: number) => Promise<Uint8Array | undefined>;

/** A run of consecutive addresses: its bytes, or undefined when they could not be read. */
export interface MemorySpan {
  readonly address: number;
  readonly byteLength: number;
  readonly bytes: Uint8Array | undefined;
}

/**
 * The finest granularity assumed for readable and unreadable memory to alternate: the regions of
 * an MCU memory map (flash, SRAM, peripheral blocks, reserved gaps; ARMv7-M ARM B3.1 "The system
 * address map", refined by the vendor's map) start on multiples of 1 KiB. A failed read is not
 * split below it, so a mostly unmapped window costs a few reads, not one per word.
 */
export const REGION_ALIGNMENT_BYTES = 0x400;

/**
 * [from, end) as consecutive spans, alternately readable (bytes) and unreadable. A read fails as a
 * whole when any byte of it is unmapped (a bus fault stops OpenOCD's transfer), so a window that
 * starts below the flash base would lose the flash after it: a failed read is split at the most
 * aligned address inside it, down to REGION_ALIGNMENT_BYTES blocks, and adjacent pieces of the same
 * kind are joined (so an instruction across a split point still decodes whole).
 */
export async function readSplit(read: RangeReader, from: number, end: number): Promise<MemorySpan[]> {
  const pieces: MemorySpan[] = [];
  const readPiece = async (address: number, pieceEnd: number): Promise<void> => {
    const bytes = await read(address, pieceEnd - address);
    const split = bytes ? undefined : mostAlignedBetween(address, pieceEnd);
    if (split === undefined) {
      pieces.push({ address, byteLength: pieceEnd - address, bytes });
      return;
    }
    await readPiece(address, split);
    await readPiece(split, pieceEnd);
  };
  if (end > from) await readPiece(from, end);
  const spans: MemorySpan[] = [];
  for (const piece of pieces) {
    const last = spans[spans.length - 1];
    if (last?.bytes && piece.bytes) {
      const joined = new Uint8Array(last.byteLength + piece.byteLength);
      joined.set(last.bytes);
      joined.set(piece.bytes, last.byteLength);
      spans[spans.length - 1] = { address: last.address, byteLength: joined.length, bytes: joined };
    } else if (last && !last.bytes && !piece.bytes) {
      spans[spans.length - 1] = { ...last, byteLength: last.byteLength + piece.byteLength };
    } else {
      spans.push(piece);
    }
  }
  return spans;
}

/**
 * The address in (from, end) that is a multiple of the largest power of two, when a multiple of
 * REGION_ALIGNMENT_BYTES lies there: where a region boundary inside [from, end) must be.
 */
function mostAlignedBetween(from: number, end: number): number | undefined {
  for (let alignment = 2 ** 31; alignment >= REGION_ALIGNMENT_BYTES; alignment /= 2) {
    const candidate = Math.floor(from / alignment) * alignment + alignment;
    if (candidate > from && candidate < end) return candidate;
  }
  return undefined;
}
