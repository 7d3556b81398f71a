// Parses the header of one line number program in .debug_line (DWARF5 6.2.4; DWARF 2-4 layouts),
// including DWARF 5 directory/file entry formats. It does not run the opcodes (lineProgram.ts).
import { ByteReader, DwarfFormatError } from '../../common';
import { AttributeValue, checkCount, DW_FORM_line_strp, DW_FORM_strp, FormContext, inSection, readAttributeValue, readInitialLength, readOffset } from '../info';
import { DW_LNCT_directory_index, DW_LNCT_MD5, DW_LNCT_path, DW_LNCT_size, DW_LNCT_timestamp } from './lineConstants';

/** The name every error of this module carries (ARCHITECTURE.md: DwarfFormatError names the section). */
export const DEBUG_LINE = '.debug_line';

/**
 * Where the header's string forms point. DW_FORM_line_strp reads .debug_line_str, DW_FORM_strp
 * .debug_str (DWARF5 7.5.5); DW_FORM_strx* need the unit's str_offsets_base, so only a caller that
 * knows the compile unit can resolve them through `strx`.
 */
export interface LineStringSources {
  readonly debugStr?: Uint8Array;
  readonly debugLineStr?: Uint8Array;
  /** Reads a string of either section instead of the bytes, when given (DwarfSections.cString). */
  readonly cString?: (name: '.debug_str' | '.debug_line_str', offset: number) => string;
  readonly strx?: (index: number) => string;
  /**
   * Strings already decoded, by form and offset: the linker merges .debug_line_str, so every
   * unit's header names the same directories at the same offsets. Shared by all units of a program.
   */
  readonly cache?: Map<number, string>;
}

/** One file_names entry (DWARF5 6.2.4 items 20-21; DW_LNE_define_file in DWARF 2-4). */
export interface LineFileEntry {
  /** DW_LNCT_path as written: absolute, or relative to its directory. */
  readonly path: string;
  /** DW_LNCT_directory_index: an index into `includeDirectories` as numbered by the version. */
  readonly directoryIndex: number;
  readonly timestamp?: number;
  readonly byteSize?: number;
  /** DW_LNCT_MD5: the 16-byte digest of the source, when the producer recorded it. */
  readonly md5?: Uint8Array;
}

/** A line number program header; offsets are absolute in .debug_line. */
export interface LineProgramHeader {
  /** Offset of unit_length: the value of a CU's DW_AT_stmt_list. */
  readonly offset: number;
  /** Offset just past this unit: where the next program's header starts. */
  readonly unitEnd: number;
  /** 32- or 64-bit DWARF format (DWARF5 7.4). */
  readonly offsetSize: 4 | 8;
  readonly version: number;
  /** address_size (DWARF 5 only; earlier versions take it from DW_LNE_set_address). */
  readonly addressSize?: number;
  readonly minimumInstructionLength: number;
  /** maximum_operations_per_instruction: 1 for non-VLIW targets and for DWARF 2-3. */
  readonly maximumOperationsPerInstruction: number;
  readonly defaultIsStmt: boolean;
  readonly lineBase: number;
  readonly lineRange: number;
  readonly opcodeBase: number;
  /** standard_opcode_lengths[i] is the operand count of opcode i + 1. */
  readonly standardOpcodeLengths: readonly number[];
  /**
   * The directory table as stored. DWARF 5 numbers it from 0 (entry 0 is the compilation
   * directory); DWARF 2-4 from 1, index 0 meaning the compilation directory (DWARF5 6.2.4 note).
   */
  readonly includeDirectories: readonly string[];
  /** The file table as stored: 0-based in DWARF 5, 1-based in DWARF 2-4 (entry i is file i + 1). */
  readonly fileNames: readonly LineFileEntry[];
  /** Offset of the first opcode. */
  readonly programOffset: number;
}

/**
 * Parses the header at `offset` of .debug_line. Throws DwarfFormatError naming the offset of the
 * bad field; never reads outside `section`.
 */
export function parseLineProgramHeader(
  section: Uint8Array,
  offset: number,
  strings: LineStringSources = {},
  littleEndian = true,
): LineProgramHeader {
  return inSection(DEBUG_LINE, () => readHeader(section, offset, strings, littleEndian));
}

/** Reads a unit_length (DWARF5 7.4) and checks that the unit fits in the section. */
export function readUnitLength(r: ByteReader): { offsetSize: 4 | 8; unitEnd: number } {
  const at = r.offset;
  const { length, offsetSize } = readInitialLength(r, DEBUG_LINE);
  const unitEnd = r.offset + length;
  if (unitEnd > r.end) {
    throw new DwarfFormatError(`unit_length 0x${length.toString(16)} passes the end of the section (0x${r.end.toString(16)})`, DEBUG_LINE, at);
  }
  return { offsetSize, unitEnd };
}

/**
 * Whether the DWARF 2-4 header at `offset` may name a file whose base name is `name` (UTF-8,
 * NUL-terminated bytes): false only when those bytes appear nowhere in its directory and file
 * tables, which hold their strings inline (DWARF 2-4 6.2.4). True for DWARF 5, whose strings live
 * in other sections, and for anything unreadable, so that the full parse reports it. Lets a source
 * line lookup skip parsing the headers of units that cannot hold the file.
 */
export function headerMayNameFile(section: Uint8Array, offset: number, name: Uint8Array, littleEndian = true): boolean {
  if (offset + 10 > section.length) return true;
  const view = new DataView(section.buffer, section.byteOffset + offset);
  const first = view.getUint32(0, littleEndian);
  if (first >= 0xfffffff0) return true; // 64-bit DWARF or reserved: rare, parse it
  const version = view.getUint16(4, littleEndian);
  if (version < 2 || version > 4) return true;
  const end = offset + 10 + view.getUint32(6, littleEndian);
  if (end > offset + 4 + first || offset + 4 + first > section.length) return true;
  for (let at = section.indexOf(name[0], offset + 10); at >= 0 && at + name.length <= end; at = section.indexOf(name[0], at + 1)) {
    let k = 1;
    while (k < name.length && section[at + k] === name[k]) k++;
    if (k === name.length) return true;
  }
  return false;
}

function readHeader(section: Uint8Array, offset: number, strings: LineStringSources, littleEndian: boolean): LineProgramHeader {
  const outer = new ByteReader(section, littleEndian, 0).seek(offset);
  const { offsetSize, unitEnd } = readUnitLength(outer);
  const r = new ByteReader(section, littleEndian, outer.offset, unitEnd);
  const fail = (message: string, at: number): never => {
    throw new DwarfFormatError(message, DEBUG_LINE, at);
  };
  const versionAt = r.offset;
  const version = r.u16();
  if (version < 2 || version > 5) fail(`unsupported line table version ${version}`, versionAt);
  let addressSize: number | undefined;
  if (version >= 5) {
    addressSize = r.u8();
    r.u8(); // segment_selector_size: segmented addressing is not used by any target we debug
  }
  const headerLengthAt = r.offset;
  const headerLength = readOffset(r, offsetSize);
  const programOffset = r.offset + headerLength;
  if (programOffset > unitEnd) fail(`header_length 0x${headerLength.toString(16)} passes the end of the unit`, headerLengthAt);
  const h = new ByteReader(section, littleEndian, r.offset, programOffset);
  const minimumInstructionLength = h.u8();
  const maximumOperationsPerInstruction = version >= 4 ? h.u8() : 1;
  if (maximumOperationsPerInstruction === 0) fail('maximum_operations_per_instruction is 0', h.offset - 1);
  const defaultIsStmt = h.u8() !== 0;
  const lineBase = h.i8();
  const lineRangeAt = h.offset;
  const lineRange = h.u8();
  if (lineRange === 0) fail('line_range is 0', lineRangeAt);
  const opcodeBase = h.u8();
  if (opcodeBase === 0) fail('opcode_base is 0', h.offset - 1);
  const standardOpcodeLengths: number[] = [];
  for (let i = 1; i < opcodeBase; i++) standardOpcodeLengths.push(h.u8());

  const entries = new EntryReader(h, strings, {
    encoding: { version, offsetSize, addressSize: addressSize ?? 4 },
    unitOffset: offset,
    strings,
    section: DEBUG_LINE,
  });
  let includeDirectories: string[];
  let fileNames: LineFileEntry[];
  if (version >= 5) {
    includeDirectories = entries.readV5Table().map((entry) => entry.path);
    fileNames = entries.readV5Table();
  } else {
    includeDirectories = [];
    while (h.bytes[h.offset] !== 0 || h.atEnd) includeDirectories.push(h.cString());
    h.u8();
    fileNames = [];
    while (h.bytes[h.offset] !== 0 || h.atEnd) fileNames.push(readV4FileEntry(h));
    h.u8();
  }
  return {
    offset, unitEnd, offsetSize, version, addressSize, minimumInstructionLength, maximumOperationsPerInstruction,
    defaultIsStmt, lineBase, lineRange, opcodeBase, standardOpcodeLengths, includeDirectories, fileNames, programOffset,
  };
}

/** A DWARF 2-4 file entry: the layout shared by file_names and DW_LNE_define_file. */
export function readV4FileEntry(r: ByteReader): LineFileEntry {
  const path = r.cString();
  const directoryIndex = r.uleb128();
  const timestamp = r.uleb128();
  const byteSize = r.uleb128();
  return { path, directoryIndex, timestamp, byteSize };
}

/** Reads DWARF 5 entry-format-described tables (DWARF5 6.2.4 items 14-21). */
class EntryReader {
  constructor(
    private readonly r: ByteReader,
    private readonly strings: LineStringSources,
    private readonly forms: FormContext,
  ) {}

  readV5Table(): LineFileEntry[] {
    const r = this.r;
    const formatCount = r.u8();
    const format: { contentType: number; form: number }[] = [];
    for (let i = 0; i < formatCount; i++) format.push({ contentType: r.uleb128(), form: r.uleb128() });
    const countAt = r.offset;
    const count = r.uleb128();
    // Every form reads at least one byte, so a count above the bytes left is corrupt; checking it
    // up front bounds the loop and the allocation.
    if (count > 0 && formatCount === 0) throw new DwarfFormatError(`${count} entries without an entry format`, DEBUG_LINE, countAt);
    checkCount(r, count, formatCount, DEBUG_LINE, 'directory/file entry');
    const table: LineFileEntry[] = [];
    for (let i = 0; i < count; i++) {
      let path = '';
      let directoryIndex = 0;
      let timestamp: number | undefined;
      let byteSize: number | undefined;
      let md5: Uint8Array | undefined;
      for (const { contentType, form } of format) {
        const at = r.offset;
        const value = this.readValue(form);
        switch (contentType) {
          case DW_LNCT_path:
            path = this.asString(value, at);
            break;
          case DW_LNCT_directory_index:
            directoryIndex = this.asNumber(value, at);
            break;
          case DW_LNCT_timestamp:
            // A timestamp may also be a block (DWARF5 6.2.4.1); only the constant form is kept.
            timestamp = value.kind === 'constant' ? this.asNumber(value, at) : undefined;
            break;
          case DW_LNCT_size:
            byteSize = this.asNumber(value, at);
            break;
          case DW_LNCT_MD5:
            if (value.kind !== 'block' || value.bytes.length !== 16) this.fail('DW_LNCT_MD5 is not DW_FORM_data16', at);
            md5 = (value as { bytes: Uint8Array }).bytes;
            break;
          default:
            break; // vendor content types (DW_LNCT_lo_user..) are skipped by their form, as 6.2.4.1 allows
        }
      }
      table.push({ path, directoryIndex, timestamp, byteSize, md5 });
    }
    return table;
  }

  /** readAttributeValue, with strp/line_strp strings looked up in the shared cache first. */
  private readValue(form: number): AttributeValue {
    const cache = this.strings.cache;
    if (!cache || (form !== DW_FORM_line_strp && form !== DW_FORM_strp)) return readAttributeValue(this.r, form, this.forms);
    const at = this.r.offset;
    const key = readOffset(this.r, this.forms.encoding.offsetSize) * 2 + (form === DW_FORM_line_strp ? 1 : 0);
    const known = cache.get(key);
    if (known !== undefined) return { kind: 'string', value: known };
    this.r.seek(at);
    const value = readAttributeValue(this.r, form, this.forms);
    if (value.kind === 'string') cache.set(key, value.value);
    return value;
  }

  private asString(value: AttributeValue, at: number): string {
    if (value.kind === 'string') return value.value;
    if (value.kind === 'stringIndex') {
      const strx = this.strings.strx;
      return strx ? strx(value.index) : this.fail('DW_FORM_strx* needs the unit\'s .debug_str_offsets base', at);
    }
    return this.fail('DW_LNCT_path has a non-string form', at);
  }

  private asNumber(value: AttributeValue, at: number): number {
    if (value.kind !== 'constant' || typeof value.value !== 'number') this.fail('expected a constant form of a safe integer', at);
    return (value as { value: number }).value;
  }

  private fail(message: string, at: number): never {
    throw new DwarfFormatError(message, DEBUG_LINE, at);
  }
}
