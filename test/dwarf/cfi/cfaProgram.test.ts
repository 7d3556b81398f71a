// Every DW_CFA instruction, decoded and run into unwind rows (DWARF5 6.4.2).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as cfa from '../../../src/dwarf/cfi/dwCfa';
import { CallFrameInfo, DW_OP_breg13, DW_OP_lit8, DW_OP_minus, UnwindRow, dwCfaName, formatCfaInstruction, formatCfaRule, formatRegisterRule } from '../../../src/dwarf';
import { ByteBuilder } from '../../helpers/byteBuilder';
import { CfiSectionBuilder } from './cfiSectionBuilder';

const start = 0x1000;

/** CallFrameInfo over one CIE (code align 2, data align -4, ra 14) and one FDE at 0x1000..0x1100. */
function cfiFor(program: (b: ByteBuilder) => ByteBuilder, cieProgram: number[] = [cfa.DW_CFA_def_cfa, 13, 0], eh = false): CallFrameInfo {
  const instructions = [...program(new ByteBuilder()).build()];
  const s = new CfiSectionBuilder(eh)
    .cie({ label: 'c', augmentation: eh ? 'zR' : '', augmentationData: eh ? [cfa.DW_EH_PE_udata4] : undefined, instructions: cieProgram })
    .fde({ cie: 'c', writeAddresses: (b) => b.u32(start).u32(0x100), augmentationData: eh ? [] : undefined, instructions });
  return new CallFrameInfo([{ name: eh ? '.eh_frame' : '.debug_frame', bytes: s.build(), littleEndian: true, addressSize: 4, address: 0x9000 }]);
}

function describeRow(row: UnwindRow): string {
  const rules = [...row.registers].sort(([a], [b]) => a - b).map(([n, rule]) => `r${n}=${formatRegisterRule(rule)}`);
  return [`${row.startAddress.toString(16)}-${row.endAddress.toString(16)}`, formatCfaRule(row.cfa), ...rules, ...(row.argsSize ? [`args=${row.argsSize}`] : [])].join(' ');
}

function rows(program: (b: ByteBuilder) => ByteBuilder, cieProgram?: number[]): string[] {
  const info = cfiFor(program, cieProgram);
  return info.unwindTable(info.fdes[0]).map(describeRow);
}

/** The error a lookup at `address` reports; lookups run the program only up to their address. */
function failure(program: (b: ByteBuilder) => ByteBuilder, address = start): string {
  const lookup = cfiFor(program).unwindRowFor(address);
  assert.equal(lookup.kind, 'error');
  return lookup.kind === 'error' ? lookup.error.message : '';
}

describe('call frame instructions (DWARF5 6.4.2)', () => {
  it('advances the location with every advance form, scaled by the code alignment factor', () => {
    assert.deepEqual(rows((b) => b.u8(cfa.DW_CFA_advance_loc | 1).u8(cfa.DW_CFA_advance_loc1, 2).u8(cfa.DW_CFA_advance_loc2).u16(3)
      .u8(cfa.DW_CFA_advance_loc4).u32(4).u8(cfa.DW_CFA_MIPS_advance_loc8).u64(5n)), [
      '1000-1002 r13+0', '1002-1006 r13+0', '1006-100c r13+0', '100c-1014 r13+0', '1014-101e r13+0', '101e-1100 r13+0',
    ]);
  });

  it('sets the location absolutely with DW_CFA_set_loc, and refuses going backwards', () => {
    assert.deepEqual(rows((b) => b.u8(cfa.DW_CFA_set_loc).u32(0x1040).u8(cfa.DW_CFA_def_cfa_offset, 8)), ['1000-1040 r13+0', '1040-1100 r13+8']);
    assert.match(failure((b) => b.u8(cfa.DW_CFA_set_loc).u32(0x1040).u8(cfa.DW_CFA_set_loc).u32(0x1010), 0x1050), /DW_CFA_set_loc moves backwards/);
  });

  it('reads DW_CFA_set_loc in the FDE pointer encoding in .eh_frame', () => {
    const info = cfiFor((b) => b.u8(cfa.DW_CFA_set_loc).u32(0x1020).u8(cfa.DW_CFA_def_cfa_offset, 4), undefined, true);
    assert.deepEqual(info.unwindTable(info.fdes[0]).map(describeRow), ['1000-1020 r13+0', '1020-1100 r13+4']);
  });

  it('defines the CFA by register and offset, factored or not', () => {
    assert.deepEqual(rows((b) => b.u8(cfa.DW_CFA_def_cfa).uleb(7).uleb(16)), ['1000-1100 r7+16']);
    assert.deepEqual(rows((b) => b.u8(cfa.DW_CFA_def_cfa_sf).uleb(7).sleb(-2)), ['1000-1100 r7+8']);
    assert.deepEqual(rows((b) => b.u8(cfa.DW_CFA_def_cfa_offset).uleb(24).u8(cfa.DW_CFA_advance_loc | 1, cfa.DW_CFA_def_cfa_register, 7)),
      ['1000-1002 r13+24', '1002-1100 r7+24']);
    assert.deepEqual(rows((b) => b.u8(cfa.DW_CFA_def_cfa_offset_sf).sleb(-3)), ['1000-1100 r13+12']);
  });

  it('DW_CFA_def_cfa_register as the first CFA rule keeps offset 0 (GCC\'s RISC-V CIE: def_cfa_register r2 alone)', () => {
    assert.deepEqual(rows((b) => b.u8(cfa.DW_CFA_def_cfa_offset).uleb(16), [cfa.DW_CFA_def_cfa_register, 2]), ['1000-1100 r2+16']);
    assert.deepEqual(rows((b) => b, [cfa.DW_CFA_def_cfa_register, 2]), ['1000-1100 r2+0']);
  });

  it('defines the CFA by expression, after which only another full definition may change it', () => {
    const info = cfiFor((b) => b.u8(cfa.DW_CFA_def_cfa_expression).uleb(2).u8(DW_OP_breg13, 8));
    const lookup = info.unwindRowFor(0x1010);
    assert.ok(lookup.kind === 'row');
    assert.deepEqual(lookup.row.cfa, { kind: 'expression', expression: Uint8Array.of(DW_OP_breg13, 8) });
    assert.match(failure((b) => b.u8(cfa.DW_CFA_def_cfa_expression, 1, DW_OP_lit8, cfa.DW_CFA_def_cfa_offset, 4)), /DW_CFA_def_cfa_offset without a register-based CFA/);
    assert.match(failure((b) => b.u8(cfa.DW_CFA_def_cfa_expression, 1, DW_OP_lit8, cfa.DW_CFA_def_cfa_register, 4)), /DW_CFA_def_cfa_register without/);
  });

  it('sets every register rule', () => {
    assert.deepEqual(rows((b) => b
      .u8(cfa.DW_CFA_offset | 4).uleb(2)
      .u8(cfa.DW_CFA_offset_extended).uleb(5).uleb(3)
      .u8(cfa.DW_CFA_offset_extended_sf).uleb(6).sleb(1)
      .u8(cfa.DW_CFA_GNU_negative_offset_extended).uleb(7).uleb(1)
      .u8(cfa.DW_CFA_val_offset).uleb(8).uleb(1)
      .u8(cfa.DW_CFA_val_offset_sf).uleb(9).sleb(-1)
      .u8(cfa.DW_CFA_register).uleb(10).uleb(3)
      .u8(cfa.DW_CFA_expression).uleb(11).uleb(2).u8(DW_OP_lit8, DW_OP_minus)
      .u8(cfa.DW_CFA_val_expression).uleb(12).uleb(1).u8(DW_OP_lit8)
      .u8(cfa.DW_CFA_undefined).uleb(14)
      .u8(cfa.DW_CFA_same_value).uleb(300)),
    ['1000-1100 r13+0 r4=c-8 r5=c-12 r6=c-4 r7=c+4 r8=v-4 r9=v+4 r10=r3 r11=exp r12=vexp r14=u r300=s']);
  });

  it('restores rules to the CIE\'s initial ones with DW_CFA_restore and DW_CFA_restore_extended', () => {
    const cie = [cfa.DW_CFA_def_cfa, 13, 0, cfa.DW_CFA_offset | 14, 1];
    assert.deepEqual(rows((b) => b.u8(cfa.DW_CFA_offset | 14, 2, cfa.DW_CFA_offset | 4, 3, cfa.DW_CFA_advance_loc | 1)
      .u8(cfa.DW_CFA_restore | 14, cfa.DW_CFA_restore_extended, 4), cie),
    ['1000-1002 r13+0 r4=c-12 r14=c-8', '1002-1100 r13+0 r14=c-4']);
  });

  it('remembers and restores the whole state, CFA included, as GCC epilogues expect', () => {
    assert.deepEqual(rows((b) => b.u8(cfa.DW_CFA_def_cfa_offset, 8, cfa.DW_CFA_offset | 14, 1, cfa.DW_CFA_advance_loc | 2)
      .u8(cfa.DW_CFA_remember_state, cfa.DW_CFA_def_cfa_offset, 0, cfa.DW_CFA_restore | 14, cfa.DW_CFA_advance_loc | 1)
      .u8(cfa.DW_CFA_restore_state)),
    ['1000-1004 r13+8 r14=c-4', '1004-1006 r13+0', '1006-1100 r13+8 r14=c-4']);
    assert.match(failure((b) => b.u8(cfa.DW_CFA_restore_state)), /DW_CFA_restore_state without a remembered state/);
  });

  it('records DW_CFA_GNU_args_size and ignores DW_CFA_nop', () => {
    assert.deepEqual(rows((b) => b.u8(cfa.DW_CFA_nop, cfa.DW_CFA_GNU_args_size, 16, cfa.DW_CFA_advance_loc | 1, cfa.DW_CFA_GNU_args_size, 0, cfa.DW_CFA_nop)),
      ['1000-1002 r13+0 args=16', '1002-1100 r13+0']);
  });

  it('stops at the row that covers an address', () => {
    const info = cfiFor((b) => b.u8(cfa.DW_CFA_advance_loc | 2, cfa.DW_CFA_def_cfa_offset, 8, cfa.DW_CFA_advance_loc | 4, cfa.DW_CFA_def_cfa_offset, 16));
    const at = (address: number): string => {
      const lookup = info.unwindRowFor(address);
      return lookup.kind === 'row' ? describeRow(lookup.row) : lookup.kind;
    };
    assert.deepEqual([at(0x1000), at(0x1003), at(0x1004), at(0x100b), at(0x100c), at(0x10ff), at(0x1100)],
      ['1000-1004 r13+0', '1000-1004 r13+0', '1004-100c r13+8', '1004-100c r13+8', '100c-1100 r13+16', '100c-1100 r13+16', 'noCfi']);
  });

  it('reports malformed programs as errors naming the offset', () => {
    assert.match(failure((b) => b.u8(cfa.DW_CFA_offset_extended, 0x80)), /^\.debug_frame\+0x[0-9a-f]+: call frame instruction ends inside its operands$/);
    assert.match(failure((b) => b.u8(0x3f)), /unknown call frame instruction 0x3f/);
    assert.match(failure((b) => b.u8(cfa.DW_CFA_GNU_window_save)), /DW_CFA_GNU_window_save .* is not supported/);
    assert.match(failure((b) => b.u8(cfa.DW_CFA_expression, 4, 10, 1)), /ends inside its operands/);
    // An overlong LEB128 (past 2^53) is refused rather than read as NaN.
    assert.match(failure((b) => b.u8(cfa.DW_CFA_def_cfa_offset).raw(new Array(200).fill(0x80)).u8(1)), /ends inside its operands/);
  });

  it('names and prints instructions like objdump --dwarf=frames', () => {
    const info = cfiFor((b) => b.u8(cfa.DW_CFA_advance_loc | 1, cfa.DW_CFA_def_cfa_offset, 8, cfa.DW_CFA_offset | 4, 2, cfa.DW_CFA_def_cfa_register, 7)
      .u8(cfa.DW_CFA_val_offset, 5, 1, cfa.DW_CFA_register, 6, 3, cfa.DW_CFA_restore | 4, cfa.DW_CFA_expression, 8, 1, DW_OP_lit8, cfa.DW_CFA_remember_state));
    let location = start;
    const text = info.instructions(info.fdes[0]).map((instruction) => {
      const line = formatCfaInstruction(instruction, location);
      if (instruction.kind === 'advanceLoc') location += instruction.delta;
      return line;
    });
    assert.deepEqual(text, [
      'DW_CFA_advance_loc: 2 to 00001002', 'DW_CFA_def_cfa_offset: 8', 'DW_CFA_offset: r4 at cfa-8', 'DW_CFA_def_cfa_register: r7',
      'DW_CFA_val_offset: r5 is cfa-4', 'DW_CFA_register: r6 in r3', 'DW_CFA_restore: r4', 'DW_CFA_expression: r8 (DW_OP_lit8)', 'DW_CFA_remember_state',
    ]);
    assert.deepEqual(info.instructions(info.cies[0]).map((i) => formatCfaInstruction(i)), ['DW_CFA_def_cfa: r13 ofs 0']);
    assert.deepEqual([dwCfaName(0x40), dwCfaName(0x2e), dwCfaName(0x3e)], ['DW_CFA_advance_loc', 'DW_CFA_GNU_args_size', 'DW_CFA_<0x3e>']);
  });
});
