// ELF symbol tables (gABI "Symbol Table"): decoding .symtab/.dynsym entries, the Arm Thumb bit of
// function symbols, and lookups by address and name. Reads only what ElfFile hands it. Names are
// decoded only for the symbols a query returns: a large program has tens of thousands of them.
import { ElfFormatError } from '../common';
import { EM_ARM, STB_NAMES, STT_NAMES, SymbolBinding, SymbolType } from './elfConstants';
import type { ElfFile, ElfSection } from './elfFile';

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
 * The entries of one symbol table, held as columns of the raw fields; an ElfSymbol object (and its
 * decoded name) is made only when a query returns that entry, then kept. Entry 0 (the null symbol)
 * is left out: symbol `i` here is table entry `i + 1`.
 */
export class SymbolTable {
  readonly count: number;
  private readonly nameOffset: Uint32Array;
  /** st_value with the Thumb bit cleared. */
  private readonly address: Float64Array;
  private readonly value: Float64Array;
  private readonly size: Float64Array;
  private readonly info: Uint8Array;
  private readonly other: Uint8Array;
  private readonly sectionIndex: Uint16Array;
  private readonly decoded: (ElfSymbol | undefined)[];
  private readonly bytes: Uint8Array;
  private readonly stringsStart: number;
  /** FUNC and OBJECT symbols with a defined section, by address then size (larger first): symbolAt. */
  private byAddress: Uint32Array | undefined;
  /** Sized FUNC symbols with a name, by address then table order, and their reach: functionAt. */
  private functionOrder: { order: Uint32Array; reach: Float64Array } | undefined;
  private functionLookups = 0;

  /** Decodes the fixed fields of `table`; throws ElfFormatError for a name outside `strings`. */
  constructor(elf: ElfFile, table: ElfSection, strings: ElfSection) {
    const is64 = elf.header.elfClass === 64;
    const entrySize = table.entsize || (is64 ? 24 : 16);
    if (entrySize < (is64 ? 24 : 16)) throw new ElfFormatError(`symbol table ${table.name} has entry size ${entrySize}`, table.offset);
    this.count = Math.max(0, Math.floor(table.size / entrySize) - 1);
    this.bytes = elf.bytes;
    this.stringsStart = strings.offset;
    const n = this.count;
    this.nameOffset = new Uint32Array(n);
    this.address = new Float64Array(n);
    this.value = new Float64Array(n);
    this.size = new Float64Array(n);
    this.info = new Uint8Array(n);
    this.other = new Uint8Array(n);
    this.sectionIndex = new Uint16Array(n);
    this.decoded = new Array<ElfSymbol | undefined>(n);
    const view = new DataView(elf.bytes.buffer, elf.bytes.byteOffset + (n === 0 ? 0 : table.offset), n === 0 ? 0 : (n + 1) * entrySize);
    const le = elf.littleEndian;
    const arm = elf.header.machine === EM_ARM;
    // The last NUL of the string table: a name starting after it is unterminated.
    let lastNul = strings.size - 1;
    while (lastNul >= 0 && elf.bytes[strings.offset + lastNul] !== 0) lastNul--;
    for (let i = 0; i < n; i++) {
      const at = (i + 1) * entrySize;
      const nameOffset = view.getUint32(at, le);
      let value: number, info: number;
      if (is64) {
        info = view.getUint8(at + 4);
        this.other[i] = view.getUint8(at + 5);
        this.sectionIndex[i] = view.getUint16(at + 6, le);
        value = Number(view.getBigUint64(at + 8, le));
        this.size[i] = Number(view.getBigUint64(at + 16, le));
      } else {
        value = view.getUint32(at + 4, le);
        this.size[i] = view.getUint32(at + 8, le);
        info = view.getUint8(at + 12);
        this.other[i] = view.getUint8(at + 13);
        this.sectionIndex[i] = view.getUint16(at + 14, le);
      }
      if (nameOffset !== 0) {
        if (nameOffset >= strings.size) throw new ElfFormatError(`string offset 0x${nameOffset.toString(16)} is outside its string table`, strings.offset);
        if (nameOffset > lastNul) throw new ElfFormatError('unterminated string in string table', strings.offset + nameOffset);
      }
      this.nameOffset[i] = nameOffset;
      this.info[i] = info;
      this.value[i] = value;
      const thumb = arm && (info & 0xf) === STT_FUNC && (value & 1) === 1;
      this.address[i] = thumb ? value - 1 : value;
    }
  }

  /** Symbol `i` (table entry i + 1), decoded on first request. */
  symbol(i: number): ElfSymbol {
    let symbol = this.decoded[i];
    if (!symbol) {
      const info = this.info[i];
      const type = STT_NAMES[info & 0xf] ?? 'OTHER';
      symbol = {
        name: this.name(i),
        value: this.value[i],
        address: this.address[i],
        size: this.size[i],
        type,
        binding: STB_NAMES[info >> 4] ?? 'OTHER',
        visibility: this.other[i] & 3,
        sectionIndex: this.sectionIndex[i],
        thumb: this.address[i] !== this.value[i],
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
    const order = (this.byAddress ??= this.sortedIndices(
      (i) => ((this.info[i] & 0xf) === STT_FUNC || (this.info[i] & 0xf) === STT_OBJECT) && this.sectionIndex[i] !== 0,
      (a, b) => this.address[a] - this.address[b] || this.size[b] - this.size[a],
    ));
    const lo = this.upperBound(order, address);
    // Symbols rarely nest, so a short look back from the last start <= address suffices.
    for (let k = lo - 1; k >= 0 && k >= lo - 16; k--) {
      const i = order[k];
      const start = this.address[i];
      if (address < start + this.size[i] || (this.size[i] === 0 && address === start)) return this.symbol(i);
    }
    return undefined;
  }

  /**
   * The sized, named FUNC symbol holding `address`, defined in a section; of overlapping ones the
   * one starting last (later in the table on a tie, e.g. an alias).
   */
  functionAt(address: number): ElfSymbol | undefined {
    // A few lookups (a debugger's first breakpoints) scan the columns; sorting pays off after.
    if (!this.functionOrder && ++this.functionLookups <= LINEAR_LOOKUPS) {
      let best = -1;
      for (let i = 0; i < this.count; i++) {
        const start = this.address[i];
        if (start > address || address >= start + this.size[i] || (best >= 0 && start < this.address[best])) continue;
        if ((this.info[i] & 0xf) === STT_FUNC && this.sectionIndex[i] !== 0 && this.hasName(i)) best = i;
      }
      return best < 0 ? undefined : this.symbol(best);
    }
    if (!this.functionOrder) {
      const order = this.sortedIndices(
        (i) => (this.info[i] & 0xf) === STT_FUNC && this.size[i] > 0 && this.sectionIndex[i] !== 0 && this.hasName(i),
        (a, b) => this.address[a] - this.address[b] || a - b,
      );
      const reach = new Float64Array(order.length);
      let highest = -Infinity;
      order.forEach((i, k) => {
        highest = Math.max(highest, this.address[i] + this.size[i]);
        reach[k] = highest;
      });
      this.functionOrder = { order, reach };
    }
    const { order, reach } = this.functionOrder;
    // Functions the linker discarded may all start at 0: walk back only while one could reach.
    for (let k = this.upperBound(order, address) - 1; k >= 0 && reach[k] > address; k--) {
      const i = order[k];
      if (address < this.address[i] + this.size[i]) return this.symbol(i);
    }
    return undefined;
  }

  /** Every symbol defined in a section with this name, in table order; compares bytes, decodes only matches. */
  symbolsNamed(name: string): ElfSymbol[] {
    if (name === '') return [];
    const wanted = new TextEncoder().encode(name);
    const bytes = this.bytes;
    const found: ElfSymbol[] = [];
    for (let i = 0; i < this.count; i++) {
      if (this.sectionIndex[i] === 0 || this.nameOffset[i] === 0) continue;
      const start = this.stringsStart + this.nameOffset[i];
      if (bytes[start] !== wanted[0]) continue;
      let k = 1;
      while (k < wanted.length && bytes[start + k] === wanted[k]) k++;
      // Names are NUL-terminated within the table (checked when the table was read).
      if (k === wanted.length && bytes[start + k] === 0) found.push(this.symbol(i));
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
    const offset = this.nameOffset[i];
    if (offset === 0) return '';
    const start = this.stringsStart + offset;
    const end = this.bytes.indexOf(0, start);
    return utf8.decode(this.bytes.subarray(start, end));
  }

  private hasName(i: number): boolean {
    return this.nameOffset[i] !== 0 && this.bytes[this.stringsStart + this.nameOffset[i]] !== 0;
  }

  private sortedIndices(keep: (i: number) => boolean, compare: (a: number, b: number) => number): Uint32Array {
    const kept: number[] = [];
    for (let i = 0; i < this.count; i++) if (keep(i)) kept.push(i);
    return Uint32Array.from(kept.sort(compare));
  }

  /** The number of entries of `order` whose address is <= `address`. */
  private upperBound(order: Uint32Array, address: number): number {
    let lo = 0;
    let hi = order.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.address[order[mid]] <= address) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}

/** A NUL-terminated name inside string-table section `table`; throws naming the file offset. */
export function stringAt(bytes: Uint8Array, table: Pick<ElfSection, 'offset' | 'size'>, nameOffset: number): string {
  if (nameOffset >= table.size) throw new ElfFormatError(`string offset 0x${nameOffset.toString(16)} is outside its string table`, table.offset);
  const start = table.offset + nameOffset;
  const end = bytes.subarray(0, table.offset + table.size).indexOf(0, start);
  if (end < 0) throw new ElfFormatError('unterminated string in string table', start);
  return utf8.decode(bytes.subarray(start, end));
}
