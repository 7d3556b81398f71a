// The DWARF sections of one program, by name, as views into the ELF bytes: the single input every
// DWARF parser (info, line, CFI) starts from. Holds no parsing; copies nothing.
import { ElfFile } from '../elf';

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
  private readonly data: Map<DwarfSectionName, Uint8Array>;
  private readonly addresses: Partial<Record<DwarfSectionName, number>>;

  constructor(sections: Partial<Record<DwarfSectionName, Uint8Array>>, options: DwarfSectionsOptions = {}) {
    this.data = new Map(Object.entries(sections) as [DwarfSectionName, Uint8Array][]);
    this.littleEndian = options.littleEndian ?? true;
    this.addressSize = options.addressSize ?? 4;
    this.machine = options.machine;
    this.codeRanges = options.codeRanges;
    this.addresses = options.addresses ?? {};
  }

  /** Collects the debug sections of `elf`; compressed ones are left out with a warning. */
  static fromElf(elf: ElfFile): DwarfSections {
    const sections: Partial<Record<DwarfSectionName, Uint8Array>> = {};
    const addresses: Partial<Record<DwarfSectionName, number>> = {};
    const skipped: string[] = [];
    for (const name of DWARF_SECTION_NAMES) {
      const header = elf.section(name);
      if (!header) continue;
      if (header.flags & SHF_COMPRESSED) {
        skipped.push(`${name} is compressed (SHF_COMPRESSED); link without --compress-debug-sections to debug it`);
        continue;
      }
      const bytes = elf.sectionData(name);
      if (bytes) sections[name] = bytes;
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
    return result;
  }

  /** The section's bytes, or undefined when the program has no such section. */
  get(name: DwarfSectionName): Uint8Array | undefined {
    return this.data.get(name);
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

/** True when `address` lies in one of `ranges`, or always when `ranges` is undefined (not known). */
export function inCodeRanges(ranges: readonly { readonly lowPc: number; readonly highPc: number }[] | undefined, address: number): boolean {
  return !ranges || ranges.some((range) => address >= range.lowPc && address < range.highPc);
}
