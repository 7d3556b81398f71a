// The DWARF sections of one program, by name, as views into the ELF bytes: the single input every
// DWARF parser (info, line, CFI) starts from. Holds no parsing; copies nothing; reads a section
// from the ELF file only when a parser first asks for it (string sections string by string).
import { ByteReaderOverrun, cStringAt, DwarfFormatError } from '../common';
import { ElfFile, SHT_NOBITS } from '../elf';

/** Section names the DWARF readers use (DWARF5 Appendix G / 7.2 plus GNU .eh_frame). */
export type DwarfSectionName =
  | '.debug_info' | '.debug_abbrev' | '.debug_str' | '.debug_line_str' | '.debug_str_offsets'
  | '.debug_addr' | '.debug_aranges' | '.debug_ranges' | '.debug_rnglists' | '.debug_loc'
  | '.debug_loclists' | '.debug_line' | '.debug_frame' | '.eh_frame' | '.eh_frame_hdr'
  | '.debug_types' | '.debug_pubnames' | '.debug_names';

export const DWARF_SECTION_NAMES: readonly DwarfSectionName[] = [
  '.debug_info', '.debug_abbrev', '.debug_str', '.debug_line_str', '.debug_str_offsets', '.debug_addr',
  '.debug_aranges', '.debug_ranges', '.debug_rnglists', '.debug_loc', '.debug_loclists', '.debug_line',
  '.debug_frame', '.eh_frame', '.eh_frame_hdr', '.debug_types', '.debug_pubnames', '.debug_names',
];

/** SHF_COMPRESSED (gABI): section bytes start with a compression header. */
const SHF_COMPRESSED = 0x800;

export interface DwarfSectionsOptions {
  /** Byte order of the target; default little-endian. */
  readonly littleEndian?: boolean;
  /** Size of a target address in bytes (4 for ELF32, 8 for ELF64); default 4. */
  readonly addressSize?: 4 | 8;
  /** Run-time address (sh_addr) of sections that have one, for pc-relative .eh_frame pointers. */
  readonly addresses?: Partial<Record<DwarfSectionName, number>>;
  /** ELF e_machine of the program (EM_ARM...), for target quirks such as the Thumb bit. */
  readonly machine?: number;
  /** Where code can be (ElfFile.codeRanges); debug info of code outside them was discarded by the linker. */
  readonly codeRanges?: readonly { readonly lowPc: number; readonly highPc: number }[];
}

/** The debug sections of one program. Build with `fromElf`, or directly in unit tests. */
export class DwarfSections {
  readonly littleEndian: boolean;
  readonly addressSize: 4 | 8;
  /** ELF e_machine, or undefined when not built from an ELF file. */
  readonly machine: number | undefined;
  /** Executable address ranges, when known (see DwarfSectionsOptions.codeRanges). */
  readonly codeRanges: readonly { readonly lowPc: number; readonly highPc: number }[] | undefined;
  /** Oddities met while collecting the sections (e.g. compressed sections, which are skipped). */
  readonly warnings: string[] = [];
  private readonly data: Map<DwarfSectionName, Uint8Array | (() => Uint8Array | undefined)>;
  private readonly addresses: Partial<Record<DwarfSectionName, number>>;
  /** String sections readable in parts before they are read whole (fromElf). */
  private readonly partial = new Map<StringSectionName, PartialSection>();

  /**
   * `sections` holds each section's bytes, or a function that returns them on first use (then
   * kept): a program's large sections are then read only when a query needs them.
   */
  constructor(sections: Partial<Record<DwarfSectionName, Uint8Array | (() => Uint8Array | undefined)>>, options: DwarfSectionsOptions = {}) {
    this.data = new Map(Object.entries(sections) as [DwarfSectionName, Uint8Array | (() => Uint8Array | undefined)][]);
    this.littleEndian = options.littleEndian ?? true;
    this.addressSize = options.addressSize ?? 4;
    this.machine = options.machine;
    this.codeRanges = options.codeRanges;
    this.addresses = options.addresses ?? {};
  }

  /**
   * The debug sections of `elf`, each read from it on first use (ElfFile.sectionData); strings of
   * .debug_str and .debug_line_str are read as cString asks for them. Compressed sections are
   * left out with a warning.
   */
  static fromElf(elf: ElfFile): DwarfSections {
    const sections: Partial<Record<DwarfSectionName, () => Uint8Array | undefined>> = {};
    const addresses: Partial<Record<DwarfSectionName, number>> = {};
    const skipped: string[] = [];
    for (const name of DWARF_SECTION_NAMES) {
      const header = elf.section(name);
      if (!header) continue;
      if (header.flags & SHF_COMPRESSED) {
        skipped.push(`${name} is compressed (SHF_COMPRESSED); link without --compress-debug-sections to debug it`);
        continue;
      }
      // SHT_NOBITS sections have no bytes (ElfFile.sectionData), as if absent.
      if (header.type !== SHT_NOBITS) sections[name] = () => elf.sectionData(name);
      addresses[name] = header.addr;
    }
    const result = new DwarfSections(sections, {
      littleEndian: elf.littleEndian,
      addressSize: elf.header.elfClass === 64 ? 8 : 4,
      machine: elf.header.machine,
      codeRanges: elf.codeRanges(),
      addresses,
    });
    result.warnings.push(...skipped);
    for (const name of ['.debug_str', '.debug_line_str'] as const) {
      if (!sections[name]) continue;
      result.partial.set(name, { readPart: (offset, length) => elf.sectionData(name, { offset, length }) ?? new Uint8Array(0), size: elf.section(name)?.size ?? 0, chunks: new Set() });
    }
    return result;
  }

  /** The section's bytes, or undefined when the program has no such section. */
  get(name: DwarfSectionName): Uint8Array | undefined {
    const found = this.data.get(name);
    if (typeof found !== 'function') return found;
    const bytes = found();
    if (bytes) this.data.set(name, bytes);
    else this.data.delete(name);
    this.partial.delete(name as StringSectionName);
    return bytes;
  }

  /**
   * The NUL-terminated string at `offset` of a string section (DW_FORM_strp, line_strp, strx).
   * Reads only the string's part of a section not read yet. Throws DwarfFormatError for an
   * offset outside the section or an unterminated string.
   */
  cString(name: StringSectionName, offset: number): string {
    const partial = this.partial.get(name);
    // Past a few hundred kilobytes of strings (a query reading many units), the section whole.
    if (!partial || partial.chunks.size >= MAX_STRING_CHUNKS) return decodeString(this.get(name), offset, name);
    const { size, chunks } = partial;
    if (offset >= size) throw new DwarfFormatError(`string offset 0x${offset.toString(16)} is outside ${name}`, name, offset);
    partial.view ??= partial.readPart(0, 0);
    const bytes = partial.view;
    // Load aligned chunks until the NUL: names are short, the section is megabytes.
    for (let start = offset - (offset % STRING_CHUNK); ; start += STRING_CHUNK) {
      if (!chunks.has(start)) {
        partial.readPart(start, STRING_CHUNK);
        chunks.add(start);
      }
      if (bytes.subarray(0, Math.min(size, start + STRING_CHUNK)).indexOf(0, Math.max(start, offset)) >= 0) return decodeString(bytes, offset, name);
      if (start + STRING_CHUNK >= size) throw new DwarfFormatError('unterminated string', name, offset);
    }
  }

  /** The section's sh_addr, when it came from an ELF file. */
  address(name: DwarfSectionName): number | undefined {
    return this.addresses[name];
  }

  has(name: DwarfSectionName): boolean {
    return this.data.has(name);
  }

  /** False for an address outside every code range (when they are known): code the linker dropped. */
  isCode(address: number): boolean {
    return inCodeRanges(this.codeRanges, address);
  }
}

/** The sections DW_FORM_strp, line_strp and strx point into (DWARF5 7.5.5). */
export type StringSectionName = '.debug_str' | '.debug_line_str';

/** A string section read in chunks (DwarfSections.cString) until it is read whole. */
interface PartialSection {
  /** Loads [offset, offset + length) of the section; returns the whole section's view. */
  readonly readPart: (offset: number, length: number) => Uint8Array;
  readonly size: number;
  /** The view readPart returns, kept after the first call. */
  view?: Uint8Array;
  /** Start offsets of the chunks loaded. */
  readonly chunks: Set<number>;
}

/** Bytes read at a time from a string section not read whole. */
const STRING_CHUNK = 4096;
/** Chunk reads after which a string section is read whole (256 KB in pieces). */
const MAX_STRING_CHUNKS = 64;

/**
 * The NUL-terminated string at `offset` of a whole string section; DwarfFormatError for an offset
 * outside it (or no section) and for an unterminated string.
 */
export function decodeString(bytes: Uint8Array | undefined, offset: number, name: StringSectionName): string {
  if (!bytes || offset >= bytes.length) throw new DwarfFormatError(`string offset 0x${offset.toString(16)} is outside ${name}`, name, offset);
  try {
    return cStringAt(bytes, offset);
  } catch (error) {
    if (error instanceof ByteReaderOverrun) throw new DwarfFormatError('unterminated string', name, offset);
    throw error;
  }
}

/** True when `address` lies in one of `ranges`, or always when `ranges` is undefined (not known). */
export function inCodeRanges(ranges: readonly { readonly lowPc: number; readonly highPc: number }[] | undefined, address: number): boolean {
  return !ranges || ranges.some((range) => address >= range.lowPc && address < range.highPc);
}
