// DAP shapes of the values engine's rows: Locals/Statics/Globals scopes, variables with their
// evaluateName, memoryReference and paged array children. Pure mapping; reading values and
// keeping handles is StopView's, formatting is the engine's (GDB `print`).
import type { DebugProtocol } from '@vscode/debugprotocol';
import type { ValueView } from '../engine';

/** The value scopes of a frame, in the order the Variables view lists them. */
export const VALUE_SCOPES = [
  { kind: 'locals', name: 'Locals', presentationHint: 'locals', expensive: false },
  { kind: 'statics', name: 'Statics', presentationHint: undefined, expensive: false },
  // Every external variable of the program: read only when the user opens it (DAP `expensive`).
  { kind: 'globals', name: 'Globals', presentationHint: undefined, expensive: true },
] as const;

export type ValueScopeKind = (typeof VALUE_SCOPES)[number]['kind'];

/** A DAP variable for an engine row; `reference` is 0 when the row has no children. */
export function valueVariable(view: ValueView, reference: number): DebugProtocol.Variable {
  return {
    name: view.name,
    value: view.value,
    type: view.type,
    evaluateName: view.evaluateName,
    memoryReference: view.memoryReference,
    variablesReference: reference,
    // Arrays page their elements: the client asks for [start, start+count) with filter 'indexed'.
    indexedVariables: view.indexedCount,
  };
}

/**
 * The rows a variables request asks for: arrays have only indexed children (a 'named' request
 * gets none), other values only named ones.
 */
export function wantsChildren(view: Pick<ValueView, 'indexedCount'> | undefined, filter: DebugProtocol.VariablesArguments['filter']): boolean {
  if (filter === 'named') return view?.indexedCount === undefined;
  if (filter === 'indexed') return view?.indexedCount !== undefined;
  return true;
}
