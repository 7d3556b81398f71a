// Decodes call frame instructions (DWARF5 6.4.2) into typed values, with operands already
// multiplied by the CIE's alignment factors. It keeps no row state: cfaProgram.ts executes them.
import { ByteReader, ByteReaderOverrun, DwarfFormatError } from '../../common';
import {
  DW_CFA_GNU_args_size, DW_CFA_GNU_negative_offset_extended, DW_CFA_GNU_window_save, DW_CFA_MIPS_advance_loc8,
  DW_CFA_advance_loc, DW_CFA_advance_loc1, DW_CFA_advance_loc2, DW_CFA_advance_loc4, DW_CFA_def_cfa,
  DW_CFA_def_cfa_expression, DW_CFA_def_cfa_offset, DW_CFA_def_cfa_offset_sf, DW_CFA_def_cfa_register, DW_CFA_def_cfa_sf,
  DW_CFA_expression, DW_CFA_nop, DW_CFA_offset, DW_CFA_offset_extended, DW_CFA_offset_extended_sf, DW_CFA_register,
  DW_CFA_remember_state, DW_CFA_restore, DW_CFA_restore_extended, DW_CFA_restore_state, DW_CFA_same_value,
  DW_CFA_set_loc, DW_CFA_undefined, DW_CFA_val_expression, DW_CFA_val_offset, DW_CFA_val_offset_sf,
} from './dwCfa';

import { CfiSection, CommonInformationEntry } from './callFrameEntries';
import { PointerBases, PointerEncodingError, readEncodedPointer } from './pointerEncoding';

/** How to recover a register of the caller (DWARF5 6.4.1 "register rules"). */
export type RegisterRule =
  | { readonly kind: 'undefined' }
  | { readonly kind: 'sameValue' }
  /** Saved at CFA + offset. */
  | { readonly kind: 'offset'; readonly offset: number }
  /** The value is CFA + offset. */
  | { readonly kind: 'valOffset'; readonly offset: number }
  /** Saved in another register. */
  | { readonly kind: 'register'; readonly register: number }
  /** Saved at the address the expression computes (CFA pushed first). */
  | { readonly kind: 'expression'; readonly expression: Uint8Array }
  /** The value is what the expression computes (CFA pushed first). */
  | { readonly kind: 'valExpression'; readonly expression: Uint8Array };

/** How to compute the CFA (DWARF5 6.4.1). */
export type CfaRule =
  | { readonly kind: 'registerOffset'; readonly register: number; readonly offset: number }
  | { readonly kind: 'expression'; readonly expression: Uint8Array };

/** One decoded instruction; `offset` is its place in the section, `opcode` its DW_CFA_* value. */
export type CfaInstruction = { readonly opcode: number; readonly offset: number } & (
  /** advance_loc*, set_loc: `address` is absolute (the row's new location). */
  | { readonly kind: 'advanceLoc'; readonly delta: number }
  | { readonly kind: 'setLoc'; readonly address: number }
  | { readonly kind: 'defCfa'; readonly register: number; readonly cfaOffset: number }
  | { readonly kind: 'defCfaRegister'; readonly register: number }
  | { readonly kind: 'defCfaOffset'; readonly cfaOffset: number }
  | { readonly kind: 'defCfaExpression'; readonly expression: Uint8Array }
  | { readonly kind: 'setRule'; readonly register: number; readonly rule: RegisterRule }
  | { readonly kind: 'restore'; readonly register: number }
  | { readonly kind: 'rememberState' }
  | { readonly kind: 'restoreState' }
  | { readonly kind: 'argsSize'; readonly size: number }
  | { readonly kind: 'nop' }
);

/**
 * Decodes the instructions at section offsets [start, start + byteLength) (a CIE's initial
 * instructions or an FDE program); throws DwarfFormatError naming the offset on bad input.
 */
export function decodeCfaInstructions(section: CfiSection, start: number, byteLength: number, cie: CommonInformationEntry): CfaInstruction[] {
  // A reader over the whole section keeps offsets section-relative, as pc-relative set_loc needs.
  const r = new ByteReader(section.bytes, section.littleEndian, start, start + byteLength);
  const out: CfaInstruction[] = [];
  const code = cie.codeAlignmentFactor;
  const data = cie.dataAlignmentFactor;
  let offset = start;
  try {
    while (!r.atEnd) {
      offset = r.offset;
      const byte = r.u8();
      const high = byte & 0xc0;
      const low = byte & 0x3f;
      const base = { opcode: high !== 0 ? high : byte, offset };
      if (high === DW_CFA_advance_loc) out.push({ ...base, kind: 'advanceLoc', delta: low * code });
      else if (high === DW_CFA_offset) out.push({ ...base, kind: 'setRule', register: low, rule: { kind: 'offset', offset: r.uleb128() * data } });
      else if (high === DW_CFA_restore) out.push({ ...base, kind: 'restore', register: low });
      else out.push(decodeExtended(byte, base, r, cie, section));
    }
  } catch (error) {
    if (error instanceof ByteReaderOverrun) throw new DwarfFormatError('call frame instruction ends inside its operands', section.name, offset);
    if (error instanceof PointerEncodingError) throw new DwarfFormatError(error.message, section.name, offset);
    throw error;
  }
  return out;
}

function decodeExtended(
  opcode: number,
  base: { opcode: number; offset: number },
  r: ByteReader,
  cie: CommonInformationEntry,
  section: CfiSection,
): CfaInstruction {
  const code = cie.codeAlignmentFactor;
  const data = cie.dataAlignmentFactor;
  const rule = (register: number, value: RegisterRule): CfaInstruction => ({ ...base, kind: 'setRule', register, rule: value });
  const block = (): Uint8Array => r.bytesView(r.uleb128());
  switch (opcode) {
    case DW_CFA_nop: return { ...base, kind: 'nop' };
    case DW_CFA_set_loc: {
      // The address size and, in .eh_frame, the FDE pointer encoding apply (LSB 10.6.1.1).
      const bases: PointerBases = {
        addressSize: cie.addressSize, sectionAddress: section.address, textAddress: section.textAddress, dataAddress: section.dataAddress,
      };
      const encoding = section.name === '.eh_frame' ? cie.fdePointerEncoding : 0;
      const pointer = readEncodedPointer(r, encoding, bases);
      if (!pointer) throw new DwarfFormatError('DW_CFA_set_loc with DW_EH_PE_omit', section.name, base.offset);
      return { ...base, kind: 'setLoc', address: pointer.value };
    }
    case DW_CFA_advance_loc1: return { ...base, kind: 'advanceLoc', delta: r.u8() * code };
    case DW_CFA_advance_loc2: return { ...base, kind: 'advanceLoc', delta: r.u16() * code };
    case DW_CFA_advance_loc4: return { ...base, kind: 'advanceLoc', delta: r.u32() * code };
    case DW_CFA_MIPS_advance_loc8: return { ...base, kind: 'advanceLoc', delta: r.u64Number() * code };
    case DW_CFA_offset_extended: return rule(r.uleb128(), { kind: 'offset', offset: r.uleb128() * data });
    case DW_CFA_offset_extended_sf: return rule(r.uleb128(), { kind: 'offset', offset: r.sleb128() * data });
    case DW_CFA_GNU_negative_offset_extended: return rule(r.uleb128(), { kind: 'offset', offset: -r.uleb128() * data });
    case DW_CFA_val_offset: return rule(r.uleb128(), { kind: 'valOffset', offset: r.uleb128() * data });
    case DW_CFA_val_offset_sf: return rule(r.uleb128(), { kind: 'valOffset', offset: r.sleb128() * data });
    case DW_CFA_restore_extended: return { ...base, kind: 'restore', register: r.uleb128() };
    case DW_CFA_undefined: return rule(r.uleb128(), { kind: 'undefined' });
    case DW_CFA_same_value: return rule(r.uleb128(), { kind: 'sameValue' });
    case DW_CFA_register: return rule(r.uleb128(), { kind: 'register', register: r.uleb128() });
    case DW_CFA_expression: return rule(r.uleb128(), { kind: 'expression', expression: block() });
    case DW_CFA_val_expression: return rule(r.uleb128(), { kind: 'valExpression', expression: block() });
    case DW_CFA_remember_state: return { ...base, kind: 'rememberState' };
    case DW_CFA_restore_state: return { ...base, kind: 'restoreState' };
    // def_cfa and def_cfa_offset take unfactored offsets; the _sf forms are factored (DWARF5 6.4.2.2).
    case DW_CFA_def_cfa: return { ...base, kind: 'defCfa', register: r.uleb128(), cfaOffset: r.uleb128() };
    case DW_CFA_def_cfa_sf: return { ...base, kind: 'defCfa', register: r.uleb128(), cfaOffset: r.sleb128() * data };
    case DW_CFA_def_cfa_register: return { ...base, kind: 'defCfaRegister', register: r.uleb128() };
    case DW_CFA_def_cfa_offset: return { ...base, kind: 'defCfaOffset', cfaOffset: r.uleb128() };
    case DW_CFA_def_cfa_offset_sf: return { ...base, kind: 'defCfaOffset', cfaOffset: r.sleb128() * data };
    case DW_CFA_def_cfa_expression: return { ...base, kind: 'defCfaExpression', expression: block() };
    case DW_CFA_GNU_args_size: return { ...base, kind: 'argsSize', size: r.uleb128() };
    case DW_CFA_GNU_window_save:
      throw new DwarfFormatError('DW_CFA_GNU_window_save (SPARC register windows / AArch64 pointer authentication) is not supported', section.name, base.offset);
    default:
      throw new DwarfFormatError(`unknown call frame instruction 0x${opcode.toString(16)}`, section.name, base.offset);
  }
}
