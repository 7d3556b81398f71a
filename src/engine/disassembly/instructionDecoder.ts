// Machine code -> instructions with Capstone (WASM): Thumb for Cortex-M, RV32GC for RISC-V. It
// classifies calls and branch targets for the stepper and the disassembly view; it reads no memory.
import capstoneFactory, { type CapstoneHandle } from '@alexaltea/capstone-js';

/** Instruction sets the decoder knows. */
export type InstructionSet = 'thumb' | 'riscv32';

/** One decoded instruction. */
export interface DecodedInstruction {
  readonly address: number;
  readonly byteLength: number;
  readonly bytes: Uint8Array;
  readonly mnemonic: string;
  /** Operands as Capstone prints them (`r0, [sp, #4]`, `#0x8000128`). */
  readonly operands: string;
  /** True for a call that returns to the next instruction (BL/BLX; JAL/JALR writing ra). */
  readonly isCall: boolean;
  /** True for a return to the caller: BX LR, POP/LDM loading PC (exception returns too); RISC-V ret. */
  readonly isReturn: boolean;
  /** The destination of a direct branch or call, when encoded in the instruction. */
  readonly branchTarget: number | undefined;
  /** True when the bytes are no valid instruction (shown as `.short`/`.word` data). */
  readonly invalid: boolean;
}

export interface DecoderOptions {
  /** Where capstone.wasm is, when not next to capstone.js (e.g. after bundling). */
  readonly wasmPath?: string;
}

let loaded: Promise<Awaited<ReturnType<typeof capstoneFactory>>> | undefined;

/** A Capstone handle for one instruction set. Create with `InstructionDecoder.create`. */
export class InstructionDecoder {
  private constructor(private readonly handle: CapstoneHandle, readonly instructionSet: InstructionSet) {}

  /** Loads Capstone's WASM once per process and opens a handle for `instructionSet`. */
  static async create(instructionSet: InstructionSet, options: DecoderOptions = {}): Promise<InstructionDecoder> {
    const wasmPath = options.wasmPath;
    loaded ??= capstoneFactory(wasmPath === undefined ? {} : { locateFile: () => wasmPath });
    const cs = await loaded;
    const handle = instructionSet === 'thumb'
      ? new cs.Capstone(cs.ARCH_ARM, cs.MODE_THUMB | cs.MODE_MCLASS)
      : new cs.Capstone(cs.ARCH_RISCV, cs.MODE_RISCV32 | cs.MODE_RISCVC);
    return new InstructionDecoder(handle, instructionSet);
  }

  /** Smallest instruction size in bytes (the alignment of instruction boundaries). */
  get minimumByteLength(): number {
    return 2;
  }

  /**
   * Decodes `bytes` located at `address`, up to `count` instructions. Bytes that decode to no
   * instruction become one invalid 2-byte entry each, so decoding always moves on.
   */
  decode(bytes: Uint8Array, address: number, count = Number.MAX_SAFE_INTEGER): DecodedInstruction[] {
    const out: DecodedInstruction[] = [];
    let offset = 0;
    while (offset < bytes.length && out.length < count) {
      const decoded = this.disasm(bytes.subarray(offset), address + offset, count - out.length);
      for (const instruction of decoded) {
        out.push(this.describe(Number(instruction.address), Uint8Array.from(instruction.bytes), instruction.mnemonic, instruction.op_str));
      }
      offset += decoded.reduce((sum, instruction) => sum + instruction.size, 0);
      if (out.length >= count || offset >= bytes.length) break;
      const length = Math.min(2, bytes.length - offset);
      const raw = bytes.subarray(offset, offset + length);
      out.push(dataInstruction(address + offset, raw));
      offset += length;
    }
    return out;
  }

  /** capstone.js throws when nothing decodes (cs_disasm returned 0); that is an empty answer here. */
  private disasm(bytes: Uint8Array, address: number, count: number): ReturnType<CapstoneHandle['disasm']> {
    try {
      return this.handle.disasm(bytes, address, Math.min(count, 0x7fffffff));
    } catch (error) {
      if (error instanceof Error || typeof error === 'string') return [];
      throw error;
    }
  }

  close(): void {
    this.handle.close();
  }

  private describe(address: number, bytes: Uint8Array, mnemonic: string, operands: string): DecodedInstruction {
    return {
      address, byteLength: bytes.length, bytes, mnemonic, operands,
      isCall: this.instructionSet === 'thumb' ? /^blx?$/.test(mnemonic) : isRiscvCall(mnemonic, operands),
      isReturn: this.instructionSet === 'thumb' ? isThumbReturn(mnemonic, operands) : isRiscvReturn(mnemonic, operands),
      branchTarget: this.instructionSet === 'thumb' ? thumbDirectTarget(mnemonic, operands) : riscvDirectTarget(address, mnemonic, operands),
      invalid: false,
    };
  }
}

/** Data shown where no instruction decodes (or a literal pool): `.short`/`.word` as objdump prints it. */
export function dataInstruction(address: number, bytes: Uint8Array): DecodedInstruction {
  let value = 0;
  for (let i = bytes.length - 1; i >= 0; i--) value = value * 256 + bytes[i];
  return {
    address, byteLength: bytes.length, bytes, mnemonic: bytes.length === 4 ? '.word' : bytes.length === 2 ? '.short' : '.byte',
    operands: `0x${value.toString(16).padStart(bytes.length * 2, '0')}`, isCall: false, isReturn: false, branchTarget: undefined, invalid: true,
  };
}

/** Thumb returns (AAPCS): `bx lr`, or a POP/LDM whose register list loads PC. */
function isThumbReturn(mnemonic: string, operands: string): boolean {
  if (mnemonic === 'bx') return operands === 'lr';
  return /^(pop|ldm|ldmia|ldmfd)(\.w)?$/.test(mnemonic) && /\bpc\}/.test(operands);
}

/** RISC-V returns: `ret`, `jr ra`, `c.jr ra`, `jalr zero, 0(ra)`. */
function isRiscvReturn(mnemonic: string, operands: string): boolean {
  if (mnemonic === 'ret') return true;
  if (mnemonic === 'jr' || mnemonic === 'c.jr') return operands === 'ra';
  return mnemonic === 'jalr' && /^zero, (0\()?ra\)?/.test(operands);
}

/**
 * RISC-V calls link into ra (x1). Capstone prints `jal off`/`jalr rs` when rd is ra (the
 * assembler's aliases), `jal ra, off` style otherwise; and `c.jal`/`c.jalr` always link ra.
 */
function isRiscvCall(mnemonic: string, operands: string): boolean {
  if (mnemonic === 'c.jal' || mnemonic === 'c.jalr') return true;
  return (mnemonic === 'jal' || mnemonic === 'jalr') && (!operands.includes(',') || /^ra,/.test(operands));
}

/** The destination of a Thumb direct branch, which Capstone prints as the last operand `#0x...`. */
function thumbDirectTarget(mnemonic: string, operands: string): number | undefined {
  if (!/^(b|bl|cbn?z)(eq|ne|cs|hs|cc|lo|mi|pl|vs|vc|hi|ls|ge|lt|gt|le|al)?(\.[nw])?$/.test(mnemonic)) return undefined;
  const match = /#(0x[0-9a-f]+)$/.exec(operands);
  return match ? Number(match[1]) : undefined;
}

/**
 * The destination of a RISC-V direct jump or branch (JAL, Bcc: Unpriv. 2.5; C.J, C.JAL, C.BEQZ,
 * C.BNEZ: 16.4), which Capstone prints as a pc-relative last operand (`0x26`, `-0x56`).
 */
function riscvDirectTarget(address: number, mnemonic: string, operands: string): number | undefined {
  if (!/^(c\.)?(j|jal|beqz?|bnez?|blt|bge|bltu|bgeu|bgtz?|blez?|bltz|bgez|bgt|ble|bgtu|bleu)$/.test(mnemonic)) return undefined;
  const match = /(?:^|, )(-?0x[0-9a-f]+|-?\d+)$/.exec(operands);
  if (!match) return undefined;
  const offset = match[1].startsWith('-') ? -Number(match[1].slice(1)) : Number(match[1]);
  return (address + offset) >>> 0;
}
