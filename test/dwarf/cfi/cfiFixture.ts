// Test helper: builds the C sources of test/dwarf/cfi/fixtures (arm-none-eabi-gcc, or the host gcc
// for .eh_frame) into a cache under os.tmpdir(), parses `objdump --dwarf=frames(-interp)` and prints
// our decoded instructions the way objdump does.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CallFrameInfo, CommonInformationEntry, formatCfaInstruction, FrameDescriptionEntry } from '../../../src/dwarf';

const cacheDir = join(tmpdir(), 'openocd-debug-cfi-fixtures');

/** How to build a fixture: the compiler and its flags (the source path is added). */
export interface FixtureBuild {
  readonly compiler: 'arm-none-eabi-gcc' | 'gcc';
  readonly flags: readonly string[];
}

/** Builds (or reuses) fixtures/<source> and returns the ELF path. */
export function buildCfiFixture(source: string, build: FixtureBuild): string {
  const sourcePath = join(__dirname, 'fixtures', source);
  const args = [...build.flags, sourcePath];
  const key = createHash('sha256').update(readFileSync(sourcePath)).update(build.compiler).update(args.join(' ')).digest('hex').slice(0, 16);
  const out = join(cacheDir, `${source.replace('.', '_')}-${build.compiler}-${key}.elf`);
  if (existsSync(out)) return out;
  mkdirSync(cacheDir, { recursive: true });
  // Build to a private name and rename, so parallel test files never see a half-written ELF.
  const partial = `${out}.${process.pid}.tmp`;
  execFileSync(build.compiler, [...args, '-o', partial], { stdio: ['ignore', 'ignore', 'pipe'] });
  renameSync(partial, out);
  return out;
}

/** An arm-none-eabi-gcc build for `cpu` at `opt`, linked without a C library. */
export function armBuild(cpu: string, opt: string): FixtureBuild {
  return { compiler: 'arm-none-eabi-gcc', flags: [`-mcpu=${cpu}`, '-mthumb', '-g', opt, '-nostdlib', '-ffreestanding', '-lgcc'] };
}

/** True when the host C compiler (for x86-64 .eh_frame fixtures) is installed. */
export function hasHostCompiler(): boolean {
  try {
    execFileSync('gcc', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** Runs `tool` (objdump of the right target) and returns its stdout. */
export function runTool(tool: string, ...args: string[]): string {
  return execFileSync(tool, args, { encoding: 'utf8', maxBuffer: 64 << 20 });
}

/** One FDE as `objdump --dwarf=frames-interp` shows it. */
export interface OracleFde {
  readonly offset: number;
  readonly start: number;
  readonly end: number;
  /** Column names after LOC and CFA: `r4`, `ra`... */
  columns: string[];
  readonly rows: { loc: number; cfa: string; rules: string[] }[];
}

/** One CIE as `objdump --dwarf=frames-interp` shows it. */
export interface OracleCie {
  readonly offset: number;
  readonly augmentation: string;
  readonly codeAlignmentFactor: number;
  readonly dataAlignmentFactor: number;
  readonly returnAddressRegister: number;
}

/** Parses the frames-interp listing of the .debug_frame section. */
export function parseFramesInterp(text: string): { cies: OracleCie[]; fdes: OracleFde[] } {
  const cies: OracleCie[] = [];
  const fdes: OracleFde[] = [];
  let current: OracleFde | undefined;
  for (const line of text.split('\n')) {
    const cie = /^([0-9a-f]{8}) [0-9a-f]{8,16} [0-9a-f]{8,16} CIE "(.*)" cf=(\d+) df=(-?\d+) ra=(\d+)/.exec(line);
    if (cie) {
      current = undefined;
      cies.push({ offset: parseInt(cie[1], 16), augmentation: cie[2], codeAlignmentFactor: Number(cie[3]), dataAlignmentFactor: Number(cie[4]), returnAddressRegister: Number(cie[5]) });
      continue;
    }
    const fde = /^([0-9a-f]{8}) [0-9a-f]{8,16} [0-9a-f]{8,16} FDE cie=[0-9a-f]+ pc=([0-9a-f]+)\.\.([0-9a-f]+)/.exec(line);
    if (fde) {
      current = { offset: parseInt(fde[1], 16), start: parseInt(fde[2], 16), end: parseInt(fde[3], 16), columns: [], rows: [] };
      fdes.push(current);
      continue;
    }
    if (!current) continue;
    const header = /^\s+LOC\s+CFA\s*(.*)$/.exec(line);
    if (header) {
      current.columns = header[1].trim().split(/\s+/).filter(Boolean);
      continue;
    }
    const row = /ZERO terminator/.test(line) ? null : /^([0-9a-f]{8,16}) (\S+)\s*(.*)$/.exec(line);
    if (row) current.rows.push({ loc: parseInt(row[1], 16), cfa: row[2], rules: row[3].trim().split(/\s+/).filter(Boolean) });
  }
  return { cies, fdes };
}

/** The instruction lines of each entry in `objdump --dwarf=frames`, keyed by entry offset. */
export function parseFramesInstructions(text: string): Map<number, string[]> {
  const entries = new Map<number, string[]>();
  let current: string[] | undefined;
  for (const line of text.split('\n')) {
    const entry = /^([0-9a-f]{8}) [0-9a-f]{8,16} [0-9a-f]{8,16} (CIE|FDE)/.exec(line);
    if (entry) {
      current = [];
      entries.set(parseInt(entry[1], 16), current);
      continue;
    }
    const instruction = /^\s+(DW_CFA_.*)$/.exec(line);
    if (instruction && current) current.push(instruction[1].trim());
  }
  return entries;
}

/**
 * Each decoded instruction of a CIE or FDE as `objdump --dwarf=frames` prints it: advance_loc
 * targets count from the FDE's initial location (from 0 in a CIE, as objdump shows them).
 */
export function formattedInstructions(cfi: CallFrameInfo, entry: CommonInformationEntry | FrameDescriptionEntry): string[] {
  let location = 'cie' in entry ? entry.initialLocation : 0;
  return cfi.instructions(entry).map((instruction) => {
    const text = formatCfaInstruction(instruction, location);
    if (instruction.kind === 'advanceLoc') location += instruction.delta;
    return text;
  });
}
