// Test helper: DWARF-shaped types built in code (no DIEs) and an in-memory target for values and
// expressions unit tests. Counts readMemory calls so tests can check batching.
import type { ArrayType, BaseType, DwarfType, EnumType, Member, PointerType, StructType, TypedefType } from '../../../src/dwarf';
import type { Die } from '../../../src/dwarf';
import type { MemoryRange, MemoryReadResult } from '../../../src/engine/target';
import { FrameContext, MemoryCache } from '../../../src/engine/values';

/** A stand-in DIE: the type model asks array DIEs for DW_AT_byte_size only. */
const die = { number: () => undefined } as unknown as Die;

export const base = (name: string, encoding: number, byteSize: number): BaseType => ({ kind: 'base', die, name, encoding, byteSize });
export const int8 = base('signed char', 0x06, 1);
export const uint8 = base('unsigned char', 0x08, 1);
export const char = base('char', 0x08, 1);
export const int16 = base('short int', 0x05, 2);
export const int32 = base('int', 0x05, 4);
export const uint32 = base('unsigned int', 0x07, 4);
export const int64 = base('long long int', 0x05, 8);
export const uint64 = base('long long unsigned int', 0x07, 8);
export const float32 = base('float', 0x04, 4);
export const float64 = base('double', 0x04, 8);
export const boolType = base('_Bool', 0x02, 1);

export const typedef = (name: string, target: DwarfType): TypedefType => ({ kind: 'typedef', die, name, target });
export const pointer = (target: DwarfType): PointerType => ({ kind: 'pointer', die, target, byteSize: 4 });
export const array = (element: DwarfType, ...counts: number[]): ArrayType => ({ kind: 'array', die, element, dimensions: counts.map((count) => ({ lowerBound: 0, count })) });
export const member = (name: string | undefined, type: DwarfType, byteOffset: number, bits?: { bitOffset: number; bitSize: number }): Member =>
  ({ name, type, byteOffset, ...(bits ?? {}), isBase: false, artificial: false });
export const struct = (name: string | undefined, byteSize: number, members: Member[], kind: 'struct' | 'union' = 'struct'): StructType =>
  ({ kind, die, name, byteSize, members, declaration: false });
export const enumeration = (name: string, enumerators: [string, number][], byteSize = 4): EnumType =>
  ({ kind: 'enum', die, name, byteSize, signed: enumerators.some(([, v]) => v < 0), enumerators: enumerators.map(([n, value]) => ({ name: n, value })) });

/** Target memory as a sparse map of regions; reads outside every region fail. */
export class FakeMemory {
  readonly regions: { address: number; bytes: Uint8Array }[] = [];
  calls: MemoryRange[][] = [];

  add(address: number, bytes: number[] | Uint8Array): this {
    this.regions.push({ address, bytes: Uint8Array.from(bytes) });
    return this;
  }

  async readMemory(ranges: readonly MemoryRange[]): Promise<MemoryReadResult[]> {
    this.calls.push([...ranges]);
    return ranges.map((range) => {
      const region = this.regions.find((r) => range.address >= r.address && range.address + range.byteLength <= r.address + r.bytes.length);
      return region ? region.bytes.slice(range.address - region.address, range.address - region.address + range.byteLength) : { error: `no memory at 0x${range.address.toString(16)}` };
    });
  }
}

/** A frame with the given registers (DWARF numbers) and symbols. */
export function fakeFrame(registers: Record<number, bigint> = {}, symbols: { name: string; address: number; size: number }[] = []): FrameContext {
  return {
    littleEndian: true,
    addressByteSize: 4,
    cfa: undefined,
    register: (n) => registers[n],
    symbolAt: (address) => {
      const found = symbols.find((s) => address >= s.address && address < s.address + s.size);
      return found ? { name: found.name, offset: address - found.address } : undefined;
    },
  };
}

export function le32(value: number): number[] {
  return [value & 0xff, (value >>> 8) & 0xff, (value >>> 16) & 0xff, (value >>> 24) & 0xff];
}

export function cacheOver(memory: FakeMemory): MemoryCache {
  return new MemoryCache(memory);
}
