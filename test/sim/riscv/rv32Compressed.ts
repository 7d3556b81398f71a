// RV32C: expands each 16-bit instruction into the 32-bit instruction it stands for (RISC-V
// Unprivileged Spec 20191213, chapter 16, tables 16.5-16.7), so the core executes one decoder.
// Pure bit manipulation; expansions are cached per halfword value (65,536 of them at most).

/** Returned for reserved and unsupported (C.F*) encodings: an illegal instruction. */
export const ILLEGAL = 0;

const OP_IMM = 0x13, LUI = 0x37, LOAD = 0x03, STORE = 0x23, OP = 0x33, JAL = 0x6f, JALR = 0x67, BRANCH = 0x63;
const EBREAK = 0x00100073;

const iType = (imm: number, rs1: number, funct3: number, rd: number, opcode: number) =>
  (((imm & 0xfff) << 20) | (rs1 << 15) | (funct3 << 12) | (rd << 7) | opcode) >>> 0;
const sType = (imm: number, rs2: number, rs1: number, funct3: number) =>
  ((((imm >> 5) & 0x7f) << 25) | (rs2 << 20) | (rs1 << 15) | (funct3 << 12) | ((imm & 0x1f) << 7) | STORE) >>> 0;
const rType = (funct7: number, rs2: number, rs1: number, funct3: number, rd: number) =>
  ((funct7 << 25) | (rs2 << 20) | (rs1 << 15) | (funct3 << 12) | (rd << 7) | OP) >>> 0;
const bType = (imm: number, rs1: number, funct3: number) =>
  ((((imm >> 12) & 1) << 31) | (((imm >> 5) & 0x3f) << 25) | (rs1 << 15) | (funct3 << 12) |
    (((imm >> 1) & 0xf) << 8) | (((imm >> 11) & 1) << 7) | BRANCH) >>> 0;
const jType = (imm: number, rd: number) =>
  ((((imm >> 20) & 1) << 31) | (((imm >> 1) & 0x3ff) << 21) | (((imm >> 11) & 1) << 20) |
    (((imm >> 12) & 0xff) << 12) | (rd << 7) | JAL) >>> 0;

/** Bits hi..lo of `c`, placed at bit `at`. */
const bits = (c: number, hi: number, lo: number, at: number) => ((c >> lo) & ((1 << (hi - lo + 1)) - 1)) << at;
const signExtend = (value: number, width: number) => (value << (32 - width)) >> (32 - width);

/** The 6-bit signed immediate of C.ADDI, C.LI and C.ANDI: imm[5] = c[12], imm[4:0] = c[6:2]. */
const ciImm = (c: number) => signExtend(bits(c, 12, 12, 5) | bits(c, 6, 2, 0), 6);
/** C.J and C.JAL: offset[11|4|9:8|10|6|7|3:1|5] = c[12|11|10:9|8|7|6|5:3|2]. */
const cjOffset = (c: number) =>
  signExtend(bits(c, 12, 12, 11) | bits(c, 11, 11, 4) | bits(c, 10, 9, 8) | bits(c, 8, 8, 10) |
    bits(c, 7, 7, 6) | bits(c, 6, 6, 7) | bits(c, 5, 3, 1) | bits(c, 2, 2, 5), 12);
/** C.BEQZ and C.BNEZ: offset[8|4:3] = c[12|11:10], offset[7:6|2:1|5] = c[6:5|4:3|2]. */
const cbOffset = (c: number) =>
  signExtend(bits(c, 12, 12, 8) | bits(c, 11, 10, 3) | bits(c, 6, 5, 6) | bits(c, 4, 3, 1) | bits(c, 2, 2, 5), 9);
/** C.LW and C.SW: uimm[5:3] = c[12:10], uimm[2] = c[6], uimm[6] = c[5]. */
const clOffset = (c: number) => bits(c, 12, 10, 3) | bits(c, 6, 6, 2) | bits(c, 5, 5, 6);

/** The expansion of quadrant 0 (c[1:0] = 00). */
function quadrant0(c: number): number {
  const rdPrime = bits(c, 4, 2, 0) + 8;
  const rs1Prime = bits(c, 9, 7, 0) + 8;
  switch (c >> 13) {
    case 0: {
      // C.ADDI4SPN: nzuimm[5:4|9:6|2|3] = c[12:11|10:7|6|5]; nzuimm = 0 is reserved (and 0x0000 illegal).
      const imm = bits(c, 12, 11, 4) | bits(c, 10, 7, 6) | bits(c, 6, 6, 2) | bits(c, 5, 5, 3);
      return imm === 0 ? ILLEGAL : iType(imm, 2, 0, rdPrime, OP_IMM);
    }
    case 2: return iType(clOffset(c), rs1Prime, 2, rdPrime, LOAD); // C.LW
    case 6: return sType(clOffset(c), rdPrime, rs1Prime, 2); // C.SW (rs2' sits where rd' does)
    default: return ILLEGAL; // C.FLD, C.FLW, C.FSD, C.FSW (no F or D) and the reserved 100
  }
}

/** The expansion of quadrant 1 (c[1:0] = 01). */
function quadrant1(c: number): number {
  const rd = bits(c, 11, 7, 0);
  const rdPrime = bits(c, 9, 7, 0) + 8;
  switch (c >> 13) {
    case 0: return iType(ciImm(c), rd, 0, rd, OP_IMM); // C.NOP / C.ADDI (rd = 0 or imm = 0: HINTs)
    case 1: return jType(cjOffset(c), 1); // C.JAL (RV32 only)
    case 2: return iType(ciImm(c), 0, 0, rd, OP_IMM); // C.LI
    case 3: {
      if (rd === 2) {
        // C.ADDI16SP: nzimm[9] = c[12], nzimm[4|6|8:7|5] = c[6|5|4:3|2]; 0 is reserved.
        const imm = signExtend(bits(c, 12, 12, 9) | bits(c, 6, 6, 4) | bits(c, 5, 5, 6) | bits(c, 4, 3, 7) | bits(c, 2, 2, 5), 10);
        return imm === 0 ? ILLEGAL : iType(imm, 2, 0, 2, OP_IMM);
      }
      // C.LUI: nzimm[17] = c[12], nzimm[16:12] = c[6:2]; 0 is reserved.
      const imm = ciImm(c);
      return imm === 0 ? ILLEGAL : (((imm << 12) | (rd << 7) | LUI) >>> 0);
    }
    case 4: {
      const shamt = bits(c, 6, 2, 0);
      switch (bits(c, 11, 10, 0)) {
        // C.SRLI, C.SRAI: shamt[5] = 1 is reserved on RV32 (NSE).
        case 0: return c & (1 << 12) ? ILLEGAL : iType(shamt, rdPrime, 5, rdPrime, OP_IMM);
        case 1: return c & (1 << 12) ? ILLEGAL : iType(0x400 | shamt, rdPrime, 5, rdPrime, OP_IMM);
        case 2: return iType(ciImm(c), rdPrime, 7, rdPrime, OP_IMM); // C.ANDI
        default: {
          if (c & (1 << 12)) return ILLEGAL; // C.SUBW, C.ADDW: RV64 only
          const rs2Prime = bits(c, 4, 2, 0) + 8;
          const [funct7, funct3] = [[0x20, 0], [0, 4], [0, 6], [0, 7]][bits(c, 6, 5, 0)]; // SUB, XOR, OR, AND
          return rType(funct7, rs2Prime, rdPrime, funct3, rdPrime);
        }
      }
    }
    case 5: return jType(cjOffset(c), 0); // C.J
    case 6: return bType(cbOffset(c), rdPrime, 0); // C.BEQZ
    default: return bType(cbOffset(c), rdPrime, 1); // C.BNEZ
  }
}

/** The expansion of quadrant 2 (c[1:0] = 10). */
function quadrant2(c: number): number {
  const rd = bits(c, 11, 7, 0);
  const rs2 = bits(c, 6, 2, 0);
  switch (c >> 13) {
    // C.SLLI: shamt[5] = 1 is reserved on RV32; rd = 0 is a HINT.
    case 0: return c & (1 << 12) ? ILLEGAL : iType(rs2, rd, 1, rd, OP_IMM);
    case 2: {
      // C.LWSP: uimm[5] = c[12], uimm[4:2] = c[6:4], uimm[7:6] = c[3:2]; rd = 0 is reserved.
      const imm = bits(c, 12, 12, 5) | bits(c, 6, 4, 2) | bits(c, 3, 2, 6);
      return rd === 0 ? ILLEGAL : iType(imm, 2, 2, rd, LOAD);
    }
    case 4:
      if ((c & (1 << 12)) === 0) {
        if (rs2 !== 0) return rType(0, rs2, 0, 0, rd); // C.MV (rd = 0: HINT)
        return rd === 0 ? ILLEGAL : iType(0, rd, 0, 0, JALR); // C.JR (rs1 = 0 is reserved)
      }
      if (rs2 !== 0) return rType(0, rs2, rd, 0, rd); // C.ADD (rd = 0: HINT)
      return rd === 0 ? EBREAK : iType(0, rd, 0, 1, JALR); // C.EBREAK, C.JALR
    case 6: {
      // C.SWSP: uimm[5:2] = c[12:9], uimm[7:6] = c[8:7].
      const imm = bits(c, 12, 9, 2) | bits(c, 8, 7, 6);
      return sType(imm, rs2, 2, 2);
    }
    default: return ILLEGAL; // C.FLDSP, C.FLWSP, C.FSDSP, C.FSWSP (no F or D)
  }
}

const cache = new Int32Array(0x10000);
const cached = new Uint8Array(0x10000);

/**
 * The 32-bit instruction a 16-bit one (c[1:0] != 0b11) stands for, or ILLEGAL. The expansion keeps
 * the 16-bit semantics but one: the link register of C.JAL/C.JALR gets pc + 2, which the core
 * handles by knowing the instruction's length.
 */
export function expandCompressed(halfword: number): number {
  const c = halfword & 0xffff;
  if (cached[c] === 0) {
    const quadrant = c & 3;
    cache[c] = quadrant === 0 ? quadrant0(c) : quadrant === 1 ? quadrant1(c) : quadrant === 2 ? quadrant2(c) : ILLEGAL;
    cached[c] = 1;
  }
  return cache[c] >>> 0;
}
