// The Locals / Statics / Globals scopes of a frame as named Values: src/dwarf's variablesInScope
// located with the frame's registers and CFA. Ordering follows GDB (`info locals`, arguments first).
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
