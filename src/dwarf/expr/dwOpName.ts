// Reverse lookup of DW_OP_* opcodes: value to spec name, for failure reasons and dumps.
// Derived from dwOp.ts so the two cannot disagree.
import * as opcodes from './dwOp';

const names = new Map<number, string>();
for (const [name, code] of Object.entries(opcodes)) {
  if (!names.has(code)) names.set(code, name);
}

/** The spec name of an opcode (`DW_OP_lit5`, `DW_OP_breg13`), or `DW_OP_<0xNN>` when unknown. */
export function dwOpName(opcode: number): string {
  return names.get(opcode) ?? `DW_OP_<0x${opcode.toString(16)}>`;
}
