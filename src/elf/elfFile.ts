// ELF32/ELF64 reader (System V gABI ch. 4-5): file header, section headers, program headers,
// symbols and the bytes to program. Pure: works on a Uint8Array (filled on demand by a caller's
// load callback, when given), never on files or the target.
import { ByteReader, ByteReaderOverrun, ElfFormatError } from '../common';
import {
  ELFCLASS32, ELFCLASS64, ELFDATA2LSB, ELFDATA2MSB, PT_LOAD, SHF_ALLOC, SHF_EXECINSTR, SHN_LORESERVE, SHN_XINDEX,
  SHT_DYNSYM, SHT_NOBITS, SHT_SYMTAB,
} from './elfConstants';
import { ElfSymbol, stringAt, SymbolTable } from './elfSymbols';
import { FileLoader } from './fileLoader';

/** The ELF file header (gABI "ELF Header"), reduced to what a debugger uses. */
export interface ElfHeader {
  /** 32 or 64 (e_ident[EI_CLASS]). */
  readonly elfClass: 32 | 64;
  readonly endianness: 'little' | 'big';
  /** e_type: 1 REL, 2 EXEC, 3 DYN. */
  readonly type: number;
  /** e_machine, e.g. EM_ARM (40) or EM_RISCV (243). */
  readonly machine: number;
  /** e_entry: the reset entry point as linked. */
  readonly entry: number;
  /** e_flags (for ARM: EABI version and float ABI bits). */
  readonly flags: number;
}

/** One section header (gABI "Section Header"); offsets and sizes in bytes. */
export interface ElfSection {
  readonly index: number;
  readonly name: string;
  /** sh_type (SHT_PROGBITS, SHT_NOBITS...). */
  readonly type: number;
  /** sh_flags (SHF_ALLOC, SHF_EXECINSTR...). */
  readonly flags: number;
  /** sh_addr: run-time address (VMA) when SHF_ALLOC, else 0. */
  readonly addr: number;
  /** sh_offset in the file. */
  readonly offset: number;
  readonly size: number;
  readonly link: number;
  readonly info: number;
  readonly addralign: number;
  readonly entsize: number;
}

/** One program header (gABI "Program Header"). */
export interface ElfSegment {
  /** p_type (PT_LOAD...). */
  readonly type: number;
  /** p_flags (PF_R/PF_W/PF_X). */
  readonly flags: number;
  readonly offset: number;
  /** Run-time address (VMA). */
  readonly vaddr: number;
  /** Load address (LMA): where the bytes are programmed, e.g. flash for initialised .data. */
  readonly paddr: number;
  readonly filesz: number;
  readonly memsz: number;
  readonly align: number;
}

/** Bytes to program: a PT_LOAD segment with file contents, placed at its load address. */
export interface LoadSegment {
  readonly paddr: number;
  readonly vaddr: number;
  readonly memsz: number;
  /** The segment's file bytes (filesz long); a view into the parsed buffer, not a copy. */
  readonly data: Uint8Array;
}

export interface ElfParseOptions {
  /**
   * Fills `bytes[offset, offset + length)` from the file. When given, the `bytes` passed to
   * ElfFile.parse may be a zero-filled buffer of the file's size: the headers are loaded while
   * parsing, a section's bytes when first asked for, the whole file only when `bytes` is read. A
   * query that touches a few sections of a large program then reads only those (as a debugger
   * that maps the file does). Synchronous; its errors propagate to the caller of the query.
   */
  readonly load?: (offset: number, length: number) => void;
}

/** A parsed ELF file. Construct with `ElfFile.parse`. */
export class ElfFile {
  private symbolTable: SymbolTable | undefined;
  private allSymbols: readonly ElfSymbol[] | undefined;

  private constructor(
    private readonly data: Uint8Array,
    private readonly loader: FileLoader,
    readonly header: ElfHeader,
    readonly sections: readonly ElfSection[],
    readonly segments: readonly ElfSegment[],
  ) {}

  /** Parses headers eagerly (symbols lazily); throws ElfFormatError naming the file offset. */
  static parse(bytes: Uint8Array, options: ElfParseOptions = {}): ElfFile {
    const loader = new FileLoader(bytes.length, options.load);
    try {
      const { header, sections, segments } = parseElf(bytes, loader);
      return new ElfFile(bytes, loader, header, sections, segments);
    } catch (error) {
      if (error instanceof ByteReaderOverrun) {
        throw new ElfFormatError(`truncated ELF: ${error.message}`, error.offset);
      }
      throw error;
    }
  }

  /** The whole file (loaded in full first when parsed with ElfParseOptions.load). */
  get bytes(): Uint8Array {
    this.loader.ensure(0, this.data.length);
    return this.data;
  }

  get littleEndian(): boolean {
    return this.header.endianness === 'little';
  }

  /** The first section with this name, if any. */
  section(name: string): ElfSection | undefined {
    return this.sections.find((section) => section.name === name);
  }

  /**
   * Contents of the named section (a view, not a copy); undefined when absent or SHT_NOBITS.
   * With `part` (offset and length inside the section), only that part is sure to be loaded
   * (ElfParseOptions.load): the rest of the view may still be zeros.
   */
  sectionData(name: string, part?: { readonly offset: number; readonly length: number }): Uint8Array | undefined {
    const section = this.section(name);
    if (!section || section.type === SHT_NOBITS) return undefined;
    this.loader.ensure(section.offset + (part?.offset ?? 0), Math.min(part?.length ?? section.size, section.size));
    return this.data.subarray(section.offset, section.offset + section.size);
  }

  /** `length` bytes of the file from `offset`, loaded; a view, not a copy. */
  private fileRange(offset: number, length: number): Uint8Array {
    this.loader.ensure(offset, length);
    return this.data.subarray(offset, offset + length);
  }

  /** What a loader programs: PT_LOAD segments with file bytes, at their physical (load) address. */
  loadSegments(): LoadSegment[] {
    return this.segments
      .filter((segment) => segment.type === PT_LOAD && segment.filesz > 0)
      .map((segment) => ({
        paddr: segment.paddr,
        vaddr: segment.vaddr,
        memsz: segment.memsz,
        data: this.fileRange(segment.offset, segment.filesz),
      }));
  }

  /**
   * Address ranges [lowPc, highPc) of the allocated executable sections: where code can be.
   * Debug info of functions the linker discarded (--gc-sections) points outside them, often at 0.
   */
  codeRanges(): { lowPc: number; highPc: number }[] {
    return this.sections
      .filter((section) => (section.flags & SHF_ALLOC) !== 0 && (section.flags & SHF_EXECINSTR) !== 0 && section.size > 0)
      .map((section) => ({ lowPc: section.addr, highPc: section.addr + section.size }));
  }

  /** Symbols of .symtab (or .dynsym when stripped), without the null symbol 0 (decodes every name). */
  get symbols(): readonly ElfSymbol[] {
    this.allSymbols ??= this.table().all();
    return this.allSymbols;
  }

  /**
   * The FUNC or OBJECT symbol whose [address, address + size) holds `address` (like GDB's
   * `info symbol`); a zero-size symbol matches only its own address.
   */
  symbolAt(address: number): ElfSymbol | undefined {
    return this.table().symbolAt(address);
  }

  /** The first symbol with this name, preferring GLOBAL over WEAK over LOCAL. */
  symbolByName(name: string): ElfSymbol | undefined {
    return this.table().byName(name);
  }

  /**
   * Every symbol defined in a section with this name, in table order (static functions of
   * different units share names). Compares bytes: decodes no other symbol's name.
   */
  symbolsNamed(name: string): ElfSymbol[] {
    return this.table().symbolsNamed(name);
  }

  /**
   * The named FUNC symbol with a size whose range holds `address`; of overlapping ones, the one
   * starting last (an alias later in the table wins a tie).
   */
  functionSymbolAt(address: number): ElfSymbol | undefined {
    return this.table().functionAt(address);
  }

  private table(): SymbolTable {
    if (!this.symbolTable) {
      const table = this.sections.find((s) => s.type === SHT_SYMTAB) ?? this.sections.find((s) => s.type === SHT_DYNSYM);
      const strings = table ? this.sections[table.link] : undefined;
      const symbols = table && strings ? table : EMPTY_TABLE;
      const names = strings ?? EMPTY_TABLE;
      if (symbols.type !== SHT_NOBITS) this.loader.ensure(symbols.offset, symbols.size);
      if (names.type !== SHT_NOBITS) this.loader.ensure(names.offset, names.size);
      this.symbolTable = new SymbolTable(this.data, this.header, symbols, names);
    }
    return this.symbolTable;
  }
}

/** Stands for the symbol table of a file that has none. */
const EMPTY_TABLE: ElfSection = { index: 0, name: '', type: 0, flags: 0, addr: 0, offset: 0, size: 0, link: 0, info: 0, addralign: 0, entsize: 0 };

function parseElf(bytes: Uint8Array, loader: FileLoader): { header: ElfHeader; sections: ElfSection[]; segments: ElfSegment[] } {
  loader.ensure(0, 64); // e_ident and the rest of the file header (ELF64: 64 bytes)
  if (bytes.length < 16 || bytes[0] !== 0x7f || bytes[1] !== 0x45 || bytes[2] !== 0x4c || bytes[3] !== 0x46) {
    throw new ElfFormatError('not an ELF file (no \\x7fELF magic)', 0);
  }
  const elfClass = bytes[4] === ELFCLASS32 ? 32 : bytes[4] === ELFCLASS64 ? 64 : undefined;
  if (!elfClass) throw new ElfFormatError(`unknown ELF class ${bytes[4]}`, 4);
  if (bytes[5] !== ELFDATA2LSB && bytes[5] !== ELFDATA2MSB) throw new ElfFormatError(`unknown ELF data encoding ${bytes[5]}`, 5);
  const littleEndian = bytes[5] === ELFDATA2LSB;
  const r = new ByteReader(bytes, littleEndian, 16);
  const word = elfClass === 64 ? () => r.u64Number() : () => r.u32();
  const type = r.u16();
  const machine = r.u16();
  r.u32(); // e_version
  const entry = word();
  const phoff = word();
  const shoff = word();
  const flags = r.u32();
  r.u16(); // e_ehsize
  const phentsize = r.u16();
  let phnum = r.u16();
  const shentsize = r.u16();
  let shnum = r.u16();
  let shstrndx = r.u16();
  const header: ElfHeader = { elfClass, endianness: littleEndian ? 'little' : 'big', type, machine, entry, flags };

  const wantSh = elfClass === 64 ? 64 : 40;
  const wantPh = elfClass === 64 ? 56 : 32;
  if (shoff !== 0 && shentsize < wantSh) throw new ElfFormatError(`e_shentsize ${shentsize} is below ${wantSh}`, 0x2e + (elfClass === 64 ? 12 : 0));
  if (phoff !== 0 && phnum > 0 && phentsize < wantPh) throw new ElfFormatError(`e_phentsize ${phentsize} is below ${wantPh}`, elfClass === 64 ? 0x36 : 0x2a);

  const rawSections: Omit<ElfSection, 'name'>[] = [];
  const nameOffsets: number[] = [];
  if (shoff !== 0) {
    // gABI: with 0xff00 or more sections, e_shnum is 0 and section 0's sh_size holds the count
    // (and its sh_link the string table index when e_shstrndx is SHN_XINDEX).
    loader.ensure(shoff, shentsize);
    const first = readSectionHeader(r, shoff, 0, elfClass);
    if (shnum === 0) shnum = first.size;
    if (shstrndx === SHN_XINDEX) shstrndx = first.link;
    if (phnum === 0xffff) phnum = first.info;
    checkTable(bytes, shoff, shnum, shentsize, 'section header table');
    loader.ensure(shoff, shnum * shentsize);
    for (let i = 0; i < shnum; i++) {
      const section = readSectionHeader(r, shoff + i * shentsize, i, elfClass);
      if (section.type !== SHT_NOBITS && section.size > 0 && section.offset + section.size > bytes.length) {
        throw new ElfFormatError(`section ${i} [0x${section.offset.toString(16)}, +0x${section.size.toString(16)}) passes the end of the file (0x${bytes.length.toString(16)})`, shoff + i * shentsize);
      }
      nameOffsets.push(section.nameOffset);
      rawSections.push(section);
    }
  }
  if (shstrndx >= SHN_LORESERVE && shstrndx !== 0) shstrndx = 0;
  const names = shstrndx > 0 && shstrndx < rawSections.length ? rawSections[shstrndx] : undefined;
  if (names) loader.ensure(names.offset, names.size);
  const sections: ElfSection[] = rawSections.map((section, i) => ({
    index: section.index,
    name: names ? stringAt(bytes, names, nameOffsets[i]) : '',
    type: section.type,
    flags: section.flags,
    addr: section.addr,
    offset: section.offset,
    size: section.size,
    link: section.link,
    info: section.info,
    addralign: section.addralign,
    entsize: section.entsize,
  }));

  const segments: ElfSegment[] = [];
  if (phoff !== 0 && phnum > 0) {
    checkTable(bytes, phoff, phnum, phentsize, 'program header table');
    loader.ensure(phoff, phnum * phentsize);
    for (let i = 0; i < phnum; i++) {
      const at = phoff + i * phentsize;
      const segment = readProgramHeader(r.seek(at), elfClass);
      if (segment.filesz > 0 && segment.offset + segment.filesz > bytes.length) {
        throw new ElfFormatError(`program header ${i} file bytes pass the end of the file`, at);
      }
      segments.push(segment);
    }
  }
  return { header, sections, segments };
}

function checkTable(bytes: Uint8Array, offset: number, count: number, entrySize: number, what: string): void {
  if (offset + count * entrySize > bytes.length) {
    throw new ElfFormatError(`${what} (${count} entries of ${entrySize} bytes) passes the end of the file`, offset);
  }
}

function readSectionHeader(r: ByteReader, at: number, index: number, elfClass: 32 | 64): Omit<ElfSection, 'name'> & { nameOffset: number } {
  r.seek(at);
  const word = elfClass === 64 ? () => r.u64Number() : () => r.u32();
  const nameOffset = r.u32();
  const type = r.u32();
  const flags = word();
  const addr = word();
  const offset = word();
  const size = word();
  const link = r.u32();
  const info = r.u32();
  const addralign = word();
  const entsize = word();
  return { index, nameOffset, type, flags, addr, offset, size, link, info, addralign, entsize };
}

function readProgramHeader(r: ByteReader, elfClass: 32 | 64): ElfSegment {
  if (elfClass === 64) {
    const type = r.u32();
    const flags = r.u32();
    return { type, flags, offset: r.u64Number(), vaddr: r.u64Number(), paddr: r.u64Number(), filesz: r.u64Number(), memsz: r.u64Number(), align: r.u64Number() };
  }
  const type = r.u32();
  const offset = r.u32();
  const vaddr = r.u32();
  const paddr = r.u32();
  const filesz = r.u32();
  const memsz = r.u32();
  const flags = r.u32();
  const align = r.u32();
  return { type, flags, offset, vaddr, paddr, filesz, memsz, align };
}
