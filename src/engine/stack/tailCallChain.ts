// The functions a tail call left no frame of (DWARF5 3.4.2, DW_AT_call_tail_call): between a caller's
// call site and the function running now, the chain of tail-call sites that must have been taken,
// as far as the call-site DIEs tell it unambiguously. Reads DWARF and ELF symbols, never the target.
import { callSiteAt, callSiteOrigin, callSiteReturnPc, callSitesOf, Die, dieRanges, DW_AT_declaration, DW_AT_linkage_name, functionAt, isTailCall } from '../../dwarf';
import type { Program } from '../program';

/** Bound on the call sites the search visits: a program whose tail calls fan out this much gets no tail-call frames. */
const MAX_VISITS = 10_000;

/** The search cannot tell: a call site's target is unknown, or no function starts there. */
class NoChain extends Error {}

/**
 * The return PCs (DW_AT_call_return_pc) of the tail-call sites between the call site returning to
 * `callerReturnAddress` and the function holding `calleePc`, innermost first: one virtual frame
 * each, in the function holding that site. Empty when the caller called that function directly,
 * or when nothing can be told for sure.
 *
 * GDB's rules (dwarf2/loc.c call_site_find_chain): every path of tail-call sites from the caller
 * site's target to the callee is found (no site twice on a path; the callee's own sites are not
 * followed); of all paths only the common first sites (callers) and the common last sites
 * (callees) are kept; paths with nothing in common, a call site whose target is not a constant
 * (DW_AT_call_target is a register expression, needing a frame the virtual frames do not have),
 * or a target where no function starts give no frames at all.
 */
export function tailCallChain(program: Program, callerReturnAddress: number, calleePc: number, codeAddress: (address: number) => number): number[] {
  const callee = functionAt(program.dwarf, calleePc)?.function.entryPc ?? program.functionStartAt(calleePc);
  const first = callSiteAt(program.dwarf, callerReturnAddress);
  if (callee === undefined || !first) return [];
  try {
    const paths = findPaths(program, first, callee, codeAddress);
    return paths === undefined ? [] : unambiguousChain(paths).map((site) => callSiteReturnPc(site) ?? 0).filter((pc) => pc !== 0);
  } catch (error) {
    if (error instanceof NoChain) return [];
    throw error;
  }
}

/** Every path of tail-call sites from `first`'s target to `callee`; undefined when there is none. */
function findPaths(program: Program, first: Die, callee: number, codeAddress: (address: number) => number): Die[][] | undefined {
  const paths: Die[][] = [];
  const path: Die[] = [];
  const onPath = new Set<Die>();
  let visits = 0;
  const visit = (site: Die): void => {
    if (++visits > MAX_VISITS) throw new NoChain();
    const target = targetOf(program, site, codeAddress);
    if (target === callee) {
      paths.push([...path]);
      return;
    }
    for (const next of tailCallSitesAt(program, target)) {
      if (onPath.has(next)) continue;
      onPath.add(next);
      path.push(next);
      visit(next);
      path.pop();
      onPath.delete(next);
    }
  };
  visit(first);
  return paths.length > 0 ? paths : undefined;
}

/**
 * The frames to show for the tail-call `paths` found (each a list of sites, caller side first),
 * innermost first: when all paths agree, the whole path; otherwise the sites all paths end with
 * (innermost first), then the sites all begin with. Paths that share neither give none (GDB's
 * chain_candidate and pretend_pc: an ambiguous unwind shows no tail-call frame).
 */
export function unambiguousChain<T>(paths: readonly (readonly T[])[]): T[] {
  const [chain] = paths;
  if (!chain) return [];
  let callers = chain.length;
  let callees = chain.length;
  for (const other of paths.slice(1)) {
    callers = Math.min(callers, other.length);
    for (let k = 0; k < callers; k++) if (chain[k] !== other[k]) callers = k;
    callees = Math.min(callees, other.length);
    for (let k = 0; k < callees; k++) if (chain[chain.length - 1 - k] !== other[other.length - 1 - k]) callees = k;
    if (callers === 0 && callees === 0) return [];
  }
  const inner = chain.slice(chain.length - callees).reverse();
  const outer = callees === chain.length ? [] : chain.slice(0, callers).reverse();
  return [...inner, ...outer];
}

/**
 * The entry address of the function `site` calls, without a frame: its DW_AT_call_origin's code,
 * or for an origin that only declares the function, the ELF symbol of its name (GDB's physname).
 */
function targetOf(program: Program, site: Die, codeAddress: (address: number) => number): number {
  const origin = callSiteOrigin(site);
  if (!origin) throw new NoChain();
  const ranges = dieRanges(origin);
  if (ranges.length > 0) return Math.min(...ranges.map((range) => range.lowPc));
  const name = origin.flag(DW_AT_declaration) ? origin.unit.string(origin.attr(DW_AT_linkage_name)) ?? origin.name : undefined;
  const symbol = name === undefined ? undefined : program.elf.symbolByName(name);
  if (!symbol) throw new NoChain();
  return codeAddress(symbol.address);
}

/** The tail-call sites of the function that starts at `address` (GDB's TYPE_TAIL_CALL_LIST). */
function tailCallSitesAt(program: Program, address: number): Die[] {
  const found = functionAt(program.dwarf, address);
  if (!found || found.function.entryPc !== address) throw new NoChain();
  return callSitesOf(found.function.die).filter(isTailCall);
}
