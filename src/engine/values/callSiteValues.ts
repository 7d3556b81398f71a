// DW_OP_entry_value (DWARF5 2.5.1.7): the value a parameter register had on entry, recovered from
// the caller's DW_TAG_call_site at the return address and its DW_TAG_call_site_parameter's
// DW_AT_call_value, evaluated in the caller's frame, once the call site is known to call this
// frame's function (GDB: dwarf2/loc.c dwarf_expr_reg_to_entry_parameter).
import {
  callSiteAt, callSiteOrigin, Die, DW_AT_call_target, DW_AT_call_value, DW_AT_GNU_call_site_target, DW_AT_GNU_call_site_value,
  DW_AT_location, DW_TAG_call_site_parameter, DW_TAG_GNU_call_site_parameter, DwarfInfo, functionAt, UnitExpressionContext,
  VariableLocation,
} from '../../dwarf';
import type { StackFrame } from '../stack';
import { evaluateInFrame, FrameContext } from './locateVariable';
import type { MemoryCache } from './memoryCache';
import { frameScopeAt } from './frameScopeAt';

/**
 * The entry-value resolver of frame `index` (for FrameContext.entryValue): undefined when its
 * function has no caller frame. `contextOf` builds the caller's FrameContext (its unwound registers;
 * give it its own entryValue so that chained entry values, as in recursion, resolve too).
 */
export function callSiteEntryValues(
  dwarf: DwarfInfo, frames: readonly StackFrame[], index: number, contextOf: (frame: StackFrame) => FrameContext, memory: MemoryCache,
): ((expression: Uint8Array) => Promise<bigint | undefined>) | undefined {
  // Entry values belong to the concrete function: its caller is the next machine frame.
  let concrete = index;
  while (frames[concrete]?.inlined) concrete++;
  const caller = frames[concrete + 1];
  if (!caller || frames[concrete].interrupted || caller.interrupted) return undefined;
  const callee = frames[concrete];
  return async (expression) => {
    const site = callSiteAt(dwarf, caller.pc);
    if (!site || !(await callsFunction(dwarf, site, callee, contextOf(caller), memory))) return undefined;
    const parameter = callSiteParameter(site, expression);
    const valueAttribute = parameter?.attr(DW_AT_call_value) ?? parameter?.attr(DW_AT_GNU_call_site_value);
    if (!parameter || (valueAttribute?.kind !== 'exprloc' && valueAttribute?.kind !== 'block')) return undefined;
    const context = contextOf(caller);
    const scope = frameScopeAt(dwarf, frames, caller.index);
    const frameBase: VariableLocation = scope?.scope.frameBase ?? { kind: 'optimizedOut' };
    // A value passed on unchanged is itself the caller's entry value (recursion): the caller's own
    // entryValue follows the chain.
    const location = await evaluateInFrame(valueAttribute.bytes, new UnitExpressionContext(parameter.unit), context, frameBase, memory);
    // DW_AT_call_value computes a value: a plain DWARF expression leaves it as a "memory address".
    if (location.kind === 'value') return location.value;
    if (location.kind === 'memory') return location.address;
    if (location.kind === 'register') return context.register(location.register);
    return undefined;
  };
}

/**
 * Whether the call site `site` calls `callee`'s function: its DW_AT_call_origin names it, or its
 * DW_AT_call_target computes its entry address in the caller's frame. A site that says neither
 * (GCC's indirect calls through a function pointer often do) cannot be trusted: the frame above
 * may have been reached through a tail call from the function the site did call, whose entry
 * values are another's. GDB refuses then ("DW_AT_call_target is not specified at
 * DW_TAG_call_site"), and the value is optimized out.
 */
async function callsFunction(dwarf: DwarfInfo, site: Die, callee: StackFrame, caller: FrameContext, memory: MemoryCache): Promise<boolean> {
  const origin = callSiteOrigin(site);
  if (origin) return origin.name !== undefined && origin.name === callee.function;
  const target = site.attr(DW_AT_call_target) ?? site.attr(DW_AT_GNU_call_site_target);
  if (target?.kind !== 'exprloc' && target?.kind !== 'block') return false;
  const location = await evaluateInFrame(target.bytes, new UnitExpressionContext(site.unit), caller, { kind: 'optimizedOut' }, memory);
  const address = location.kind === 'register' ? caller.register(location.register) : location.kind === 'memory' ? BigInt(location.address) : location.kind === 'value' ? location.value : undefined;
  // A caller's (or tail caller's) PC is a return address, maybe past the end of its function.
  const calleeFunction = functionAt(dwarf, callee.index > 0 && !callee.interrupted ? callee.pc - 1 : callee.pc)?.function;
  const entry = calleeFunction ? Math.min(...calleeFunction.ranges.map((range) => range.lowPc)) : undefined;
  return address !== undefined && entry !== undefined && (Number(address) & ~1) === entry;
}

/** The DW_TAG_call_site_parameter of `site` whose DW_AT_location is `expression`. */
function callSiteParameter(site: Die, expression: Uint8Array): Die | undefined {
  return site.children.find((child) => {
    if (child.tag !== DW_TAG_call_site_parameter && child.tag !== DW_TAG_GNU_call_site_parameter) return false;
    const location = child.attr(DW_AT_location);
    return (location?.kind === 'exprloc' || location?.kind === 'block') && sameBytes(location.bytes, expression);
  });
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((byte, k) => byte === b[k]);
}
