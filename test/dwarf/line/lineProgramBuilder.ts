// Test helper: assembles .debug_line units (DWARF 2-5 headers, 32- or 64-bit format) around a
// program written with ByteBuilder, so the line reader's unit tests state every byte they feed.
import { ByteBuilder } from '../../helpers/byteBuilder';

export interface V5Entry {
  /** [DW_LNCT_*, DW_FORM_*] pairs. */
  readonly format: readonly (readonly [number, number])[];
  /** Writes one entry's fields in `format` order. */
  readonly entries: readonly ((b: ByteBuilder) => void)[];
}

export interface LineUnitSpec {
  readonly version: 2 | 3 | 4 | 5;
  readonly offsetSize?: 4 | 8;
  readonly minimumInstructionLength?: number;
  readonly maximumOperationsPerInstruction?: number;
  readonly defaultIsStmt?: boolean;
  readonly lineBase?: number;
  readonly lineRange?: number;
  readonly opcodeBase?: number;
  /** Operand counts of opcodes 1..opcode_base-1; defaults to DWARF 5's table (then 1 each). */
  readonly standardOpcodeLengths?: readonly number[];
  /** DWARF 2-4 include_directories. */
  readonly directories?: readonly string[];
  /** DWARF 2-4 file_names: [name, dir index]. */
  readonly files?: readonly (readonly [string, number])[];
  readonly v5Directories?: V5Entry;
  readonly v5Files?: V5Entry;
  /** The opcodes. */
  readonly program: (b: ByteBuilder) => void;
}

const STANDARD_LENGTHS = [0, 1, 1, 1, 1, 0, 0, 0, 1, 0, 0, 1];

/** The bytes of one line number program unit. */
export function lineUnit(spec: LineUnitSpec): Uint8Array {
  const offsetSize = spec.offsetSize ?? 4;
  const opcodeBase = spec.opcodeBase ?? 13;
  const fields = new ByteBuilder().u8(spec.minimumInstructionLength ?? 2);
  if (spec.version >= 4) fields.u8(spec.maximumOperationsPerInstruction ?? 1);
  fields.u8(spec.defaultIsStmt === false ? 0 : 1).u8((spec.lineBase ?? -5) & 0xff).u8(spec.lineRange ?? 14).u8(opcodeBase);
  for (let i = 1; i < opcodeBase; i++) fields.u8((spec.standardOpcodeLengths ?? STANDARD_LENGTHS)[i - 1] ?? 1);
  if (spec.version >= 5) {
    for (const table of [spec.v5Directories, spec.v5Files]) {
      const t = table ?? { format: [], entries: [] };
      fields.u8(t.format.length);
      for (const [type, form] of t.format) fields.uleb(type).uleb(form);
      fields.uleb(t.entries.length);
      for (const write of t.entries) write(fields);
    }
  } else {
    for (const dir of spec.directories ?? []) fields.cString(dir);
    fields.u8(0);
    for (const [name, dir] of spec.files ?? []) fields.cString(name).uleb(dir).uleb(0).uleb(0);
    fields.u8(0);
  }
  const fieldBytes = fields.build();
  const program = new ByteBuilder();
  spec.program(program);
  const programBytes = program.build();

  const afterLength = new ByteBuilder().u16(spec.version);
  if (spec.version >= 5) afterLength.u8(4).u8(0);
  afterLength.uint(fieldBytes.length, offsetSize).raw(fieldBytes).raw(programBytes);
  const body = afterLength.build();
  const unit = new ByteBuilder();
  if (offsetSize === 8) unit.u32(0xffffffff).u64(body.length);
  else unit.u32(body.length);
  return unit.raw(body).build();
}

/** Concatenates units into one section. */
export function section(...units: Uint8Array[]): Uint8Array {
  const out = new ByteBuilder();
  for (const unit of units) out.raw(unit);
  return out.build();
}

/** Extended opcode: 0, ULEB length, sub-opcode, operands. */
export function extended(b: ByteBuilder, opcode: number, operands: (o: ByteBuilder) => void = () => undefined): ByteBuilder {
  const o = new ByteBuilder().u8(opcode);
  operands(o);
  const bytes = o.build();
  return b.u8(0).uleb(bytes.length).raw(bytes);
}
