// Tokenizer and precedence-climbing parser for the C expression subset (C11 6.4 tokens, 6.5
// expressions): literals, identifiers, $registers, postfix . -> [], unary, casts, sizeof, binary
// operators with C precedence, ?:, and GDB's artificial arrays (`*p@4`). Pure: type names are recognised through a callback.
import { BinaryOperator, Expression, ExpressionError, TypeNameSyntax } from './expressionSyntax';

interface Token {
  readonly kind: 'number' | 'char' | 'identifier' | 'register' | 'punctuator' | 'end';
  readonly text: string;
  readonly column: number;
}

const PUNCTUATORS = ['->', '<<', '>>', '<=', '>=', '==', '!=', '&&', '||', '(', ')', '[', ']', '.', '*', '&', '+', '-', '~', '!', '/', '%', '<', '>', '^', '|', '?', ':', '@'];

/** C11 6.5 binary operators by precedence (higher binds tighter), plus GDB's `@` (c-exp.y: below + and -). */
const PRECEDENCE: ReadonlyMap<string, number> = new Map([
  ['||', 1], ['&&', 2], ['|', 3], ['^', 4], ['&', 5], ['==', 6], ['!=', 6],
  ['<', 7], ['>', 7], ['<=', 7], ['>=', 7], ['<<', 8], ['>>', 8], ['@', 9], ['+', 10], ['-', 10], ['*', 11], ['/', 11], ['%', 11],
]);

const TYPE_KEYWORDS = new Set(['void', 'char', 'short', 'int', 'long', 'float', 'double', 'signed', 'unsigned', '_Bool', 'struct', 'union', 'enum', 'const', 'volatile']);

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let at = 0;
  while (at < text.length) {
    const rest = text.slice(at);
    const space = /^\s+/.exec(rest);
    if (space) {
      at += space[0].length;
      continue;
    }
    const column = at + 1;
    const number = /^(0[xX][0-9a-fA-F]+|(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?)[uUlLfF]*/.exec(rest);
    const word = /^[A-Za-z_]\w*/.exec(rest);
    const register = /^\$\w+/.exec(rest);
    const char = /^'(\\(?:[0-7]{1,3}|x[0-9a-fA-F]+|.)|[^'\\])'/.exec(rest);
    if (number) tokens.push({ kind: 'number', text: number[0], column });
    else if (word) tokens.push({ kind: 'identifier', text: word[0], column });
    else if (register) tokens.push({ kind: 'register', text: register[0].slice(1), column });
    else if (char) tokens.push({ kind: 'char', text: char[1], column });
    else {
      const punctuator = PUNCTUATORS.find((p) => rest.startsWith(p));
      if (!punctuator) throw new ExpressionError(rest[0] === "'" ? 'unterminated character constant' : `unexpected character '${rest[0]}'`, column);
      tokens.push({ kind: 'punctuator', text: punctuator, column });
    }
    at += tokens[tokens.length - 1].kind === 'char' ? (char as RegExpExecArray)[0].length : tokens[tokens.length - 1].kind === 'register' ? tokens[tokens.length - 1].text.length + 1 : tokens[tokens.length - 1].text.length;
  }
  tokens.push({ kind: 'end', text: '', column: text.length + 1 });
  return tokens;
}

const SIMPLE_ESCAPES: Readonly<Record<string, number>> = { n: 10, t: 9, r: 13, a: 7, b: 8, f: 12, v: 11, '\\': 92, "'": 39, '"': 34, '?': 63, e: 27 };

function charValue(text: string, column: number): number {
  if (!text.startsWith('\\')) return text.codePointAt(0) ?? 0;
  const body = text.slice(1);
  if (/^[0-7]+$/.test(body)) return parseInt(body, 8) & 0xff;
  if (body.startsWith('x')) return parseInt(body.slice(1), 16) & 0xff;
  const simple = SIMPLE_ESCAPES[body];
  if (simple === undefined) throw new ExpressionError(`unknown escape sequence '\\${body}'`, column);
  return simple;
}

/** Options of the parser: which identifiers name types (typedefs), so `(name)x` is a cast. */
export interface ParseOptions {
  isTypeName?(name: string): boolean;
}

/** Parses a C expression; throws ExpressionError naming the column of the problem. */
export function parseExpression(text: string, options: ParseOptions = {}): Expression {
  return new Parser(tokenize(text), options).parseAll();
}

/** Nesting bound: deeper input is refused with an error instead of exhausting the JS stack. */
const MAX_NESTING = 200;

class Parser {
  private position = 0;
  private depth = 0;

  constructor(
    private readonly tokens: readonly Token[],
    private readonly options: ParseOptions,
  ) {}

  parseAll(): Expression {
    if (this.peek().kind === 'end') throw new ExpressionError('empty expression', 1);
    const expression = this.conditional();
    const next = this.peek();
    if (next.kind !== 'end') throw new ExpressionError(`unexpected '${next.text}'`, next.column);
    return expression;
  }

  private peek(offset = 0): Token {
    return this.tokens[Math.min(this.position + offset, this.tokens.length - 1)];
  }

  private take(): Token {
    const token = this.peek();
    if (token.kind !== 'end') this.position++;
    return token;
  }

  private isPunctuator(text: string, offset = 0): boolean {
    const token = this.peek(offset);
    return token.kind === 'punctuator' && token.text === text;
  }

  private expect(text: string): Token {
    const token = this.peek();
    if (token.kind !== 'punctuator' || token.text !== text) {
      throw new ExpressionError(`expected '${text}'${token.kind === 'end' ? ' before the end of the expression' : ` but found '${token.text}'`}`, token.column);
    }
    return this.take();
  }

  private conditional(): Expression {
    const condition = this.binary(1);
    if (!this.isPunctuator('?')) return condition;
    this.take();
    const then = this.conditional();
    this.expect(':');
    const otherwise = this.conditional();
    return { kind: 'conditional', column: condition.column, condition, then, otherwise };
  }

  private binary(minimum: number): Expression {
    let left = this.unary();
    for (;;) {
      const token = this.peek();
      const precedence = token.kind === 'punctuator' ? PRECEDENCE.get(token.text) : undefined;
      if (precedence === undefined || precedence < minimum) return left;
      this.take();
      const right = this.binary(precedence + 1);
      left = { kind: 'binary', column: token.column, operator: token.text as BinaryOperator, left, right };
    }
  }

  private unary(): Expression {
    const token = this.peek();
    if (++this.depth > MAX_NESTING) throw new ExpressionError(`expression nested more than ${MAX_NESTING} levels deep`, token.column);
    try {
      return this.unaryBody(token);
    } finally {
      this.depth--;
    }
  }

  private unaryBody(token: Token): Expression {
    if (token.kind === 'punctuator' && ['*', '&', '-', '+', '~', '!'].includes(token.text)) {
      this.take();
      return { kind: 'unary', column: token.column, operator: token.text as '*', operand: this.unary() };
    }
    if (token.kind === 'identifier' && token.text === 'sizeof') {
      this.take();
      if (this.isPunctuator('(') && this.startsTypeName(1)) {
        this.take();
        const type = this.typeName();
        this.expect(')');
        return { kind: 'sizeofType', column: token.column, type };
      }
      return { kind: 'sizeofValue', column: token.column, operand: this.unary() };
    }
    if (this.isPunctuator('(') && this.startsTypeName(1)) {
      this.take();
      const type = this.typeName();
      this.expect(')');
      return { kind: 'cast', column: token.column, type, operand: this.unary() };
    }
    return this.postfix(this.primary());
  }

  private startsTypeName(offset: number): boolean {
    const token = this.peek(offset);
    return token.kind === 'identifier' && (TYPE_KEYWORDS.has(token.text) || this.options.isTypeName?.(token.text) === true);
  }

  /** specifier-qualifier-list abstract-declarator (pointers only), C11 6.7.7. */
  private typeName(): TypeNameSyntax {
    const words: string[] = [];
    for (;;) {
      const token = this.peek();
      if (token.kind !== 'identifier') break;
      if (token.text === 'const' || token.text === 'volatile') {
        this.take();
        continue;
      }
      if (token.text === 'struct' || token.text === 'union' || token.text === 'enum') {
        this.take();
        const tag = this.take();
        if (tag.kind !== 'identifier') throw new ExpressionError(`expected a ${token.text} tag name`, tag.column);
        words.push(`${token.text} ${tag.text}`);
        continue;
      }
      if (TYPE_KEYWORDS.has(token.text) || (words.length === 0 && this.options.isTypeName?.(token.text))) {
        words.push(this.take().text);
        continue;
      }
      break;
    }
    let pointerDepth = 0;
    while (this.isPunctuator('*') || (this.peek().kind === 'identifier' && ['const', 'volatile'].includes(this.peek().text))) {
      if (this.take().text === '*') pointerDepth++;
    }
    return { base: normaliseSpecifiers(words), pointerDepth };
  }

  private postfix(start: Expression): Expression {
    let expression = start;
    for (;;) {
      const token = this.peek();
      if (this.isPunctuator('.') || this.isPunctuator('->')) {
        this.take();
        const name = this.take();
        if (name.kind !== 'identifier') throw new ExpressionError(`expected a member name after '${token.text}'`, name.column);
        expression = { kind: 'member', column: token.column, object: expression, member: name.text, arrow: token.text === '->' };
      } else if (this.isPunctuator('[')) {
        this.take();
        const index = this.conditional();
        this.expect(']');
        expression = { kind: 'index', column: token.column, object: expression, index };
      } else {
        return expression;
      }
    }
  }

  private primary(): Expression {
    const token = this.take();
    switch (token.kind) {
      case 'number': return numberLiteral(token);
      case 'char': return { kind: 'char', column: token.column, value: charValue(token.text, token.column) };
      case 'identifier': return { kind: 'identifier', column: token.column, name: token.text };
      case 'register': return { kind: 'register', column: token.column, name: token.text };
      case 'punctuator':
        if (token.text === '(') {
          const inner = this.conditional();
          this.expect(')');
          return inner;
        }
        throw new ExpressionError(`unexpected '${token.text}'`, token.column);
      case 'end': throw new ExpressionError('expected an operand before the end of the expression', token.column);
    }
  }
}

/** C11 6.4.4.1/6.4.4.2: integer (decimal, octal, hex; u/l/ll suffixes) or floating constant (f suffix). */
function numberLiteral(token: Token): Expression {
  const isHex = /^0[xX]/.test(token.text);
  // Hex digits include f: only u/l suffixes there.
  const [, digits, suffix] = (isHex ? /^(.*?)([uUlL]*)$/ : /^(.*?)([uUlLfF]*)$/).exec(token.text) as RegExpExecArray;
  if (!isHex && /[.eE]/.test(digits)) {
    if (/[uUlL]/.test(suffix)) throw new ExpressionError(`invalid suffix '${suffix}' on a floating constant`, token.column);
    return { kind: 'float', column: token.column, value: Number(digits), single: /[fF]/.test(suffix) };
  }
  if (/[fF]/.test(suffix)) throw new ExpressionError(`invalid suffix '${suffix}' on an integer constant`, token.column);
  if (!isHex && /^0[0-7]*[89]/.test(digits)) throw new ExpressionError(`invalid digit in octal constant '${digits}'`, token.column);
  const value = isHex ? BigInt(digits) : digits.length > 1 && digits.startsWith('0') ? BigInt(`0o${digits.slice(1)}`) : BigInt(digits);
  return { kind: 'integer', column: token.column, value, unsigned: /[uU]/.test(suffix), longs: (suffix.match(/[lL]/g) ?? []).length };
}

/** `unsigned` -> `unsigned int`, `long unsigned` -> `unsigned long`..., as DWARF base types are named. */
function normaliseSpecifiers(words: readonly string[]): string {
  if (words.length === 1 && !TYPE_KEYWORDS.has(words[0].split(' ')[0])) return words[0];
  if (words.some((w) => w.includes(' '))) return words.join(' ');
  const unsigned = words.includes('unsigned');
  const signed = words.includes('signed');
  const longs = words.filter((w) => w === 'long').length;
  const core = words.find((w) => ['char', 'short', 'int', 'float', 'double', 'void', '_Bool'].includes(w));
  if (core === 'char') return unsigned ? 'unsigned char' : signed ? 'signed char' : 'char';
  if (core === 'float' || core === 'void' || core === '_Bool') return core;
  if (core === 'double') return longs > 0 ? 'long double' : 'double';
  const size = core === 'short' || words.includes('short') ? 'short' : longs === 2 ? 'long long' : longs === 1 ? 'long' : 'int';
  const name = size === 'short' ? 'short int' : size === 'long' ? 'long int' : size === 'long long' ? 'long long int' : 'int';
  return unsigned ? (size === 'int' ? 'unsigned int' : `${name.replace(/ int$/, '')} unsigned int`) : name;
}
