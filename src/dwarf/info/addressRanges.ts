// .debug_aranges (DWARF5 6.1.2): address range to compile unit offset, as one sorted array for
// binary search. Falls back on nothing: callers use unit ranges when a unit has no set here.
import { ByteReader, DwarfFormatError } from '../../common';
import { inSection, readAddress, readInitialLength, readOffset } from './dwarfEncoding';

/** One address range owned by the unit at `unitOffset` in .debug_info. */
export interface ArangeEntry {
  readonly lowPc: number;
  readonly highPc: number;
  readonly unitOffset: number;
}

/** Parses every set of .debug_aranges; returns entries sorted by lowPc. */
export function readAranges(section: Uint8Array | undefined, littleEndian: boolean): ArangeEntry[] {
  const entries: ArangeEntry[] = [];
  if (!section) return entries;
  inSection('.debug_aranges', () => {
    const r = new ByteReader(section, littleEndian);
    while (!r.atEnd) {
      const setOffset = r.offset;
      const { length, offsetSize } = readInitialLength(r, '.debug_aranges');
      const set = r.sub(length);
      const version = set.u16();
      if (version !== 2) throw new DwarfFormatError(`unsupported .debug_aranges version ${version}`, '.debug_aranges', setOffset);
      const unitOffset = readOffset(set, offsetSize);
      const addressSize = set.u8();
      const segmentSize = set.u8();
      if (![2, 4, 8].includes(addressSize)) throw new DwarfFormatError(`unsupported address size ${addressSize}`, '.debug_aranges', setOffset);
      // Tuples start at a multiple of the tuple size from the start of the set (DWARF5 6.1.2).
      const tupleSize = 2 * addressSize + segmentSize;
      const headerBytes = set.offset - setOffset;
      set.skip((tupleSize - (headerBytes % tupleSize)) % tupleSize);
      while (set.remaining >= tupleSize) {
        if (segmentSize) set.skip(segmentSize);
        const lowPc = readAddress(set, addressSize);
        const size = readAddress(set, addressSize);
        if (lowPc === 0 && size === 0) break;
        if (size > 0) entries.push({ lowPc, highPc: lowPc + size, unitOffset });
      }
    }
  });
  return entries.sort((a, b) => a.lowPc - b.lowPc);
}
