// ELF symbol tables (gABI "Symbol Table"): decoding .symtab/.dynsym entries, the Arm Thumb bit of
// function symbols, and lookups by address and name. Reads only what ElfFile hands it.
import { ByteReader, ElfFormatError } from '../common';
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

/** Decodes every entry of `table` except the null entry 0. */
export function readSymbolTable(elf: ElfFile, table: ElfSection, strings: ElfSection): ElfSymbol[] {
  const is64 = elf.header.elfClass === 64;
  const entrySize = table.entsize || (is64 ? 24 : 16);
  if (entrySize < (is64 ? 24 : 16)) throw new ElfFormatError(`symbol table ${table.name} has entry size ${entrySize}`, table.offset);
  const count = Math.floor(table.size / entrySize);
  const arm = elf.header.machine === EM_ARM;
  const r = new ByteReader(elf.bytes, elf.littleEndian, table.offset, table.offset + table.size);
  const symbols: ElfSymbol[] = [];
  for (let i = 1; i < count; i++) {
    r.seek(table.offset + i * entrySize);
    let nameOffset: number, value: number, size: number, info: number, other: number, sectionIndex: number;
    if (is64) {
      nameOffset = r.u32();
      info = r.u8();
      other = r.u8();
      sectionIndex = r.u16();
      value = r.u64Number();
      size = r.u64Number();
    } else {
      nameOffset = r.u32();
      value = r.u32();
      size = r.u32();
      info = r.u8();
      other = r.u8();
      sectionIndex = r.u16();
    }
    const type = STT_NAMES[info & 0xf] ?? 'OTHER';
    const thumb = arm && type === 'FUNC' && (value & 1) === 1;
    symbols.push({
      name: nameOffset === 0 ? '' : stringAt(elf.bytes, strings, nameOffset),
      value,
      address: thumb ? value - 1 : value,
      size,
      type,
      binding: STB_NAMES[info >> 4] ?? 'OTHER',
      visibility: other & 3,
      sectionIndex,
      thumb,
    });
  }
  return symbols;
}

const bindingRank: Record<SymbolBinding, number> = { GLOBAL: 0, WEAK: 1, LOCAL: 2, OTHER: 3 };

/** Address- and name-indexed view of a symbol list, built once. */
export class SymbolIndex {
  /** FUNC and OBJECT symbols with a defined section, sorted by address. */
  private readonly byAddress: ElfSymbol[];
  private readonly names = new Map<string, ElfSymbol>();

  constructor(readonly symbols: readonly ElfSymbol[]) {
    this.byAddress = symbols
      .filter((s) => (s.type === 'FUNC' || s.type === 'OBJECT') && s.sectionIndex !== 0)
      .sort((a, b) => a.address - b.address || b.size - a.size);
    for (const symbol of symbols) {
      if (!symbol.name || symbol.sectionIndex === 0) continue;
      const known = this.names.get(symbol.name);
      if (!known || bindingRank[symbol.binding] < bindingRank[known.binding]) this.names.set(symbol.name, symbol);
    }
  }

  symbolAt(address: number): ElfSymbol | undefined {
    let lo = 0;
    let hi = this.byAddress.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.byAddress[mid].address <= address) lo = mid + 1;
      else hi = mid;
    }
    // Symbols rarely nest, so a short look back from the last start <= address suffices.
    for (let i = lo - 1; i >= 0 && i >= lo - 16; i--) {
      const s = this.byAddress[i];
      if (address < s.address + s.size || (s.size === 0 && address === s.address)) return s;
    }
    return undefined;
  }

  byName(name: string): ElfSymbol | undefined {
    return this.names.get(name);
  }
}

/** A NUL-terminated name inside string-table section `table`; throws naming the file offset. */
export function stringAt(bytes: Uint8Array, table: Pick<ElfSection, 'offset' | 'size'>, nameOffset: number): string {
  if (nameOffset >= table.size) throw new ElfFormatError(`string offset 0x${nameOffset.toString(16)} is outside its string table`, table.offset);
  const r = new ByteReader(bytes, true, table.offset + nameOffset, table.offset + table.size);
  try {
    return r.cString();
  } catch {
    throw new ElfFormatError('unterminated string in string table', table.offset + nameOffset);
  }
}
