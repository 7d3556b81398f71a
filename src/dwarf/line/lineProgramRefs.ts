// Connects the line tables to .debug_info: each compile unit's DW_AT_stmt_list, DW_AT_comp_dir and
// DW_AT_name, and the one-call set-up of a DebugLine for an ELF file. No line parsing here.
import type { ElfFile } from '../../elf';
import { DwarfSections } from '../dwarfSections';
import { Die, DW_AT_location, DW_AT_stmt_list, DW_LANG_Mips_Assembler, DwarfInfo, functionAt, Unit } from '../info';
import { DebugLine } from './debugLine';
import { codeRangesFromElf } from './functionLookup';
import { LineProgramRef } from './lineUnit';

/** The line programs of the compile units of `info` (units without DW_AT_stmt_list have none). */
export function lineProgramRefs(info: DwarfInfo): LineProgramRef[] {
  const refs: LineProgramRef[] = [];
  for (const cu of info.compileUnits()) {
    if (cu.stmtList === undefined) continue;
    const unit = cu.unit;
    refs.push({
      offset: cu.stmtList,
      compDir: cu.compDir,
      name: cu.name,
      strx: (index) => unit.string({ kind: 'stringIndex', index }) ?? '',
      // GDB skips no prologue in assembly, nor where "locations_valid" (symtab.c skip_prologue_sal).
      noPrologue: () => cu.language === DW_LANG_Mips_Assembler || (producerIsGcc45(unit.producer) && hasLocationList(unit)),
    });
  }
  return refs;
}

/**
 * A DebugLine for `elf`: units from .debug_info when it has compile units (so DWARF 2-4 tables
 * get their comp_dir), otherwise every program of .debug_line; code ranges from the ELF sections.
 */
export function debugLineForElf(elf: ElfFile, info: DwarfInfo = new DwarfInfo(DwarfSections.fromElf(elf))): DebugLine {
  const refs = info.sections.has('.debug_info') ? lineProgramRefs(info) : undefined;
  return new DebugLine(info.sections, {
    units: refs && refs.length > 0 ? refs : undefined,
    codeRanges: codeRangesFromElf(elf),
    unitOffsetAt: (address) => info.unitForAddress(address)?.rootSectionOffset(DW_AT_stmt_list),
  });
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
