// Connects the line tables to .debug_info: a compile unit's DW_AT_comp_dir, DW_AT_name and string
// base for its line program, GDB's "no prologue to skip" rule per unit, and the one-call set-up of a
// DebugLine for an ELF file. No line parsing here. Everything is looked up lazily, so a query that
// touches one unit does not read every unit's root DIE.
import type { ElfFile } from '../../elf';
import { DwarfSections } from '../dwarfSections';
import { Die, DW_AT_location, DW_AT_stmt_list, DW_LANG_Mips_Assembler, DW_UT_compile, DW_UT_partial, DwarfInfo, functionAt, inlinedCopiesNamed, Unit } from '../info';
import { DebugLine, PcRange } from './debugLine';
import { LineProgramRef } from './lineUnit';

/**
 * A DebugLine for `elf`: every program of .debug_line, each asking .debug_info for its compile
 * unit's comp_dir only when its paths need it (DWARF 2-4); code ranges from DwarfSections (the ELF's);
 * address queries and prologue rules through .debug_aranges.
 */
export function debugLineForElf(elf: ElfFile, info: DwarfInfo = new DwarfInfo(DwarfSections.fromElf(elf))): DebugLine {
  let byOffset: Map<number, Unit> | undefined;
  let compileUnits: Unit[] | undefined;
  const unitAt = (offset: number, ordinal: number): Unit | undefined => {
    // Linkers keep compile units and their line programs in the same order: try the unit with
    // the same ordinal (one root DIE read) before reading every unit's root DIE.
    compileUnits ??= info.units.filter((unit) => unit.header.unitType === DW_UT_compile || unit.header.unitType === DW_UT_partial);
    const guess = compileUnits[ordinal];
    if (guess && guess.rootSectionOffset(DW_AT_stmt_list) === offset) return guess;
    return (byOffset ??= compileUnitsByStmtList(info)).get(offset);
  };
  const prologueFree = new Map<Unit, boolean>();
  return new DebugLine(info.sections, {
    programRef: (offset, ordinal) => unitRef(offset, () => unitAt(offset, ordinal)),
    unitOffsetAt: (address) => info.unitForAddress(address)?.rootSectionOffset(DW_AT_stmt_list),
    noPrologueAt: (address) => {
      const unit = info.unitForAddress(address);
      if (!unit) return false;
      let free = prologueFree.get(unit);
      if (free === undefined) {
        // GDB skips no prologue in assembly, nor where "locations_valid" (symtab.c skip_prologue_sal).
        free = unit.language === DW_LANG_Mips_Assembler || (producerIsGcc45(unit.producer) && hasLocationList(unit));
        prologueFree.set(unit, free);
      }
      return free;
    },
  });
}

/** Compile and partial units by DW_AT_stmt_list (reads every unit's root DIE). */
function compileUnitsByStmtList(info: DwarfInfo): Map<number, Unit> {
  const map = new Map<number, Unit>();
  for (const unit of info.units) {
    if (unit.header.unitType !== DW_UT_compile && unit.header.unitType !== DW_UT_partial) continue;
    const offset = unit.rootSectionOffset(DW_AT_stmt_list);
    if (offset !== undefined && !map.has(offset)) map.set(offset, unit);
  }
  return map;
}

/** A LineProgramRef whose unit attributes are read on first access. */
function unitRef(offset: number, unit: () => Unit | undefined): LineProgramRef {
  return {
    offset,
    get compDir() {
      return unit()?.compDir;
    },
    get name() {
      return unit()?.name;
    },
    strx: (index) => unit()?.string({ kind: 'stringIndex', index }) ?? '',
  };
}

/**
 * A LineBreakpointOptions.scopeAt from .debug_info: the innermost scope DIE (subprogram, lexical
 * block or inlined subroutine, DWARF5 3.3.8) holding an address, so every inlined copy of a line
 * gets its own breakpoint location, as GDB's per-block filter does.
 */
export function dwarfScopeAt(info: DwarfInfo): (address: number) => Die | undefined {
  return (address) => {
    const scopes = functionAt(info, address)?.scopes;
    return scopes?.[scopes.length - 1];
  };
}

/**
 * A FunctionBreakpointOptions.inlinedCopies from .debug_info: the ranges of every inlined copy
 * of a function (inlinedCopiesNamed; reads every unit, so it is asked only when no out-of-line
 * function has the name).
 */
export function dwarfInlinedCopies(info: DwarfInfo): (name: string) => (readonly PcRange[])[] {
  return (name) => inlinedCopiesNamed(info, name).map((copy) => copy.ranges);
}

/** GDB's producer_is_gcc_ge_4 test for 4.5 or later: the GCC that emits trustworthy location lists. */
function producerIsGcc45(producer: string | undefined): boolean {
  const match = /^GNU .*?\s(\d+)\.(\d+)/.exec(producer ?? ''); // "GNU C17 12.2.1 ..."
  if (!match) return false;
  const [major, minor] = [Number(match[1]), Number(match[2])];
  return major > 4 || (major === 4 && minor >= 5);
}

/**
 * Whether any DIE of `unit` has a DW_AT_location that is a location list (DWARF5 2.6.2): GDB's
 * "locations_valid" condition (dwarf2/read.c), meaning optimised code described from its first
 * instruction on.
 */
function hasLocationList(unit: Unit): boolean {
  const pending: Die[] = [unit.root];
  for (let die = pending.pop(); die; die = pending.pop()) {
    const value = die.attr(DW_AT_location);
    if (value?.kind === 'sectionOffset' || value?.kind === 'loclistIndex') return true;
    pending.push(...die.children);
  }
  return false;
}
