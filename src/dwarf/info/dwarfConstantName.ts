// Reverse lookup of DWARF constants: value to spec name (DW_TAG_subprogram...), for messages,
// warnings and dump tools. Derived from dwarfConstants.ts so the two cannot disagree.
import * as constants from './dwarfConstants';

/** Constant families that have one value per name. */
export type DwarfConstantFamily = 'DW_UT' | 'DW_TAG' | 'DW_AT' | 'DW_FORM' | 'DW_ATE' | 'DW_LANG' | 'DW_INL' | 'DW_RLE' | 'DW_LLE' | 'DW_CHILDREN';

const tables = new Map<DwarfConstantFamily, Map<number, string>>();

/** The spec name of `value` in `family`, e.g. ('DW_TAG', 0x2e) -> 'DW_TAG_subprogram'; hex when unknown. */
export function dwarfConstantName(family: DwarfConstantFamily, value: number): string {
  let table = tables.get(family);
  if (!table) {
    table = new Map();
    for (const [name, constant] of Object.entries(constants)) {
      if (name.startsWith(`${family}_`) && !table.has(constant)) table.set(constant, name);
    }
    tables.set(family, table);
  }
  return table.get(value) ?? `${family}_0x${value.toString(16)}`;
}
