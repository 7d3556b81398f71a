// Executes call frame instructions into the rows of the unwind table (DWARF5 6.4.1, 6.4.2): the
// CFA rule and register rules that hold over each address range. It reads no target state.
import { DwarfFormatError } from '../../common';
import { CfiSection, FrameDescriptionEntry } from './callFrameEntries';
import { CfaInstruction, CfaRule, RegisterRule, decodeCfaInstructions } from './cfaInstructions';

/** The rules that hold for addresses [startAddress, endAddress) of one function. */
export interface UnwindRow {
  readonly startAddress: number;
  readonly endAddress: number;
  /** Undefined when the program never defines a CFA (malformed, or the FDE describes no frame). */
  readonly cfa: CfaRule | undefined;
  /** Rules of the registers the CIE or FDE mention; any other register keeps its value. */
  readonly registers: ReadonlyMap<number, RegisterRule>;
  /** DW_CFA_GNU_args_size: bytes of outgoing arguments pushed at this point. */
  readonly argsSize: number;
}

interface RowState {
  cfa: CfaRule | undefined;
  registers: Map<number, RegisterRule>;
}

/** Every row of `fde`'s table, in address order. Throws DwarfFormatError on a malformed program. */
export function unwindRows(section: CfiSection, fde: FrameDescriptionEntry): UnwindRow[] {
  return executeCfaProgram(section, fde, undefined);
}

/** The row covering `address` (which must lie in the FDE's range). Throws DwarfFormatError. */
export function unwindRowAt(section: CfiSection, fde: FrameDescriptionEntry, address: number): UnwindRow {
  const [row] = executeCfaProgram(section, fde, address);
  if (!row) throw new DwarfFormatError(`address 0x${address.toString(16)} is outside the FDE`, section.name, fde.offset);
  return row;
}

function executeCfaProgram(section: CfiSection, fde: FrameDescriptionEntry, stopAt: number | undefined): UnwindRow[] {
  const cie = fde.cie;
  const state: RowState = { cfa: undefined, registers: new Map() };
  const initial = decodeCfaInstructions(section, cie.instructionsOffset, cie.initialInstructions.length, cie);
  // The CIE program sets the initial rules; location changes there have no row to apply to.
  for (const instruction of initial) apply(instruction, state, undefined, [], section);
  const initialState: RowState = { cfa: state.cfa, registers: new Map(state.registers) };
  const program = decodeCfaInstructions(section, fde.instructionsOffset, fde.instructions.length, cie);

  const rows: UnwindRow[] = [];
  const end = fde.initialLocation + fde.addressRange;
  const remembered: RowState[] = [];
  let location = fde.initialLocation;
  let argsSize = 0;
  const snapshot = (to: number): UnwindRow => ({
    startAddress: location, endAddress: to, cfa: state.cfa, registers: new Map(state.registers), argsSize,
  });

  for (const instruction of program) {
    if (instruction.kind === 'advanceLoc' || instruction.kind === 'setLoc') {
      const next = instruction.kind === 'advanceLoc' ? location + instruction.delta : instruction.address;
      if (next < location) throw new DwarfFormatError('DW_CFA_set_loc moves backwards', section.name, instruction.offset);
      if (next > location) {
        const row = snapshot(Math.min(next, end));
        if (stopAt === undefined) rows.push(row);
        else if (stopAt < next) return stopAt >= location ? [row] : [];
      }
      location = next;
      if (location >= end) return rows;
      continue;
    }
    if (instruction.kind === 'argsSize') argsSize = instruction.size;
    else apply(instruction, state, initialState, remembered, section);
  }
  if (location < end) {
    const row = snapshot(end);
    if (stopAt === undefined) rows.push(row);
    else if (stopAt >= location && stopAt < end) return [row];
  }
  return rows;
}

/** One rule-changing instruction (DWARF5 6.4.2.2 to 6.4.2.4). */
function apply(instruction: CfaInstruction, state: RowState, initial: RowState | undefined, remembered: RowState[], section: CfiSection): void {
  const where = (message: string): DwarfFormatError => new DwarfFormatError(message, section.name, instruction.offset);
  switch (instruction.kind) {
    case 'defCfa':
      state.cfa = { kind: 'registerOffset', register: instruction.register, offset: instruction.cfaOffset };
      break;
    case 'defCfaRegister':
      // "Keep the old offset" (DWARF5 6.4.2.2); with no CFA rule yet the offset is 0, as libgcc's
      // and GDB's unwinders start: GCC's RISC-V CIE is `DW_CFA_def_cfa_register: r2 (sp)` alone.
      if (state.cfa === undefined) state.cfa = { kind: 'registerOffset', register: instruction.register, offset: 0 };
      else if (state.cfa.kind !== 'registerOffset') throw where('DW_CFA_def_cfa_register without a register-based CFA');
      else state.cfa = { ...state.cfa, register: instruction.register };
      break;
    case 'defCfaOffset':
      if (state.cfa?.kind !== 'registerOffset') throw where('DW_CFA_def_cfa_offset without a register-based CFA');
      state.cfa = { ...state.cfa, offset: instruction.cfaOffset };
      break;
    case 'defCfaExpression':
      state.cfa = { kind: 'expression', expression: instruction.expression };
      break;
    case 'setRule':
      state.registers.set(instruction.register, instruction.rule);
      break;
    case 'restore': {
      // DWARF5 6.4.2.3: back to the rule the CIE's initial instructions gave.
      const rule = initial?.registers.get(instruction.register);
      if (rule) state.registers.set(instruction.register, rule);
      else state.registers.delete(instruction.register);
      break;
    }
    case 'rememberState':
      // The CFA is remembered too, as GCC's epilogues expect (and libgcc, GDB and binutils do).
      remembered.push({ cfa: state.cfa, registers: new Map(state.registers) });
      break;
    case 'restoreState': {
      const saved = remembered.pop();
      if (!saved) throw where('DW_CFA_restore_state without a remembered state');
      state.cfa = saved.cfa;
      state.registers = saved.registers;
      break;
    }
    default:
      break;
  }
}
