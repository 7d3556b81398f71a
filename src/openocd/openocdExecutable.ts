// Finds the OpenOCD executable: an explicit path first, then PATH. Knows nothing of starting it.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { OpenocdExitedError } from '../common';

const INSTALL_HINT =
  'Install OpenOCD (Debian/Ubuntu: `sudo apt-get install openocd`; other systems: https://openocd.org/pages/getting-openocd.html) ' +
  'or give the full path of the openocd executable.';

function isExecutableFile(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

/**
 * Returns the absolute path of the OpenOCD executable. `explicitPath` wins when given (a bare name
 * like `openocd` is looked up in PATH). Throws OpenocdExitedError saying how to install it.
 */
export function findOpenocdExecutable(explicitPath?: string, envPath = process.env.PATH ?? ''): string {
  const name = explicitPath ?? 'openocd';
  if (name.includes('/') || name.includes(path.sep)) {
    if (isExecutableFile(name)) return path.resolve(name);
    throw new OpenocdExitedError(`OpenOCD executable not found or not executable: ${name}. ${INSTALL_HINT}`, null, []);
  }
  const names = process.platform === 'win32' ? [`${name}.exe`, name] : [name];
  for (const dir of envPath.split(path.delimiter).filter(Boolean)) {
    for (const candidate of names) {
      const file = path.join(dir, candidate);
      if (isExecutableFile(file)) return file;
    }
  }
  throw new OpenocdExitedError(`OpenOCD executable "${name}" not found in PATH. ${INSTALL_HINT}`, null, []);
}
