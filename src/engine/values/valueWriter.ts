// Turning a new value into target writes (DAP setVariable/setExpression): memory bytes or a
// register, bitfields by read-modify-write of their storage bytes, read-only memory refused.
import { UserError } from '../../common';
import type { MemoryRange } from '../target';
import { bigIntToBytes, bytesToBigInt } from './scalarFormat';
import type { Value } from './value';
import { byteSizeOf } from './valueBytes';
import type { ValueReader } from './valueReader';

/** What to write: bytes at an address, or a register of the frame (DWARF number). */
export type WritePlan =
  | { readonly kind: 'memory'; readonly address: number; readonly bytes: Uint8Array }
  | { readonly kind: 'register'; readonly register: number; readonly value: bigint };

/**
 * The write that stores `bytes` (the new value, already in the target's type, sizeOf(type) long)
 * into `target`. `readOnly` lists ranges that cannot be written (flash): a write there is refused
 * with a UserError, as are values that live nowhere (computed, optimized out).
 */
export async function planWrite(target: Value, bytes: Uint8Array, reader: ValueReader, readOnly: readonly MemoryRange[] = []): Promise<WritePlan> {
  const place = target.place;
  const littleEndian = reader.frame.littleEndian;
  if (place.kind === 'optimizedOut') throw new UserError('cannot write a value that is optimized out');
  if (place.kind === 'unavailable' || place.kind === 'bytes') throw new UserError('cannot write a value that is not in memory or a register (it was computed)');
  if (place.kind === 'register') {
    if (target.bitSize !== undefined || byteSizeOf(target.type) > reader.frame.addressByteSize) {
      throw new UserError('writing bitfields or multi-register values held in registers is not supported');
    }
    const current = reader.frame.register(place.register);
    const size = byteSizeOf(target.type);
    // Keep the register's other bytes: only the value's low `size` bytes change.
    const mask = (1n << BigInt(size * 8)) - 1n;
    const value = ((current ?? 0n) & ~mask) | (bytesToBigInt(bytes, false, littleEndian) & mask);
    return { kind: 'register', register: place.register, value };
  }
  const address = place.address;
  let data = bytes.subarray(0, byteSizeOf(target.type));
  if (target.bitSize !== undefined) {
    const bitOffset = target.bitOffset ?? 0;
    const storageSize = Math.ceil((bitOffset + target.bitSize) / 8);
    const old = await reader.memoryBytes(address, storageSize);
    if (typeof old === 'string') throw new UserError(`cannot read the bitfield's storage at 0x${address.toString(16)} to update it: ${old}`);
    const mask = ((1n << BigInt(target.bitSize)) - 1n) << BigInt(bitOffset);
    const field = (bytesToBigInt(bytes, false, littleEndian) << BigInt(bitOffset)) & mask;
    data = bigIntToBytes((bytesToBigInt(old, false, littleEndian) & ~mask) | field, storageSize, littleEndian);
  }
  const end = address + data.length;
  const blocked = readOnly.find((r) => address < r.address + r.byteLength && end > r.address);
  if (blocked) {
    throw new UserError(`cannot write 0x${address.toString(16)}: it is read-only memory (flash 0x${blocked.address.toString(16)}-0x${(blocked.address + blocked.byteLength - 1).toString(16)})`);
  }
  return { kind: 'memory', address, bytes: data };
}
