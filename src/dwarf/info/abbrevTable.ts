// .debug_abbrev (DWARF5 7.5.3): one abbreviation table per offset, mapping codes to a tag, a
// children flag and attribute specifications. Parses only the table asked for.
import { ByteReader, DwarfFormatError } from '../../common';
import { DW_FORM_implicit_const } from './dwarfConstants';
import { inSection } from './dwarfEncoding';

/** One attribute specification: name, form, and the value of DW_FORM_implicit_const. */
export interface AttributeSpec {
  readonly name: number;
  readonly form: number;
  readonly implicitConst?: number | bigint;
}

/** One abbreviation declaration (DWARF5 7.5.3). */
export interface Abbreviation {
  readonly code: number;
  readonly tag: number;
  readonly hasChildren: boolean;
  readonly attributes: readonly AttributeSpec[];
}

/** The abbreviations of one table, by code. */
export type AbbrevTable = ReadonlyMap<number, Abbreviation>;

/** Parses the abbreviation table starting at `offset` of .debug_abbrev. */
export function parseAbbrevTable(section: Uint8Array, offset: number): AbbrevTable {
  if (offset >= section.length) throw new DwarfFormatError('abbreviation table offset is outside .debug_abbrev', '.debug_abbrev', offset);
  return inSection('.debug_abbrev', () => {
    const r = new ByteReader(section, true, offset);
    const table = new Map<number, Abbreviation>();
    for (;;) {
      const at = r.offset;
      const code = r.uleb128();
      if (code === 0) return table;
      if (table.has(code)) throw new DwarfFormatError(`duplicate abbreviation code ${code}`, '.debug_abbrev', at);
      const tag = r.uleb128();
      const hasChildren = r.u8() !== 0;
      const attributes: AttributeSpec[] = [];
      for (;;) {
        const name = r.uleb128();
        const form = r.uleb128();
        if (name === 0 && form === 0) break;
        if (form === DW_FORM_implicit_const) {
          const value = r.sleb128Big();
          attributes.push({ name, form, implicitConst: value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : value });
        } else {
          attributes.push({ name, form });
        }
      }
      table.set(code, { code, tag, hasChildren, attributes });
    }
  });
}
