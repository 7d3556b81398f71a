// Tests of the firmware build helper: all three levels build, and each image has the symbols and
// the Cortex-M0 vector table the simulator and debugger rely on (binutils nm/readelf as oracles).
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { isAbsolute } from 'node:path';
import { describe, it } from 'node:test';
import { checkToolchain, firmwareBin, firmwareDir, firmwareElf, FirmwareBuildError, optimizationLevels } from './firmware';

const flashBase = 0x0800_0000;
const sramBase = 0x2000_0000;
const sramByteSize = 8 * 1024;

/** Global text symbols as arm-none-eabi-nm prints them (addresses without the Thumb bit). */
function textSymbols(elfPath: string): Map<string, number> {
  const symbols = new Map<string, number>();
  for (const line of execFileSync('arm-none-eabi-nm', [elfPath], { encoding: 'utf8' }).split('\n')) {
    const match = /^([0-9a-f]{8}) T (\w+)$/.exec(line);
    if (match) symbols.set(match[2], parseInt(match[1], 16));
  }
  return symbols;
}

function sectionAddress(elfPath: string, name: string): number | undefined {
  const table = execFileSync('arm-none-eabi-readelf', ['-SW', elfPath], { encoding: 'utf8' });
  const match = new RegExp(`\\s${name.replace('.', '\\.')}\\s+\\S+\\s+([0-9a-f]{8})`).exec(table);
  return match ? parseInt(match[1], 16) : undefined;
}

describe('firmware helper', () => {
  for (const level of optimizationLevels) {
    describe(`-${level}`, () => {
      it('builds an ELF with the entry points and handlers', () => {
        const elf = firmwareElf(level);
        assert.ok(isAbsolute(elf));
        const symbols = textSymbols(elf);
        for (const name of ['main', 'Reset_Handler', 'SysTick_Handler', 'HardFault_Handler', 'fault_now', 'recurse', 'work_step']) {
          assert.ok(symbols.has(name), `${name} missing from ${elf}`);
        }
        assert.equal(spawnSync('make', ['-q', '-C', firmwareDir, `build/${level}/firmware.elf`]).status, 0, 'make -q: not up to date');
      });

      it('starts flash with the vector table: SP in SRAM, Thumb handler addresses', () => {
        const elf = firmwareElf(level);
        const symbols = textSymbols(elf);
        assert.equal(sectionAddress(elf, '.isr_vector'), flashBase);
        const image = readFileSync(firmwareBin(level));
        assert.ok(image.length > 0x40 && image.length <= 64 * 1024, `image size ${image.length}`);
        const vector = (index: number) => image.readUInt32LE(index * 4);
        const initialSp = vector(0);
        assert.ok(initialSp > sramBase && initialSp <= sramBase + sramByteSize, `initial SP 0x${initialSp.toString(16)}`);
        assert.equal(initialSp % 8, 0, 'AAPCS: SP 8-byte aligned');
        assert.equal(vector(1), symbols.get('Reset_Handler')! | 1);
        assert.equal(vector(3), symbols.get('HardFault_Handler')! | 1);
        assert.equal(vector(15), symbols.get('SysTick_Handler')! | 1);
      });

      it('carries DWARF 5 for the firmware sources', () => {
        const info = execFileSync('arm-none-eabi-readelf', ['--debug-dump=info', firmwareElf(level)], {
          encoding: 'utf8',
          maxBuffer: 64 * 1024 * 1024,
        });
        const units = info.split('Compilation Unit @').slice(1);
        const mainUnit = units.find((unit) => /DW_AT_name\s*:.*\bmain\.c/.test(unit));
        assert.ok(mainUnit, 'no compilation unit for main.c');
        assert.match(mainUnit, /Version:\s+5\b/);
      });
    });
  }

  it('rejects an unknown optimisation level with a typed error', () => {
    assert.throws(() => firmwareElf('O3' as never), (error: unknown) => error instanceof FirmwareBuildError && /'O3'/.test(error.message));
  });

  it('names the missing Debian package when arm-none-eabi-gcc is not on PATH', () => {
    assert.doesNotThrow(() => checkToolchain());
    assert.throws(
      () => checkToolchain({ PATH: '/nonexistent' }),
      (error: unknown) => error instanceof FirmwareBuildError && /gcc-arm-none-eabi/.test(error.message),
    );
  });
});
