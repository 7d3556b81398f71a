// One compile unit's line number program, parsed lazily: the header on first need, the rows on
// first query. Resolves file register values to full paths (DWARF5 6.2.4 items 20-21).
import { DwarfSections } from '../dwarfSections';
import { runLineProgram } from './lineProgram';
import { headerMayNameFile, LineFileEntry, LineProgramHeader, LineStringSources, parseLineProgramHeader } from './lineProgramHeader';
import { LineTable } from './lineTable';
import { joinSourcePath } from './sourcePath';

/** What a compile unit DIE says about its line program (DW_AT_stmt_list, DW_AT_comp_dir, DW_AT_name). */
export interface LineProgramRef {
  /** DW_AT_stmt_list: offset of the program in .debug_line. */
  readonly offset: number;
  /** DW_AT_comp_dir: directory 0 in DWARF 2-4, where relative names start. */
  readonly compDir?: string;
  /** DW_AT_name of the compile unit. */
  readonly name?: string;
  /** Resolves DW_FORM_strx* through the unit's str_offsets_base (DWARF5 7.26). */
  readonly strx?: (index: number) => string;
}

/** A compile unit's line program; header and rows are read on first use. */
export class LineUnit {
  private parsedHeader: LineProgramHeader | undefined;
  private parsedTable: LineTable | undefined;
  private readonly paths = new Map<number, string | undefined>();
  private readonly directories = new Map<number, string>();

  constructor(
    private readonly sections: DwarfSections,
    readonly ref: LineProgramRef,
    /** Decoded header strings shared by the units of one program (LineStringSources.cache). */
    private readonly stringCache?: Map<number, string>,
  ) {}

  get offset(): number {
    return this.ref.offset;
  }

  get header(): LineProgramHeader {
    if (!this.parsedHeader) {
      const strings: LineStringSources = {
        cString: (name, offset) => this.sections.cString(name, offset),
        strx: this.ref.strx,
        cache: this.stringCache,
      };
      this.parsedHeader = parseLineProgramHeader(this.debugLine(), this.ref.offset, strings, this.sections.littleEndian);
    }
    return this.parsedHeader;
  }

  /**
   * False when the file table cannot name a file with base name `name` (UTF-8 bytes followed by
   * NUL), judged from the raw bytes of a DWARF 2-4 header not parsed yet (headerMayNameFile).
   */
  mayNameFile(name: Uint8Array): boolean {
    return this.parsedHeader !== undefined || headerMayNameFile(this.debugLine(), this.ref.offset, name, this.sections.littleEndian);
  }

  /** True once the rows have been decoded (for callers that report indexing progress). */
  get loaded(): boolean {
    return this.parsedTable !== undefined;
  }

  /** The decoded rows; runs the program on first call. */
  get table(): LineTable {
    if (!this.parsedTable) {
      this.parsedTable = runLineProgram(this.debugLine(), this.header, this.sections.littleEndian);
      // DW_LNE_define_file may have added entries: forget paths resolved before.
      if (this.parsedTable.fileNames.length !== this.header.fileNames.length) this.paths.clear();
    }
    return this.parsedTable;
  }

  /** The compilation directory: DW_AT_comp_dir, or directory 0 of a DWARF 5 table. */
  get compDir(): string | undefined {
    const header = this.header;
    if (header.version >= 5) return header.includeDirectories[0] ?? this.ref.compDir;
    return this.ref.compDir;
  }

  /** File entries as numbered by the file register (index 0 unused before DWARF 5). */
  fileCount(): number {
    const files = this.parsedTable?.fileNames ?? this.header.fileNames;
    return this.header.version >= 5 ? files.length : files.length + 1;
  }

  /** The entry the file register value `file` names, if the table has it. */
  fileEntry(file: number): LineFileEntry | undefined {
    const files = this.parsedTable?.fileNames ?? this.header.fileNames;
    return this.header.version >= 5 ? files[file] : file > 0 ? files[file - 1] : undefined;
  }

  /**
   * The full path of file register value `file`: name joined to its directory, the directory
   * joined to the compilation directory when relative (DWARF5 6.2.4 items 20-21). Pure string
   * joining, normalised with `/`.
   */
  filePath(file: number): string | undefined {
    if (this.paths.has(file)) return this.paths.get(file);
    const entry = this.fileEntry(file);
    const path = entry && joinSourcePath(this.directory(entry.directoryIndex), entry.path);
    this.paths.set(file, path);
    return path;
  }

  /** Directory `index` as numbered by the version, joined to the compilation directory. */
  private directory(index: number): string {
    let path = this.directories.get(index);
    if (path === undefined) {
      const header = this.header;
      const compDir = this.compDir;
      const dir = header.version >= 5 ? header.includeDirectories[index] : index === 0 ? compDir : header.includeDirectories[index - 1];
      path = joinSourcePath(compDir ?? '', dir ?? '');
      this.directories.set(index, path);
    }
    return path;
  }

  private debugLine(): Uint8Array {
    return this.sections.get('.debug_line') ?? new Uint8Array(0);
  }
}
