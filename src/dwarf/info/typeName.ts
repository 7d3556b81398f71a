// Type names as C and C++ declarators, spelled the way GDB's `whatis`/`ptype` print them
// (`struct point *`, `int [3][4]`, `void (*)(int)`, `char * const`). Formatting only.
import { DwarfType } from './dwarfType';

/** The name of `type` as GDB's `whatis` shows it; with `variableName`, a full declaration. */
export function formatTypeName(type: DwarfType, variableName = ''): string {
  return declarator(type, variableName);
}

/**
 * The type like GDB's `ptype`: typedefs of the innermost type resolved, and struct/union/enum
 * bodies spelled out with one member per line (bitfields as `name : bits`).
 */
export function formatTypeDefinition(type: DwarfType): string {
  const resolved = expandTypedefs(type);
  // The body goes where the tag name is; qualifiers and declarators around it stay.
  const core = innermostNamed(resolved);
  if (!core || (core.kind !== 'struct' && core.kind !== 'union' && core.kind !== 'class' && core.kind !== 'enum')) {
    return declarator(resolved, '');
  }
  return declarator(resolved, '', `${core.name === undefined ? core.kind : tagName(core)} ${body(core, 0)}`);
}

/** A struct/union/class/enum body; anonymous member types are spelled out in place, as GDB does. */
function body(type: DwarfType, depth: number): string {
  if (depth > 8) return '{...}'; // anonymous types nest a level or two; more is a cycle in corrupt input
  const indent = '    '.repeat(depth);
  if (type.kind === 'enum') {
    return `{${type.enumerators.map((e) => e.name + (enumeratorIsImplicit(type, e) ? '' : ` = ${e.value}`)).join(', ')}}`;
  }
  if (type.kind !== 'struct' && type.kind !== 'union' && type.kind !== 'class') return '';
  if (type.declaration) return `{\n${indent}    <incomplete type>\n${indent}}`;
  const lines = type.members.filter((m) => !m.artificial && !m.isBase).map((m) => {
    const core = innermostNamed(m.type);
    const anonymous = core && (core.kind === 'struct' || core.kind === 'union' || core.kind === 'class' || core.kind === 'enum') && core.name === undefined;
    const text = anonymous ? declarator(m.type, m.name ?? '', `${core.kind} ${body(core, depth + 1)}`) : declarator(m.type, m.name ?? '');
    return `${indent}    ${text}${m.bitSize !== undefined ? ` : ${m.bitSize}` : ''};\n`;
  });
  return `{\n${lines.join('')}${indent}}`;
}

/**
 * GDB's ptype resolves the typedefs of the innermost named type, under qualifiers, pointers,
 * arrays and return types (`volatile uint32_t` -> `volatile unsigned long`), not in parameters.
 */
function expandTypedefs(type: DwarfType, depth = 0): DwarfType {
  if (depth > 64) return type;
  switch (type.kind) {
    case 'typedef': return expandTypedefs(type.target, depth + 1);
    case 'pointer': case 'reference': case 'rvalueReference': case 'const': case 'volatile': case 'restrict': case 'atomic':
      return { ...type, target: expandTypedefs(type.target, depth + 1) };
    case 'array': return { ...type, element: expandTypedefs(type.element, depth + 1) };
    case 'function': return { ...type, returnType: expandTypedefs(type.returnType, depth + 1) };
    default: return type;
  }
}

function enumeratorIsImplicit(type: Extract<DwarfType, { kind: 'enum' }>, entry: { value: number | bigint }): boolean {
  // GDB omits `= N` when an enumerator's value is its position's default (previous + 1, from 0).
  const index = type.enumerators.indexOf(entry as (typeof type.enumerators)[number]);
  const previous = index === 0 ? -1n : BigInt(type.enumerators[index - 1].value);
  return BigInt(entry.value) === previous + 1n;
}

function innermostNamed(type: DwarfType): DwarfType | undefined {
  let current: DwarfType = type;
  for (let hops = 0; hops < 64; hops++) {
    switch (current.kind) {
      case 'pointer': case 'reference': case 'rvalueReference': case 'const': case 'volatile': case 'restrict': case 'atomic':
        current = current.target;
        break;
      case 'array': current = current.element; break;
      case 'function': current = current.returnType; break;
      default: return current;
    }
  }
  return undefined;
}

function tagName(type: DwarfType): string {
  switch (type.kind) {
    case 'void': return 'void';
    case 'base': case 'typedef': case 'unspecified': return type.name;
    case 'struct': case 'union': case 'class': case 'enum': {
      // GDB's C spelling, also for C++ types (`struct geo::Square`).
      return type.name === undefined ? `${type.kind} {...}` : `${type.kind} ${type.name}`;
    }
    default: return '';
  }
}

const qualifierWord = { const: 'const', volatile: 'volatile', restrict: 'restrict', atomic: '_Atomic' } as const;
type QualifierKind = keyof typeof qualifierWord;
const qualifierOrder: readonly QualifierKind[] = ['const', 'volatile', 'restrict', 'atomic'];

function isQualifier(type: DwarfType): type is Extract<DwarfType, { kind: QualifierKind }> {
  return type.kind in qualifierWord;
}

/** True when the qualifiers at the top of `type` include `kind`. */
function hasQualifier(type: DwarfType, kind: QualifierKind): boolean {
  let current = type;
  for (let hops = 0; isQualifier(current) && hops < 8; hops++) {
    if (current.kind === kind) return true;
    current = current.target;
  }
  return false;
}

/**
 * Builds a C declarator inside-out: `suffix` is what already surrounds the name (`*`, `[3]`,
 * `(*)(int)`...). `baseOverride` replaces the innermost type's spelling (ptype bodies).
 */
function declarator(type: DwarfType, suffix: string, baseOverride?: string, depth = 0): string {
  if (depth > 64) return '<type nesting too deep>';
  const next = (inner: DwarfType, text: string): string => declarator(inner, text, baseOverride, depth + 1);
  switch (type.kind) {
    case 'pointer': case 'reference': case 'rvalueReference': {
      const sigil = type.kind === 'pointer' ? '*' : type.kind === 'reference' ? '&' : '&&';
      // GDB: `char * const` but `char *name`: a space only before a qualifier.
      const text = sigil + (/^(const|volatile|restrict|_Atomic)\b/.test(suffix) ? ' ' : '') + suffix;
      const target = type.target;
      return next(target, target.kind === 'array' || target.kind === 'function' ? `(${text})` : text);
    }
    case 'const': case 'volatile': case 'restrict': case 'atomic': {
      // Consecutive qualifiers print once each, in GDB's order (`const volatile`).
      const kinds = new Set<QualifierKind>([type.kind]);
      let target = type.target;
      for (let hops = 0; isQualifier(target) && hops < 8; hops++) {
        kinds.add(target.kind);
        target = target.target;
      }
      const word = qualifierOrder.filter((kind) => kinds.has(kind)).map((kind) => qualifierWord[kind]).join(' ');
      if (target.kind === 'array') {
        // C qualifies the elements of a qualified array (C11 6.7.3p9); say it once, there.
        const qualified = [...kinds].reduce<DwarfType>((inner, kind) => (hasQualifier(inner, kind) ? inner : { kind, die: type.die, target: inner }), target.element);
        return next({ ...target, element: qualified }, suffix);
      }
      if (target.kind === 'pointer' || target.kind === 'reference' || target.kind === 'rvalueReference') {
        // A qualified pointer: the qualifier follows the `*` (char * const).
        return next(target, word + (suffix ? (/^[[(]/.test(suffix) ? '' : ' ') + suffix : ''));
      }
      return `${word} ${next(target, suffix)}`;
    }
    case 'array': {
      const dims = type.dimensions.map((d) => `[${d.count ?? ''}]`).join('') || '[]';
      return next(type.element, suffix + dims);
    }
    case 'function': {
      const params = type.parameters.map((p) => declarator(p, '', undefined, depth + 1));
      if (type.variadic) params.push('...');
      const list = params.length > 0 ? params.join(', ') : type.prototyped ? 'void' : '';
      return next(type.returnType, `${suffix}(${list})`);
    }
    default: {
      const name = baseOverride ?? tagName(type);
      return suffix ? `${name} ${suffix}` : name;
    }
  }
}
