// ELF symbol tables (gABI "Symbol Table"): decoding .symtab/.dynsym entries, the Arm Thumb bit of
// function symbols, and lookups by address and name. Reads only what ElfFile hands it. Names are
// decoded only for the symbols a query returns: a large program has tens of thousands of them.
import { ElfFormatError } from '../common';
import { EM_ARM, STB_NAMES, STT_NAMES, SymbolBinding, SymbolType } from './elfConstants';
import type { ElfHeader, ElfSection } from './elfFile';

/** One symbol table entry. */
export interface ElfSymbol {
  readonly name: string;
  /** st_value as stored (for Arm Thumb functions it has bit 0 set). */
  readonly value: number;
  /** The address the symbol names: st_value with the Thumb bit cleared ("ELF for the Arm Architecture" 5.5.3). */
  readonly address: number;
  readonly size: number;
  readonly type: SymbolType;
  readonly binding: SymbolBinding;
  /** st_other & 3: 0 default, 1 internal, 2 hidden, 3 protected. */
  readonly visibility: number;
  /** st_shndx: the section it is defined in, or SHN_UNDEF/SHN_ABS/SHN_COMMON. */
  readonly sectionIndex: number;
  /** True for an Arm FUNC symbol whose code is Thumb (bit 0 of st_value set). */
  readonly thumb: boolean;
}

const STT_OBJECT = 1;
const STT_FUNC = 2;
const bindingRank: Record<SymbolBinding, number> = { GLOBAL: 0, WEAK: 1, LOCAL: 2, OTHER: 3 };
const utf8 = new TextDecoder();
/** functionAt lookups answered by a linear scan before the address order is built. */
const LINEAR_LOOKUPS = 16;

/**
 * The entries of one symbol table as numbers, 4 per entry: st_name, st_value, st_size and
 * st_info | st_other << 8 | st_shndx << 16. An ELF32 little-endian table is used in place (a view,
 * no copy and no loop: the common case on Arm and RISC-V); others are copied into that layout.
 */
type SymbolColumns = Uint32Array | Float64Array;
const NAME = 0;
const VALUE = 1;
const SIZE = 2;
const INFO = 3;

/**
 * The entries of one symbol table, read in place; an ElfSymbol object (and its decoded name) is
 * made only when a query returns that entry, then kept. Entry 0 (the null symbol) is left out:
 * symbol `i` here is table entry `i + 1`. A bad name offset is reported (ElfFormatError) when
 * that symbol's name is first needed.
 */
export class SymbolTable {
  readonly count: number;
  private readonly columns: SymbolColumns;
  private readonly arm: boolean;
  private readonly decoded: (ElfSymbol | undefined)[];
  private readonly bytes: Uint8Array;
  private readonly strings: Pick<ElfSection, 'offset' | 'size'>;
  /** FUNC and OBJECT symbols with a defined section, by address then size (larger first): symbolAt. */
  private byAddress: Uint32Array | undefined;
  /** Sized FUNC symbols with a name, by address then table order, and their reach: functionAt. */
  private functionOrder: { order: Uint32Array; reach: Float64Array } | undefined;
  private functionLookups = 0;

  /** `bytes` is the whole file, with `table` and `strings` loaded. */
  constructor(bytes: Uint8Array, header: ElfHeader, table: ElfSection, strings: ElfSection) {
    const is64 = header.elfClass === 64;
    const entrySize = table.entsize || (is64 ? 24 : 16);
    if (entrySize < (is64 ? 24 : 16)) throw new ElfFormatError(`symbol table ${table.name} has entry size ${entrySize}`, table.offset);
    this.count = Math.max(0, Math.floor(table.size / entrySize) - 1);
    this.bytes = bytes;
    this.strings = strings;
    this.arm = header.machine === EM_ARM;
    this.decoded = [];
    this.columns = readColumns(bytes, header.endianness === 'little', table.offset + entrySize, this.count, entrySize, is64);
  }

  /** st_value with the Thumb bit of an Arm function cleared. */
  private address(i: number): number {
    const value = this.columns[4 * i + VALUE];
    return this.arm && (this.columns[4 * i + INFO] & 0xf) === STT_FUNC && value % 2 === 1 ? value - 1 : value;
  }

  /** Symbol `i` (table entry i + 1), decoded on first request. */
  symbol(i: number): ElfSymbol {
    let symbol = this.decoded[i];
    if (!symbol) {
      const c = this.columns;
      const info = c[4 * i + INFO] & 0xff;
      const value = c[4 * i + VALUE];
      const address = this.address(i);
      symbol = {
        name: this.name(i),
        value,
        address,
        size: c[4 * i + SIZE],
        type: STT_NAMES[info & 0xf] ?? 'OTHER',
        binding: STB_NAMES[info >> 4] ?? 'OTHER',
        visibility: (c[4 * i + INFO] >>> 8) & 3,
        sectionIndex: c[4 * i + INFO] >>> 16,
        thumb: address !== value,
      };
      this.decoded[i] = symbol;
    }
    return symbol;
  }

  /** Every symbol, in table order (decodes them all). */
  all(): ElfSymbol[] {
    return Array.from({ length: this.count }, (_, i) => this.symbol(i));
  }

  /**
   * The FUNC or OBJECT symbol whose [address, address + size) holds `address`; a zero-size symbol
   * matches only its own address.
   */
  symbolAt(address: number): ElfSymbol | undefined {
    const c = this.columns;
    const order = (this.byAddress ??= this.sortedIndices(
      (i) => (c[4 * i + INFO] & 0xf) === STT_FUNC || (c[4 * i + INFO] & 0xf) === STT_OBJECT,
      (a, b) => this.address(a) - this.address(b) || c[4 * b + SIZE] - c[4 * a + SIZE],
    ));
    const lo = this.upperBound(order, address);
    // Symbols rarely nest, so a short look back from the last start <= address suffices.
    for (let k = lo - 1; k >= 0 && k >= lo - 16; k--) {
      const i = order[k];
      const start = this.address(i);
      const size = c[4 * i + SIZE];
      if (address < start + size || (size === 0 && address === start)) return this.symbol(i);
    }
    return undefined;
  }

  /**
   * The sized, named FUNC symbol holding `address`, defined in a section; of overlapping ones the
   * one starting last (later in the table on a tie, e.g. an alias).
   */
  functionAt(address: number): ElfSymbol | undefined {
    const c = this.columns;
    // A few lookups (a debugger's first breakpoints) scan the table; sorting pays off after.
    if (!this.functionOrder && ++this.functionLookups <= LINEAR_LOOKUPS) {
      let best = -1;
      let bestStart = -1;
      // Runs cold (interpreted) on a first breakpoint: locals and the cheap type test first.
      const count = this.count;
      const arm = this.arm;
      for (let i = 0, k = 0; i < count; i++, k += 4) {
        const info = c[k + INFO];
        if ((info & 0xf) !== STT_FUNC || info >>> 16 === 0) continue;
        const value = c[k + VALUE];
        const start = arm && value % 2 === 1 ? value - 1 : value;
        if (start > address || address >= start + c[k + SIZE] || start < bestStart || !this.hasName(i)) continue;
        best = i;
        bestStart = start;
      }
      return best < 0 ? undefined : this.symbol(best);
    }
    if (!this.functionOrder) {
      const order = this.sortedIndices(
        (i) => (c[4 * i + INFO] & 0xf) === STT_FUNC && c[4 * i + SIZE] > 0 && this.hasName(i),
        (a, b) => this.address(a) - this.address(b) || a - b,
      );
      const reach = new Float64Array(order.length);
      let highest = -Infinity;
      order.forEach((i, k) => {
        highest = Math.max(highest, this.address(i) + c[4 * i + SIZE]);
        reach[k] = highest;
      });
      this.functionOrder = { order, reach };
    }
    const { order, reach } = this.functionOrder;
    // Functions the linker discarded may all start at 0: walk back only while one could reach.
    for (let k = this.upperBound(order, address) - 1; k >= 0 && reach[k] > address; k--) {
      const i = order[k];
      if (address < this.address(i) + c[4 * i + SIZE]) return this.symbol(i);
    }
    return undefined;
  }

  /** Every symbol defined in a section with this name, in table order; compares bytes, decodes only matches. */
  symbolsNamed(name: string): ElfSymbol[] {
    if (name === '') return [];
    const wanted = new TextEncoder().encode(name);
    const length = wanted.length;
    const first = wanted[0];
    const c = this.columns;
    const bytes = this.bytes;
    const count = this.count;
    const base = this.strings.offset;
    // A match must end, with its NUL, inside the string table.
    const lastStart = this.strings.size - length - 1;
    const found: ElfSymbol[] = [];
    // Runs cold (interpreted) on a first breakpoint: locals, and the first byte before the rest.
    for (let i = 0, k = 0; i < count; i++, k += 4) {
      const nameOffset = c[k + NAME];
      if (bytes[base + nameOffset] !== first || nameOffset === 0 || nameOffset > lastStart || c[k + INFO] >>> 16 === 0) continue;
      let j = 1;
      while (j < length && bytes[base + nameOffset + j] === wanted[j]) j++;
      if (j === length && bytes[base + nameOffset + j] === 0) found.push(this.symbol(i));
    }
    return found;
  }

  /** The first symbol with this name, preferring GLOBAL over WEAK over LOCAL. */
  byName(name: string): ElfSymbol | undefined {
    let best: ElfSymbol | undefined;
    for (const symbol of this.symbolsNamed(name)) {
      if (!best || bindingRank[symbol.binding] < bindingRank[best.binding]) best = symbol;
    }
    return best;
  }

  private name(i: number): string {
    const nameOffset = this.columns[4 * i + NAME];
    return nameOffset === 0 ? '' : stringAt(this.bytes, this.strings, nameOffset);
  }

  private hasName(i: number): boolean {
    const nameOffset = this.columns[4 * i + NAME];
    return nameOffset !== 0 && this.bytes[this.strings.offset + nameOffset] !== 0;
  }

  /** Indices of the symbols defined in a section that `keep` accepts, sorted by `compare`. */
  private sortedIndices(keep: (i: number) => boolean, compare: (a: number, b: number) => number): Uint32Array {
    const kept: number[] = [];
    for (let i = 0; i < this.count; i++) if (this.columns[4 * i + INFO] >>> 16 !== 0 && keep(i)) kept.push(i);
    return Uint32Array.from(kept.sort(compare));
  }

  /** The number of entries of `order` whose address is <= `address`. */
  private upperBound(order: Uint32Array, address: number): number {
    let lo = 0;
    let hi = order.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.address(order[mid]) <= address) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}

/** The table's entries in the SymbolColumns layout: in place when possible, else copied. */
function readColumns(bytes: Uint8Array, le: boolean, at: number, count: number, entrySize: number, is64: boolean): SymbolColumns {
  if (count === 0) return new Uint32Array(0);
  if (!is64 && le && entrySize === 16 && (bytes.byteOffset + at) % 4 === 0) return new Uint32Array(bytes.buffer, bytes.byteOffset + at, count * 4);
  const columns = new Float64Array(count * 4);
  const view = new DataView(bytes.buffer, bytes.byteOffset);
  for (let i = 0; i < count; i++) {
    const entry = at + i * entrySize;
    columns[4 * i + NAME] = view.getUint32(entry, le);
    if (is64) {
      columns[4 * i + INFO] = (view.getUint8(entry + 4) | (view.getUint8(entry + 5) << 8)) + view.getUint16(entry + 6, le) * 0x10000;
      columns[4 * i + VALUE] = Number(view.getBigUint64(entry + 8, le));
      columns[4 * i + SIZE] = Number(view.getBigUint64(entry + 16, le));
    } else {
      columns[4 * i + VALUE] = view.getUint32(entry + 4, le);
      columns[4 * i + SIZE] = view.getUint32(entry + 8, le);
      columns[4 * i + INFO] = (view.getUint8(entry + 12) | (view.getUint8(entry + 13) << 8)) + view.getUint16(entry + 14, le) * 0x10000;
    }
  }
  return columns;
}

/** A NUL-terminated name inside string-table section `table`; throws naming the file offset. */
export function stringAt(bytes: Uint8Array, table: Pick<ElfSection, 'offset' | 'size'>, nameOffset: number): string {
  if (nameOffset >= table.size) throw new ElfFormatError(`string offset 0x${nameOffset.toString(16)} is outside its string table`, table.offset);
  const start = table.offset + nameOffset;
  const end = bytes.subarray(0, table.offset + table.size).indexOf(0, start);
  if (end < 0) throw new ElfFormatError('unterminated string in string table', start);
  return utf8.decode(bytes.subarray(start, end));
}
