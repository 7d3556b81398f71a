// The decoded rows of one line number program (DWARF5 6.2.2 "the line number matrix"), stored
// column-wise in typed arrays, with its sequences and address lookup. It does not decode opcodes.
import { AddressRangeIndex } from '../info';
import { LineFileEntry, LineProgramHeader } from './lineProgramHeader';

/** Bits of `LineTable.flags` (the boolean registers of DWARF5 6.2.2, table 6.3). */
export const ROW_IS_STMT = 1;
export const ROW_BASIC_BLOCK = 2;
export const ROW_END_SEQUENCE = 4;
export const ROW_PROLOGUE_END = 8;
export const ROW_EPILOGUE_BEGIN = 16;
/**
 * Not a DWARF register: the row starts a line-table entry as GDB records it (dwarf_record_line_p,
 * GDB PR 17276). A row repeating the file and line of the row before it, on a line that has had a
 * non-zero discriminator, continues that entry: GCC emits such rows for the parts of one line in
 * several basic blocks (a `for` header's init, test and increment), and a step arriving at one
 * is in the middle of its line, not at a new statement.
 */
export const ROW_LINE_ENTRY = 32;

/** One row of the line number matrix, as an object (DWARF5 6.2.2 table 6.3). */
export interface LineRow {
  readonly address: number;
  readonly opIndex: number;
  /** File register: an index into the header's file table, numbered as its version says. */
  readonly file: number;
  /** 1-based source line; 0 means "no source line" (compiler-generated code). */
  readonly line: number;
  /** 1-based column; 0 means "unknown". */
  readonly column: number;
  readonly isStmt: boolean;
  readonly basicBlock: boolean;
  /** The first address past the sequence; the row holds no instruction. */
  readonly endSequence: boolean;
  readonly prologueEnd: boolean;
  readonly epilogueBegin: boolean;
  readonly isa: number;
  readonly discriminator: number;
}

/** A run of rows with increasing addresses ending with an end_sequence row (DWARF5 6.2.5.3). */
export interface LineSequence {
  /** Address of the first row. */
  readonly lowPc: number;
  /** Address of the end_sequence row: the first address not covered. */
  readonly highPc: number;
  /** Index of the first row. */
  readonly firstRow: number;
  /** Index of the end_sequence row. */
  readonly endRow: number;
}

/**
 * Column storage the program runner appends to, frozen into a LineTable. Typed arrays sized by
 * the caller's bound (a row needs at least one opcode byte, so the program's length bounds the
 * row count), so that decoding allocates nothing per row.
 */
export class LineRowsBuilder {
  readonly address: Float64Array;
  readonly opIndex: Uint8Array;
  readonly file: Uint32Array;
  readonly line: Uint32Array;
  readonly column: Uint32Array;
  readonly flags: Uint8Array;
  readonly isa: Uint32Array;
  readonly discriminator: Uint32Array;
  readonly sequences: LineSequence[] = [];
  length = 0;
  private sequenceStart = 0;

  constructor(readonly capacity: number) {
    this.address = new Float64Array(capacity);
    this.opIndex = new Uint8Array(capacity);
    this.file = new Uint32Array(capacity);
    this.line = new Uint32Array(capacity);
    this.column = new Uint32Array(capacity);
    this.flags = new Uint8Array(capacity);
    this.isa = new Uint32Array(capacity);
    this.discriminator = new Uint32Array(capacity);
  }

  /** Appends one row; `flags` holds the ROW_* bits. Throws RangeError past the capacity. */
  push(address: number, opIndex: number, file: number, line: number, column: number, isa: number, discriminator: number, flags: number): void {
    const i = this.length;
    if (i >= this.capacity) throw new RangeError(`more than ${this.capacity} line table rows`);
    this.address[i] = address;
    this.opIndex[i] = opIndex;
    this.file[i] = file;
    this.line[i] = line;
    this.column[i] = column;
    this.isa[i] = isa;
    this.discriminator[i] = discriminator;
    this.flags[i] = flags;
    this.length = i + 1;
    if (flags & ROW_END_SEQUENCE) {
      this.sequences.push({ lowPc: this.address[this.sequenceStart], highPc: address, firstRow: this.sequenceStart, endRow: i });
      this.sequenceStart = i + 1;
    }
  }
}

/** The rows of one CU's line program, indexed by address. Build with `runLineProgram`. */
export class LineTable {
  readonly address: Float64Array;
  readonly opIndex: Uint8Array;
  readonly file: Uint32Array;
  readonly line: Uint32Array;
  readonly column: Uint32Array;
  readonly flags: Uint8Array;
  readonly isa: Uint32Array;
  readonly discriminator: Uint32Array;
  /** Sequences in program order. */
  readonly sequences: readonly LineSequence[];
  /** Sequences by address, for lookups. */
  private readonly byAddress: AddressRangeIndex<LineSequence>;

  constructor(
    readonly header: LineProgramHeader,
    rows: LineRowsBuilder,
    /** The header's file table plus DW_LNE_define_file entries (DWARF 2-4), numbered alike. */
    readonly fileNames: readonly LineFileEntry[],
  ) {
    // Exact-size copies, so the builder's spare capacity is garbage at once.
    const n = rows.length;
    this.address = rows.address.slice(0, n);
    this.opIndex = rows.opIndex.slice(0, n);
    this.file = rows.file.slice(0, n);
    this.line = rows.line.slice(0, n);
    this.column = rows.column.slice(0, n);
    this.flags = rows.flags.slice(0, n);
    this.isa = rows.isa.slice(0, n);
    this.discriminator = rows.discriminator.slice(0, n);
    this.sequences = rows.sequences;
    for (const sequence of this.sequences) this.markLineEntries(sequence);
    this.byAddress = new AddressRangeIndex(rows.sequences.map((value) => ({ lowPc: value.lowPc, highPc: value.highPc, value })));
  }

  get rowCount(): number {
    return this.address.length;
  }

  /** Row `index` as an object. */
  row(index: number): LineRow {
    const flags = this.flags[index];
    return {
      address: this.address[index],
      opIndex: this.opIndex[index],
      file: this.file[index],
      line: this.line[index],
      column: this.column[index],
      isStmt: (flags & ROW_IS_STMT) !== 0,
      basicBlock: (flags & ROW_BASIC_BLOCK) !== 0,
      endSequence: (flags & ROW_END_SEQUENCE) !== 0,
      prologueEnd: (flags & ROW_PROLOGUE_END) !== 0,
      epilogueBegin: (flags & ROW_EPILOGUE_BEGIN) !== 0,
      isa: this.isa[index],
      discriminator: this.discriminator[index],
    };
  }

  /**
   * Sets ROW_LINE_ENTRY on the rows of `sequence` that start an entry. Rebuilt from the rows, as
   * GDB's line state machine tracks it: the line "has had a non-zero discriminator" since the
   * line register last changed.
   */
  private markLineEntries(sequence: LineSequence): void {
    let lastFile = -1;
    let lastLine = 0;
    let previousLine = 1;
    let nonZeroDiscriminator = false;
    for (let i = sequence.firstRow; i < sequence.endRow; i++) {
      const line = this.line[i];
      const discriminated = this.discriminator[i] !== 0;
      nonZeroDiscriminator = line === previousLine ? nonZeroDiscriminator || discriminated : discriminated;
      previousLine = line;
      if (this.file[i] !== lastFile || line !== lastLine || !nonZeroDiscriminator) this.flags[i] |= ROW_LINE_ENTRY;
      lastFile = this.file[i];
      lastLine = line;
    }
  }

  /** The sequence whose [lowPc, highPc) holds `address`; empty sequences never match. */
  sequenceAt(address: number): LineSequence | undefined {
    return this.byAddress.find(address)?.value;
  }

  /**
   * The row describing the instruction at `address` (DWARF5 6.2.1: a row covers the addresses
   * up to the next row's): the line entry (ROW_LINE_ENTRY) at or below it, so the address of
   * the row is where its line entry starts. Of several entries at that address the last is_stmt
   * one wins, as a debugger shows the statement that starts there; -1 when no sequence covers it.
   */
  rowIndexAt(address: number): number {
    const sequence = this.sequenceAt(address);
    if (!sequence) return -1;
    let lo = sequence.firstRow;
    let hi = sequence.endRow;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.address[mid] <= address) lo = mid + 1;
      else hi = mid;
    }
    let last = lo - 1;
    while (last >= sequence.firstRow && (this.flags[last] & ROW_LINE_ENTRY) === 0) last--;
    if (last < sequence.firstRow) return -1;
    for (let i = last; i >= sequence.firstRow && this.address[i] === this.address[last]; i--) {
      if (this.flags[i] & ROW_IS_STMT) return i;
    }
    return last;
  }
}
