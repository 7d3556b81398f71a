// Test helper: builds the existing C fixtures (test/fixtures/dwarf/types.c, test/dwarf/line/fixtures)
// with Debian's clang for armv6m into a cache under os.tmpdir(), linked by arm-none-eabi-gcc. Tests only.
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DebuggerError } from '../../../src/common';

const cacheDir = join(tmpdir(), 'openocd-debug-clang-fixtures');
const typesDir = join(__dirname, '..', '..', 'fixtures', 'dwarf');
/** The folder of lines.c, points.c and lines.h (compiled from there with relative names). */
export const lineSourcesDir = join(__dirname, '..', 'line', 'fixtures');

/** Which fixture program: types.c (every type kind, blocks, inlines) or lines.c + points.c. */
export type ClangProgram = 'types' | 'lines';

/** One Clang build: program, optimisation level and DWARF version. */
export interface ClangBuild {
  readonly program: ClangProgram;
  readonly opt: '-O0' | '-O2';
  readonly dwarfVersion: 4 | 5;
}

/** A label for test names, e.g. "types.c -O2 DWARF 4". */
export function buildName(build: ClangBuild): string {
  return `${build.program === 'types' ? 'types.c' : 'lines.c+points.c'} ${build.opt} DWARF ${build.dwarfVersion}`;
}

/** A Clang fixture could not be built: clang is missing (npm test installs it) or failed. */
export class ClangFixtureError extends DebuggerError {
  constructor(message: string) {
    super('clangFixture', message);
  }
}

/**
 * Throws ClangFixtureError naming the Debian package when clang is not on PATH: scripts/setup.mjs
 * installs it for npm test, so a missing clang is a broken install, never a reason to skip.
 */
export function checkClang(env: NodeJS.ProcessEnv = process.env): void {
  const probe = spawnSync('clang', ['--version'], { env, encoding: 'utf8' });
  if (probe.error !== undefined || probe.status !== 0) {
    throw new ClangFixtureError(
      'clang not found on PATH: the Clang fixture tests need the Debian package clang, which npm test installs ' +
        `through scripts/setup.mjs (run it, or apt-get install clang) (${probe.error?.message ?? `exit ${probe.status}`})`,
    );
  }
}

/**
 * Compiles each source with `clang --target=armv6m-none-eabi -mthumb -g` (Clang emits .debug_frame
 * as well as .ARM.exidx for this target without further flags) and links the objects with
 * arm-none-eabi-gcc -nostdlib (libgcc for the division helpers). Returns the cached ELF's path;
 * throws ClangFixtureError when clang is missing.
 */
export function buildClangFixture(build: ClangBuild): string {
  // Even with a cached ELF: the tests must tell a broken install, not pass on a stale cache.
  checkClang();
  const dir = build.program === 'types' ? typesDir : lineSourcesDir;
  const sources = build.program === 'types' ? ['types.c'] : ['lines.c', 'points.c'];
  const clangArgs = ['--target=armv6m-none-eabi', '-mthumb', '-g', `-gdwarf-${build.dwarfVersion}`, build.opt, '-ffreestanding', '-c'];
  const linkArgs = ['-mcpu=cortex-m0', '-mthumb', '-nostdlib', ...(build.program === 'types' ? ['-T', join(typesDir, 'fixture.ld')] : ['-Wl,-e,main'])];
  const hash = createHash('sha256').update([...clangArgs, ...linkArgs].join(' '));
  for (const file of [...sources, ...(build.program === 'types' ? ['fixture.ld'] : ['lines.h'])]) hash.update(readFileSync(join(dir, file)));
  const out = join(cacheDir, `${build.program}${build.opt}-dwarf${build.dwarfVersion}-${hash.digest('hex').slice(0, 16)}.elf`);
  if (existsSync(out)) return out;
  mkdirSync(cacheDir, { recursive: true });
  // Private names, then a rename, so parallel test files never see a half-written ELF.
  const objects = sources.map((source) => join(cacheDir, `${source}.${process.pid}.o`));
  sources.forEach((source, i) => execFileSync('clang', [...clangArgs, source, '-o', objects[i]], { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] }));
  const partial = `${out}.${process.pid}.tmp`;
  execFileSync('arm-none-eabi-gcc', [...linkArgs, ...objects, '-lgcc', '-o', partial], { stdio: ['ignore', 'ignore', 'pipe'] });
  for (const object of objects) rmSync(object);
  renameSync(partial, out);
  return out;
}
