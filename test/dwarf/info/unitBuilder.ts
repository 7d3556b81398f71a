// Test helper: writes .debug_abbrev and .debug_info units (DWARF 2-5, 32/64-bit) from a DIE tree
// description, with labels for references. Tests only.
import * as C from '../../../src/dwarf';
import { ByteBuilder } from '../../helpers/byteBuilder';

export interface AttrSpec {
  readonly at: number;
  readonly form: number;
  /** Writes the value bytes (nothing for flag_present/implicit_const). */
  readonly write?: (b: ByteBuilder) => unknown;
  readonly implicitConst?: number;
}

export interface DieSpec {
  readonly tag: number;
  readonly attrs: readonly AttrSpec[];
  readonly children?: readonly DieSpec[];
  /** Label placed at the DIE, for ref forms (`ref4To`). */
  readonly label?: string;
}

export interface UnitSpec {
  readonly version: number;
  readonly offsetSize?: 4 | 8;
  readonly addressSize?: number;
  readonly unitType?: number;
  readonly typeSignature?: bigint;
  /** Label of the type DIE, for type units. */
  readonly typeLabel?: string;
  readonly dwoId?: bigint;
  readonly root: DieSpec;
}

/** Offset label of unit `index` (its unit_length field). */
export const unitLabel = (index: number): string => `unit${index}`;

/** Builds both sections; each DIE gets its own abbreviation code. */
export function buildInfo(units: readonly UnitSpec[], littleEndian = true): { info: Uint8Array; abbrev: Uint8Array } {
  const info = new ByteBuilder(littleEndian);
  const abbrev = new ByteBuilder();
  units.forEach((unit, index) => {
    const abbrevOffset = abbrev.length;
    let code = 0;
    const offsetSize = unit.offsetSize ?? 4;
    const addressSize = unit.addressSize ?? 4;
    const start = info.length;
    info.label(unitLabel(index));
    const end = `unit${index}end`;
    if (offsetSize === 8) info.u32(0xffffffff).ref(end, 4, start + 12).u32(0);
    else info.unitLength(end);
    info.u16(unit.version);
    const offset = (value: number): ByteBuilder => (offsetSize === 8 ? info.u64(value) : info.u32(value));
    if (unit.version >= 5) {
      info.u8(unit.unitType ?? C.DW_UT_compile, addressSize);
      offset(abbrevOffset);
    } else {
      offset(abbrevOffset);
      info.u8(addressSize);
    }
    if (unit.typeSignature !== undefined) {
      info.u64(unit.typeSignature);
      if (offsetSize === 8) info.ref(unit.typeLabel ?? '', 4, start).u32(0);
      else info.ref(unit.typeLabel ?? '', 4, start);
    }
    if (unit.dwoId !== undefined) info.u64(unit.dwoId);
    const writeDie = (die: DieSpec): void => {
      code++;
      abbrev.uleb(code).uleb(die.tag).u8(die.children ? 1 : 0);
      for (const attr of die.attrs) {
        abbrev.uleb(attr.at).uleb(attr.form);
        if (attr.form === C.DW_FORM_implicit_const) abbrev.sleb(attr.implicitConst ?? 0);
      }
      abbrev.u8(0, 0);
      if (die.label) info.label(die.label);
      info.uleb(code);
      for (const attr of die.attrs) attr.write?.(info);
      if (die.children) {
        die.children.forEach(writeDie);
        info.u8(0);
      }
    };
    writeDie(unit.root);
    abbrev.u8(0);
    info.label(end);
  });
  return { info: info.build(), abbrev: abbrev.build() };
}

/** A DW_FORM_string attribute. */
export const name = (text: string, at: number = C.DW_AT_name): AttrSpec => ({ at, form: C.DW_FORM_string, write: (b) => b.cString(text) });
/** A DW_FORM_data1 attribute. */
export const data1 = (at: number, value: number): AttrSpec => ({ at, form: C.DW_FORM_data1, write: (b) => b.u8(value) });
/** A DW_FORM_addr attribute (4-byte address). */
export const addr = (at: number, value: number): AttrSpec => ({ at, form: C.DW_FORM_addr, write: (b) => b.u32(value) });
