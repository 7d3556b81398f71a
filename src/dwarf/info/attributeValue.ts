// Reading one attribute value of any form (DWARF5 7.5.6, Table 7.6; GNU forms GCC emits).
// Returns raw values: string indexes, address indexes and list indexes are resolved by the unit.
import { ByteReader, DwarfFormatError } from '../../common';
import * as C from './dwarfConstants';
import { decodeString, StringSectionName } from '../dwarfSections';
import { DwarfEncoding, readAddress, readOffset } from './dwarfEncoding';

/** The value of one attribute, by the class of its form (DWARF5 7.5.5). */
export type AttributeValue =
  | { readonly kind: 'address'; readonly value: number }
  /** DW_FORM_addrx*: an index into .debug_addr from the unit's DW_AT_addr_base. */
  | { readonly kind: 'addressIndex'; readonly index: number }
  /**
   * DW_FORM_data1-8, udata, sdata, implicit_const. `signed` is true only for sdata/implicit_const;
   * dataN is of unknown signedness (DWARF5 7.5.5): use `signedConstant` when the type says so.
   * `value` is a bigint only when it does not fit a safe integer.
   */
  | { readonly kind: 'constant'; readonly value: number | bigint; readonly signed: boolean; readonly byteSize: number }
  /** DW_FORM_block*, data16. */
  | { readonly kind: 'block'; readonly bytes: Uint8Array }
  /** DW_FORM_exprloc: a DWARF expression. */
  | { readonly kind: 'exprloc'; readonly bytes: Uint8Array }
  | { readonly kind: 'flag'; readonly value: boolean }
  /** DW_FORM_string, strp, line_strp (resolved while reading). */
  | { readonly kind: 'string'; readonly value: string }
  /** DW_FORM_strx*: an index into .debug_str_offsets from DW_AT_str_offsets_base. */
  | { readonly kind: 'stringIndex'; readonly index: number }
  /** DW_FORM_ref*, ref_addr: an offset in .debug_info (or .debug_types), made absolute. */
  | { readonly kind: 'reference'; readonly offset: number }
  /** DW_FORM_ref_sig8: a type unit signature. */
  | { readonly kind: 'signature'; readonly signature: bigint }
  /** DW_FORM_sec_offset (and dataN used as one before DWARF 4): an offset in another section. */
  | { readonly kind: 'sectionOffset'; readonly offset: number }
  | { readonly kind: 'rnglistIndex'; readonly index: number }
  | { readonly kind: 'loclistIndex'; readonly index: number }
  /** A reference into a supplementary object file (ref_sup*, strp_sup, GNU alt forms): not followed. */
  | { readonly kind: 'supplementary'; readonly offset: number };

/** Where strings live, for strp/line_strp; both may be absent (the value then reads as an error). */
export interface StringSections {
  readonly debugStr?: Uint8Array;
  readonly debugLineStr?: Uint8Array;
  /** Reads a string of either section instead, when given (DwarfSections.cString: reads only that string). */
  readonly cString?: (name: StringSectionName, offset: number) => string;
}

/** What a form needs besides the bytes: encoding, the unit's offset for unit-relative refs. */
export interface FormContext {
  readonly encoding: DwarfEncoding;
  /** Offset of the unit header in its section; DW_FORM_ref1-8/ref_udata are relative to it. */
  readonly unitOffset: number;
  readonly strings: StringSections;
  /** Section name for error messages. */
  readonly section: string;
}

/** Reads a value of `form` at the reader's cursor (DWARF5 7.5.6). */
export function readAttributeValue(r: ByteReader, form: number, context: FormContext, implicitConst?: number | bigint): AttributeValue {
  const { encoding } = context;
  switch (form) {
    case C.DW_FORM_addr: return { kind: 'address', value: readAddress(r, encoding.addressSize) };
    case C.DW_FORM_addrx: case C.DW_FORM_GNU_addr_index: return { kind: 'addressIndex', index: r.uleb128() };
    case C.DW_FORM_addrx1: return { kind: 'addressIndex', index: r.u8() };
    case C.DW_FORM_addrx2: return { kind: 'addressIndex', index: r.u16() };
    case C.DW_FORM_addrx3: return { kind: 'addressIndex', index: r.u24() };
    case C.DW_FORM_addrx4: return { kind: 'addressIndex', index: r.u32() };
    case C.DW_FORM_data1: return constant(r.u8(), false, 1);
    case C.DW_FORM_data2: return constant(r.u16(), false, 2);
    case C.DW_FORM_data4: return constant(r.u32(), false, 4);
    case C.DW_FORM_data8: return constant(r.u64(), false, 8);
    case C.DW_FORM_data16: return { kind: 'block', bytes: r.bytesView(16) };
    case C.DW_FORM_sdata: return constant(r.sleb128Big(), true, 0);
    case C.DW_FORM_udata: return constant(r.uleb128Big(), false, 0);
    case C.DW_FORM_implicit_const:
      if (implicitConst === undefined) throw new DwarfFormatError('DW_FORM_implicit_const without a value in its abbreviation', context.section, r.offset);
      return constant(implicitConst, true, 0);
    case C.DW_FORM_block1: return { kind: 'block', bytes: r.bytesView(r.u8()) };
    case C.DW_FORM_block2: return { kind: 'block', bytes: r.bytesView(r.u16()) };
    case C.DW_FORM_block4: return { kind: 'block', bytes: r.bytesView(r.u32()) };
    case C.DW_FORM_block: return { kind: 'block', bytes: r.bytesView(r.uleb128()) };
    case C.DW_FORM_exprloc: return { kind: 'exprloc', bytes: r.bytesView(r.uleb128()) };
    case C.DW_FORM_flag: return { kind: 'flag', value: r.u8() !== 0 };
    case C.DW_FORM_flag_present: return { kind: 'flag', value: true };
    case C.DW_FORM_string: return { kind: 'string', value: r.cString() };
    case C.DW_FORM_strp: return { kind: 'string', value: sectionString(context.strings, '.debug_str', readOffset(r, encoding.offsetSize)) };
    case C.DW_FORM_line_strp: return { kind: 'string', value: sectionString(context.strings, '.debug_line_str', readOffset(r, encoding.offsetSize)) };
    case C.DW_FORM_strx: case C.DW_FORM_GNU_str_index: return { kind: 'stringIndex', index: r.uleb128() };
    case C.DW_FORM_strx1: return { kind: 'stringIndex', index: r.u8() };
    case C.DW_FORM_strx2: return { kind: 'stringIndex', index: r.u16() };
    case C.DW_FORM_strx3: return { kind: 'stringIndex', index: r.u24() };
    case C.DW_FORM_strx4: return { kind: 'stringIndex', index: r.u32() };
    case C.DW_FORM_ref1: return reference(context, r.u8());
    case C.DW_FORM_ref2: return reference(context, r.u16());
    case C.DW_FORM_ref4: return reference(context, r.u32());
    case C.DW_FORM_ref8: return reference(context, r.u64Number());
    case C.DW_FORM_ref_udata: return reference(context, r.uleb128());
    // DWARF 2 sized ref_addr like an address; DWARF 3 and later like an offset (DWARF5 7.5.5).
    case C.DW_FORM_ref_addr: return { kind: 'reference', offset: encoding.version <= 2 ? readAddress(r, encoding.addressSize) : readOffset(r, encoding.offsetSize) };
    case C.DW_FORM_ref_sig8: return { kind: 'signature', signature: r.u64() };
    case C.DW_FORM_sec_offset: return { kind: 'sectionOffset', offset: readOffset(r, encoding.offsetSize) };
    case C.DW_FORM_rnglistx: return { kind: 'rnglistIndex', index: r.uleb128() };
    case C.DW_FORM_loclistx: return { kind: 'loclistIndex', index: r.uleb128() };
    case C.DW_FORM_ref_sup4: return { kind: 'supplementary', offset: r.u32() };
    case C.DW_FORM_ref_sup8: return { kind: 'supplementary', offset: r.u64Number() };
    case C.DW_FORM_strp_sup: case C.DW_FORM_GNU_ref_alt: case C.DW_FORM_GNU_strp_alt:
      return { kind: 'supplementary', offset: readOffset(r, encoding.offsetSize) };
    case C.DW_FORM_indirect: {
      // DWARF5 7.5.3: the form is in the data. implicit_const cannot be indirect (no place for
      // its value), and an indirect chain consumes a byte per step, so it always ends.
      const actual = r.uleb128();
      if (actual === C.DW_FORM_implicit_const) throw new DwarfFormatError('DW_FORM_indirect to DW_FORM_implicit_const', context.section, r.offset);
      return readAttributeValue(r, actual, context);
    }
    default:
      throw new DwarfFormatError(`unknown attribute form 0x${form.toString(16)}`, context.section, r.offset);
  }
}

/** A strp/line_strp string: through StringSections.cString when given, else from the bytes. */
function sectionString(strings: StringSections, name: StringSectionName, offset: number): string {
  if (strings.cString) return strings.cString(name, offset);
  return decodeString(name === '.debug_str' ? strings.debugStr : strings.debugLineStr, offset, name);
}

/** The constant as a signed number of its byte size (dataN two's complement), e.g. 0xfd -> -3. */
export function signedConstant(value: Extract<AttributeValue, { kind: 'constant' }>): number | bigint {
  if (value.signed || value.byteSize === 0) return value.value;
  const bits = BigInt(value.byteSize * 8);
  return narrow(BigInt.asIntN(Number(bits), BigInt(value.value)));
}

function constant(value: number | bigint, signed: boolean, byteSize: number): AttributeValue {
  return { kind: 'constant', value: typeof value === 'bigint' ? narrow(value) : value, signed, byteSize };
}

function narrow(value: bigint): number | bigint {
  return value <= BigInt(Number.MAX_SAFE_INTEGER) && value >= BigInt(Number.MIN_SAFE_INTEGER) ? Number(value) : value;
}

function reference(context: FormContext, relative: number): AttributeValue {
  return { kind: 'reference', offset: context.unitOffset + relative };
}
