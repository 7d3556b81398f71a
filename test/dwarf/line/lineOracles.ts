// Test helper: builds the line-table fixtures of ./fixtures with arm-none-eabi-gcc into a cache
// under os.tmpdir(), and parses what readelf and GDB say about an ELF. Tests only.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const fixturesDir = join(__dirname, 'fixtures');
const sources = ['lines.c', 'points.c'];
const cacheDir = join(tmpdir(), 'openocd-debug-line-fixtures');

/**
 * Builds lines.c + points.c with `flags` (compiled from the fixtures folder with relative names,
 * so the line tables depend on DW_AT_comp_dir). Reuses a cached ELF built with the same input.
 */
export function buildLineFixture(flags: readonly string[]): string {
  const args = ['-mcpu=cortex-m3', '-mthumb', '-g', ...flags, '-nostdlib', '-Wl,-e,main', ...sources];
  const hash = createHash('sha256').update(args.join(' '));
  for (const file of [...sources, 'lines.h']) hash.update(readFileSync(join(fixturesDir, file)));
  const out = join(cacheDir, `lines-${hash.digest('hex').slice(0, 16)}.elf`);
  if (existsSync(out)) return out;
  mkdirSync(cacheDir, { recursive: true });
  const partial = `${out}.${process.pid}.tmp`;
  execFileSync('arm-none-eabi-gcc', [...args, '-o', partial], { cwd: fixturesDir, stdio: ['ignore', 'ignore', 'pipe'] });
  renameSync(partial, out);
  return out;
}

/** One row of `readelf --debug-dump=decodedline`; `line` undefined for an end_sequence row. */
export interface ReadelfRow {
  readonly file: string;
  readonly line: number | undefined;
  readonly address: number;
  readonly isStmt: boolean;
}

/** Every row readelf decodes, in section order. */
export function readelfRows(elf: string): ReadelfRow[] {
  const text = execFileSync('arm-none-eabi-readelf', ['--debug-dump=decodedline', '-W', elf], { encoding: 'utf8', maxBuffer: 256 << 20 });
  const rows: ReadelfRow[] = [];
  for (const line of text.split('\n')) {
    const match = /^(\S+)\s+(\d+|-)\s+(0x[0-9a-f]+|0)(?:\s+(\d+))?\s*(x?)\s*$/.exec(line);
    if (!match) continue;
    rows.push({ file: match[1], line: match[2] === '-' ? undefined : Number(match[2]), address: Number(match[3]), isStmt: match[5] === 'x' });
  }
  return rows;
}

/**
 * GDB 13 keeps one line table per file and, when the file changes at an unchanged address, ends
 * the old file's table there, deleting its rows at that address. Such a row can hold a
 * breakpoint for us but not for GDB; this tells whether every is_stmt row of FILE:LINE at
 * `address` is shadowed that way.
 */
export function shadowedForGdb(rows: readonly ReadelfRow[], address: number, file: string, line: number): boolean {
  let found = false;
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i];
    if (row.address !== address || row.file !== file || row.line !== line || !row.isStmt) continue;
    found = true;
    let shadowed = false;
    for (let j = i + 1; j < rows.length && rows[j].address === address && rows[j].line !== undefined; j++) {
      if (rows[j].file !== file) shadowed = true;
    }
    if (!shadowed) return false;
  }
  return found;
}

/** Runs gdb-multiarch in batch mode with `commands`; returns stdout and stderr together. */
export function gdb(elf: string, commands: readonly string[]): string {
  const args = ['-batch', '-nx', '-ex', 'set width 0', '-ex', 'set height 0', '-ex', 'set confirm off', '-ex', 'set breakpoint pending off'];
  for (const command of commands) args.push('-ex', command);
  return execFileSync('gdb-multiarch', [...args, elf], { encoding: 'utf8', timeout: 120_000, maxBuffer: 64 << 20, stdio: ['ignore', 'pipe', 'pipe'] })
    .toString();
}

/** One breakpoint location as `info breakpoints` lists it. */
export interface GdbLocation {
  readonly address: number;
  readonly file: string;
  readonly line: number;
}

/**
 * Sets one breakpoint per spec (`FILE:LINE` or a function name) and returns the locations of each,
 * in spec order ([] when GDB refused it, e.g. "No line N in file").
 */
export function gdbBreakpoints(elf: string, specs: readonly string[]): GdbLocation[][] {
  const commands: string[] = [];
  for (const spec of specs) commands.push(`echo @@spec\\n`, `break ${spec}`);
  commands.push('echo @@table\\n', 'info breakpoints');
  const output = gdb(elf, commands);
  // Map spec index -> breakpoint number from the "Breakpoint N at" lines between markers.
  const numbers: (number | undefined)[] = [];
  const [setup, table = ''] = output.split('@@table\n');
  for (const chunk of setup.split('@@spec\n').slice(1)) numbers.push(Number(/Breakpoint (\d+) at/.exec(chunk)?.[1]) || undefined);
  const byNumber = new Map<number, GdbLocation[]>();
  for (const line of table.split('\n')) {
    const match = /^(\d+)(?:\.\d+)?\s+.*?\s(0x[0-9a-f]+) in \S+ at (.+):(\d+)$/.exec(line);
    if (!match) continue;
    const list = byNumber.get(Number(match[1])) ?? [];
    list.push({ address: Number(match[2]), file: match[3], line: Number(match[4]) });
    byNumber.set(Number(match[1]), list);
  }
  return numbers.map((n) => (n === undefined ? [] : byNumber.get(n) ?? []));
}

/** `info line *ADDR` for each address: file, line and start address, or undefined for "No line". */
export function gdbInfoLines(elf: string, addresses: readonly number[]): ({ file: string; line: number; start: number } | undefined)[] {
  const output = gdb(elf, addresses.flatMap((address) => ['echo @@\\n', `info line *0x${address.toString(16)}`]));
  return output.split('@@\n').slice(1).map((chunk) => {
    const match = /Line (\d+) of "(.+)"\s+(?:starts at address|is at address) (0x[0-9a-f]+)/.exec(chunk);
    return match ? { line: Number(match[1]), file: match[2], start: Number(match[3]) } : undefined;
  });
}

/** The absolute paths `info sources` lists. */
export function gdbSources(elf: string): string[] {
  const output = gdb(elf, ['info sources']);
  return output.split(/[,\n]/).map((s) => s.trim()).filter((s) => s.startsWith('/') && !s.endsWith(':'));
}
