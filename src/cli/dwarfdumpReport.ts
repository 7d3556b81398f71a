// The text reports of the `dwarfdump` CLI, one function per option, over an already-read ELF.
// Pure formatting of the elf/dwarf layers' answers: no file or process I/O here.
import { ElfFile } from '../elf';
import {
  CallFrameInfo, DebugLine, DwarfInfo, DwarfSections, DW_TAG_base_type, DW_TAG_enumeration_type, DW_TAG_structure_type,
  DW_TAG_typedef, DW_TAG_union_type, FunctionLookup, ScopeVariable, VariableLocation, debugLineForElf, dwarfScopeAt,
  dwarfInlinedCopies, formatCfaRule, formatRegisterRule, formatTypeDefinition, formatTypeName, functionAt, functionEntryAddress,
  functionLookupFromElf, resolveFunctionBreakpoints, resolveLineBreakpoint, typeFromDie, variablesInScope,
} from '../dwarf';

/** Everything the reports need, built lazily from one ELF file. */
export class DwarfdumpContext {
  readonly info: DwarfInfo;
  private lineIndex: DebugLine | undefined;
  private functionIndex: FunctionLookup | undefined;

  constructor(readonly elf: ElfFile) {
    this.info = new DwarfInfo(DwarfSections.fromElf(elf));
  }

  get lines(): DebugLine {
    this.lineIndex ??= debugLineForElf(this.elf, this.info);
    return this.lineIndex;
  }

  get functions(): FunctionLookup {
    this.functionIndex ??= functionLookupFromElf(this.elf);
    return this.functionIndex;
  }
}

const hex = (value: number): string => `0x${value.toString(16).padStart(8, '0')}`;
/** Bytes as space-separated two-digit hex (DWARF expression blocks, constant blocks). */
const hexBytes = (bytes: Uint8Array): string => Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join(' ');

/** `--lines`: every row of every line table (DWARF5 6.2.2), in section order. */
export function* linesReport(context: DwarfdumpContext): Generator<string> {
  for (const unit of context.lines.units) {
    const header = unit.header;
    yield `unit ${hex(unit.offset)} version ${header.version} ${header.offsetSize === 8 ? 'dwarf64' : 'dwarf32'} comp_dir ${unit.compDir ?? '-'}`;
    const table = unit.table;
    for (let i = 0; i < table.rowCount; i++) {
      const row = table.row(i);
      const flags = [row.isStmt && 'stmt', row.basicBlock && 'bb', row.prologueEnd && 'prologue_end', row.epilogueBegin && 'epilogue_begin',
        row.discriminator !== 0 && `discriminator=${row.discriminator}`, row.isa !== 0 && `isa=${row.isa}`].filter(Boolean).join(',');
      yield row.endSequence
        ? `  ${hex(row.address)} end_sequence`
        : `  ${hex(row.address)} ${row.line}:${row.column} ${flags || '-'} ${unit.filePath(row.file) ?? `file#${row.file}`}`;
    }
  }
}

/** `--stats`: builds the full line index and counts what it holds. */
export function* statsReport(context: DwarfdumpContext): Generator<string> {
  const lines = context.lines;
  const index = lines.indexAll();
  const rows = lines.units.reduce((sum, unit) => sum + unit.table.rowCount, 0);
  yield `line programs ${lines.units.length}, rows ${rows}, sequences of linked code ${index.size}, source files ${lines.sourceFiles().length}`;
}

/** `--sources`: the full paths of every file the line tables name. */
export function* sourcesReport(context: DwarfdumpContext): Generator<string> {
  yield* context.lines.sourceFiles();
}

/** `--functions`: every function symbol with its range, post-prologue entry and source location. */
export function* functionsReport(context: DwarfdumpContext): Generator<string> {
  const symbols = context.elf.symbols.filter((s) => s.type === 'FUNC' && s.size > 0 && s.sectionIndex !== 0 && s.name);
  const seen = new Set<number>();
  for (const symbol of [...symbols].sort((a, b) => a.address - b.address || a.name.localeCompare(b.name))) {
    const fn = { name: symbol.name, lowPc: symbol.address, highPc: symbol.address + symbol.size };
    const entry = functionEntryAddress(context.lines, fn);
    const at = context.lines.locationAt(entry);
    const alias = seen.has(symbol.address) ? ' alias' : '';
    seen.add(symbol.address);
    yield `${hex(fn.lowPc)}-${hex(fn.highPc)} ${fn.name} entry ${hex(entry)} ${at ? `${at.path}:${at.line}` : '-'}${alias}`;
  }
}

/** `--break SPEC`: FILE:LINE or a function name, resolved like a debugger's breakpoint. */
export function* breakReport(context: DwarfdumpContext, spec: string): Generator<string> {
  const fileLine = /^(.+):(\d+)$/.exec(spec);
  if (fileLine) {
    const resolution = resolveLineBreakpoint(context.lines, fileLine[1], Number(fileLine[2]), {
      functions: context.functions,
      scopeAt: dwarfScopeAt(context.info),
    });
    const moved = resolution.moved ? ` moved to line ${resolution.line}` : '';
    yield `break ${spec}: ${resolution.locations.length} location(s)${moved}`;
    for (const location of resolution.locations) {
      yield `  ${hex(location.address)} ${location.functionName ?? '-'} ${location.path}:${location.line}:${location.column}`;
    }
    return;
  }
  const found = resolveFunctionBreakpoints(context.lines, context.functions, spec, { inlinedCopies: dwarfInlinedCopies(context.info) });
  yield `break ${spec}: ${found.length} location(s)`;
  for (const { address, location, function: fn } of found) {
    yield `  ${hex(address)} ${fn.name} ${location ? `${location.path}:${location.line}:${location.column}` : '-'}`;
  }
}

/** `--addr ADDR`: the source location, function and inline chain of one address. */
export function* addressReport(context: DwarfdumpContext, address: number): Generator<string> {
  const location = context.lines.locationAt(address);
  yield `${hex(address)} ${location ? `${location.path}:${location.line}:${location.column}` : 'no line information'}`;
  const found = functionAt(context.info, address);
  if (!found) return;
  for (const call of found.inlined) yield `  inlined ${call.name} called from line ${call.callLine ?? '?'}`;
  yield `  in ${found.function.name}`;
}

/** `--frames`: every FDE's unwind table (DWARF5 6.4.1), like `objdump --dwarf=frames-interp`. */
export function* framesReport(context: DwarfdumpContext): Generator<string> {
  const cfi = CallFrameInfo.fromSections(context.info.sections, { clearThumbBit: context.elf.header.machine === 40 });
  for (const fde of cfi.fdes) {
    const name = context.elf.symbolAt(fde.initialLocation)?.name ?? '-';
    yield `fde ${fde.section}+${hex(fde.offset)} ${hex(fde.initialLocation)}-${hex(fde.initialLocation + fde.addressRange)} ${name}`;
    for (const row of cfi.unwindTable(fde)) {
      const registers = [...row.registers].sort(([a], [b]) => a - b).map(([register, rule]) => `r${register}=${formatRegisterRule(rule)}`);
      yield `  ${hex(row.startAddress)} cfa=${formatCfaRule(row.cfa)} ${registers.join(' ')}`.trimEnd();
    }
  }
  for (const warning of cfi.warnings) yield `warning: ${warning.message}`;
}

/** `--vars ADDR`: the variables in scope at an address, frame by frame, then statics and globals. */
export function* varsReport(context: DwarfdumpContext, address: number): Generator<string> {
  const scope = variablesInScope(context.info, address);
  if (!scope) {
    yield `${hex(address)}: no function here`;
    return;
  }
  for (const [index, frame] of scope.frames.entries()) {
    yield `frame ${index} ${frame.name}`;
    for (const variable of [...frame.parameters, ...frame.locals]) yield `  ${variableLine(variable)}`;
  }
  yield 'file statics';
  for (const variable of scope.fileStatics) yield `  ${variableLine(variable)}`;
  yield 'globals';
  for (const variable of scope.globals) yield `  ${variableLine(variable)}`;
}

function variableLine(variable: ScopeVariable): string {
  return `${variable.kind} ${formatTypeName(variable.type, variable.name)} @ ${locationText(variable.location)}`;
}

function locationText(location: VariableLocation): string {
  switch (location.kind) {
    case 'expression': return `expr ${hexBytes(location.expression)}`;
    case 'constant': return `const ${location.value instanceof Uint8Array ? hexBytes(location.value) : String(location.value)}`;
    case 'optimizedOut': return '<optimized out>';
  }
}

const typeTags = new Set([DW_TAG_base_type, DW_TAG_structure_type, DW_TAG_union_type, DW_TAG_enumeration_type, DW_TAG_typedef]);

/** `--types`: the named types declared at file level of each compile unit, like GDB's `ptype`. */
export function* typesReport(context: DwarfdumpContext): Generator<string> {
  const printed = new Set<string>();
  for (const cu of context.info.compileUnits()) {
    for (const die of cu.unit.root.children) {
      if (!typeTags.has(die.tag) || !die.name) continue;
      const text = `${die.name} = ${formatTypeDefinition(typeFromDie(die))}`;
      if (printed.has(text)) continue;
      printed.add(text);
      yield* text.split('\n');
    }
  }
}
