// The program being debugged, as the engine asks about it: source lines <-> addresses, functions,
// inline chains, symbols, source files and load segments. A thin, lazy facade over src/elf and
// src/dwarf; it parses nothing itself and never touches the target.
import { ElfFile, EM_ARM, LoadSegment, SHF_ALLOC, SHF_EXECINSTR, SHT_NOBITS } from '../../elf';
import {
  CallFrameInfo, DebugLine, debugLineForElf, Die, dieRanges, DW_AT_stmt_list, DW_LANG_Mips_Assembler, DW_TAG_inlined_subroutine, DwarfInfo,
  dwarfScopeAt, functionAt, FunctionLookup, functionLookupFromElf, InlinedCall, inlinedCopyBreakpointAddress, LineUnit,
  qualifiedName, resolveFunctionBreakpoints, resolveLineBreakpoint, stepIntoAddress, Unit,
} from '../../dwarf';
import { SourcePathMap } from './sourcePathMap';

/** A position in a source file; `path` is local (after sourceFileMap), `line` 1-based. */
export interface SourcePosition {
  readonly path: string;
  readonly line: number;
  /** 1-based, or 0 when the compiler recorded none. */
  readonly column: number;
}

/** An address expressed as symbol + offset, for code without debug information. */
export interface SymbolOffset {
  readonly name: string;
  readonly offset: number;
}

/** A range of code addresses [lowPc, highPc). */
export interface CodeRange {
  readonly lowPc: number;
  readonly highPc: number;
}

/** A function's code, from DWARF (DW_TAG_subprogram) or, without debug info, from its ELF symbol. */
export interface CodeFunction {
  readonly name: string;
  readonly ranges: readonly CodeRange[];
  readonly lowPc: number;
  /** True when the line table covers the function (source-level stepping can stop in it). */
  readonly hasLineInfo: boolean;
}

/**
 * One source-level frame at an address: an inlined call (DWARF5 3.3.8.2) or the concrete function.
 * Several share one machine frame; `sourceFramesAt` lists them innermost first.
 */
export interface SourceFrame {
  readonly function: string | undefined;
  /** Where this frame is: the address's line for the innermost, the call site for the outer ones. */
  readonly source: SourcePosition | undefined;
  readonly inlined: boolean;
  /** The code of this frame's function or inlined body. */
  readonly ranges: readonly CodeRange[];
}

/** The line-table row an address is in (DWARF5 6.2), for stepping decisions. */
export interface LineAt {
  /** Start address of the row (where its statement begins). */
  readonly address: number;
  readonly source: SourcePosition;
  readonly isStmt: boolean;
}

/** A breakpoint location in source terms, paths local. */
export interface BreakpointLocation {
  readonly address: number;
  readonly source: SourcePosition | undefined;
  readonly functionName: string | undefined;
}

/** The answer to "break at FILE:LINE": the actual line, whether it moved, and every address. */
export interface LineBreakpointAnswer {
  readonly requestedLine: number;
  readonly line: number;
  /** True when the requested line has no code and the breakpoint moved to `line`. */
  readonly moved: boolean;
  readonly locations: readonly BreakpointLocation[];
}

export interface ProgramOptions {
  /** Compiled path prefix -> local path prefix (launch.json `sourceFileMap`). */
  readonly sourceFileMap?: Readonly<Record<string, string>>;
}

/** One program: an ELF file with its debug information. Everything is computed on first use. */
export class Program {
  readonly elf: ElfFile;
  readonly dwarf: DwarfInfo;
  readonly paths: SourcePathMap;
  private debugLineCache: DebugLine | undefined;
  private cfiCache: CallFrameInfo | undefined;
  private symbolFunctions: FunctionLookup | undefined;
  private lineUnitsByOffset: Map<number, LineUnit> | undefined;
  private inlinedByName: Map<string, number[]> | undefined;
  private functionSymbolList: { name: string; address: number; sectionIndex: number }[] | undefined;

  private constructor(elf: ElfFile, options: ProgramOptions) {
    this.elf = elf;
    this.dwarf = DwarfInfo.fromElf(elf);
    this.paths = new SourcePathMap(options.sourceFileMap);
  }

  /** Parses the ELF headers (ElfFormatError on a bad file); debug information is read lazily. */
  static fromElf(bytes: Uint8Array, options: ProgramOptions = {}): Program {
    return new Program(ElfFile.parse(bytes), options);
  }

  /** The line tables (.debug_line), connected to .debug_info and the ELF code ranges. */
  get lines(): DebugLine {
    this.debugLineCache ??= debugLineForElf(this.elf, this.dwarf);
    return this.debugLineCache;
  }

  /** Call frame information; ARM code addresses get their Thumb bit cleared. */
  get cfi(): CallFrameInfo {
    this.cfiCache ??= CallFrameInfo.fromSections(this.dwarf.sections, { clearThumbBit: this.elf.header.machine === EM_ARM });
    return this.cfiCache;
  }

  /** ELF e_entry with the Thumb bit cleared. */
  get entryAddress(): number {
    return this.elf.header.machine === EM_ARM ? this.elf.header.entry & ~1 : this.elf.header.entry;
  }

  /** What to program, at load (physical) addresses: flash, or RAM for a RAM-linked image. */
  loadSegments(): LoadSegment[] {
    return this.elf.loadSegments();
  }

  /** Every source file of the line tables, local paths, sorted. */
  sourceFiles(): string[] {
    return [...new Set(this.lines.sourceFiles().map((path) => this.paths.toLocal(path)))].sort();
  }

  /**
   * Breakpoint addresses for a source line (`path` local, absolute or relative or a base name).
   * A line without code moves to the next line with code, reported as moved (GDB's `break`).
   */
  resolveLine(path: string, line: number): LineBreakpointAnswer {
    const resolution = resolveLineBreakpoint(this.lines, this.paths.toCompiled(path), line, {
      functions: this.functions(),
      scopeAt: dwarfScopeAt(this.dwarf),
    });
    return {
      requestedLine: resolution.requestedLine,
      line: resolution.line,
      moved: resolution.moved,
      locations: resolution.locations.map((location) => ({
        address: location.address,
        source: { path: this.paths.toLocal(location.path), line: location.line, column: location.column },
        functionName: location.functionName,
      })),
    };
  }

  /**
   * Breakpoint addresses for a function name, as GDB's `break FUNC`: each out-of-line copy's first
   * address after its prologue, and the entry of each inlined copy (DW_TAG_inlined_subroutine,
   * DWARF5 3.3.8.2), so a function the compiler inlined everywhere can still be broken on.
   */
  resolveFunction(name: string): BreakpointLocation[] {
    const concrete = resolveFunctionBreakpoints(this.lines, this.functions(), name).map((found) => ({
      address: found.address,
      source: found.location?.path === undefined ? undefined : this.position(found.location.path, found.location.line, found.location.column),
      functionName: found.function.name,
    }));
    const inlined = this.inlinedCopies(name)
      .filter((address) => !concrete.some((location) => location.address === address))
      .map((address) => ({ address, source: this.lineAt(address)?.source, functionName: name }));
    return [...concrete, ...inlined];
  }

  /** The line-table row holding `address`, or undefined outside code with line information. */
  lineAt(address: number): LineAt | undefined {
    const location = this.lines.locationAt(address);
    if (!location || location.path === undefined || location.line === 0) return undefined;
    return { address: location.address, source: this.position(location.path, location.line, location.column), isStmt: location.isStmt };
  }

  /** The concrete function holding `address`: DWARF first, else the ELF FUNC symbol. */
  functionAt(address: number): CodeFunction | undefined {
    const found = functionAt(this.dwarf, address);
    if (found) {
      const ranges = found.function.ranges.length > 0 ? found.function.ranges : [];
      const lowPc = Math.min(...ranges.map((r) => r.lowPc));
      return { name: found.function.name, ranges, lowPc, hasLineInfo: this.lineAt(address) !== undefined };
    }
    const symbol = this.functions().functionAt(address);
    if (!symbol) return undefined;
    return { name: symbol.name, ranges: [symbol], lowPc: symbol.lowPc, hasLineInfo: this.lineAt(address) !== undefined };
  }

  /** Where a source step into the function `fn` stops (GDB: past its prologue, as stepIntoAddress says). */
  stepIntoAddress(fn: CodeFunction): number {
    const language = this.dwarf.unitForAddress(fn.lowPc)?.language;
    const range = { name: fn.name, lowPc: fn.lowPc, highPc: Math.max(...fn.ranges.map((r) => r.highPc)) };
    return stepIntoAddress(this.lines, range, language === undefined || language === DW_LANG_Mips_Assembler);
  }

  /**
   * The source-level frames at `address`, innermost first: one per inlined call around it, then the
   * concrete function. Frame k+1's position is frame k's call site (DW_AT_call_file/line/column).
   * Without debug information: one frame named by the ELF symbol, without a source position.
   * `hideInlinedAtEntry` leaves out inlined calls entered at `address` (entersInlinedCallAt), as
   * GDB does at a stop (inline-frame.c skip_inline_frames): the PC is then shown at the call site.
   * `revealInlined` shows that many of them again, outermost first (GDB's `step` into an inlined
   * call at its entry moves no PC: step_into_inline_frame).
   */
  sourceFramesAt(address: number, options: { readonly hideInlinedAtEntry?: boolean; readonly revealInlined?: number } = {}): SourceFrame[] {
    const frames = this.allSourceFramesAt(address);
    if (!options.hideInlinedAtEntry) return frames;
    let hidden = 0;
    while (hidden < frames.length - 1 && frames[hidden].inlined && entersInlinedCallAt(frames[hidden].ranges, address)) hidden++;
    return frames.slice(Math.max(0, hidden - (options.revealInlined ?? 0)));
  }

  private allSourceFramesAt(address: number): SourceFrame[] {
    const found = functionAt(this.dwarf, address);
    const line = this.lineAt(address);
    if (!found) {
      const symbol = this.functions().functionAt(address);
      const name = symbol?.name ?? this.symbolAt(address)?.name;
      return [{ function: name, source: line?.source, inlined: false, ranges: symbol ? [symbol] : [] }];
    }
    const frames: SourceFrame[] = [];
    let source = line?.source;
    for (const call of found.inlined) {
      frames.push({ function: call.name, source, inlined: true, ranges: call.ranges });
      source = this.callSite(call);
    }
    frames.push({ function: found.function.name, source, inlined: false, ranges: found.function.ranges });
    return frames;
  }

  /**
   * The ELF symbol holding `address` (FUNC or OBJECT), as name + offset; in code, else the nearest
   * function symbol before it (GDB's minimal symbols: assembly routines often have no size).
   */
  symbolAt(address: number): SymbolOffset | undefined {
    const symbol = this.elf.symbolAt(address) ?? (this.isCode(address) ? this.nearestFunctionSymbol(address) : undefined);
    return symbol ? { name: symbol.name, offset: address - symbol.address } : undefined;
  }

  /** Where the function holding `address` starts: its DWARF entry, else its (nearest) ELF symbol. */
  functionStartAt(address: number): number | undefined {
    return this.functionAt(address)?.lowPc ?? this.nearestFunctionSymbol(address)?.address;
  }

  /** `main+0x12` style text for `address`, or undefined when no symbol holds it. */
  symbolText(address: number): string | undefined {
    const symbol = this.symbolAt(address);
    if (!symbol) return undefined;
    return symbol.offset === 0 ? symbol.name : `${symbol.name}+0x${symbol.offset.toString(16)}`;
  }

  /** Bytes of allocated, initialised sections at `address` as linked (code and constants), if all present. */
  bytesAt(address: number, byteLength: number): Uint8Array | undefined {
    for (const section of this.elf.sections) {
      if ((section.flags & SHF_ALLOC) === 0 || section.type === SHT_NOBITS) continue;
      if (address >= section.addr && address + byteLength <= section.addr + section.size) {
        const data = this.elf.sectionData(section.name);
        return data?.subarray(address - section.addr, address - section.addr + byteLength);
      }
    }
    return undefined;
  }

  /** True when `address` lies in an executable section of the ELF file. */
  isCode(address: number): boolean {
    return this.elf.sections.some((s) => (s.flags & SHF_EXECINSTR) !== 0 && address >= s.addr && address < s.addr + s.size);
  }

  /** Breakpoint addresses of the inlined copies of the function `name` (GDB 13's, inlinedCopyBreakpointAddress), in address order. */
  private inlinedCopies(name: string): number[] {
    if (!this.inlinedByName) {
      const index = new Map<string, number[]>();
      for (const unit of this.dwarf.units) {
        const pending: Die[] = [unit.root];
        for (let die = pending.pop(); die; die = pending.pop()) {
          pending.push(...die.children);
          if (die.tag !== DW_TAG_inlined_subroutine) continue;
          const ranges = dieRanges(die);
          if (ranges.length === 0 || !this.lines.isCode(ranges[0].lowPc)) continue;
          const call = functionAt(this.dwarf, Math.min(...ranges.map((r) => r.lowPc)))?.inlined.find((c) => c.die === die);
          const calleeName = call?.name ?? qualifiedName(die);
          if (calleeName === undefined) continue;
          index.set(calleeName, [...(index.get(calleeName) ?? []), inlinedCopyBreakpointAddress(this.lines, calleeName, ranges)]);
        }
      }
      for (const list of index.values()) list.sort((a, b) => a - b);
      this.inlinedByName = index;
    }
    return this.inlinedByName.get(name) ?? [];
  }

  /** The last FUNC symbol at or before `address` in the same executable section. */
  private nearestFunctionSymbol(address: number): { name: string; address: number } | undefined {
    const section = this.elf.sections.find((s) => (s.flags & SHF_EXECINSTR) !== 0 && address >= s.addr && address < s.addr + s.size);
    if (!section) return undefined;
    this.functionSymbolList ??= this.elf.symbols
      .filter((symbol) => symbol.type === 'FUNC' && symbol.name !== '' && symbol.sectionIndex !== 0)
      .map((symbol) => ({ name: symbol.name, address: symbol.address, sectionIndex: symbol.sectionIndex }))
      .sort((a, b) => a.address - b.address);
    let found: { name: string; address: number } | undefined;
    for (const symbol of this.functionSymbolList) {
      if (symbol.address > address) break;
      if (symbol.sectionIndex === section.index) found = symbol;
    }
    return found;
  }

  private functions(): FunctionLookup {
    this.symbolFunctions ??= functionLookupFromElf(this.elf);
    return this.symbolFunctions;
  }

  private position(compiledPath: string, line: number, column: number): SourcePosition {
    return { path: this.paths.toLocal(compiledPath), line, column };
  }

  /** DW_AT_call_file is an index into the file table of the unit's line program (DWARF5 3.3.8.2). */
  private callSite(call: InlinedCall): SourcePosition | undefined {
    if (call.callFile === undefined || call.callLine === undefined) return undefined;
    const path = this.lineUnitOf(call.die.unit)?.filePath(call.callFile);
    return path === undefined ? undefined : this.position(path, call.callLine, call.callColumn ?? 0);
  }

  private lineUnitOf(unit: Unit): LineUnit | undefined {
    this.lineUnitsByOffset ??= new Map(this.lines.units.map((lineUnit) => [lineUnit.offset, lineUnit]));
    const offset = unit.rootSectionOffset(DW_AT_stmt_list);
    return offset === undefined ? undefined : this.lineUnitsByOffset.get(offset);
  }
}

/**
 * Whether `address` enters the inlined call whose code is `ranges` (in DWARF order), as GDB 13's
 * skip_inline_frames decides: its BLOCK_ENTRY_PC (the start of the first listed range), or the
 * start of a range whose previous address lies outside the call (block_starting_point_at). A
 * range that continues the one before it is inside the call: at -Os round_once inlined in main
 * has [0x800010c,0x8000110) then [0x8000110,0x800015e), and GDB shows round_once at 0x8000110.
 */
function entersInlinedCallAt(ranges: readonly CodeRange[], address: number): boolean {
  if (ranges[0]?.lowPc === address) return true;
  return ranges.some((r) => r.lowPc === address) && !ranges.some((r) => r.lowPc <= address - 1 && address - 1 < r.highPc);
}

