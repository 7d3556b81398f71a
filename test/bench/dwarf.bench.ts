// Benchmark of the ELF/DWARF reader against GDB on one generated program with >= 10 MB of debug
// info (hundreds of C modules, arm-none-eabi-gcc -O2 -g3, cached in os.tmpdir()). Prints figures
// and ratios measured in the same run; never a pass/fail test. `--measure` is its child mode.
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { debugLineForElf, DwarfInfo, DwarfSections, functionLookupFromElf, functions, resolveFunctionBreakpoints, resolveLineBreakpoint, ROW_IS_STMT } from '../../src/dwarf';
import { ElfFile } from '../../src/elf';
import { median } from './benchStats';

const MODULES = 350;
const FUNCTIONS_PER_MODULE = 12;
/** Cold child processes for the in-process figures. */
const RUNS = 3;
/** Rounds of whole-process runs; each round runs every configuration once, interleaved, so load
 * from other processes on the machine falls on both tools alike. */
const ROUNDS = 11;
const root = join(__dirname, '..', '..');
const workDir = join(tmpdir(), 'openocd-debug-dwarf-bench');

/** The file:line and function every measurement asks for: a module in the middle of the program. */
const probeModule = Math.floor(MODULES / 2);
const probeFile = `m${probeModule}.c`;
const probeFunction = `m${probeModule}_f7`;

// ---- generated program ----

function commonHeader(): string {
  const limits = Array.from({ length: 200 }, (_, k) => `#define COMMON_LIMIT_${k} (${k} * 3 + 1)\n`).join('');
  return `#ifndef COMMON_H
#define COMMON_H
#include <stdint.h>
#include <string.h>
typedef struct vec3 { float x, y, z; } vec3_t;
typedef struct packet { uint8_t kind; uint16_t length; uint32_t crc; uint8_t payload[32]; } packet_t;
static inline uint32_t mix32(uint32_t h, uint32_t v)
{
  h ^= v;
  h *= 0x9e3779b1u;
  return (h << 13) | (h >> 19);
}
static inline float dot3(const vec3_t *a, const vec3_t *b)
{
  return a->x * b->x + a->y * b->y + a->z * b->z;
}
${limits}#endif
`;
}

/** One module: macros (for -g3), struct types and variables, an inline helper, and functions with loops and switches. */
function moduleSource(i: number): string {
  const out: string[] = ['#include "common.h"\n'];
  for (let k = 0; k < 40; k++) out.push(`#define M${i}_K${k} (${k} + ${i})\n`);
  for (let k = 0; k < 400; k++) out.push(`#define M${i}_MACRO_${k} (M${i}_K${k % 40} * ${k} + COMMON_LIMIT_${k % 200})\n`);
  for (let t = 0; t < 30; t++) {
    out.push(`struct m${i}_shape${t} { int32_t a${t}; uint16_t b; uint8_t c[${t + 1}]; vec3_t where; packet_t *link; struct m${i}_shape${t} *next; };\n`);
    out.push(`struct m${i}_shape${t} m${i}_shape_var${t};\n`);
  }
  out.push(`
typedef struct m${i}_record {
  int32_t id;
  uint8_t flags;
  vec3_t position;
  packet_t last;
  struct { uint16_t lo; uint16_t hi; } range;
  union { uint32_t word; uint8_t bytes[4]; } raw;
} m${i}_record_t;

enum m${i}_state { M${i}_IDLE, M${i}_RUN, M${i}_WAIT, M${i}_DONE };

static m${i}_record_t m${i}_table[8];
volatile uint32_t m${i}_sink;

static inline int m${i}_clamp(int v, int lo, int hi)
{
  if (v < lo)
    return lo;
  if (v > hi)
    return hi;
  return v;
}
`);
  for (let j = 0; j < FUNCTIONS_PER_MODULE; j++) {
    out.push(`
int m${i}_f${j}(int a, int b)
{
  uint32_t h = ${j}u;
  enum m${i}_state state = M${i}_IDLE;
  for (int k = 0; k < a; k++) {
    m${i}_record_t *r = &m${i}_table[k & 7];
    h = mix32(h, (uint32_t)r->id + (uint32_t)k);
    switch (state) {
    case M${i}_IDLE:
      state = M${i}_RUN;
      break;
    case M${i}_RUN:
      r->range.lo = (uint16_t)m${i}_clamp(k * b, 0, M${i}_K${j % 40});
      state = (k & 1) ? M${i}_WAIT : M${i}_RUN;
      break;
    default:
      r->raw.word ^= h;
      state = M${i}_DONE;
      break;
    }
    r->position.x += dot3(&r->position, &m${i}_table[(k + 1) & 7].position);
  }
  m${i}_sink = h;
  return (int)(h & 0xffff) + (int)state + COMMON_LIMIT_${j};
}
`);
  }
  return out.join('');
}

function mainSource(modules: number): string {
  const declarations = Array.from({ length: modules }, (_, i) => `int m${i}_f0(int a, int b);\n`).join('');
  const calls = Array.from({ length: modules }, (_, i) => `  sink += m${i}_f0(sink, ${i});\n`).join('');
  return `#include <stdint.h>\n${declarations}volatile int sink;\nint main(void)\n{\n${calls}  for (;;) {\n  }\n}\n`;
}

/** The line of `for (int k = 0; ...)` in the probe function: a line with code, inside a loop. */
function probeLine(): number {
  const lines = moduleSource(probeModule).split('\n');
  const start = lines.findIndex((line) => line.startsWith(`int ${probeFunction}(`));
  return start + 1 + lines.slice(start).findIndex((line) => line.includes('h = mix32('));
}

function run(command: string, args: string[], cwd: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => { stderr += chunk.toString(); });
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${command} ${args.join(' ')} failed (${code}): ${stderr.slice(0, 2000)}`))));
  });
}

/** Builds (or reuses) a program of `modules` modules; returns the ELF path. */
async function buildProgram(modules: number): Promise<string> {
  const flags = ['-mcpu=cortex-m3', '-mthumb', '-O2', '-g3'];
  const key = createHash('sha256').update(commonHeader()).update(moduleSource(0)).update(mainSource(modules)).update(flags.join(' ')).digest('hex').slice(0, 12);
  const dir = join(workDir, `m${modules}-${key}`);
  const elf = join(dir, 'program.elf');
  if (existsSync(elf)) return elf;
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'common.h'), commonHeader());
  const sources = ['main.c'];
  writeFileSync(join(dir, 'main.c'), mainSource(modules));
  for (let i = 0; i < modules; i++) {
    writeFileSync(join(dir, `m${i}.c`), moduleSource(i));
    sources.push(`m${i}.c`);
  }
  const queue = [...sources];
  const started = performance.now();
  const worker = async (): Promise<void> => {
    for (let source = queue.shift(); source; source = queue.shift()) {
      await run('arm-none-eabi-gcc', [...flags, '-c', source, '-o', source.replace(/\.c$/, '.o')], dir);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, availableParallelism()) }, worker));
  await run('arm-none-eabi-gcc', [...flags, '-nostdlib', '-Wl,-e,main', '-o', 'program.partial', ...sources.map((s) => s.replace(/\.c$/, '.o')), '-lgcc'], dir);
  renameSync(join(dir, 'program.partial'), elf);
  console.log(`built ${modules} modules in ${((performance.now() - started) / 1000).toFixed(1)} s: ${elf}`);
  return elf;
}

// ---- measuring ----

interface Measured {
  readonly firstLineBreakMs: number;
  readonly firstFunctionBreakMs: number;
  readonly lineIndexMs: number;
  /** Peak RSS once the breakpoints and the full line index are done. */
  readonly lineRssMb: number;
  readonly dieIndexMs: number;
  /** Peak RSS after the DIE function index too. */
  readonly peakRssMb: number;
  readonly locations: string;
}

/** Child mode: reads the ELF from scratch and times the first breakpoints, then the full indexes. */
function measure(elfPath: string, file: string, line: number, functionName: string): Measured {
  const t0 = performance.now();
  const elf = ElfFile.parse(readFileSync(elfPath));
  const info = new DwarfInfo(DwarfSections.fromElf(elf));
  const lines = debugLineForElf(elf, info);
  const fns = functionLookupFromElf(elf);
  const lineBreak = resolveLineBreakpoint(lines, file, line, { functions: fns });
  const t1 = performance.now();
  const functionBreak = resolveFunctionBreakpoints(lines, fns, functionName);
  const t2 = performance.now();
  lines.indexAll();
  const t3 = performance.now();
  const lineRssMb = process.resourceUsage().maxRSS / 1024;
  const count = functions(info).length;
  const t4 = performance.now();
  return {
    firstLineBreakMs: t1 - t0,
    firstFunctionBreakMs: t2 - t0,
    lineIndexMs: t3 - t2,
    lineRssMb,
    dieIndexMs: t4 - t3,
    peakRssMb: process.resourceUsage().maxRSS / 1024,
    locations: `${lineBreak.locations.map((l) => `0x${l.address.toString(16)}:${l.line}`).join(',')} ${functionBreak.map((b) => `0x${b.address.toString(16)}`).join(',')} (${count} functions)`,
  };
}

interface ProcessCost {
  /** Wall-clock time. */
  readonly ms: number;
  /** User + system CPU time: steadier than wall time on a shared machine (GDB indexes on threads). */
  readonly cpuMs: number;
  readonly peakRssMb: number;
  readonly stdout: string;
}

/** A command's cost over the interleaved rounds: medians, plus two steadier figures. */
interface RoundsCost extends ProcessCost {
  /** The fastest wall time: the run least disturbed by other processes. */
  readonly minMs: number;
  /** The mean CPU time, finer than the 10 ms steps /usr/bin/time reports. */
  readonly meanCpuMs: number;
}

/** Wall time, CPU time and peak RSS of one whole process, through /usr/bin/time for both sides alike. */
function timeProcess(command: string, args: string[]): ProcessCost {
  const started = performance.now();
  const result = spawnSync('/usr/bin/time', ['-f', '@@time %U %S %M', command, ...args], { encoding: 'utf8', maxBuffer: 64 << 20, timeout: 600_000 });
  const ms = performance.now() - started;
  if (result.status !== 0) throw new Error(`${command} failed: ${result.stderr.slice(-2000)}`);
  const [, user, system, rss] = /@@time (\S+) (\S+) (\d+)/.exec(result.stderr) ?? [];
  return { ms, cpuMs: (Number(user) + Number(system)) * 1000, peakRssMb: Number(rss) / 1024, stdout: result.stdout };
}

/** Runs every command once per round, interleaved; the median of each (peak RSS: the maximum), the fastest wall time and the mean CPU time. */
function interleaved(commands: readonly (readonly [string, string[]])[]): RoundsCost[] {
  const runs: ProcessCost[][] = commands.map(() => []);
  for (let round = 0; round < ROUNDS; round++) {
    commands.forEach(([command, args], i) => runs[i].push(timeProcess(command, args)));
  }
  return runs.map((list) => ({
    ms: median(list.map((r) => r.ms)),
    cpuMs: median(list.map((r) => r.cpuMs)),
    peakRssMb: Math.max(...list.map((r) => r.peakRssMb)),
    stdout: list[0].stdout,
    minMs: Math.min(...list.map((r) => r.ms)),
    meanCpuMs: list.reduce((sum, r) => sum + r.cpuMs, 0) / list.length,
  }));
}

function debugBytes(elfPath: string): number {
  return ElfFile.parse(readFileSync(elfPath)).sections.filter((s) => s.name.startsWith('.debug_')).reduce((sum, s) => sum + s.size, 0);
}

async function main(): Promise<void> {
  const big = await buildProgram(MODULES);
  const tiny = await buildProgram(1);
  // Both sides of ours run bundled, as users run them (no tsx transpiling in the timings). The
  // bundled measuring child never loads esbuild: it is imported here only.
  const { build } = await import('esbuild');
  const cli = join(workDir, 'dwarfdump.js');
  const measurer = join(workDir, 'dwarfBench.js');
  const bundle = { absWorkingDir: root, bundle: true, platform: 'node', target: 'node20', format: 'cjs', logLevel: 'warning' } as const;
  await build({ ...bundle, entryPoints: ['src/cli/dwarfdump.ts'], outfile: cli });
  await build({ ...bundle, entryPoints: [__filename], outfile: measurer, external: ['esbuild'] });
  const line = probeLine();
  const mb = (bytes: number): string => (bytes / (1 << 20)).toFixed(1);
  console.log(`program: ${MODULES} modules x ${FUNCTIONS_PER_MODULE} functions, ${mb(debugBytes(big))} MB of debug sections; probe ${probeFile}:${line} and ${probeFunction}`);

  // Ours, in a fresh child process per run (in-process timings; the child starts cold every time).
  const child = (): Measured => {
    const result = spawnSync('node', [measurer, '--measure', big, probeFile, String(line), probeFunction], { cwd: root, encoding: 'utf8', timeout: 600_000 });
    if (result.status !== 0) throw new Error(`measure failed: ${result.stderr}`);
    return JSON.parse(result.stdout.trim().split('\n').pop() ?? '{}') as Measured;
  };
  const measured = Array.from({ length: RUNS }, child);
  const pick = (key: keyof Omit<Measured, 'locations'>): string => median(measured.map((m) => m[key])).toFixed(0);
  console.log(`ours (in process): first breakpoint ${probeFile}:${line} ${pick('firstLineBreakMs')} ms, then ${probeFunction} at ${pick('firstFunctionBreakMs')} ms (from reading the file); full line index +${pick('lineIndexMs')} ms (peak RSS ${pick('lineRssMb')} MB); full DIE function index (info layer) +${pick('dieIndexMs')} ms (peak RSS ${pick('peakRssMb')} MB)`);
  console.log(`ours locations: ${measured[0].locations}`);

  // Whole processes, same wall-clock method for both tools.
  const ourArgs = (elf: string): string[] => [cli, elf, '--break', `${probeFile}:${line}`, '--break', probeFunction];
  const gdbArgs = (elf: string, ...extra: string[]): string[] => ['-batch', '-nx', ...extra, '-ex', `break ${probeFile}:${line}`, '-ex', `break ${probeFunction}`, elf];
  const tinyArgs = (args: string[]): string[] => args.map((a) => a.replace(probeFile, 'm0.c').replace(probeFunction, 'm0_f7'));
  const [oursBig, gdbBig, oursTiny, gdbTiny] = interleaved([
    ['node', ourArgs(big)], ['gdb-multiarch', gdbArgs(big)], ['node', tinyArgs(ourArgs(tiny))], ['gdb-multiarch', tinyArgs(gdbArgs(tiny))],
  ]);
  const [oursFull, gdbFull] = interleaved([['node', [cli, big, '--stats']], ['gdb-multiarch', gdbArgs(big, '-readnow')]]);
  // A function that exists only as inlined copies (one per generated function): both tools read every unit.
  const [oursInlined, gdbInlined] = [timeProcess('node', [cli, big, '--break', 'mix32']), timeProcess('gdb-multiarch', ['-batch', '-nx', '-ex', 'break mix32', big])];
  const costs = (c: ProcessCost): string => `${c.ms.toFixed(0)} ms wall, ${c.cpuMs.toFixed(0)} ms CPU`;
  console.log(`ours whole process (dwarfdump --break x2): large ${costs(oursBig)}, tiny ${costs(oursTiny)}, peak RSS ${oursBig.peakRssMb.toFixed(0)} MB`);
  console.log(`gdb  whole process (-batch break x2):      large ${costs(gdbBig)}, tiny ${costs(gdbTiny)}, peak RSS ${gdbBig.peakRssMb.toFixed(0)} MB`);
  console.log(`full index: ours dwarfdump --stats (all line tables) ${costs(oursFull)}, ${oursFull.peakRssMb.toFixed(0)} MB; gdb -readnow (all symtabs) ${costs(gdbFull)}, ${gdbFull.peakRssMb.toFixed(0)} MB`);
  const copies = (stdout: string): string => /(\d+) location/.exec(stdout)?.[1] ?? '?';
  console.log(`break on inline-only mix32 (one run each): ours ${costs(oursInlined)}, ${oursInlined.peakRssMb.toFixed(0)} MB, ${copies(oursInlined.stdout)} locations; gdb ${costs(gdbInlined)}, ${gdbInlined.peakRssMb.toFixed(0)} MB, ${copies(gdbInlined.stdout)} locations`);
  const ratio = (ours: number, gdb: number): string => `ours ${ours.toFixed(0)} ms, gdb ${gdb.toFixed(0)} ms, ratio ${(ours / gdb).toFixed(2)}x`;
  console.log(`marginal cost of the large ELF (large - tiny), goal <= 0.5x: wall ${ratio(oursBig.ms - oursTiny.ms, gdbBig.ms - gdbTiny.ms)}; CPU ${ratio(oursBig.cpuMs - oursTiny.cpuMs, gdbBig.cpuMs - gdbTiny.cpuMs)} (medians of ${ROUNDS} rounds)`);
  const marginal = (pick: (c: RoundsCost) => number): string => ratio(pick(oursBig) - pick(oursTiny), pick(gdbBig) - pick(gdbTiny));
  console.log(`  the same from the fastest wall times: ${marginal((c) => c.minMs)}; from mean CPU times: ${marginal((c) => c.meanCpuMs)}`);
  console.log(`ours says: ${oursBig.stdout.trim().split('\n').join(' | ')}`);
  console.log(`gdb says:  ${gdbBig.stdout.trim().split('\n').join(' | ')}`);
  console.log(lineVerdict(big, line, oursBig.stdout, gdbBig.stdout));
}

/**
 * Which answer to `break probeFile:line` a user wants when the tools differ. GDB 13 loses a
 * line's first statement row when an inlined callee's row shares its address (its line table
 * ends the line's file there, buildsym.c record_line), finds no statement of the line left and
 * moves the breakpoint to the next line, after the line's code has run: docs/gdb-differences.md,
 * "GDB is wrong here". The rows at our address are printed as the evidence.
 */
function lineVerdict(elfPath: string, line: number, ours: string, gdb: string): string {
  const ourMatch = new RegExp(`^\\s+0x([0-9a-f]+) \\S+ \\S*${probeFile.replace('.', '\\.')}:(\\d+)`, 'm').exec(ours);
  const gdbMatch = /^Breakpoint 1 at 0x([0-9a-f]+): file \S+, line (\d+)\./m.exec(gdb);
  if (!ourMatch || !gdbMatch) return `verdict: cannot compare (ours: ${ourMatch ? 'found' : 'no location'}, gdb: ${gdbMatch ? 'found' : 'no location'})`;
  const [ourAddress, ourLine, gdbAddress, gdbLine] = [parseInt(ourMatch[1], 16), Number(ourMatch[2]), parseInt(gdbMatch[1], 16), Number(gdbMatch[2])];
  const at = (address: number, l: number): string => `0x${address.toString(16)} (line ${l})`;
  if (ourAddress === gdbAddress) return `verdict: both place break ${probeFile}:${line} at ${at(ourAddress, ourLine)}`;
  const elf = ElfFile.parse(readFileSync(elfPath));
  const found = debugLineForElf(elf, new DwarfInfo(DwarfSections.fromElf(elf))).sequenceAt(ourAddress);
  const rows: string[] = [];
  if (found) {
    const { table } = found.unit;
    for (let row = found.sequence.firstRow; row < found.sequence.endRow; row++) {
      if (table.address[row] !== ourAddress) continue;
      const file = found.unit.filePath(table.file[row])?.split('/').pop();
      rows.push(`${file}:${table.line[row]}${table.flags[row] & ROW_IS_STMT ? ' is_stmt' : ''}`);
    }
  }
  const sharedWithInline = rows.some((row) => row === `${probeFile}:${line} is_stmt`) && rows.some((row) => !row.startsWith(`${probeFile}:`));
  if (ourLine === line && gdbLine > line && gdbAddress > ourAddress && sharedWithInline) {
    return `verdict: GDB is wrong here: it moves break ${probeFile}:${line} to ${at(gdbAddress, gdbLine)}, past the code of line ${line}, which starts at `
      + `${at(ourAddress, ourLine)} with the rows [${rows.join(', ')}]: GDB's table drops line ${line}'s rows where an inlined callee's share the address `
      + '(docs/gdb-differences.md, "GDB is wrong here")';
  }
  return `verdict: ours ${at(ourAddress, ourLine)}, gdb ${at(gdbAddress, gdbLine)}, rows at ours [${rows.join(', ')}]: a difference docs/gdb-differences.md does not explain`;
}

if (process.argv[2] === '--measure') {
  const [elf, file, line, fn] = process.argv.slice(3);
  console.log(JSON.stringify(measure(elf, file, Number(line), fn)));
} else {
  main().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
