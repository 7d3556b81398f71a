// Address to function (DWARF5 3.3, 3.3.8): the concrete subprogram holding an address and the
// chain of inlined subroutines and lexical blocks around it. Index per unit, sorted by address.
import { AddressRangeIndex } from './addressRangeIndex';
import * as C from './dwarfConstants';
import type { DwarfInfo } from './dwarfInfo';
import { qualifiedName } from './dwarfType';
import { AddressRange, codeAddress, dieRanges } from './rangeLists';
import type { Die, Unit } from './unit';

/** A concrete (out-of-line) function with code. */
export interface FunctionInfo {
  /** The DW_TAG_subprogram DIE that has the code (follow abstract_origin/specification for the rest). */
  readonly die: Die;
  /** Qualified name (C++: `geo::Shape::sides`), through abstract_origin and specification. */
  readonly name: string;
  /** DW_AT_linkage_name when present (C++ mangled name, matching the ELF symbol). */
  readonly linkageName: string | undefined;
  readonly ranges: readonly AddressRange[];
  /** Entry address: DW_AT_entry_pc, else DW_AT_low_pc, else the lowest range start (DWARF5 3.3.3). */
  readonly entryPc: number;
  /** DW_AT_decl_file (an index into the unit's line table file names) and DW_AT_decl_line. */
  readonly declFile: number | undefined;
  readonly declLine: number | undefined;
}

/** One inlined call (DW_TAG_inlined_subroutine, DWARF5 3.3.8.2) holding the address. */
export interface InlinedCall {
  readonly die: Die;
  /** The inlined function's (qualified) name, from its abstract origin. */
  readonly name: string;
  readonly ranges: readonly AddressRange[];
  readonly entryPc: number | undefined;
  /**
   * Where the call was written: DW_AT_call_file is an index into the unit's line table file
   * names (resolve it with the line table reader); call_line 1-based; call_column 1-based or 0.
   */
  readonly callFile: number | undefined;
  readonly callLine: number | undefined;
  readonly callColumn: number | undefined;
}

/** What lies at an address: the function and the inlined calls around it. */
export interface FunctionAtAddress {
  readonly function: FunctionInfo;
  /**
   * Inlined calls containing the address, innermost first, as a debugger shows frames: frame 0
   * is inlined[0] (at the address's line), frame k+1 is inlined[k+1] (or the function) at
   * inlined[k]'s call file/line/column.
   */
  readonly inlined: readonly InlinedCall[];
  /**
   * Every scope DIE from the function down to the innermost one holding the address
   * (subprogram, lexical blocks, inlined subroutines), outermost first.
   */
  readonly scopes: readonly Die[];
}

interface IndexEntry extends AddressRange {
  readonly die: Die;
}

/** The name given to a function or inlined call whose DIEs carry none. */
const UNKNOWN_NAME = '<unknown>';
/** Per unit: its function ranges sorted by lowPc, and the address index over them. */
interface UnitFunctionIndex {
  readonly entries: readonly IndexEntry[];
  readonly byAddress: AddressRangeIndex<IndexEntry>;
}
const unitIndexes = new WeakMap<Unit, UnitFunctionIndex>();
const allFunctions = new WeakMap<DwarfInfo, FunctionInfo[]>();

/** The function and inline chain at `address` (DWARF5 3.3.8: inlined subroutines nest in their caller). */
export function functionAt(info: DwarfInfo, address: number): FunctionAtAddress | undefined {
  const unit = info.unitForAddress(address);
  if (!unit) return undefined;
  const entry = unitIndex(unit).byAddress.find(address)?.value;
  if (!entry) return undefined;
  const scopes = [entry.die];
  const inlined: InlinedCall[] = [];
  for (let scope: Die | undefined = entry.die; scope;) {
    scope = innerScope(scope, address);
    if (!scope) break;
    scopes.push(scope);
    if (scope.tag === C.DW_TAG_inlined_subroutine) inlined.unshift(inlinedCall(scope));
  }
  return { function: functionInfo(entry.die, entry), inlined, scopes };
}

/** Every concrete function of the program with code, in address order. */
export function functions(info: DwarfInfo): readonly FunctionInfo[] {
  let list = allFunctions.get(info);
  if (!list) {
    const seen = new Set<Die>();
    list = [];
    for (const unit of info.units) {
      for (const entry of unitIndex(unit).entries) {
        if (seen.has(entry.die)) continue;
        seen.add(entry.die);
        list.push(functionInfo(entry.die, entry));
      }
    }
    list.sort((a, b) => a.entryPc - b.entryPc);
    allFunctions.set(info, list);
  }
  return list;
}

/**
 * Concrete functions whose name or linkage name is `name` (C++ may have several overloads).
 * Builds the full function index, unless no DIE can carry the name (mayNameDie).
 */
export function functionsNamed(info: DwarfInfo, name: string): FunctionInfo[] {
  if (!allFunctions.has(info) && name !== UNKNOWN_NAME && !mayNameDie(info, name)) return [];
  return functions(info).filter((f) => f.name === name || f.linkageName === name || f.name.endsWith(`::${name}`));
}

/**
 * Every inlined copy (DW_TAG_inlined_subroutine, DWARF5 3.3.8.2) with code of the function
 * named `name` (qualified or linkage name), in unit order: where `break NAME` goes when the
 * function has no out-of-line code. Reads every unit's DIEs, unless no DIE can carry the name
 * (mayNameDie).
 */
export function inlinedCopiesNamed(info: DwarfInfo, name: string): InlinedCall[] {
  if (!mayNameDie(info, name)) return [];
  const copies: InlinedCall[] = [];
  for (const unit of info.units) {
    const pending: Die[] = [unit.root];
    for (let die = pending.pop(); die; die = pending.pop()) {
      for (let k = die.children.length - 1; k >= 0; k--) pending.push(die.children[k]);
      if (die.tag !== C.DW_TAG_inlined_subroutine) continue;
      const ranges = dieRanges(die);
      if (ranges.length === 0 || !unit.context.sections.isCode(ranges[0].lowPc)) continue;
      const call = inlinedCall(die);
      if (call.name === name || call.name.endsWith(`::${name}`) || linkageName(die) === name) copies.push(call);
    }
  }
  return copies;
}

/**
 * False when no DIE can be named `name`: the bytes of its last segment (a qualified name's DIEs
 * carry only that, DWARF5 2.15), NUL-terminated, occur in none of the sections a name is read from
 * (strp/strx strings, inline DW_FORM_string). A quick answer for a name the program lacks.
 */
function mayNameDie(info: DwarfInfo, name: string): boolean {
  const base = name.includes('::') ? name.slice(name.lastIndexOf('::') + 2) : name;
  const wanted = new TextEncoder().encode(`${base}\0`);
  return (['.debug_str', '.debug_info', '.debug_types'] as const).some((section) => {
    const bytes = info.sections.get(section);
    return bytes !== undefined && containsBytes(bytes, wanted);
  });
}

function containsBytes(haystack: Uint8Array, needle: Uint8Array): boolean {
  for (let at = haystack.indexOf(needle[0]); at >= 0 && at + needle.length <= haystack.length; at = haystack.indexOf(needle[0], at + 1)) {
    let k = 1;
    while (k < needle.length && haystack[at + k] === needle[k]) k++;
    if (k === needle.length) return true;
  }
  return false;
}

/**
 * The child scope of `scope` that holds `address`, if any. A lexical block without code of its
 * own (GCC emits these) is taken when a scope inside it holds the address.
 */
function innerScope(scope: Die, address: number): Die | undefined {
  for (const child of scope.children) {
    if (child.tag !== C.DW_TAG_lexical_block && child.tag !== C.DW_TAG_inlined_subroutine) continue;
    if (dieRanges(child).some((r) => address >= r.lowPc && address < r.highPc)) return child;
  }
  for (const child of scope.children) {
    if (child.tag === C.DW_TAG_lexical_block && dieRanges(child).length === 0 && innerScope(child, address)) return child;
  }
  return undefined;
}

function unitIndex(unit: Unit): UnitFunctionIndex {
  let index = unitIndexes.get(unit);
  if (!index) {
    const entries: IndexEntry[] = [];
    collect(unit.root, entries);
    entries.sort((a, b) => a.lowPc - b.lowPc);
    index = { entries, byAddress: new AddressRangeIndex(entries.map((value) => ({ lowPc: value.lowPc, highPc: value.highPc, value }))) };
    unitIndexes.set(unit, index);
  }
  return index;
}

/** Subprograms with code anywhere in the tree: at top level, in namespaces and classes, nested. */
function collect(die: Die, index: IndexEntry[]): void {
  for (const child of die.children) {
    if (child.tag === C.DW_TAG_subprogram) {
      // Functions the linker discarded (--gc-sections) keep DIEs with ranges relocated to 0.
      for (const range of dieRanges(child)) if (child.unit.context.sections.isCode(range.lowPc)) index.push({ ...range, die: child });
    }
    if (child.children.length > 0 && child.tag !== C.DW_TAG_inlined_subroutine) collect(child, index);
  }
}

const functionInfos = new WeakMap<Die, FunctionInfo>();

function functionInfo(die: Die, first: AddressRange): FunctionInfo {
  let info = functionInfos.get(die);
  if (!info) {
    info = describeFunction(die, first);
    functionInfos.set(die, info);
  }
  return info;
}

function describeFunction(die: Die, first: AddressRange): FunctionInfo {
  const ranges = dieRanges(die);
  const entryPc = entryPcOf(die) ?? Math.min(first.lowPc, ...ranges.map((r) => r.lowPc));
  return {
    die,
    name: qualifiedName(die) ?? UNKNOWN_NAME,
    linkageName: linkageName(die),
    ranges,
    entryPc,
    declFile: inheritedNumber(die, C.DW_AT_decl_file),
    declLine: inheritedNumber(die, C.DW_AT_decl_line),
  };
}

/** DW_AT_linkage_name (or the pre-DWARF 4 MIPS one), through abstract_origin/specification. */
function linkageName(die: Die): string | undefined {
  const linkage = die.inherited(C.DW_AT_linkage_name) ?? die.inherited(C.DW_AT_MIPS_linkage_name);
  return linkage ? linkage.die.unit.string(linkage.value) : undefined;
}

function inlinedCall(die: Die): InlinedCall {
  return {
    die,
    name: qualifiedName(die) ?? UNKNOWN_NAME,
    ranges: dieRanges(die),
    entryPc: entryPcOf(die),
    callFile: die.number(C.DW_AT_call_file),
    callLine: die.number(C.DW_AT_call_line),
    callColumn: die.number(C.DW_AT_call_column),
  };
}

/** DW_AT_entry_pc (an address, or from DWARF 5 a constant offset from low_pc, DWARF5 2.18), else DW_AT_low_pc. */
function entryPcOf(die: Die): number | undefined {
  const lowPc = die.unit.address(die.attr(C.DW_AT_low_pc));
  const entry = die.attr(C.DW_AT_entry_pc);
  const address = entry?.kind === 'constant' ? (lowPc === undefined ? undefined : lowPc + Number(entry.value)) : die.unit.address(entry) ?? lowPc;
  return address === undefined ? undefined : codeAddress(die.unit, address);
}

/** A constant attribute through abstract_origin/specification. */
export function inheritedNumber(die: Die, name: number): number | undefined {
  const found = die.inherited(name);
  return found?.value.kind === 'constant' ? Number(found.value.value) : undefined;
}
