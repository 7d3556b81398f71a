// Test helper: locates the test firmware of test/firmware and builds it with its Makefile when
// missing or stale. Tests only; never used by src/. Owns no knowledge of the firmware's contents.
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { DebuggerError } from '../../src/common';

export type OptimizationLevel = 'O0' | 'Og' | 'O2';

export const optimizationLevels: readonly OptimizationLevel[] = ['O0', 'Og', 'O2'];

/** Levels of the stepping firmware (test/firmware/stepping): the test firmware's, and -Os. */
export type SteppingLevel = OptimizationLevel | 'Os';

export const steppingLevels: readonly SteppingLevel[] = [...optimizationLevels, 'Os'];

/** Absolute path of test/firmware (sources, Makefile, build/). */
export const firmwareDir = join(__dirname, '..', 'firmware');

const makeTimeoutMs = 180_000;
const lockWaitSeconds = 150;

/** The firmware could not be built: missing toolchain, unknown level, or make failed. */
export class FirmwareBuildError extends DebuggerError {
  constructor(message: string) {
    super('firmwareBuild', message);
  }
}

/** Levels (and `stepping/<level>`, `dualcore`) made once in this process. */
const upToDate = new Set<string>();

/** Absolute path of build/<level>/firmware.elf, built first if missing or older than its sources. */
export function firmwareElf(level: OptimizationLevel): string {
  ensureBuilt(level);
  return join(firmwareDir, 'build', level, 'firmware.elf');
}

/** Absolute path of build/<level>/firmware.bin (raw flash image from 0x08000000). */
export function firmwareBin(level: OptimizationLevel): string {
  ensureBuilt(level);
  return join(firmwareDir, 'build', level, 'firmware.bin');
}

/**
 * Absolute path of build/<level>/firmware-ram.elf: the same program linked wholly into SRAM at
 * 0x20000000 (stm32f030_ram.ld), with mainRam.c's main polling SysTick instead of its interrupt.
 */
export function firmwareRamElf(level: OptimizationLevel): string {
  ensureBuilt(level);
  return join(firmwareDir, 'build', level, 'firmware-ram.elf');
}

/** Absolute path of stepping/build/<level>/stepping.elf (the differential stepping suite's program), built first if stale. */
export function steppingElf(level: SteppingLevel): string {
  if (!steppingLevels.includes(level)) {
    throw new FirmwareBuildError(`unknown optimisation level '${String(level)}': expected one of ${steppingLevels.join(', ')}`);
  }
  const dir = join(firmwareDir, 'stepping');
  if (!upToDate.has(`stepping/${level}`)) {
    runMake(dir, [`build/${level}/stepping.elf`], `stepping ${level}`);
    upToDate.add(`stepping/${level}`);
  }
  return join(dir, 'build', level, 'stepping.elf');
}

/** Absolute path of riscv/build/<level>/board.elf (the RISC-V board's program in flash), built first if stale. */
export function riscvBoardElf(level: OptimizationLevel): string {
  return riscvProgram(level, 'board');
}

/** Absolute path of riscv/build/<level>/board-ram.elf: the same program linked wholly into SRAM (load_image). */
export function riscvBoardRamElf(level: OptimizationLevel): string {
  return riscvProgram(level, 'board-ram');
}

/** Absolute path of riscv/build/<level>/core-NAME.elf (a test program of the RV32IMC core, from core-NAME.c), built first if stale. */
export function riscvCoreProgramElf(level: OptimizationLevel, name: string): string {
  return riscvProgram(level, `core-${name}`);
}

function riscvProgram(level: OptimizationLevel, name: string): string {
  if (!optimizationLevels.includes(level)) {
    throw new FirmwareBuildError(`unknown optimisation level '${String(level)}': expected one of ${optimizationLevels.join(', ')}`);
  }
  const dir = join(firmwareDir, 'riscv');
  const target = `build/${level}/${name}.elf`;
  if (!upToDate.has(`riscv/${target}`)) {
    runMake(dir, [target], `RISC-V ${name} ${level}`, riscvToolchain);
    upToDate.add(`riscv/${target}`);
  }
  return join(dir, target);
}

/** A compiler the firmware needs, and the Debian packages that bring it. */
interface Toolchain {
  readonly compiler: string;
  readonly packages: string;
}

const armToolchain: Toolchain = { compiler: 'arm-none-eabi-gcc', packages: 'gcc-arm-none-eabi and binutils-arm-none-eabi' };
const riscvToolchain: Toolchain = { compiler: 'riscv64-unknown-elf-gcc', packages: 'gcc-riscv64-unknown-elf' };

/** Absolute path of dualcore/build/dualcore.elf (-Og; the dual-core board's program, issue 19), built first if stale. */
export function dualCoreElf(): string {
  const dir = join(firmwareDir, 'dualcore');
  if (!upToDate.has('dualcore')) {
    runMake(dir, ['build/dualcore.elf'], 'dual-core');
    upToDate.add('dualcore');
  }
  return join(dir, 'build', 'dualcore.elf');
}

/** Throws FirmwareBuildError naming the Debian package when the toolchain's compiler is not on PATH. */
export function checkToolchain(env: NodeJS.ProcessEnv = process.env, toolchain: Toolchain = armToolchain): void {
  const probe = spawnSync(toolchain.compiler, ['--version'], { env, encoding: 'utf8' });
  if (probe.error !== undefined || probe.status !== 0) {
    throw new FirmwareBuildError(
      `${toolchain.compiler} not found on PATH: the test firmware needs the Debian packages ${toolchain.packages} ` +
        `(${probe.error?.message ?? `exit ${probe.status}`})`,
    );
  }
}

/**
 * Runs make once per level and process. make itself decides what is stale; flock(1) serialises
 * concurrent test files (the kernel drops the lock if a holder dies, so no stale lock files).
 */
function ensureBuilt(level: OptimizationLevel): void {
  if (!optimizationLevels.includes(level)) {
    throw new FirmwareBuildError(`unknown optimisation level '${String(level)}': expected one of ${optimizationLevels.join(', ')}`);
  }
  if (upToDate.has(level)) return;
  runMake(firmwareDir, [`build/${level}/firmware.elf`, `build/${level}/firmware.bin`, `build/${level}/firmware-ram.elf`], level);
  upToDate.add(level);
}

/** `make targets` in `dir` under the build lock; `what` names the firmware in errors. */
function runMake(dir: string, targets: readonly string[], what: string, toolchain = armToolchain): void {
  checkToolchain(process.env, toolchain);
  const buildDir = join(firmwareDir, 'build');
  mkdirSync(buildDir, { recursive: true });
  const result = spawnSync(
    'flock',
    ['-w', String(lockWaitSeconds), join(buildDir, '.lock'), 'make', '--no-print-directory', '-C', dir, ...targets],
    { encoding: 'utf8', timeout: makeTimeoutMs },
  );
  if (result.error !== undefined) {
    throw new FirmwareBuildError(`could not run 'flock make' for the ${what} firmware: ${result.error.message}`);
  }
  if (result.status !== 0) {
    const output = `${result.stdout}${result.stderr}`.trim().split('\n').slice(-15).join('\n');
    throw new FirmwareBuildError(`building the ${what} firmware failed (exit ${result.status}):\n${output}`);
  }
}
