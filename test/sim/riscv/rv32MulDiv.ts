// The M extension's arithmetic (RISC-V Unprivileged Spec 20191213, chapter 7) on signed 32-bit
// numbers, without BigInt: the high products come from 16-bit partial products. Pure functions;
// the core decodes and writes the result.

/** High 32 bits of the unsigned 64-bit product of a and b (MULHU), as a signed 32-bit number. */
export function mulhu(a: number, b: number): number {
  const aLow = a & 0xffff, aHigh = a >>> 16, bLow = b & 0xffff, bHigh = b >>> 16;
  const lowLow = aLow * bLow, lowHigh = aLow * bHigh, highLow = aHigh * bLow;
  const carry = ((lowLow >>> 16) + (lowHigh & 0xffff) + (highLow & 0xffff)) >>> 16;
  return (aHigh * bHigh + (lowHigh >>> 16) + (highLow >>> 16) + carry) | 0;
}

/** MULH: signed x signed. A negative operand's unsigned reading is 2^32 too big; subtract the other operand for it. */
export function mulh(a: number, b: number): number {
  return (mulhu(a, b) - (a < 0 ? b : 0) - (b < 0 ? a : 0)) | 0;
}

/** MULHSU: signed rs1 x unsigned rs2. */
export function mulhsu(a: number, b: number): number {
  return (mulhu(a, b) - (a < 0 ? b : 0)) | 0;
}

/** Executes the OP instruction with funct7 = 1 and `funct3` on rs1 = a, rs2 = b (both signed). Table 7.1 gives division by zero and overflow results. */
export function mulDiv(funct3: number, a: number, b: number): number {
  switch (funct3) {
    case 0: return Math.imul(a, b);
    case 1: return mulh(a, b);
    case 2: return mulhsu(a, b);
    case 3: return mulhu(a, b);
    case 4: // DIV
      if (b === 0) return -1;
      if (a === -0x80000000 && b === -1) return a;
      return (a / b) | 0;
    case 5: // DIVU
      return b === 0 ? -1 : ((a >>> 0) / (b >>> 0)) | 0;
    case 6: // REM
      if (b === 0) return a;
      if (a === -0x80000000 && b === -1) return 0;
      return a % b | 0;
    default: // REMU
      return b === 0 ? a : (a >>> 0) % (b >>> 0) | 0;
  }
}
