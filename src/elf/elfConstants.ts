// Named constants of the ELF format (System V gABI, "ELF for the Arm Architecture", RISC-V psABI)
// used by the reader. Values only; no parsing here.

/** e_ident[EI_CLASS]. */
export const ELFCLASS32 = 1;
export const ELFCLASS64 = 2;

/** e_ident[EI_DATA]. */
export const ELFDATA2LSB = 1;
export const ELFDATA2MSB = 2;

/** e_type. */
export const ET_REL = 1;
export const ET_EXEC = 2;
export const ET_DYN = 3;

/** e_machine values we name in messages. */
export const EM_ARM = 40;
export const EM_X86_64 = 62;
export const EM_AARCH64 = 183;
export const EM_RISCV = 243;

/** sh_type. */
export const SHT_NULL = 0;
export const SHT_PROGBITS = 1;
export const SHT_SYMTAB = 2;
export const SHT_STRTAB = 3;
export const SHT_RELA = 4;
export const SHT_NOBITS = 8;
export const SHT_REL = 9;
export const SHT_DYNSYM = 11;

/** sh_flags bits. */
export const SHF_WRITE = 0x1;
export const SHF_ALLOC = 0x2;
export const SHF_EXECINSTR = 0x4;

/** Special section indexes (gABI "Special Section Indexes"). */
export const SHN_UNDEF = 0;
export const SHN_LORESERVE = 0xff00;
export const SHN_ABS = 0xfff1;
export const SHN_COMMON = 0xfff2;
export const SHN_XINDEX = 0xffff;

/** p_type. */
export const PT_NULL = 0;
export const PT_LOAD = 1;
export const PT_DYNAMIC = 2;
export const PT_INTERP = 3;
export const PT_NOTE = 4;
export const PT_PHDR = 6;
export const PT_TLS = 7;
export const PT_ARM_EXIDX = 0x70000001;

/** p_flags bits. */
export const PF_X = 0x1;
export const PF_W = 0x2;
export const PF_R = 0x4;

/** ELF symbol type, the low nibble of st_info. */
export type SymbolType = 'NOTYPE' | 'OBJECT' | 'FUNC' | 'SECTION' | 'FILE' | 'COMMON' | 'TLS' | 'OTHER';
/** ELF symbol binding, the high nibble of st_info. */
export type SymbolBinding = 'LOCAL' | 'GLOBAL' | 'WEAK' | 'OTHER';

export const STT_NAMES: readonly SymbolType[] = ['NOTYPE', 'OBJECT', 'FUNC', 'SECTION', 'FILE', 'COMMON', 'TLS'];
export const STB_NAMES: readonly SymbolBinding[] = ['LOCAL', 'GLOBAL', 'WEAK'];
