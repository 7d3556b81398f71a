// The type model (DWARF5 5.1-5.7): base, pointer/reference, qualifiers, typedef, struct/union/
// class with member offsets and bitfields, enum, array, subroutine. Built lazily from DIEs.
import { AttributeValue, signedConstant } from './attributeValue';
import * as C from './dwarfConstants';
import type { Die } from './unit';

/** A type, by kind. `die` is the DIE it came from (absent for void). */
export type DwarfType =
  | VoidType | BaseType | PointerType | QualifiedType | TypedefType | StructType | EnumType | ArrayType
  | SubroutineType | UnspecifiedType;

export interface VoidType { readonly kind: 'void'; readonly die?: undefined }

/** DW_TAG_base_type (DWARF5 5.1): `encoding` is DW_ATE_*. */
export interface BaseType { readonly kind: 'base'; readonly die: Die; readonly name: string; readonly encoding: number; readonly byteSize: number }

/** DW_TAG_pointer_type, reference_type, rvalue_reference_type (DWARF5 5.3). */
export interface PointerType { readonly kind: 'pointer' | 'reference' | 'rvalueReference'; readonly die: Die; readonly target: DwarfType; readonly byteSize: number }

/** DW_TAG_const_type, volatile_type, restrict_type, atomic_type (DWARF5 5.3). */
export interface QualifiedType { readonly kind: 'const' | 'volatile' | 'restrict' | 'atomic'; readonly die: Die; readonly target: DwarfType }

/** DW_TAG_typedef (DWARF5 5.4). */
export interface TypedefType { readonly kind: 'typedef'; readonly die: Die; readonly name: string; readonly target: DwarfType }

/** A data member or base class (DWARF5 5.7.6, 5.7.3). */
export interface Member {
  readonly name: string | undefined;
  readonly type: DwarfType;
  /**
   * Byte offset from the start of the enclosing object (DW_AT_data_member_location as constant
   * or DW_OP_plus_uconst). For a bitfield: the byte holding its lowest bit (see bitOffset).
   * Undefined when the offset needs `offsetExpression` (virtual bases).
   */
  readonly byteOffset: number | undefined;
  /** A location expression computing the member address from the object address (DWARF5 5.7.6). */
  readonly offsetExpression?: Uint8Array;
  /**
   * Bitfields: the first bit, counted from bit 0 (least significant, little-endian) of the byte
   * at byteOffset; normalised from DW_AT_data_bit_offset (DWARF 4+) or DW_AT_bit_offset (DWARF 2-3).
   */
  readonly bitOffset?: number;
  readonly bitSize?: number;
  /** DW_TAG_inheritance: this member is a base class subobject. */
  readonly isBase: boolean;
  readonly artificial: boolean;
}

/** DW_TAG_structure_type, union_type, class_type (DWARF5 5.7). */
export interface StructType {
  readonly kind: 'struct' | 'union' | 'class';
  readonly die: Die;
  /** Qualified in C++ (geo::Shape); undefined when anonymous. */
  readonly name: string | undefined;
  readonly byteSize: number;
  readonly members: readonly Member[];
  /** DW_AT_declaration: an incomplete type whose members are not here. */
  readonly declaration: boolean;
}

/** DW_TAG_enumeration_type (DWARF5 5.8). */
export interface EnumType {
  readonly kind: 'enum';
  readonly die: Die;
  readonly name: string | undefined;
  readonly byteSize: number;
  readonly signed: boolean;
  readonly enumerators: readonly { readonly name: string; readonly value: number | bigint }[];
}

/** One array dimension (DW_TAG_subrange_type, DWARF5 5.13); count undefined when unknown. */
export interface ArrayDimension { readonly lowerBound: number; readonly count: number | undefined }

/** DW_TAG_array_type (DWARF5 5.5); dimensions outermost first, row-major. */
export interface ArrayType { readonly kind: 'array'; readonly die: Die; readonly element: DwarfType; readonly dimensions: readonly ArrayDimension[] }

/** DW_TAG_subroutine_type (DWARF5 5.10), or a subprogram's signature. */
export interface SubroutineType {
  readonly kind: 'function';
  readonly die: Die;
  readonly returnType: DwarfType;
  readonly parameters: readonly DwarfType[];
  /** DW_TAG_unspecified_parameters present: `...`. */
  readonly variadic: boolean;
  readonly prototyped: boolean;
}

/** DW_TAG_unspecified_type (e.g. decltype(nullptr)) and tags this reader does not model. */
export interface UnspecifiedType { readonly kind: 'unspecified'; readonly die: Die; readonly name: string }

export const voidType: VoidType = { kind: 'void' };

const cache = new WeakMap<Die, DwarfType>();

/** The type of a DIE with DW_AT_type (variable, member, parameter...), through abstract origins. */
export function typeOf(die: Die): DwarfType {
  const found = die.inherited(C.DW_AT_type);
  const target = found ? found.die.unit.context.resolve(found.die, found.value) : undefined;
  return target ? typeFromDie(target) : voidType;
}

/** The type a type DIE describes. Cyclic types (struct node { struct node *next; }) are shared objects. */
export function typeFromDie(die: Die): DwarfType {
  const known = cache.get(die);
  if (known) return known;
  // Type chains (pointer to const to typedef...) are short; corrupt input could chain DIEs
  // without end, so resolution depth is bounded instead of the stack.
  if (resolving >= MAX_TYPE_DEPTH) {
    die.unit.context.warnings.push(`${die.unit.header.section}+0x${die.offset.toString(16)}: type chain deeper than ${MAX_TYPE_DEPTH}`);
    return { kind: 'unspecified', die, name: '<type chain too deep>' };
  }
  // A declaration standing for a type unit's type (DWARF5 3.1.4, -fdebug-types-section).
  const definition = die.flag(C.DW_AT_declaration) ? die.follow(C.DW_AT_signature) : undefined;
  if (definition && definition !== die) {
    resolving++;
    try {
      return typeFromDie(definition);
    } finally {
      resolving--;
    }
  }
  // Register the (still mutable) object before filling it, so a cycle finds it in the cache.
  const type = shell(die);
  cache.set(die, type);
  resolving++;
  try {
    fill(die, type as Mutable<DwarfType>);
  } finally {
    resolving--;
  }
  return type;
}

const MAX_TYPE_DEPTH = 200;
let resolving = 0;

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

function shell(die: Die): DwarfType {
  const byteSize = die.number(C.DW_AT_byte_size) ?? 0;
  switch (die.tag) {
    case C.DW_TAG_base_type: return { kind: 'base', die, name: die.name ?? '', encoding: die.number(C.DW_AT_encoding) ?? 0, byteSize };
    case C.DW_TAG_pointer_type: return { kind: 'pointer', die, target: voidType, byteSize: byteSize || die.unit.header.addressSize };
    case C.DW_TAG_reference_type: return { kind: 'reference', die, target: voidType, byteSize: byteSize || die.unit.header.addressSize };
    case C.DW_TAG_rvalue_reference_type: return { kind: 'rvalueReference', die, target: voidType, byteSize: byteSize || die.unit.header.addressSize };
    case C.DW_TAG_const_type: return { kind: 'const', die, target: voidType };
    case C.DW_TAG_volatile_type: return { kind: 'volatile', die, target: voidType };
    case C.DW_TAG_restrict_type: return { kind: 'restrict', die, target: voidType };
    case C.DW_TAG_atomic_type: return { kind: 'atomic', die, target: voidType };
    case C.DW_TAG_typedef: return { kind: 'typedef', die, name: qualifiedName(die) ?? '', target: voidType };
    case C.DW_TAG_structure_type: case C.DW_TAG_union_type: case C.DW_TAG_class_type:
      return {
        kind: die.tag === C.DW_TAG_union_type ? 'union' : die.tag === C.DW_TAG_class_type ? 'class' : 'struct',
        die, name: qualifiedName(die), byteSize, members: [], declaration: die.flag(C.DW_AT_declaration),
      };
    case C.DW_TAG_enumeration_type: return { kind: 'enum', die, name: qualifiedName(die), byteSize, signed: false, enumerators: [] };
    case C.DW_TAG_array_type: return { kind: 'array', die, element: voidType, dimensions: [] };
    case C.DW_TAG_subroutine_type: case C.DW_TAG_subprogram:
      return { kind: 'function', die, returnType: voidType, parameters: [], variadic: false, prototyped: die.flag(C.DW_AT_prototyped) };
    default: return { kind: 'unspecified', die, name: die.name ?? `<${die.tag.toString(16)}>` };
  }
}

function fill(die: Die, type: Mutable<DwarfType>): void {
  switch (type.kind) {
    case 'pointer': case 'reference': case 'rvalueReference': case 'const': case 'volatile': case 'restrict': case 'atomic': case 'typedef':
      type.target = typeOf(die);
      break;
    case 'struct': case 'union': case 'class':
      type.members = die.children
        .filter((child) => child.tag === C.DW_TAG_member || child.tag === C.DW_TAG_inheritance)
        .filter((child) => !child.flag(C.DW_AT_external) && !child.flag(C.DW_AT_declaration)) // C++ static members live elsewhere
        .map(member);
      break;
    case 'enum': {
      const underlying = typeOf(die);
      const encoding = die.number(C.DW_AT_encoding) ?? (underlying.kind === 'base' ? underlying.encoding : undefined);
      type.signed = encoding === C.DW_ATE_signed || encoding === C.DW_ATE_signed_char;
      type.enumerators = die.children.filter((child) => child.tag === C.DW_TAG_enumerator).map((child) => {
        const value = child.attr(C.DW_AT_const_value);
        return { name: child.name ?? '', value: value?.kind === 'constant' ? (type.signed ? signedConstant(value) : value.value) : 0 };
      });
      if (!type.byteSize && underlying.kind === 'base') type.byteSize = underlying.byteSize;
      break;
    }
    case 'array':
      type.element = typeOf(die);
      type.dimensions = die.children
        .filter((child) => child.tag === C.DW_TAG_subrange_type || child.tag === C.DW_TAG_enumeration_type)
        .map(dimension);
      break;
    case 'function':
      type.returnType = typeOf(die);
      type.parameters = die.children.filter((child) => child.tag === C.DW_TAG_formal_parameter).map(typeOf);
      type.variadic = die.children.some((child) => child.tag === C.DW_TAG_unspecified_parameters);
      break;
    default:
      break;
  }
}

function member(die: Die): Member {
  const type = typeOf(die);
  const location = die.attr(C.DW_AT_data_member_location);
  // No location: a union member, or a DWARF 4+ bitfield placed by data_bit_offset alone.
  let byteOffset: number | undefined = 0;
  let offsetExpression: Uint8Array | undefined;
  if (location?.kind === 'constant') byteOffset = Number(location.value);
  else if (location?.kind === 'exprloc' || location?.kind === 'block') {
    byteOffset = plusUconst(location.bytes);
    if (byteOffset === undefined) offsetExpression = location.bytes;
  }
  const bitSize = die.number(C.DW_AT_bit_size);
  const common = { name: die.name, type, isBase: die.tag === C.DW_TAG_inheritance, artificial: die.flag(C.DW_AT_artificial) };
  if (bitSize === undefined || byteOffset === undefined) return { ...common, byteOffset, offsetExpression };
  let firstBit: number;
  const dataBitOffset = die.number(C.DW_AT_data_bit_offset);
  if (dataBitOffset !== undefined) {
    firstBit = dataBitOffset;
  } else {
    // DWARF 2/3 (DWARF3 5.6.6): bit_offset counts from the most significant bit of a storage
    // unit of byte_size bytes at data_member_location; on a little-endian target the lowest bit
    // of the field is storage bits - bit_offset - bit_size above the storage start.
    const storageBytes = die.number(C.DW_AT_byte_size) ?? sizeOf(type);
    const bitOffset = die.number(C.DW_AT_bit_offset) ?? 0;
    firstBit = byteOffset * 8 + (die.unit.context.sections.littleEndian ? storageBytes * 8 - bitOffset - bitSize : bitOffset);
  }
  return { ...common, byteOffset: Math.floor(firstBit / 8), bitOffset: firstBit % 8, bitSize };
}

function dimension(die: Die): ArrayDimension {
  if (die.tag === C.DW_TAG_enumeration_type) {
    return { lowerBound: 0, count: die.children.filter((child) => child.tag === C.DW_TAG_enumerator).length };
  }
  const language = die.unit.language;
  // DWARF5 Table 7.17: languages whose default lower bound is 1 (Fortran, Ada, Pascal...).
  const defaultLower = language !== undefined && [C.DW_LANG_Fortran77, C.DW_LANG_Fortran90, C.DW_LANG_Fortran95, C.DW_LANG_Fortran03, C.DW_LANG_Fortran08, C.DW_LANG_Ada83, C.DW_LANG_Ada95, C.DW_LANG_Pascal83, C.DW_LANG_Modula2, C.DW_LANG_Cobol74, C.DW_LANG_Cobol85, C.DW_LANG_PLI].includes(language) ? 1 : 0;
  const lowerBound = bound(die.attr(C.DW_AT_lower_bound)) ?? defaultLower;
  const count = bound(die.attr(C.DW_AT_count));
  if (count !== undefined) return { lowerBound, count };
  const upper = bound(die.attr(C.DW_AT_upper_bound));
  return { lowerBound, count: upper === undefined || upper < lowerBound - 1 ? undefined : upper - lowerBound + 1 };
}

function bound(value: AttributeValue | undefined): number | undefined {
  if (value?.kind !== 'constant') return undefined; // exprloc/reference bounds are run-time (VLAs)
  return Number(value.value);
}

/** `DW_OP_plus_uconst N` alone, as GCC writes member offsets in DWARF 2: returns N. */
function plusUconst(bytes: Uint8Array): number | undefined {
  if (bytes.length < 2 || bytes[0] !== 0x23) return undefined;
  let value = 0;
  let scale = 1;
  for (let i = 1; i < bytes.length; i++) {
    value += (bytes[i] & 0x7f) * scale;
    scale *= 128;
    if ((bytes[i] & 0x80) === 0) return i === bytes.length - 1 ? value : undefined;
  }
  return undefined;
}

/** Size in bytes of a value of `type`; 0 when unknown (void, incomplete, unbounded arrays). */
export function sizeOf(type: DwarfType, depth = 0): number {
  if (depth > 64) return 0; // a typedef or qualifier cycle in corrupt input
  switch (type.kind) {
    case 'base': case 'pointer': case 'reference': case 'rvalueReference': case 'struct': case 'union': case 'class': case 'enum':
      return type.byteSize;
    case 'const': case 'volatile': case 'restrict': case 'atomic': case 'typedef':
      return sizeOf(type.target, depth + 1);
    case 'array': {
      const explicit = type.die.number(C.DW_AT_byte_size);
      if (explicit !== undefined) return explicit;
      return type.dimensions.reduce((size, d) => size * (d.count ?? 0), sizeOf(type.element, depth + 1));
    }
    case 'function': return 1;
    default: return 0;
  }
}

/** The type with typedefs and cv-qualifiers removed (what a value of it really is). */
export function stripTypedefs(type: DwarfType): DwarfType {
  let current = type;
  for (let hops = 0; hops < 64; hops++) {
    if (current.kind === 'typedef' || current.kind === 'const' || current.kind === 'volatile' || current.kind === 'restrict' || current.kind === 'atomic') current = current.target;
    else return current;
  }
  return current;
}

/** A DIE's name qualified by enclosing namespaces, classes and structs (C++ `geo::Shape::sides`). */
export function qualifiedName(die: Die): string | undefined {
  const name = die.name;
  if (name === undefined) return undefined;
  const parts = [name];
  const declaration = die.follow(C.DW_AT_specification) ?? die.follow(C.DW_AT_abstract_origin)?.follow(C.DW_AT_specification) ?? die.follow(C.DW_AT_abstract_origin) ?? die;
  for (let parent = declaration.parent; parent; parent = parent.parent) {
    if (parent.tag === C.DW_TAG_namespace) parts.unshift(parent.name ?? '(anonymous namespace)');
    else if ([C.DW_TAG_structure_type, C.DW_TAG_class_type, C.DW_TAG_union_type].includes(parent.tag)) {
      if (parent.name) parts.unshift(parent.name);
    } else if (parent.tag !== C.DW_TAG_compile_unit && parent.tag !== C.DW_TAG_partial_unit && parent.tag !== C.DW_TAG_type_unit) break;
  }
  return parts.join('::');
}
