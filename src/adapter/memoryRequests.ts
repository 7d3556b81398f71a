// readMemory/writeMemory for VS Code's memory inspector: memory references, block splitting, and
// the readable-prefix / unreadable-bytes answer DAP asks for. Reads go through one engine call.
import type { DebugProtocol } from '@vscode/debugprotocol';
import { UserError } from '../common';
import type { MemoryRange, MemoryReadResult } from '../engine';

/** Blocks of a read; each fails on its own, so an unmapped block stops the readable prefix there. */
const BLOCK_BYTES = 256;
/** VS Code asks for a few KiB at a time; anything far larger is a mistake. */
const MAX_READ_BYTES = 1 << 20;

/** Address of a DAP memory reference (`0x20000000`, decimal also accepted) plus `offset`. */
export function parseMemoryReference(reference: string, offset = 0): number {
  const text = reference.trim();
  const value = /^0x[0-9a-f]+$/i.test(text) || /^\d+$/.test(text) ? Number(text) : NaN;
  if (!Number.isSafeInteger(value)) throw new UserError(`"${reference}" is not a memory address (expected e.g. 0x20000000)`);
  const address = value + offset;
  if (address < 0 || address > 0xffffffff) throw new UserError(`address 0x${address.toString(16)} is outside the 32-bit address space`);
  return address;
}

/** The block-aligned ranges covering [address, address + count). */
export function readRanges(address: number, count: number): MemoryRange[] {
  if (count > MAX_READ_BYTES) throw new UserError(`a read of ${count} bytes is too large (at most ${MAX_READ_BYTES} at a time)`);
  const ranges: MemoryRange[] = [];
  let at = address;
  const end = Math.min(address + count, 0x1_0000_0000);
  while (at < end) {
    const next = Math.min(end, at - (at % BLOCK_BYTES) + BLOCK_BYTES);
    ranges.push({ address: at, byteLength: next - at });
    at = next;
  }
  return ranges;
}

/**
 * DAP's answer: the bytes up to the first unreadable block, then how many bytes after them cannot
 * be read (the unreadable run, so the client can skip it), or only that count when the read starts
 * unreadable (DAP ReadMemoryResponse.unreadableBytes).
 */
export function readMemoryBody(address: number, ranges: readonly MemoryRange[], results: readonly MemoryReadResult[]): DebugProtocol.ReadMemoryResponse['body'] {
  const readable: Uint8Array[] = [];
  let k = 0;
  for (; k < ranges.length; k++) {
    const result = results[k];
    if (!(result instanceof Uint8Array)) break;
    readable.push(result);
  }
  let unreadableBytes = 0;
  for (; k < ranges.length && !(results[k] instanceof Uint8Array); k++) unreadableBytes += ranges[k].byteLength;
  const data = Buffer.concat(readable).toString('base64');
  return { address: `0x${address.toString(16).padStart(8, '0')}`, data, unreadableBytes: unreadableBytes > 0 ? unreadableBytes : undefined };
}

/** The bytes of a writeMemory request. */
export function writeMemoryBytes(data: string): Uint8Array {
  return new Uint8Array(Buffer.from(data, 'base64'));
}
