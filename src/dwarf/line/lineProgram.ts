// Runs one line number program (DWARF5 6.2.5: standard, extended and special opcodes) over the
// state machine of 6.2.2 and produces its LineTable. Header parsing lives in lineProgramHeader.ts.
import { ByteReader, DwarfFormatError } from '../../common';
import { inSection } from '../info';
import {
  DW_LNE_define_file, DW_LNE_end_sequence, DW_LNE_set_address, DW_LNE_set_discriminator, DW_LNS_advance_line,
  DW_LNS_advance_pc, DW_LNS_const_add_pc, DW_LNS_copy, DW_LNS_fixed_advance_pc, DW_LNS_negate_stmt,
  DW_LNS_set_basic_block, DW_LNS_set_column, DW_LNS_set_epilogue_begin, DW_LNS_set_file, DW_LNS_set_isa,
  DW_LNS_set_prologue_end,
} from './lineConstants';
import { DEBUG_LINE, LineFileEntry, LineProgramHeader, readV4FileEntry } from './lineProgramHeader';
import {
  LineRowsBuilder, LineTable, ROW_BASIC_BLOCK, ROW_END_SEQUENCE, ROW_EPILOGUE_BEGIN, ROW_IS_STMT, ROW_PROLOGUE_END,
} from './lineTable';

/**
 * Decodes the opcodes of the program described by `header` into its matrix. Throws
 * DwarfFormatError naming the offset of a truncated or malformed opcode. The work is bounded by
 * the program's size: every opcode consumes at least one byte and appends at most one row.
 */
export function runLineProgram(section: Uint8Array, header: LineProgramHeader, littleEndian = true): LineTable {
  return inSection(DEBUG_LINE, () => run(section, header, littleEndian));
}

function run(section: Uint8Array, header: LineProgramHeader, littleEndian: boolean): LineTable {
  const r = new ByteReader(section, littleEndian, header.programOffset, header.unitEnd);
  // Every row needs at least one opcode byte: the program's length bounds the row count.
  const rows = new LineRowsBuilder(header.unitEnd - header.programOffset);
  const fileNames: LineFileEntry[] = [...header.fileNames];
  const { minimumInstructionLength, maximumOperationsPerInstruction: maxOps, lineBase, lineRange, opcodeBase } = header;

  // The state machine registers (DWARF5 6.2.2, table 6.4 gives the initial values).
  let address = 0;
  let opIndex = 0;
  let file = 1;
  let line = 1;
  let column = 0;
  let isStmt = header.defaultIsStmt;
  let basicBlock = false;
  let prologueEnd = false;
  let epilogueBegin = false;
  let isa = 0;
  let discriminator = 0;

  const reset = (): void => {
    address = 0;
    opIndex = 0;
    file = 1;
    line = 1;
    column = 0;
    isStmt = header.defaultIsStmt;
    basicBlock = false;
    prologueEnd = false;
    epilogueBegin = false;
    isa = 0;
    discriminator = 0;
  };
  const emit = (endSequence: boolean): void => {
    const flags = (isStmt ? ROW_IS_STMT : 0) | (basicBlock ? ROW_BASIC_BLOCK : 0) | (endSequence ? ROW_END_SEQUENCE : 0)
      | (prologueEnd ? ROW_PROLOGUE_END : 0) | (epilogueBegin ? ROW_EPILOGUE_BEGIN : 0);
    rows.push(address, opIndex, file, line, column, isa, discriminator, flags);
    basicBlock = false;
    prologueEnd = false;
    epilogueBegin = false;
    discriminator = 0;
  };
  // DWARF5 6.2.5.1: the "operation advance" moves address and op_index together (VLIW aware).
  const advance = (operationAdvance: number): void => {
    if (maxOps === 1) {
      address += minimumInstructionLength * operationAdvance;
    } else {
      const total = opIndex + operationAdvance;
      address += minimumInstructionLength * Math.floor(total / maxOps);
      opIndex = total % maxOps;
    }
  };

  while (!r.atEnd) {
    const opcodeAt = r.offset;
    const opcode = r.u8();
    if (opcode >= opcodeBase) {
      // Special opcode (DWARF5 6.2.5.1).
      const adjusted = opcode - opcodeBase;
      advance(Math.floor(adjusted / lineRange));
      line += lineBase + (adjusted % lineRange);
      emit(false);
    } else if (opcode === 0) {
      const length = r.uleb128();
      if (length === 0) throw new DwarfFormatError('extended opcode with length 0', DEBUG_LINE, opcodeAt);
      const operands = r.sub(length);
      const extended = operands.u8();
      switch (extended) {
        case DW_LNE_end_sequence:
          emit(true);
          reset();
          break;
        case DW_LNE_set_address:
          address = readAddress(operands, opcodeAt);
          opIndex = 0;
          break;
        case DW_LNE_define_file:
          fileNames.push(readV4FileEntry(operands));
          break;
        case DW_LNE_set_discriminator:
          discriminator = operands.uleb128();
          break;
        default:
          break; // unknown extended opcodes (DW_LNE_lo_user..) are skipped by their length, as 6.2.5.3 allows
      }
    } else {
      switch (opcode) {
        case DW_LNS_copy:
          emit(false);
          break;
        case DW_LNS_advance_pc:
          advance(r.uleb128());
          break;
        case DW_LNS_advance_line:
          line += r.sleb128();
          break;
        case DW_LNS_set_file:
          file = r.uleb128();
          break;
        case DW_LNS_set_column:
          column = r.uleb128();
          break;
        case DW_LNS_negate_stmt:
          isStmt = !isStmt;
          break;
        case DW_LNS_set_basic_block:
          basicBlock = true;
          break;
        case DW_LNS_const_add_pc:
          advance(Math.floor((255 - opcodeBase) / lineRange));
          break;
        case DW_LNS_fixed_advance_pc:
          address += r.u16();
          opIndex = 0;
          break;
        case DW_LNS_set_prologue_end:
          prologueEnd = true;
          break;
        case DW_LNS_set_epilogue_begin:
          epilogueBegin = true;
          break;
        case DW_LNS_set_isa:
          isa = r.uleb128();
          break;
        default:
          // An opcode this reader does not know, below opcode_base: the header says how many
          // ULEB128 operands to skip (DWARF5 6.2.5.2, standard_opcode_lengths).
          for (let i = header.standardOpcodeLengths[opcode - 1]; i > 0; i--) r.uleb128();
          break;
      }
    }
  }
  return new LineTable(header, rows, fileNames);
}

function readAddress(operands: ByteReader, opcodeAt: number): number {
  switch (operands.remaining) {
    case 1:
      return operands.u8();
    case 2:
      return operands.u16();
    case 4:
      return operands.u32();
    case 8:
      return operands.u64Number();
    default:
      throw new DwarfFormatError(`DW_LNE_set_address with a ${operands.remaining}-byte operand`, DEBUG_LINE, opcodeAt);
  }
}
