// The line tables of a whole program (.debug_line): its units, the address index built over
// every sequence on demand, address -> source lookups and the list of source files.
// Source-line and function queries live in lineBreakpoints.ts and functionEntry.ts.
import { ByteReader } from '../../common';
import { DwarfSections, inCodeRanges } from '../dwarfSections';
import { AddressRangeIndex, inSection } from '../info';
import { DEBUG_LINE, readUnitLength } from './lineProgramHeader';
import { LineSequence, ROW_IS_STMT } from './lineTable';
import { LineProgramRef, LineUnit } from './lineUnit';

/** An address range [lowPc, highPc). */
export interface PcRange {
  readonly lowPc: number;
  readonly highPc: number;
}

export interface DebugLineOptions {
  /**
   * The compile units' DW_AT_stmt_list/DW_AT_comp_dir (from .debug_info). Without them every
   * program of .debug_line is read in order, described by `programRef` when given (else DWARF
   * 2-4 names stay relative, having no comp_dir).
   */
  readonly units?: readonly LineProgramRef[];
  /**
   * What is known of the program at a .debug_line offset, the `ordinal`-th in the section (see
   * debugLineForElf: lazy getters).
   */
  readonly programRef?: (offset: number, ordinal: number) => LineProgramRef;
  /**
   * The program's executable ranges (ELF SHF_EXECINSTR sections); default: the DwarfSections'
   * codeRanges. Sequences that start outside them describe code the linker discarded (relocated
   * to 0) and are left out of every query.
   */
  readonly codeRanges?: readonly PcRange[];
  /**
   * The DW_AT_stmt_list of the compile unit covering an address (from .debug_aranges), so that
   * address queries run one unit's program instead of building the full index first.
   */
  readonly unitOffsetAt?: (address: number) => number | undefined;
  /**
   * True when the function at an address needs no prologue skipping (functionEntryAddress):
   * assembly, or optimised code whose variable locations are valid from its first instruction.
   */
  readonly noPrologueAt?: (address: number) => boolean;
}

/** Where an address is in the source (DWARF5 6.2.1). */
export interface SourceLocation {
  /** The address of the row: where the statement containing the queried address starts. */
  readonly address: number;
  /** Full path of the source file, or undefined when the file register names no entry. */
  readonly path: string | undefined;
  readonly line: number;
  readonly column: number;
  readonly isStmt: boolean;
  readonly unit: LineUnit;
  /** Index of the row in `unit.table`. */
  readonly row: number;
}

/** A sequence and the unit it belongs to. */
export interface UnitSequence {
  readonly unit: LineUnit;
  readonly sequence: LineSequence;
}

/** The line number information of one program. Parsing is lazy: see LineUnit. */
export class DebugLine {
  /** One entry per line program, in .debug_line order (or the order of `options.units`). */
  readonly units: readonly LineUnit[];
  private addressIndex: AddressRangeIndex<UnitSequence> | undefined;
  private readonly codeRanges: readonly PcRange[] | undefined;
  private readonly unitOffsetAt: ((address: number) => number | undefined) | undefined;
  private readonly unitsByOffset: Map<number, LineUnit>;
  private readonly noPrologue: ((address: number) => boolean) | undefined;

  constructor(sections: DwarfSections, options: DebugLineOptions = {}) {
    const refs = options.units ?? enumeratePrograms(sections).map((offset, ordinal) => options.programRef?.(offset, ordinal) ?? { offset });
    const seen = new Set<number>();
    const stringCache = new Map<number, string>();
    // Two units may share one program (DWARF5 3.1.3 allows a type unit to point at its CU's).
    this.units = refs.filter((ref) => !seen.has(ref.offset) && seen.add(ref.offset)).map((ref) => new LineUnit(sections, ref, stringCache));
    this.unitsByOffset = new Map(this.units.map((unit) => [unit.offset, unit]));
    this.unitOffsetAt = options.unitOffsetAt;
    this.noPrologue = options.noPrologueAt;
    this.codeRanges = options.codeRanges ?? sections.codeRanges;
  }

  /** True when `address` may hold code: inside a code range, or always when none were given. */
  isCode(address: number): boolean {
    return inCodeRanges(this.codeRanges, address);
  }

  /** The sequences of `unit` that describe linked code. */
  liveSequences(unit: LineUnit): LineSequence[] {
    return unit.table.sequences.filter((sequence) => sequence.highPc > sequence.lowPc && this.isCode(sequence.lowPc));
  }

  /** DebugLineOptions.noPrologueAt, false when not given. */
  noPrologueAt(address: number): boolean {
    return this.noPrologue?.(address) ?? false;
  }

  /** Runs every line program and builds the address index (the "full index"); idempotent. */
  indexAll(): AddressRangeIndex<UnitSequence> {
    if (!this.addressIndex) {
      const ranges: { lowPc: number; highPc: number; value: UnitSequence }[] = [];
      for (const unit of this.units) {
        for (const sequence of this.liveSequences(unit)) ranges.push({ lowPc: sequence.lowPc, highPc: sequence.highPc, value: { unit, sequence } });
      }
      this.addressIndex = new AddressRangeIndex(ranges);
    }
    return this.addressIndex;
  }

  /**
   * The sequence covering `address`: from the unit `unitOffsetAt` names while the full index is
   * not built (parsing that unit only), else from the full index.
   */
  sequenceAt(address: number): UnitSequence | undefined {
    if (!this.addressIndex && this.unitOffsetAt && this.isCode(address)) {
      const offset = this.unitOffsetAt(address);
      const unit = offset === undefined ? undefined : this.unitsByOffset.get(offset);
      const sequence = unit?.table.sequenceAt(address);
      if (unit && sequence && this.isCode(sequence.lowPc)) return { unit, sequence };
    }
    return this.indexAll().find(address)?.value;
  }

  /**
   * The source location of the instruction at `address`: the last row at or below it in its
   * sequence, preferring an is_stmt row among rows that share its address (DWARF5 6.2.2).
   */
  locationAt(address: number): SourceLocation | undefined {
    const found = this.sequenceAt(address);
    if (!found) return undefined;
    const { unit } = found;
    const table = unit.table;
    const row = table.rowIndexAt(address);
    if (row < 0) return undefined;
    return {
      address: table.address[row],
      path: unit.filePath(table.file[row]),
      line: table.line[row],
      column: table.column[row],
      isStmt: (table.flags[row] & ROW_IS_STMT) !== 0,
      unit,
      row,
    };
  }

  /**
   * Every source file named by a file table, as full paths (dir and comp_dir joined), sorted and
   * without duplicates: what a debugger lists as the program's loaded sources. Reads headers only.
   */
  sourceFiles(): string[] {
    const paths = new Set<string>();
    for (const unit of this.units) {
      const first = unit.header.version >= 5 ? 0 : 1;
      for (let file = first; file < unit.fileCount(); file++) {
        const path = unit.filePath(file);
        if (path !== undefined) paths.add(path);
      }
    }
    return [...paths].sort();
  }
}

/** The offsets of every line program in .debug_line, walking the unit_length chain. */
function enumeratePrograms(sections: DwarfSections): number[] {
  const bytes = sections.get('.debug_line');
  if (!bytes) return [];
  const r = new ByteReader(bytes, sections.littleEndian);
  const offsets: number[] = [];
  return inSection(DEBUG_LINE, () => {
    while (!r.atEnd) {
      const offset = r.offset;
      r.seek(readUnitLength(r).unitEnd);
      offsets.push(offset);
    }
    return offsets;
  });
}
