// The syntax tree of the C expression subset (C11 6.5) that watch, hover and the repl evaluate,
// and the typed error a malformed expression gives. Data only; parsing is in expressionParser.ts.
import { UserError } from '../../common';

/** A type as written in a cast or sizeof: `unsigned int`, `struct point`, `uint32_t`, plus `*`s. */
export interface TypeNameSyntax {
  /** The specifiers, normalised: `unsigned int`, `struct point`, `color_t`. */
  readonly base: string;
  readonly pointerDepth: number;
}

/** A node of an expression; `column` (1-based) is where it starts, for error messages. */
export type Expression =
  | { readonly kind: 'integer'; readonly column: number; readonly value: bigint; readonly unsigned: boolean; readonly longs: number }
  | { readonly kind: 'float'; readonly column: number; readonly value: number; readonly single: boolean }
  | { readonly kind: 'char'; readonly column: number; readonly value: number }
  | { readonly kind: 'identifier'; readonly column: number; readonly name: string }
  | { readonly kind: 'register'; readonly column: number; readonly name: string }
  | { readonly kind: 'member'; readonly column: number; readonly object: Expression; readonly member: string; readonly arrow: boolean }
  | { readonly kind: 'index'; readonly column: number; readonly object: Expression; readonly index: Expression }
  | { readonly kind: 'unary'; readonly column: number; readonly operator: '*' | '&' | '-' | '+' | '~' | '!'; readonly operand: Expression }
  | { readonly kind: 'binary'; readonly column: number; readonly operator: BinaryOperator; readonly left: Expression; readonly right: Expression }
  | { readonly kind: 'conditional'; readonly column: number; readonly condition: Expression; readonly then: Expression; readonly otherwise: Expression }
  | { readonly kind: 'cast'; readonly column: number; readonly type: TypeNameSyntax; readonly operand: Expression }
  | { readonly kind: 'sizeofType'; readonly column: number; readonly type: TypeNameSyntax }
  | { readonly kind: 'sizeofValue'; readonly column: number; readonly operand: Expression };

export type BinaryOperator =
  | '*' | '/' | '%' | '+' | '-' | '<<' | '>>' | '<' | '>' | '<=' | '>=' | '==' | '!=' | '&' | '^' | '|' | '&&' | '||' | '@';

/** An expression that cannot be parsed or evaluated; the message names the column (1-based). */
export class ExpressionError extends UserError {
  constructor(
    message: string,
    readonly column: number | undefined,
  ) {
    super(column === undefined ? message : `${message} at column ${column}`);
  }
}
