// The Locals / Statics / Globals scopes of a frame as named Values: src/dwarf's variablesInScope
// located with the frame's registers and CFA. Ordering follows GDB (`info locals`, arguments first).
import {
  DW_AT_const_value, DW_AT_declaration, DW_AT_external, DW_AT_location, DW_TAG_variable, DW_UT_compile, DwarfInfo, locationOf, qualifiedName, typeOf,
} from '../../dwarf';
import type { ScopeVariable, VariableLocation, VariablesInScope } from '../../dwarf';
import { FrameContext, locateVariable } from './locateVariable';
import type { MemoryCache } from './memoryCache';
import type { NamedValue } from './valueReader';

/** Named values of `variables`, located in `frame` (evaluateName = the variable's name). */
export async function locateAll(variables: readonly ScopeVariable[], frame: FrameContext, frameBase: VariableLocation, memory: MemoryCache): Promise<NamedValue[]> {
  return Promise.all(variables.map(async (variable) => ({
    name: variable.name,
    value: await locateVariable(variable, frame, frameBase, memory),
    evaluateName: variable.name,
  })));
}

/**
 * The Locals scope of source frame `inlineIndex` (0 = innermost inlined call, as
 * VariablesInScope.frames orders them): its parameters, then its locals, innermost block first.
 */
export function localsOf(scope: VariablesInScope, inlineIndex: number, frame: FrameContext, memory: MemoryCache): Promise<NamedValue[]> {
  const source = scope.frames[inlineIndex];
  if (!source) return Promise.resolve([]);
  return locateAll([...source.parameters, ...source.locals], frame, scope.frameBase, memory);
}

/** The Statics scope: file-scope statics of the frame's compile unit. */
export function staticsOf(scope: VariablesInScope, frame: FrameContext, memory: MemoryCache): Promise<NamedValue[]> {
  return locateAll(scope.fileStatics, frame, scope.frameBase, memory);
}

/** The Globals scope: external variables of every unit, sorted by name. */
export function globalsOf(scope: Pick<VariablesInScope, 'globals' | 'frameBase'>, frame: FrameContext, memory: MemoryCache): Promise<NamedValue[]> {
  const sorted = [...scope.globals].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return locateAll(sorted, frame, scope.frameBase, memory);
}

/**
 * File-scope statics (no DW_AT_external) of every compile unit, for expressions that name a static
 * of another file (GDB searches them after globals) and for units without code (variables.c).
 * src/dwarf's variablesInScope gives them only for a unit holding a PC.
 */
export function allFileStatics(info: DwarfInfo): ScopeVariable[] {
  const result: ScopeVariable[] = [];
  for (const unit of info.units) {
    if (unit.header.unitType !== DW_UT_compile) continue;
    for (const die of unit.root.children) {
      if (die.tag !== DW_TAG_variable || die.flag(DW_AT_external) || (die.flag(DW_AT_declaration) && !die.attr(DW_AT_location) && !die.attr(DW_AT_const_value))) continue;
      const name = qualifiedName(die);
      if (!name) continue;
      const constant = die.attr(DW_AT_const_value);
      const location: VariableLocation = constant?.kind === 'block' ? { kind: 'constant', value: constant.bytes }
        : constant?.kind === 'constant' ? { kind: 'constant', value: constant.value } : locationOf(die, DW_AT_location, 0);
      result.push({ die, name, type: typeOf(die), kind: 'fileStatic', location, declFile: undefined, declLine: undefined });
    }
  }
  return result;
}
