// readMemory/writeMemory for VS Code's memory inspector: memory references, reads split where memory
// turns unreadable (the engine's readSplit), and the readable-prefix / unreadable-bytes answer DAP asks for.
import type { DebugProtocol } from '@vscode/debugprotocol';
import { hex32, UserError } from '../common';
import { readSplit, type MemoryRange, type MemoryReadResult, type MemorySpan, type RangeReader } from '../engine';

/** VS Code asks for a few KiB at a time; anything far larger is a mistake. */
const MAX_READ_BYTES = 1 << 20;

/**
 * A DAP memory reference: the address, and `@THREAD` when the memory is seen through a thread other
 * than the first (each OpenOCD target has its own view: private peripherals, caches, MPU), so
 * readMemory and writeMemory go through the thread the reference came from.
 */
export function memoryReference(address: string | number | bigint, threadId: number): string {
  const text = typeof address === 'string' ? address : hex32(address);
  return threadId === 1 ? text : `${text}@${threadId}`;
}

/** A memory reference (`0x20000000`, `0x20000000@2`; decimal also accepted) plus `offset`: address and thread. */
export function parseThreadMemoryReference(reference: string, offset = 0): { readonly address: number; readonly threadId: number } {
  const match = /^\s*(0x[0-9a-f]+|\d+)(?:@(\d+))?\s*$/i.exec(reference);
  const value = match ? Number(match[1]) : NaN;
  if (!Number.isSafeInteger(value)) throw new UserError(`"${reference}" is not a memory address (expected e.g. 0x20000000)`);
  const address = value + offset;
  if (address < 0 || address > 0xffffffff) throw new UserError(`address 0x${address.toString(16)} is outside the 32-bit address space`);
  return { address, threadId: match?.[2] === undefined ? 1 : Number(match[2]) };
}

/** The address of a memory reference plus `offset` (whichever thread it names). */
export function parseMemoryReference(reference: string, offset = 0): number {
  return parseThreadMemoryReference(reference, offset).address;
}

/** The end of a read of `count` bytes at `address`, clipped to the 32-bit address space. */
function readEnd(address: number, count: number): number {
  if (count > MAX_READ_BYTES) throw new UserError(`a read of ${count} bytes is too large (at most ${MAX_READ_BYTES} at a time)`);
  return Math.min(address + Math.max(count, 0), 0x1_0000_0000);
}

/** The engine's batched read (Debugger.readMemory of one thread): one result per range. */
export type BatchReader = (ranges: readonly MemoryRange[]) => Promise<MemoryReadResult[]>;

/**
 * DAP readMemory of `count` bytes at `address` through the engine's readSplit: one read when all
 * of it is mapped, else split at the memory map's region boundaries, so the readable part of a
 * window across e.g. the flash base is found in a few reads.
 */
export async function readMemoryResponse(address: number, count: number, readMemory: BatchReader): Promise<DebugProtocol.ReadMemoryResponse['body']> {
  const read: RangeReader = async (at, byteLength) => {
    const [result] = await readMemory([{ address: at, byteLength }]);
    return result instanceof Uint8Array ? result : undefined;
  };
  return memoryBody(address, await readSplit(read, address, readEnd(address, count)));
}

/**
 * DAP's answer from the spans of a read: the bytes of the first span when it is readable, and how
 * many bytes after them cannot be read (the unreadable run, so the client can skip it), or only
 * that count when the read starts unreadable (DAP ReadMemoryResponse.unreadableBytes: "the number
 * of bytes that should be skipped before a subsequent readMemory request succeeds").
 */
function memoryBody(address: number, spans: readonly MemorySpan[]): DebugProtocol.ReadMemoryResponse['body'] {
  const [first, second] = spans;
  const data = first?.bytes ? Buffer.from(first.bytes).toString('base64') : '';
  const unreadable = first?.bytes ? second : first;
  return { address: hex32(address), data, unreadableBytes: unreadable ? unreadable.byteLength : undefined };
}

/** The bytes of a writeMemory request. */
export function writeMemoryBytes(data: string): Uint8Array {
  return new Uint8Array(Buffer.from(data, 'base64'));
}
