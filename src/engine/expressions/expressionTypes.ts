// Types an expression makes that the program may not define (literal types, `&x`, `$pc`): taken
// from the DWARF when it names them, else built here. Also C's integer promotions and conversions.
import {
  ArrayType, BaseType, DW_ATE_boolean, DW_ATE_float, DW_ATE_signed, DW_ATE_signed_char, DW_ATE_unsigned, DW_ATE_unsigned_char, DwarfType, PointerType,
  SubroutineType, stripTypedefs, voidType,
} from '../../dwarf';
import type { Die } from '../../dwarf';

/**
 * Synthetic types have no DIE. The type model asks a DIE only for an array's DW_AT_byte_size
 * (sizeOf), so this stand-in answers "absent" to that and is never asked anything else.
 */
const NO_DIE = { number: () => undefined } as unknown as Die;


/** Where named types come from (the program's DWARF); undefined when it has none by that name. */
export type TypeSource = (name: string) => DwarfType | undefined;

/** C base types by their GCC DWARF names, preferring the program's own DIEs. */
export class ExpressionTypes {
  private readonly made = new Map<string, DwarfType>();

  constructor(
    private readonly source: TypeSource,
    readonly addressByteSize: 4 | 8,
  ) {}

  /** A named type: the program's, else a built-in C base type (ILP32/LP64 by address size). */
  named(name: string): DwarfType | undefined {
    const found = this.source(name);
    if (found) return found;
    const known = this.made.get(name);
    if (known) return known;
    const long = this.addressByteSize;
    const builtins: Readonly<Record<string, [number, number]>> = {
      char: [DW_ATE_unsigned_char, 1], 'signed char': [DW_ATE_signed_char, 1], 'unsigned char': [DW_ATE_unsigned_char, 1],
      'short int': [DW_ATE_signed, 2], 'short unsigned int': [DW_ATE_unsigned, 2], int: [DW_ATE_signed, 4], 'unsigned int': [DW_ATE_unsigned, 4],
      'long int': [DW_ATE_signed, long], 'long unsigned int': [DW_ATE_unsigned, long], 'long long int': [DW_ATE_signed, 8],
      'long long unsigned int': [DW_ATE_unsigned, 8], float: [DW_ATE_float, 4], double: [DW_ATE_float, 8], 'long double': [DW_ATE_float, 8],
      _Bool: [DW_ATE_boolean, 1],
    };
    if (name === 'void') return voidType;
    const spec = builtins[name];
    if (!spec) return undefined;
    const type: BaseType = { kind: 'base', die: NO_DIE, name, encoding: spec[0], byteSize: spec[1] };
    this.made.set(name, type);
    return type;
  }

  /** A built-in that always exists. */
  base(name: 'int' | 'unsigned int' | 'long long int' | 'long long unsigned int' | 'double' | 'float' | 'char' | 'long int'): DwarfType {
    return this.named(name) as DwarfType;
  }

  /** The integer type of `byteSize` bytes and signedness, as C's conversions produce it. */
  integer(byteSize: number, signed: boolean): DwarfType {
    if (byteSize > 4) return this.base(signed ? 'long long int' : 'long long unsigned int');
    return this.base(signed ? 'int' : 'unsigned int');
  }

  pointerTo(target: DwarfType): PointerType {
    return { kind: 'pointer', die: NO_DIE, target, byteSize: this.addressByteSize };
  }

  /** `element [count]` (GDB's artificial arrays). */
  arrayOf(element: DwarfType, count: number): ArrayType {
    return { kind: 'array', die: NO_DIE, element, dimensions: [{ lowerBound: 0, count }] };
  }

  /** `void ()`: the type GDB gives $pc's target. */
  codeType(): SubroutineType {
    return { kind: 'function', die: NO_DIE, returnType: voidType, parameters: [], variadic: false, prototyped: false };
  }
}

/** An arithmetic operand: integer with its width and signedness, or floating. */
export type Arithmetic =
  | { readonly kind: 'int'; readonly value: bigint; readonly byteSize: number; readonly signed: boolean }
  | { readonly kind: 'float'; readonly value: number; readonly single: boolean };

/** C11 6.3.1.1 integer promotions: narrower than int becomes int. */
export function promote(value: Arithmetic): Arithmetic {
  if (value.kind === 'float' || value.byteSize >= 4) return value;
  return { kind: 'int', value: BigInt.asIntN(32, value.value), byteSize: 4, signed: true };
}

/** C11 6.3.1.8 usual arithmetic conversions: the common type of two promoted operands. */
export function commonType(a: Arithmetic, b: Arithmetic): { kind: 'int'; byteSize: number; signed: boolean } | { kind: 'float'; single: boolean } {
  if (a.kind === 'float' || b.kind === 'float') {
    const single = (a.kind === 'int' || a.single) && (b.kind === 'int' || b.single);
    return { kind: 'float', single };
  }
  if (a.signed === b.signed) return { kind: 'int', byteSize: Math.max(a.byteSize, b.byteSize), signed: a.signed };
  const unsigned = a.signed ? b : a;
  const signed = a.signed ? a : b;
  if (unsigned.byteSize >= signed.byteSize) return { kind: 'int', byteSize: unsigned.byteSize, signed: false };
  return { kind: 'int', byteSize: signed.byteSize, signed: true };
}

/** True for integer-like types (base non-float, enums, bools). */
export function isIntegerType(type: DwarfType): boolean {
  const core = stripTypedefs(type);
  return (core.kind === 'base' && core.encoding !== DW_ATE_float) || core.kind === 'enum';
}
