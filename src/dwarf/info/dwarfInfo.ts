// Entry point to a program's debug information (DWARF5 ch. 2-3, 7): units of .debug_info and
// .debug_types, DIE lookup by offset and reference, and compile units by address. Lazy throughout.
import { DwarfFormatError } from '../../common';
import type { ElfFile } from '../../elf';
import { DwarfSections } from '../dwarfSections';
import { AbbrevTable, LazyAbbrevTable } from './abbrevTable';
import { AddressRangeIndex } from './addressRangeIndex';
import { ArangeEntry, readAranges } from './addressRanges';
import type { AttributeValue } from './attributeValue';
import * as C from './dwarfConstants';
import { AddressRange, unitRanges } from './rangeLists';
import type { Die } from './unit';
import { Unit, UnitContext } from './unit';
import { readUnitHeaders } from './unitHeader';

/** A compile unit's identity and paths (DWARF5 3.1.1), for matching source files. */
export interface CompileUnitInfo {
  readonly unit: Unit;
  /** DW_AT_name as written by the compiler (often relative). */
  readonly name: string;
  /** DW_AT_comp_dir. */
  readonly compDir: string | undefined;
  /** name joined to compDir unless already absolute; empty when the unit has no name (a skeleton). */
  readonly path: string;
  readonly producer: string | undefined;
  /** DW_LANG_*. */
  readonly language: number | undefined;
  /** DW_AT_stmt_list: this unit's line program offset in .debug_line. */
  readonly stmtList: number | undefined;
  readonly ranges: readonly AddressRange[];
}

/** The debug information of one program. */
export class DwarfInfo implements UnitContext {
  readonly warnings: string[] = [];
  private readonly abbrevTables = new Map<number, AbbrevTable>();
  private infoUnits: Unit[] | undefined;
  private typesUnits: Unit[] | undefined;
  /** Address ranges to the offset of the unit owning them. */
  private unitIndex: AddressRangeIndex<number> | undefined;
  private signatures: Map<bigint, Unit> | undefined;

  constructor(readonly sections: DwarfSections) {}

  static fromElf(elf: ElfFile): DwarfInfo {
    const sections = DwarfSections.fromElf(elf);
    const info = new DwarfInfo(sections);
    info.warnings.push(...sections.warnings);
    return info;
  }

  /** The units of .debug_info, in section order (headers only until their DIEs are needed). */
  get units(): readonly Unit[] {
    this.infoUnits ??= readUnitHeaders(this.sections.get('.debug_info'), this.sections.littleEndian, '.debug_info').map((h) => new Unit(this, h));
    return this.infoUnits;
  }

  /** The DWARF 4 type units of .debug_types. */
  get typeUnits(): readonly Unit[] {
    this.typesUnits ??= readUnitHeaders(this.sections.get('.debug_types'), this.sections.littleEndian, '.debug_types').map((h) => new Unit(this, h));
    return this.typesUnits;
  }

  /** Abbreviation table at `offset` of .debug_abbrev, parsed once, as far as the codes asked for. */
  abbrevTable(offset: number): AbbrevTable {
    let table = this.abbrevTables.get(offset);
    if (!table) {
      const section = this.sections.get('.debug_abbrev');
      if (!section) throw new DwarfFormatError('no .debug_abbrev section', '.debug_abbrev', offset);
      table = new LazyAbbrevTable(section, offset);
      this.abbrevTables.set(offset, table);
    }
    return table;
  }

  /** The unit of `section` whose bytes contain `offset`. */
  unitContaining(offset: number, section: '.debug_info' | '.debug_types' = '.debug_info'): Unit | undefined {
    const units = section === '.debug_info' ? this.units : this.typeUnits;
    let lo = 0;
    let hi = units.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (units[mid].header.offset <= offset) lo = mid + 1;
      else hi = mid;
    }
    const unit = units[lo - 1];
    return unit && offset < unit.header.endOffset ? unit : undefined;
  }

  /** The DIE at absolute offset `offset` of .debug_info (or .debug_types). */
  dieAt(offset: number, section: '.debug_info' | '.debug_types' = '.debug_info'): Die | undefined {
    return this.unitContaining(offset, section)?.dieAt(offset);
  }

  /**
   * Follows a reference attribute of `die` (DW_AT_type, abstract_origin, specification...):
   * unit-relative and ref_addr offsets, and ref_sig8 type signatures (DWARF5 7.5.5).
   */
  follow(die: Die, name: number): Die | undefined {
    return this.resolve(die, die.attr(name));
  }

  /** Resolves a reference value found on `die`. */
  resolve(die: Die, value: AttributeValue | undefined): Die | undefined {
    if (value?.kind === 'reference') {
      // Unit-relative references stay in the DIE's own section; .debug_types units refer locally.
      if (die.unit.header.section === '.debug_types' && value.offset < die.unit.header.endOffset && value.offset >= die.unit.header.offset) {
        return die.unit.dieAt(value.offset);
      }
      return this.dieAt(value.offset);
    }
    if (value?.kind === 'signature') return this.typeUnitBySignature(value.signature);
    return undefined;
  }

  /** The type DIE of the type unit with this signature (DWARF5 3.1.4, in .debug_info or .debug_types). */
  typeUnitBySignature(signature: bigint): Die | undefined {
    if (!this.signatures) {
      this.signatures = new Map();
      for (const unit of [...this.units, ...this.typeUnits]) {
        if (unit.header.typeSignature !== undefined) this.signatures.set(unit.header.typeSignature, unit);
      }
    }
    const unit = this.signatures.get(signature);
    return unit?.header.typeOffset !== undefined ? unit.dieAt(unit.header.typeOffset) : undefined;
  }

  /**
   * Compile, partial and skeleton units with their paths (type units are left out). A skeleton
   * (DWARF5 3.1.2, -gsplit-dwarf) names the source and line program; its DIEs are in a .dwo file.
   */
  compileUnits(): CompileUnitInfo[] {
    return this.units
      .filter((unit) => [C.DW_UT_compile, C.DW_UT_partial, C.DW_UT_skeleton].includes(unit.header.unitType))
      .map((unit) => {
        const name = unit.name ?? '';
        const compDir = unit.compDir;
        return {
          unit, name, compDir, path: name ? joinPath(compDir, name) : '', producer: unit.producer, language: unit.language,
          stmtList: unit.rootSectionOffset(C.DW_AT_stmt_list), ranges: unitRanges(unit),
        };
      });
  }

  /** The compile unit whose code holds `address`: via .debug_aranges, else the units' own ranges. */
  unitForAddress(address: number): Unit | undefined {
    if (!this.unitIndex) {
      const aranges = readAranges(this.sections.get('.debug_aranges'), this.sections.littleEndian);
      const covered = new Set(aranges.map((entry) => entry.unitOffset));
      const extra: ArangeEntry[] = [];
      for (const unit of this.units) {
        if (covered.has(unit.header.offset) || (unit.header.unitType !== C.DW_UT_compile && unit.header.unitType !== C.DW_UT_skeleton)) continue;
        for (const range of unitRanges(unit)) extra.push({ ...range, unitOffset: unit.header.offset });
      }
      const ranges = [...aranges, ...extra].filter((entry) => this.sections.isCode(entry.lowPc));
      this.unitIndex = new AddressRangeIndex(ranges.map((entry) => ({ lowPc: entry.lowPc, highPc: entry.highPc, value: entry.unitOffset })));
    }
    const entry = this.unitIndex.find(address);
    return entry ? this.unitContaining(entry.value) : undefined;
  }
}

/** True for `/x`, `\\x`, and `C:\x` or `C:/x` (a DWARF producer on Windows writes the latter). */
export function isAbsolutePath(path: string): boolean {
  return path.startsWith('/') || path.startsWith('\\') || /^[A-Za-z]:[\\/]/.test(path);
}

/** Joins a compile unit name to its directory (POSIX or Windows style), unless already absolute. */
export function joinPath(directory: string | undefined, name: string): string {
  if (!directory || isAbsolutePath(name)) return name;
  const separator = directory.includes('\\') && !directory.includes('/') ? '\\' : '/';
  return directory.endsWith('/') || directory.endsWith('\\') ? directory + name : directory + separator + name;
}
