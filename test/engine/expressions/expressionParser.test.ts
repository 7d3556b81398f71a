// Unit tests of the C expression parser: precedence, casts, literals, registers, and errors that
// name what is wrong and the column.
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { Expression, ExpressionError, parseExpression } from '../../../src/engine/expressions';

/** The tree as fully parenthesised C, to check precedence and associativity. */
function show(e: Expression): string {
  switch (e.kind) {
    case 'integer': return `${e.value}${e.unsigned ? 'u' : ''}${'l'.repeat(e.longs)}`;
    case 'float': return `${e.value}${e.single ? 'f' : ''}`;
    case 'char': return `'${e.value}'`;
    case 'identifier': return e.name;
    case 'register': return `$${e.name}`;
    case 'member': return `${show(e.object)}${e.arrow ? '->' : '.'}${e.member}`;
    case 'index': return `${show(e.object)}[${show(e.index)}]`;
    case 'unary': return `(${e.operator}${show(e.operand)})`;
    case 'binary': return `(${show(e.left)} ${e.operator} ${show(e.right)})`;
    case 'conditional': return `(${show(e.condition)} ? ${show(e.then)} : ${show(e.otherwise)})`;
    case 'cast': return `((${e.type.base}${'*'.repeat(e.type.pointerDepth)})${show(e.operand)})`;
    case 'sizeofType': return `sizeof(${e.type.base}${'*'.repeat(e.type.pointerDepth)})`;
    case 'sizeofValue': return `sizeof ${show(e.operand)}`;
  }
}

const parse = (text: string): string => show(parseExpression(text, { isTypeName: (name) => name === 'point_t' || name === 'uint32_t' }));

function error(text: string): string {
  try {
    parseExpression(text);
  } catch (e) {
    assert.ok(e instanceof ExpressionError, `not an ExpressionError: ${String(e)}`);
    return e.message;
  }
  assert.fail(`'${text}' parsed`);
}

describe('C expression parser', () => {
  it('follows C precedence and associativity', () => {
    assert.equal(parse('1 + 2 * 3'), '(1 + (2 * 3))');
    assert.equal(parse('a - b - c'), '((a - b) - c)');
    assert.equal(parse('a || b && c | d ^ e & f == g < h << i + j * k'), '(a || (b && (c | (d ^ (e & (f == (g < (h << (i + (j * k))))))))))');
    assert.equal(parse('-a[1].b->c'), '(-a[1].b->c)');
    assert.equal(parse('*p + x'), '((*p) + x)');
    assert.equal(parse('!~-x'), '(!(~(-x)))');
    assert.equal(parse('a ? b : c ? d : e'), '(a ? b : (c ? d : e))');
    assert.equal(parse('&s.m[2]'), '(&s.m[2])');
  });

  it('parses casts to base types, typedefs, struct pointers and sizeof forms', () => {
    assert.equal(parse('(unsigned)x'), '((unsigned int)x)');
    assert.equal(parse('(long unsigned int)x'), '((long unsigned int)x)');
    assert.equal(parse('(unsigned short)x'), '((short unsigned int)x)');
    assert.equal(parse('(const char *)p'), '((char*)p)');
    assert.equal(parse('(struct point **)0'), '((struct point**)0)');
    assert.equal(parse('(point_t *)&x'), '((point_t*)(&x))');
    assert.equal(parse('(uint32_t)-1'), '((uint32_t)(-1))');
    assert.equal(parse('(x)-1'), '(x - 1)');
    assert.equal(parse('sizeof(int)'), 'sizeof(int)');
    assert.equal(parse('sizeof x + 1'), '(sizeof x + 1)');
    assert.equal(parse('sizeof(x)'), 'sizeof x');
  });

  it('reads integer, float and char literals and registers', () => {
    assert.equal(parse('0x1fUL + 017 + 10ll'), '((31ul + 15) + 10ll)');
    assert.equal(parse('1.5f + 2.5e3 + .5'), '((1.5f + 2500) + 0.5)');
    assert.equal(parse("'A' + '\\n' + '\\0' + '\\x41' + '\\''"), "(((('65' + '10') + '0') + '65') + '39')");
    assert.equal(parse('$pc - $r0'), '($pc - $r0)');
    assert.equal(parse('*p@n + 1 << 2'), '(((*p) @ (n + 1)) << 2)');
  });

  it('says what is wrong and where', () => {
    assert.equal(error('(1 + 2'), "expected ')' before the end of the expression at column 7");
    assert.equal(error('a[1'), "expected ']' before the end of the expression at column 4");
    assert.equal(error('f(1)'), "unexpected '(' at column 2");
    assert.equal(error('1 +'), 'expected an operand before the end of the expression at column 4');
    assert.equal(error('a.'), "expected a member name after '.' at column 3");
    assert.equal(error('a # b'), "unexpected character '#' at column 3");
    assert.equal(error("'a"), 'unterminated character constant at column 1');
    assert.equal(error('  089'), "invalid digit in octal constant '089' at column 3");
    assert.equal(error('1.5u'), "invalid suffix 'u' on a floating constant at column 1");
    assert.equal(error('a ? b'), "expected ':' before the end of the expression at column 6");
    assert.equal(error(''), 'empty expression at column 1');
    assert.equal(error('(struct 5)x'), 'expected a struct tag name at column 9');
    assert.equal(error(`${'('.repeat(100000)}1`), 'expression nested more than 200 levels deep at column 201');
    assert.equal(error(`${'-'.repeat(300)}1`), 'expression nested more than 200 levels deep at column 201');
  });
});
