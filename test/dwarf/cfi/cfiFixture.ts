// Test helper: builds the C sources of test/dwarf/cfi/fixtures with arm-none-eabi-gcc into a cache
// under os.tmpdir(), and parses `objdump --dwarf=frames(-interp)` as the oracle. Tests only.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const cacheDir = join(tmpdir(), 'openocd-debug-cfi-fixtures');

/** Builds (or reuses) fixtures/<source> for `cpu` at `opt` and returns the ELF path. */
export function buildCfiFixture(source: string, cpu: string, opt: string): string {
  const sourcePath = join(__dirname, 'fixtures', source);
  const args = [`-mcpu=${cpu}`, '-mthumb', '-g', opt, '-nostdlib', '-ffreestanding', sourcePath, '-lgcc'];
  const key = createHash('sha256').update(readFileSync(sourcePath)).update(args.join(' ')).digest('hex').slice(0, 16);
  const out = join(cacheDir, `${source.replace('.', '_')}-${cpu}${opt}-${key}.elf`);
  if (existsSync(out)) return out;
  mkdirSync(cacheDir, { recursive: true });
  // Build to a private name and rename, so parallel test files never see a half-written ELF.
  const partial = `${out}.${process.pid}.tmp`;
  execFileSync('arm-none-eabi-gcc', [...args, '-o', partial], { stdio: ['ignore', 'ignore', 'pipe'] });
  renameSync(partial, out);
  return out;
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
    const row = /^([0-9a-f]{8,16}) (\S+)\s*(.*)$/.exec(line);
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
