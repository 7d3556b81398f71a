// The disassembly view's model: instructions around an address (forwards, or backwards from it for
// DAP's negative instructionOffset), annotated with symbols, source lines and branch targets, with
// literal pools shown as data (ARM mapping symbols). Reads code only through a CodeReader.
import { readSplit } from '../memory/readSplit';
import type { Program, SourcePosition } from '../program';
import { dataInstruction, DecodedInstruction, InstructionDecoder } from './instructionDecoder';

/** Reads `byteLength` bytes at `address`; undefined when unreadable (target memory or the ELF file). */
export type CodeReader = (address: number, byteLength: number) => Promise<Uint8Array | undefined>;

/** One line of the disassembly view. */
export interface DisassemblyLine extends DecodedInstruction {
  /** `main+4` style location of the instruction, when a symbol holds it. */
  readonly symbol: string | undefined;
  /** The source line of the instruction, when the line table covers it. */
  readonly source: SourcePosition | undefined;
  /** True when a line-table row starts here (where the view shows the source line). */
  readonly startsLine: boolean;
  /** `<nested_blocks>` style name of `branchTarget`. */
  readonly branchTargetSymbol: string | undefined;
  /** True when the bytes could not be read (shown as `??`). */
  readonly unreadable: boolean;
}

/** The largest instruction of the supported sets (Thumb-2 and RV32 base: 4 bytes). */
const MAX_INSTRUCTION_BYTES = 4;

/**
 * Lines read on each side of a request's address: 4 KiB at most each way, ~60 ms on the simulated
 * board. VS Code's disassembly view asks 50 lines at a time.
 */
export const DISASSEMBLY_WINDOW = 1024;

/** Turns memory into annotated instructions. One per program and instruction set. */
export class Disassembler {
  private mappingSymbols: { address: number; data: boolean }[] | undefined;

  constructor(
    private readonly decoder: InstructionDecoder,
    private readonly read: CodeReader,
    private readonly program?: Program,
  ) {}

  /**
   * `count` instructions, starting `instructionOffset` instructions from the one holding `address`
   * (negative: before it), as DAP's disassemble request asks. Instruction boundaries before an
   * address are found by decoding forward from a known boundary: the start of the function or
   * line-table row at or before the range, else the range start itself.
   */
  async disassemble(address: number, instructionOffset: number, count: number): Promise<DisassemblyLine[]> {
    // Only lines within DISASSEMBLY_WINDOW of the anchor are read: a request for 100000 lines would
    // read 400 KB in one Tcl request and outlast its timeout. DAP wants exactly `count` lines, so
    // the rest are unreadable ones (`??`), two bytes apart, with no read behind them.
    const first = Math.max(instructionOffset, -DISASSEMBLY_WINDOW);
    const end = Math.min(instructionOffset + count, DISASSEMBLY_WINDOW);
    if (end <= first) return Array.from({ length: count }, (_, k) => this.unreadable(address + 2 * (instructionOffset + k)));
    const lines = await this.window(address, first, end - first);
    const last = lines.at(-1);
    const startAt = lines[0]?.address ?? address + 2 * first;
    const endAt = last ? last.address + last.byteLength : startAt;
    const padded = Math.min(count, first - instructionOffset);
    const before = Array.from({ length: padded }, (_, k) => this.unreadable(startAt - 2 * (padded - k)));
    const after = Array.from({ length: count - before.length - lines.length }, (_, k) => this.unreadable(endAt + 2 * k));
    return [...before, ...lines, ...after];
  }

  /** `disassemble` within DISASSEMBLY_WINDOW: every line read. */
  private async window(address: number, instructionOffset: number, count: number): Promise<DisassemblyLine[]> {
    const before = Math.max(0, -instructionOffset);
    const anchorGuess = address - before * MAX_INSTRUCTION_BYTES;
    const from = this.boundaryAtOrBefore(anchorGuess - MAX_INSTRUCTION_BYTES);
    // Decoding runs past `address` so that an instruction holding it (a start mid-instruction) is whole.
    const leading = await this.decodeRange(from, address + MAX_INSTRUCTION_BYTES, Number.MAX_SAFE_INTEGER);
    const anchor = leading.find((instruction) => instruction.address <= address && instruction.address + instruction.byteLength > address)?.address ?? address;
    const preceding = before === 0 ? [] : leading.filter((instruction) => instruction.address < anchor).slice(-before);
    const pad: DisassemblyLine[] = [];
    for (let missing = before - preceding.length, at = (preceding[0]?.address ?? anchor) - 2; missing > 0; missing--, at -= 2) {
      pad.unshift(this.unreadable(at));
    }
    const skip = Math.max(0, instructionOffset);
    const forward = await this.decodeRange(anchor, undefined, skip + count - preceding.length - pad.length);
    return [...pad, ...preceding, ...forward.slice(skip)].slice(0, count);
  }

  /** Decodes [from, to) (or `limit` instructions from `from`), data regions as `.word`, unreadable spans as `??`. */
  private async decodeRange(from: number, to: number | undefined, limit: number): Promise<DisassemblyLine[]> {
    const end = to ?? from + limit * MAX_INSTRUCTION_BYTES;
    if (end <= from || limit <= 0) return [];
    const out: DisassemblyLine[] = [];
    for (const span of await readSplit(this.read, from, end)) {
      if (out.length >= limit) break;
      if (span.bytes) this.decodeBytes(span.bytes, span.address, limit, out);
      else for (let at = span.address; at < span.address + span.byteLength && out.length < limit; at += 2) out.push(this.unreadable(at));
    }
    // A literal pool is decoded whole and may run past `limit`.
    return out.slice(0, limit);
  }

  /** Appends the instructions of `bytes` (read at `from`) to `out`, up to `limit` lines in all. */
  private decodeBytes(bytes: Uint8Array, from: number, limit: number, out: DisassemblyLine[]): void {
    const end = from + bytes.length;
    let at = from;
    while (at < end && out.length < limit) {
      const region = this.regionAt(at, end);
      const slice = bytes.subarray(at - from, region.end - from);
      const decoded = region.data ? dataWords(slice, at) : this.decoder.decode(slice, at, limit - out.length);
      if (decoded.length === 0) break;
      for (const instruction of decoded) out.push(this.annotate(instruction));
      const lastDecoded = decoded[decoded.length - 1];
      at = lastDecoded.address + lastDecoded.byteLength;
    }
  }

  private annotate(instruction: DecodedInstruction): DisassemblyLine {
    const line = this.program?.lineAt(instruction.address);
    return {
      ...instruction,
      symbol: this.program?.symbolText(instruction.address),
      source: line?.source,
      startsLine: line?.address === instruction.address,
      branchTargetSymbol: instruction.branchTarget === undefined ? undefined : this.program?.symbolText(instruction.branchTarget),
      unreadable: false,
    };
  }

  private unreadable(address: number): DisassemblyLine {
    return {
      address, byteLength: 2, bytes: new Uint8Array(0), mnemonic: '??', operands: '', isCall: false, isReturn: false, branchTarget: undefined,
      invalid: true, symbol: undefined, source: undefined, startsLine: false, branchTargetSymbol: undefined, unreadable: true,
    };
  }

  /** The closest address at or before `address` known to start an instruction. */
  private boundaryAtOrBefore(address: number): number {
    const aligned = address - (((address % 2) + 2) % 2);
    const fn = this.program?.functionAt(aligned);
    const row = this.program?.lineAt(aligned);
    const candidates = [fn?.ranges.find((r) => aligned >= r.lowPc && aligned < r.highPc)?.lowPc, row?.address].filter((a): a is number => a !== undefined);
    return candidates.length > 0 ? Math.max(...candidates) : aligned;
  }

  /** Whether `address` is in a data region ($d mapping symbol, "ELF for the Arm Architecture" 5.5.5) and where that region ends. */
  private regionAt(address: number, limit: number): { data: boolean; end: number } {
    const symbols = this.mapping();
    let lo = 0;
    let hi = symbols.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (symbols[mid].address <= address) lo = mid + 1;
      else hi = mid;
    }
    const current = symbols[lo - 1];
    const next = symbols[lo];
    return { data: current?.data ?? false, end: Math.min(limit, next?.address ?? limit) };
  }

  private mapping(): { address: number; data: boolean }[] {
    this.mappingSymbols ??= (this.program?.elf.symbols ?? [])
      .filter((symbol) => /^\$[atdx](\.|$)/.test(symbol.name))
      .map((symbol) => ({ address: symbol.value, data: symbol.name.startsWith('$d') }))
      .sort((a, b) => a.address - b.address);
    return this.mappingSymbols;
  }
}

/** A literal pool as objdump shows it: 32-bit words, a trailing halfword as `.short`. */
function dataWords(bytes: Uint8Array, address: number): DecodedInstruction[] {
  const out: DecodedInstruction[] = [];
  for (let offset = 0; offset < bytes.length;) {
    const length = bytes.length - offset >= 4 ? 4 : bytes.length - offset >= 2 ? 2 : 1;
    out.push(dataInstruction(address + offset, bytes.subarray(offset, offset + length)));
    offset += length;
  }
  return out;
}
