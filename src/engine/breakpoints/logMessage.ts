// Logpoint messages (DAP SourceBreakpoint.logMessage): the template parsed once when the
// breakpoint is set (`{expression}` parts, `{{` and `}}` for literal braces) and its text at a hit,
// each expression's value or error in place. Pure: the caller evaluates the expressions.
import { UserError } from '../../common';

/** Literal text, or a C expression to interpolate. */
export type LogMessagePart = { readonly text: string } | { readonly expression: string };

/** Parses a logpoint template; an unmatched or empty brace is a UserError naming its column (1-based). */
export function parseLogMessage(template: string): LogMessagePart[] {
  const parts: LogMessagePart[] = [];
  let text = '';
  for (let k = 0; k < template.length; k++) {
    const char = template[k];
    if ((char === '{' || char === '}') && template[k + 1] === char) {
      text += char;
      k++;
      continue;
    }
    if (char === '}') throw new UserError(`log message '${template}': unmatched '}' at column ${k + 1} (write '}}' for a brace)`);
    if (char !== '{') {
      text += char;
      continue;
    }
    const end = template.indexOf('}', k + 1);
    if (end < 0) throw new UserError(`log message '${template}': '{' at column ${k + 1} is never closed (write '{{' for a brace)`);
    const expression = template.slice(k + 1, end).trim();
    if (expression === '') throw new UserError(`log message '${template}': empty '{}' at column ${k + 1}`);
    if (text) parts.push({ text });
    text = '';
    parts.push({ expression });
    k = end;
  }
  if (text) parts.push({ text });
  return parts;
}

/**
 * The message of one hit. `evaluate` gives an expression's value as the Variables view shows it;
 * when it throws, its message stands in place of the value (`<error: ...>`) and the rest goes on.
 * An expression written twice is evaluated once.
 */
export async function formatLogMessage(parts: readonly LogMessagePart[], evaluate: (expression: string) => Promise<string>): Promise<string> {
  const values = new Map<string, string>();
  let message = '';
  for (const part of parts) {
    if ('text' in part) {
      message += part.text;
      continue;
    }
    let value = values.get(part.expression);
    if (value === undefined) {
      value = await evaluate(part.expression).catch((error: unknown) => `<error: ${error instanceof Error ? error.message : String(error)}>`);
      values.set(part.expression, value);
    }
    message += value;
  }
  return message;
}
