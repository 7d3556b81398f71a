// Call sites (DWARF5 3.4): the DW_TAG_call_site DIEs of a function, found by return address, their
// return PC, whether they are tail calls, and the function their DW_AT_call_origin names. Pure
// queries on DIEs; what a call site's parameters or target compute is the caller's business.
import * as C from './dwarfConstants';
import type { DwarfInfo } from './dwarfInfo';
import { functionAt } from './functionIndex';
import { codeAddress } from './rangeLists';
import type { Die } from './unit';

/** The DW_TAG_call_site (or GNU call site) of the function holding the call whose return address is `returnAddress`. */
export function callSiteAt(info: DwarfInfo, returnAddress: number): Die | undefined {
  // The return address may lie past the end of the calling function (a call that never returns,
  // or a tail call as its last instruction): the call itself is just before it.
  const found = functionAt(info, returnAddress - 1);
  return found ? callSitesOf(found.function.die).find((site) => callSiteReturnPc(site) === returnAddress) : undefined;
}

/**
 * The return address of call site `site` (DWARF5 DW_AT_call_return_pc; the GNU extension kept it
 * in DW_AT_low_pc): for a tail call (a jump), the address after the jump.
 */
export function callSiteReturnPc(site: Die): number | undefined {
  const pc = site.unit.address(site.attr(C.DW_AT_call_return_pc) ?? site.attr(C.DW_AT_low_pc));
  return pc === undefined ? undefined : codeAddress(site.unit, pc);
}

/** True for a tail call (DWARF5 DW_AT_call_tail_call, GNU DW_AT_GNU_tail_call): a jump that never returns here. */
export function isTailCall(site: Die): boolean {
  return site.flag(C.DW_AT_call_tail_call) || site.flag(C.DW_AT_GNU_tail_call);
}

/** The DIE of the function `site` calls, when its DW_AT_call_origin (GNU: DW_AT_abstract_origin) names it. */
export function callSiteOrigin(site: Die): Die | undefined {
  return site.follow(C.DW_AT_call_origin) ?? site.follow(C.DW_AT_abstract_origin);
}

/**
 * Every call site of the subprogram `fn`, its lexical blocks and inlined bodies included (their
 * calls are the concrete function's), but not those of subprograms nested in it.
 */
export function callSitesOf(fn: Die): Die[] {
  const sites: Die[] = [];
  const visit = (scope: Die): void => {
    for (const child of scope.children) {
      if (child.tag === C.DW_TAG_call_site || child.tag === C.DW_TAG_GNU_call_site) sites.push(child);
      else if (child.tag !== C.DW_TAG_subprogram) visit(child);
    }
  };
  visit(fn);
  return sites;
}
