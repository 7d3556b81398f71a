// Numeric codes of the .debug_line format (DWARF5 7.22); the DW_FORM_* codes its DWARF 5 header
// uses come from info/dwarfConstants.ts. Constants only: no parsing here.

/** Standard opcodes (DWARF5 6.2.5.2, table 7.25). */
export const DW_LNS_copy = 0x01;
export const DW_LNS_advance_pc = 0x02;
export const DW_LNS_advance_line = 0x03;
export const DW_LNS_set_file = 0x04;
export const DW_LNS_set_column = 0x05;
export const DW_LNS_negate_stmt = 0x06;
export const DW_LNS_set_basic_block = 0x07;
export const DW_LNS_const_add_pc = 0x08;
export const DW_LNS_fixed_advance_pc = 0x09;
export const DW_LNS_set_prologue_end = 0x0a;
export const DW_LNS_set_epilogue_begin = 0x0b;
export const DW_LNS_set_isa = 0x0c;

/** Extended opcodes (DWARF5 6.2.5.3, table 7.26); define_file exists only in DWARF 2-4. */
export const DW_LNE_end_sequence = 0x01;
export const DW_LNE_set_address = 0x02;
export const DW_LNE_define_file = 0x03;
export const DW_LNE_set_discriminator = 0x04;

/** Line number header entry content types (DWARF5 6.2.4.1, table 7.27). */
export const DW_LNCT_path = 0x1;
export const DW_LNCT_directory_index = 0x2;
export const DW_LNCT_timestamp = 0x3;
export const DW_LNCT_size = 0x4;
export const DW_LNCT_MD5 = 0x5;
