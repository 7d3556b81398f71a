// Breakpoint placement against GDB (issue 12): `break FILE:LINE` for every line of the stepping
// firmware's sources and `break FUNC` for every function, per build, GDB's addresses (all
// locations, from `info breakpoints`) against Program.resolveLine/resolveFunction, with no exception.
// GDB reads the ELF alone: no board.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { Program } from '../../../src/engine/program';
import { firmwareDir, steppingElf, steppingLevels, type SteppingLevel } from '../../helpers/firmware';

const FILES = ['main.c', 'filters.c', 'ticks.c'];
const FUNCTIONS = ['main', 'round_once', 'grid_sum', 'filter_scale', 'filter_offset', 'span_of', 'classify', 'bump', 'dispatch',
  'factorial', 'clamp', 'ticks_start', 'SysTick_Handler', 'wait_ticks', 'HardFault_Handler'];

/** Every spec GDB is asked: FILE:LINE for each line of each file, then each function. */
function specs(): string[] {
  const lines = FILES.flatMap((file) => readFileSync(join(firmwareDir, 'stepping', file), 'utf8').split('\n').map((_, i) => `${file}:${i + 1}`));
  return [...lines, ...FUNCTIONS];
}

/** GDB's addresses for each spec (empty when it refuses), from its `break` answers and `info breakpoints`. */
async function gdbPlacements(elfPath: string, asked: readonly string[]): Promise<Map<string, number[]>> {
  const args = ['-batch', '-nx', '-ex', 'set confirm off', '-ex', 'set breakpoint pending off'];
  asked.forEach((spec, k) => args.push('-ex', `echo @@${k}\\n`, '-ex', `break ${spec}`));
  args.push('-ex', 'echo @@info\\n', '-ex', 'info breakpoints', elfPath);
  const output = await new Promise<string>((resolve, reject) => {
    execFile('sh', ['-c', 'exec gdb-multiarch "$@" 2>&1', 'sh', ...args], { maxBuffer: 64 << 20, timeout: 120_000 }, (error, stdout) => (error ? reject(error) : resolve(stdout)));
  });
  const [answers, table] = output.split('@@info\n');
  const locations = new Map<number, number[]>();
  for (const match of table.matchAll(/^(\d+)(?:\.\d+)?\s+(?:breakpoint\s+keep\s+)?y\s+(0x[0-9a-f]+)/gm)) {
    locations.set(Number(match[1]), [...(locations.get(Number(match[1])) ?? []), parseInt(match[2], 16)]);
  }
  const found = new Map<string, number[]>();
  for (const chunk of answers.split('@@').slice(1)) {
    const k = Number(chunk.slice(0, chunk.indexOf('\n')));
    const number = /^Breakpoint (\d+) at /m.exec(chunk);
    found.set(asked[k], number ? (locations.get(Number(number[1])) ?? []).sort((a, b) => a - b) : []);
  }
  return found;
}

/** Our addresses for each spec, as the adapter resolves a source or function breakpoint. */
function ourPlacements(program: Program, asked: readonly string[]): Map<string, number[]> {
  return new Map(asked.map((spec) => {
    const [file, line] = spec.split(':');
    const locations = line === undefined ? program.resolveFunction(file) : program.resolveLine(join(firmwareDir, 'stepping', file), Number(line)).locations;
    return [spec, [...new Set(locations.map((location) => location.address))].sort((a, b) => a - b)];
  }));
}

const hex = (addresses: readonly number[] | undefined): string => (addresses ?? []).map((address) => address.toString(16)).join(' ') || 'none';

/** The specs of `kind` where GDB's addresses and ours differ, described. */
async function differences(level: SteppingLevel, kind: 'lines' | 'functions'): Promise<{ asked: number; answered: number; differing: string[] }> {
  const elfPath = steppingElf(level);
  const asked = specs().filter((spec) => spec.includes(':') === (kind === 'lines'));
  const gdb = await gdbPlacements(elfPath, asked);
  const program = Program.fromElf(readFileSync(elfPath));
  const ours = ourPlacements(program, asked);
  const differing = asked
    .filter((spec) => hex(gdb.get(spec)) !== hex(ours.get(spec)))
    .map((spec) => `${spec}: gdb ${hex(gdb.get(spec))} | ours ${hex(ours.get(spec))}`);
  return { asked: asked.length, answered: gdb.size, differing };
}

describe('breakpoint placement like GDB: every FILE:LINE and every function of the stepping firmware', { concurrency: steppingLevels.length }, () => {
  for (const level of steppingLevels) {
    it(`-${level}: break FILE:LINE for every line gives GDB's addresses`, async () => {
      const { asked, answered, differing } = await differences(level, 'lines');
      assert.equal(answered, asked, 'GDB answered every spec');
      assert.deepEqual(differing, []);
    });
    it(`-${level}: break FUNC for every function gives GDB's addresses`, async () => {
      const { asked, answered, differing } = await differences(level, 'functions');
      assert.equal(answered, asked, 'GDB answered every spec');
      assert.deepEqual(differing, []);
    });
  }
});
