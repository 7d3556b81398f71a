// Reverse lookup of DW_CFA_* opcodes: value to spec name, for dumps and messages.
// Derived from dwCfa.ts so the two cannot disagree.
import * as constants from './dwCfa';

const names = new Map<number, string>();
for (const [name, value] of Object.entries(constants)) {
  if (name.startsWith('DW_CFA_') && !name.endsWith('_user') && !names.has(value)) names.set(value, name);
}

/** The spec name of a call frame opcode (high-bit forms by their high bits: 0x40 is DW_CFA_advance_loc). */
export function dwCfaName(opcode: number): string {
  return names.get(opcode) ?? `DW_CFA_<0x${opcode.toString(16)}>`;
}
