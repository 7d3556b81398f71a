// The call frame information of one program: .debug_frame and .eh_frame parsed on first use, FDEs
// indexed by address, and the unwind row for an address. No register or memory access here.
import { DwarfFormatError } from '../../common';
import { DwarfSections } from '../dwarfSections';
import { AddressRangeIndex } from '../info';
import { CallFrameEntries, CfiSection, CfiSectionName, CommonInformationEntry, FrameDescriptionEntry, parseCallFrameEntries } from './callFrameEntries';
import { CfaInstruction, decodeCfaInstructions } from './cfaInstructions';
import { UnwindRow, unwindRowAt, unwindRows } from './cfaProgram';

/** The answer to "how do I unwind at this address?"; never an exception. */
export type CfiLookup =
  | { readonly kind: 'row'; readonly row: UnwindRow; readonly fde: FrameDescriptionEntry; readonly littleEndian: boolean }
  /** No FDE covers the address (code without CFI, or an address outside any function). */
  | { readonly kind: 'noCfi'; readonly address: number; readonly reason: string }
  /** An FDE covers the address but its program is malformed. */
  | { readonly kind: 'error'; readonly address: number; readonly fde: FrameDescriptionEntry; readonly error: DwarfFormatError };

interface SectionIndex {
  readonly section: CfiSection;
  readonly entries: CallFrameEntries;
  /** FDEs by the range they cover; when ranges overlap, the one starting last wins. */
  readonly byAddress: AddressRangeIndex<FrameDescriptionEntry>;
}

/**
 * All call frame information of a program. Sections are searched in the order given: .debug_frame
 * first (what bare-metal GCC emits), then .eh_frame. Parsing and sorting happen on first lookup.
 */
export class CallFrameInfo {
  private indexes: SectionIndex[] | undefined;

  constructor(private readonly sections: readonly CfiSection[]) {}

  /**
   * The CFI sections of a program, with sh_addr for .eh_frame's pc-relative pointers. Pass
   * `clearThumbBit` for ARM programs (see CfiSection.clearThumbBit).
   */
  static fromSections(sections: DwarfSections, options: { readonly clearThumbBit?: boolean } = {}): CallFrameInfo {
    const parts: CfiSection[] = [];
    for (const name of ['.debug_frame', '.eh_frame'] as const) {
      const bytes = sections.get(name);
      if (!bytes) continue;
      parts.push({ name, bytes, littleEndian: sections.littleEndian, addressSize: sections.addressSize, address: sections.address(name), clearThumbBit: options.clearThumbBit });
    }
    return new CallFrameInfo(parts);
  }

  /** True when the program has any call frame section at all. */
  get isEmpty(): boolean {
    return this.sections.length === 0;
  }

  /** Problems met while parsing (skipped entries), each naming section and offset. */
  get warnings(): readonly DwarfFormatError[] {
    return this.index().flatMap((index) => index.entries.warnings);
  }

  /** The CIEs of every section, in section then offset order. */
  get cies(): readonly CommonInformationEntry[] {
    return this.index().flatMap((index) => index.entries.cies);
  }

  /** The FDEs of every section, in section then offset order. */
  get fdes(): readonly FrameDescriptionEntry[] {
    return this.index().flatMap((index) => index.entries.fdes);
  }

  /** The FDE whose range holds `address`, or undefined. */
  findFde(address: number): FrameDescriptionEntry | undefined {
    for (const index of this.index()) {
      const fde = index.byAddress.find(address)?.value;
      if (fde) return fde;
    }
    return undefined;
  }

  /** The unwind row at `address` (DWARF5 6.4.1), or why there is none. */
  unwindRowFor(address: number): CfiLookup {
    const fde = this.findFde(address);
    if (!fde) {
      const reason = this.isEmpty
        ? 'the program has no .debug_frame or .eh_frame section'
        : `no call frame information covers 0x${address.toString(16)}`;
      return { kind: 'noCfi', address, reason };
    }
    try {
      const section = this.sectionOf(fde);
      return { kind: 'row', row: unwindRowAt(section, fde, address), fde, littleEndian: section.littleEndian };
    } catch (error) {
      if (error instanceof DwarfFormatError) return { kind: 'error', address, fde, error };
      throw error;
    }
  }

  /** Every row of `fde`'s table (for dumps and tests). Throws DwarfFormatError on a bad program. */
  unwindTable(fde: FrameDescriptionEntry): UnwindRow[] {
    return unwindRows(this.sectionOf(fde), fde);
  }

  /** The decoded instructions of a CIE (initial instructions) or FDE. Throws DwarfFormatError. */
  instructions(entry: CommonInformationEntry | FrameDescriptionEntry): CfaInstruction[] {
    const section = this.sectionByName(entry.section);
    if ('cie' in entry) return decodeCfaInstructions(section, entry.instructionsOffset, entry.instructions.length, entry.cie);
    return decodeCfaInstructions(section, entry.instructionsOffset, entry.initialInstructions.length, entry);
  }

  private sectionOf(fde: FrameDescriptionEntry): CfiSection {
    return this.sectionByName(fde.section);
  }

  private sectionByName(name: CfiSectionName): CfiSection {
    const section = this.sections.find((candidate) => candidate.name === name);
    if (!section) throw new Error(`entry of ${name}, which this CallFrameInfo does not hold`);
    return section;
  }

  private index(): SectionIndex[] {
    this.indexes ??= this.sections.map((section) => {
      const entries = parseCallFrameEntries(section);
      // Zero-length FDEs (left by --gc-sections at address 0) cover nothing: the index drops them.
      const byAddress = new AddressRangeIndex(entries.fdes.map((fde) => ({ lowPc: fde.initialLocation, highPc: fde.initialLocation + fde.addressRange, value: fde })));
      return { section, entries, byAddress };
    });
    return this.indexes;
  }
}
