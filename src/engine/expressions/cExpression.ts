// The entry points the adapter uses for evaluate (watch, hover, repl) and setVariable /
// setExpression: parse, evaluate in a frame's scope, format like GDB, or plan the write.
import type { MemoryRange } from '../target';
import { byteSizeOf, FormatOptions, planWrite, Value, ValueReader, WritePlan } from '../values';
import { ExpressionEvaluator, ExpressionScope } from './expressionEvaluator';
import { parseExpression } from './expressionParser';
import { Expression, ExpressionError } from './expressionSyntax';

/** A scope that also tells the parser which identifiers are type names (casts). */
export type ParsingScope = ExpressionScope & { readonly isTypeName?: (name: string) => boolean };

/** The Value of a C expression in `scope`; ExpressionError says what is wrong and at which column. */
export async function evaluateCExpression(text: string, scope: ParsingScope, reader: ValueReader): Promise<Value> {
  const syntax = parseExpression(text, { isTypeName: scope.isTypeName });
  await requestVariables(syntax, scope, reader);
  await reader.memory.flush();
  return new ExpressionEvaluator(scope, reader).evaluate(syntax);
}

/** Largest variable fetched whole before evaluation; bigger ones are read piece by piece. */
const PREFETCH_MAX_BYTES = 1024;

/**
 * Asks the reader's cache for every variable the expression names, sized by its DWARF type, without
 * reading: the caller's next flush reads them in ONE round trip, so that `a[7] - a[2] * b` does not
 * cost a round trip per operand (and live watch plans a whole list of expressions in one).
 */
export async function requestVariables(syntax: Expression, scope: ParsingScope, reader: ValueReader): Promise<void> {
  const names = new Set<string>();
  const visit = (node: Expression): void => {
    if (node.kind === 'identifier') names.add(node.name);
    for (const child of Object.values(node)) {
      if (child && typeof child === 'object' && 'kind' in child && 'column' in child) visit(child as Expression);
    }
  };
  visit(syntax);
  for (const name of names) {
    const value = await scope.variable(name);
    const size = value ? byteSizeOf(value.type) : 0;
    if (value?.place.kind === 'memory' && size > 0 && size <= PREFETCH_MAX_BYTES) reader.memory.get(value.place.address, size);
  }
}

/** GDB `print EXPR`'s text of a C expression (errors as thrown ExpressionErrors). */
export async function printCExpression(text: string, scope: ParsingScope, reader: ValueReader, options: FormatOptions = {}): Promise<string> {
  const value = await evaluateCExpression(text, scope, reader);
  const [formatted] = await reader.format([value], options);
  // GDB's print fails as a whole when the value itself cannot be read (`print *(int *)0`).
  const failure = /^<error: (.*)>$/.exec(formatted);
  if (failure) throw new ExpressionError(failure[1], undefined);
  return formatted;
}

/**
 * The write that assigns C expression `newValueText` to `target` (a variable or an evaluated
 * lvalue), converted to the target's type as C assignment does: `COLOR_RED`, `3.5`, `-1`,
 * `&g_record`, `0x20000000`. Refuses read-only ranges (flash), with a UserError.
 */
export async function planAssignment(target: Value, newValueText: string, scope: ParsingScope, reader: ValueReader, readOnly: readonly MemoryRange[] = []): Promise<WritePlan> {
  const evaluator = new ExpressionEvaluator(scope, reader);
  const source = await evaluator.evaluate(parseExpression(newValueText, { isTypeName: scope.isTypeName }));
  const converted = await evaluator.cast(source, target.type, 1).catch((error: unknown) => {
    if (error instanceof ExpressionError) throw new ExpressionError(`cannot assign this value to the variable's type: ${error.message}`, undefined);
    throw error;
  });
  if (converted.place.kind !== 'bytes') throw new ExpressionError('cannot assign this value', undefined);
  return planWrite(target, converted.place.bytes.subarray(0, byteSizeOf(target.type)), reader, readOnly);
}
