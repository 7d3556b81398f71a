// Source line -> breakpoint addresses (DWARF5 6.2: is_stmt rows are the recommended breakpoint
// locations). Finds every instance of the line, moves a line without code to the next line with
// code, and matches the user's path against the file tables.
import { DebugLine } from './debugLine';
import { functionEntryAddress } from './functionEntry';
import { FunctionLookup, FunctionRange } from './functionLookup';
import { ROW_IS_STMT, ROW_LINE_ENTRY } from './lineTable';
import { LineUnit } from './lineUnit';
import { baseName, matchPath } from './sourcePath';

/** One address a line breakpoint is planted at. */
export interface LineBreakpointLocation {
  readonly address: number;
  /** Full path of the file of the row. */
  readonly path: string;
  /** The line of the row at `address` (the requested line, or the line it moved to). */
  readonly line: number;
  readonly column: number;
  /** The function holding `address`, when a FunctionLookup was given. */
  readonly functionName?: string;
}

/** The answer to "break at FILE:LINE". */
export interface LineBreakpointResolution {
  readonly requestedLine: number;
  /** The line the locations are on: `requestedLine`, or the next line with code. */
  readonly line: number;
  /** True when the requested line has no code and the breakpoint moved to `line`. */
  readonly moved: boolean;
  /** Every instance: inlined copies and duplicated code give one location per function or scope. */
  readonly locations: readonly LineBreakpointLocation[];
}

export interface LineBreakpointOptions {
  /** Function ranges (ELF symbols or DW_TAG_subprogram); needed for prologue skipping and "same function". */
  readonly functions?: FunctionLookup;
  /**
   * Identity of the innermost scope holding an address (a DW_TAG_inlined_subroutine or lexical
   * block): two inlined copies in one function then give two locations. Defaults to the function.
   */
  readonly scopeAt?: (address: number) => unknown;
}

/** A breakpoint goes where a line entry starts with is_stmt: a row continuing an entry is mid-line. */
const STATEMENT_ENTRY = ROW_IS_STMT | ROW_LINE_ENTRY;

interface Candidate {
  readonly unit: LineUnit;
  readonly row: number;
  readonly address: number;
}

/**
 * Resolves a source line to breakpoint addresses. `path` may be absolute, relative to the
 * compilation directory, or a base name (the best match level found is used). Uses is_stmt rows
 * of linked code only. When no row has the line, the smallest greater line with code in the same
 * file is taken and reported as moved, also when that is the next function's first line (a blank
 * line or comment between two functions goes into the next one, as GDB 13's linespec does). A
 * location at a function's entry is moved past its prologue.
 */
export function resolveLineBreakpoint(
  debugLine: DebugLine,
  path: string,
  line: number,
  options: LineBreakpointOptions = {},
): LineBreakpointResolution {
  const fileSets = matchingFiles(debugLine, path);
  let exact: Candidate[] = [];
  let nextLine = Infinity;
  let next: Candidate[] = [];
  for (const [unit, fileSet] of fileSets) {
    const table = unit.table;
    for (const sequence of debugLine.liveSequences(unit)) {
      for (let row = sequence.firstRow; row < sequence.endRow; row++) {
        if ((table.flags[row] & STATEMENT_ENTRY) !== STATEMENT_ENTRY || !fileSet.has(table.file[row])) continue;
        const rowLine = table.line[row];
        if (rowLine === line) exact.push({ unit, row, address: table.address[row] });
        else if (rowLine > line && rowLine <= nextLine) {
          if (rowLine < nextLine) next = [];
          nextLine = rowLine;
          next.push({ unit, row, address: table.address[row] });
        }
      }
    }
  }
  const moved = exact.length === 0 && next.length > 0;
  if (moved) exact = next;
  const resolvedLine = moved ? nextLine : line;

  // One location per scope: the lowest address of the line in it (the line's first instruction).
  exact.sort((a, b) => a.address - b.address);
  const byScope = new Map<unknown, Candidate & { fn: FunctionRange | undefined }>();
  for (const candidate of exact) {
    const fn = options.functions?.functionAt(candidate.address);
    const key = options.scopeAt?.(candidate.address) ?? fn ?? candidate.unit.table.sequenceAt(candidate.address);
    if (!byScope.has(key)) byScope.set(key, { ...candidate, fn });
  }

  const locations: LineBreakpointLocation[] = [];
  const seenAddresses = new Set<number>();
  for (const { unit, row, address, fn } of byScope.values()) {
    const table = unit.table;
    let location: LineBreakpointLocation = {
      address,
      path: unit.filePath(table.file[row]) ?? path,
      line: table.line[row],
      column: table.column[row],
      functionName: fn?.name,
    };
    if (fn && address === fn.lowPc) {
      // At a function's entry the breakpoint goes past the prologue, and then reports the line
      // found there (what GDB's skip_prologue_sal does).
      const entry = functionEntryAddress(debugLine, fn);
      const at = entry === address ? undefined : debugLine.locationAt(entry);
      location = { ...location, address: entry, line: at?.line ?? location.line, column: at?.column ?? location.column };
    }
    if (seenAddresses.has(location.address)) continue;
    seenAddresses.add(location.address);
    locations.push(location);
  }
  return { requestedLine: line, line: resolvedLine, moved, locations };
}

/** The units whose file tables hold `path` at the best match level, with the matching file numbers. */
function matchingFiles(debugLine: DebugLine, path: string): Map<LineUnit, Set<number>> {
  // Every match level needs the same base name, and joining directories never changes it: only
  // entries with that name are worth a full path.
  const wantedBase = baseName(path);
  // Raw-byte prefilter of unparsed DWARF 2-4 headers; a U+FFFD in the name might stand for any
  // invalid UTF-8 in a table, so such a name is looked up the slow way.
  const wantedBytes = wantedBase.includes('\ufffd') ? undefined : new TextEncoder().encode(`${wantedBase}\0`);
  let best = 0;
  let found = new Map<LineUnit, Set<number>>();
  for (const unit of debugLine.units) {
    if (wantedBytes && !unit.mayNameFile(wantedBytes)) continue;
    const first = unit.header.version >= 5 ? 0 : 1;
    for (let file = first; file < unit.fileCount(); file++) {
      const entry = unit.fileEntry(file);
      if (!entry || baseName(entry.path) !== wantedBase) continue;
      const candidate = unit.filePath(file);
      const score = candidate === undefined ? 0 : matchPath(path, candidate);
      if (score === 0 || score < best) continue;
      if (score > best) {
        best = score;
        found = new Map();
      }
      const set = found.get(unit);
      if (set) set.add(file);
      else found.set(unit, new Set([file]));
    }
  }
  return found;
}
