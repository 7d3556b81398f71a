// Where a breakpoint on a function goes: the first address past its prologue, found from the
// line table as GDB does (DW_LNS_set_prologue_end, else the function's second line-table address).
import { DebugLine, PcRange, SourceLocation } from './debugLine';
import { FunctionLookup, FunctionRange } from './functionLookup';
import { LineTable, ROW_END_SEQUENCE, ROW_PROLOGUE_END } from './lineTable';

/** A function breakpoint location. */
export interface FunctionBreakpoint {
  readonly function: FunctionRange;
  /** The address past the prologue (or lowPc when the line table cannot tell). */
  readonly address: number;
  /** Source location of `address`, when the line table covers it. */
  readonly location: SourceLocation | undefined;
}

/** Index of the first row of `table` in rows [from, to) whose address is >= `address`. */
function firstRowAtOrAfter(table: LineTable, from: number, to: number, address: number): number {
  let lo = from;
  let hi = to;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (table.address[mid] < address) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * The address a debugger stops at when told to break on `fn`. In assembly, and in a unit whose
 * variable locations are valid from the first instruction (DebugLineOptions.noPrologueAt: optimised
 * GCC code with location lists), the entry itself, as GDB's skip_prologue_sal does: no prologue
 * needs skipping there, and the function's second row may lie on a path not always taken. Otherwise the first
 * row marked prologue_end inside the function (DWARF5 6.2.5.2, DW_LNS_set_prologue_end); without
 * one, GCC's
 * convention is relied on, as GDB's skip_prologue_using_sal does: a row starts the prologue and
 * the next row, at a higher address, starts the body. When that next row is at the entry address
 * itself the function has no prologue and the entry address is the answer. Falls back to lowPc
 * when the line table does not cover the function.
 */
export function functionEntryAddress(debugLine: DebugLine, fn: FunctionRange): number {
  return debugLine.noPrologueAt(fn.lowPc) ? fn.lowPc : pastPrologue(debugLine, fn);
}

/**
 * Where GDB's `step` into `fn` stops (infrun.c handle_step_into_function): past the prologue as
 * the architecture's skip_prologue finds it in the line table, in every unit but assembly. Unlike
 * `break` (skip_prologue_sal), valid locations do not keep the entry: at -Og GCC's RISC-V `scale`
 * is broken at its entry 0x800005a (line 15) but stepped into at 0x800005e (line 16).
 */
export function stepIntoAddress(debugLine: DebugLine, fn: FunctionRange, isAssembly: boolean): number {
  return isAssembly ? fn.lowPc : pastPrologue(debugLine, fn);
}

/** The first address past `fn`'s prologue by the line table (prologue_end, else GCC's second row), or lowPc. */
function pastPrologue(debugLine: DebugLine, fn: FunctionRange): number {
  const found = debugLine.sequenceAt(fn.lowPc);
  if (!found) return fn.lowPc;
  const table = found.unit.table;
  const { endRow } = found.sequence;
  const first = firstRowAtOrAfter(table, found.sequence.firstRow, endRow, fn.lowPc);
  for (let i = first; i < endRow && table.address[i] < fn.highPc; i++) {
    if (table.flags[i] & ROW_PROLOGUE_END) return table.address[i];
  }
  if (first + 1 >= endRow || table.address[first] !== fn.lowPc || table.address[first + 1] === fn.lowPc) return fn.lowPc;
  for (let i = first + 1; i < endRow && table.address[i] < fn.highPc; i++) {
    if (table.line[i] !== 0 && (table.flags[i] & ROW_END_SEQUENCE) === 0) return table.address[i];
  }
  return fn.lowPc;
}

/** Where resolveFunctionBreakpoints looks when no out-of-line function has the name. */
export interface FunctionBreakpointOptions {
  /**
   * The code ranges of every inlined copy of the function named `name`, each in its DWARF order
   * (DW_AT_ranges as listed, or low_pc/high_pc): see dwarfInlinedCopies.
   */
  readonly inlinedCopies?: (name: string) => readonly (readonly PcRange[])[];
}

/**
 * Every function named `name`, with its post-prologue address (DAP setFunctionBreakpoints). A
 * function that exists only as inlined copies gets one location per copy, in address order, as
 * GDB 13 sets them: at the copy's entry (the start of its first listed range, GDB's
 * BLOCK_ENTRY_PC); outside prologue-free units, when that is mid-row, at the next row.
 */
export function resolveFunctionBreakpoints(debugLine: DebugLine, functions: FunctionLookup, name: string, options: FunctionBreakpointOptions = {}): FunctionBreakpoint[] {
  const found = functions.functionsNamed(name)
    .filter((fn) => debugLine.isCode(fn.lowPc))
    .map((fn) => {
      const address = functionEntryAddress(debugLine, fn);
      return { function: fn, address, location: debugLine.locationAt(address) };
    });
  if (found.length > 0 || !options.inlinedCopies) return found;
  return options.inlinedCopies(name)
    .filter((ranges) => ranges.length > 0 && debugLine.isCode(ranges[0].lowPc))
    .map((ranges) => {
      const address = inlinedCopyBreakpointAddress(debugLine, name, ranges);
      return { function: { name, lowPc: ranges[0].lowPc, highPc: ranges[0].highPc }, address, location: debugLine.locationAt(address) };
    })
    .sort((a, b) => a.address - b.address);
}

/**
 * Where GDB 13's `break FUNC` stops in one inlined copy of FUNC (DW_TAG_inlined_subroutine with
 * `ranges` in their DWARF order): the copy's BLOCK_ENTRY_PC, which is the start of its first
 * listed range (GDB 13 ignores DW_AT_entry_pc; at -Og GCC lists clamp's copy in grid_sum as
 * [0x80001d0,0x80001d2) then [0x80001e6,0x80001f2) with entry_pc 0x80001e6, and GDB breaks at
 * 0x80001d0), then skip_prologue_sal: kept in a prologue-free unit (locations valid from the first
 * instruction), else moved to the next row when it falls inside one.
 */
export function inlinedCopyBreakpointAddress(debugLine: DebugLine, name: string, ranges: readonly PcRange[]): number {
  const fn: FunctionRange = { name, lowPc: ranges[0].lowPc, highPc: ranges[0].highPc };
  if (debugLine.noPrologueAt(fn.lowPc)) return fn.lowPc;
  const at = debugLine.locationAt(fn.lowPc);
  if (!at || at.address === fn.lowPc) return fn.lowPc;
  const table = at.unit.table;
  const next = at.row + 1;
  return next < table.rowCount && table.address[next] > fn.lowPc && table.address[next] < fn.highPc ? table.address[next] : fn.lowPc;
}
