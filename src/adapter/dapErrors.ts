// The one place that turns a thrown error into the body of a DAP error response. It decides only
// how an error reads to the user; it never decides whether a request fails.
import type { DebugProtocol } from '@vscode/debugprotocol';
import { DebuggerError, UserError } from '../common';

/** DAP error ids of this adapter (ErrorResponse.body.error.id). */
export const DAP_ERROR_ID = { user: 1000, debugger: 1001, internal: 1002 } as const;

/**
 * The text and message of a failed request. A UserError is shown as written; our other errors
 * carry their class name (the kind of failure a user can act on: TclConnectionError...); anything
 * else is an internal error with its type.
 */
export function errorMessage(error: unknown): DebugProtocol.Message {
  if (error instanceof UserError) return message(DAP_ERROR_ID.user, error.message);
  if (error instanceof DebuggerError) return message(DAP_ERROR_ID.debugger, `${error.name}: ${error.message}`);
  if (error instanceof Error) return message(DAP_ERROR_ID.internal, `internal error (${error.name}): ${error.message}`);
  return message(DAP_ERROR_ID.internal, `internal error: ${String(error)}`);
}

function message(id: number, text: string): DebugProtocol.Message {
  // DAP `format` substitutes {name} placeholders; our texts carry none, so braces are escaped by
  // sending no `variables` (VS Code keeps unknown placeholders as written).
  return { id, format: text, showUser: true };
}
