// The workspace the launch.json tests validate against: a temporary directory with an ELF, a
// config file and an SVD file at known relative paths. Shared by the unit and fuzz tests.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Makes the directory (build/app.elf, cfg/board.cfg, chip.svd); the caller removes it. */
export function makeLaunchConfigDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  mkdirSync(join(dir, 'build'));
  mkdirSync(join(dir, 'cfg'));
  writeFileSync(join(dir, 'build', 'app.elf'), 'x');
  writeFileSync(join(dir, 'cfg', 'board.cfg'), 'x');
  writeFileSync(join(dir, 'chip.svd'), 'x');
  return dir;
}
