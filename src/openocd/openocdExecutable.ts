// Finds the OpenOCD executable on Linux, macOS and Windows: an explicit path first, then PATH.
// The platform is a parameter of every rule here, so Windows lookup is tested on any system.
// Knows nothing of starting OpenOCD.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { OpenocdExitedError } from '../common';

/** Where and how to look; every field defaults to this process's own. */
export interface ExecutableSearch {
  /** The PATH to search (default `process.env.PATH`). */
  envPath?: string;
  /** Windows' PATHEXT (default `process.env.PATHEXT`, else the Windows default). */
  pathExt?: string;
  platform?: NodeJS.Platform;
  /** Whether a candidate file can be run; default asks the file system (isRunnableFile). */
  isRunnable?: (file: string) => boolean;
}

const DEFAULT_PATHEXT = '.COM;.EXE;.BAT;.CMD';
/** Node spawns .bat/.cmd only through a shell (EINVAL since the 2024 BatBadBut fix), so they are skipped. */
const SPAWNABLE_EXTENSIONS = new Set(['.com', '.exe']);

function installHint(platform: NodeJS.Platform): string {
  const install =
    platform === 'win32'
      ? 'Windows: install xPack OpenOCD, https://xpack-dev-tools.github.io/openocd-xpack/'
      : platform === 'darwin'
        ? 'macOS: `brew install openocd`'
        : 'Debian/Ubuntu: `sudo apt-get install openocd`';
  return `Install OpenOCD (${install}; other systems: https://openocd.org/pages/getting-openocd.html) or give the full path of the openocd executable.`;
}

/**
 * Whether `name` is a path rather than a program name to look up in PATH. On Windows `\` separates
 * too, and a drive-relative name such as `C:openocd.exe` is a path.
 */
export function isExecutablePath(name: string, platform: NodeJS.Platform): boolean {
  return platform === 'win32' ? /[\\/]|^[A-Za-z]:/.test(name) : name.includes('/');
}

/**
 * The file names `name` may have on disk. Windows runs only files with an extension (CreateProcess
 * appends `.exe` to a bare name), so a name without one of PATHEXT's gets each spawnable one, in
 * PATHEXT's order.
 */
export function executableFileNames(name: string, platform: NodeJS.Platform, pathExt = DEFAULT_PATHEXT): string[] {
  if (platform !== 'win32') return [name];
  const extensions = pathExt
    .split(';')
    .map((extension) => extension.trim().toLowerCase())
    .filter(Boolean);
  if (extensions.includes(path.win32.extname(name).toLowerCase())) return [name];
  return extensions.filter((extension) => SPAWNABLE_EXTENSIONS.has(extension)).map((extension) => name + extension);
}

/** PATH's folders in order. Windows allows double quotes in an entry, around a `;` that belongs to it. */
export function pathDirectories(envPath: string, platform: NodeJS.Platform): string[] {
  if (platform !== 'win32') return envPath.split(path.posix.delimiter).filter(Boolean);
  return [...envPath.matchAll(/(?:"[^"]*"?|[^;"])+/g)].map(([entry]) => entry.replaceAll('"', '')).filter(Boolean);
}

/**
 * Whether `file` is a file `platform` would run. Windows has no execute bit (X_OK only tests
 * existence there), so an existing regular file suffices; elsewhere it must be executable.
 */
export function isRunnableFile(file: string, platform: NodeJS.Platform = process.platform): boolean {
  try {
    if (platform !== 'win32') fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

/**
 * Returns the absolute path of the OpenOCD executable. `explicitPath` wins when given (a bare name
 * like `openocd` is looked up in PATH). Throws OpenocdExitedError saying how to install it.
 */
export function findOpenocdExecutable(explicitPath?: string, search: ExecutableSearch = {}): string {
  const platform = search.platform ?? process.platform;
  const pathExt = search.pathExt ?? process.env.PATHEXT;
  const isRunnable = search.isRunnable ?? ((file: string) => isRunnableFile(file, platform));
  const paths = platform === 'win32' ? path.win32 : path.posix;
  const name = explicitPath ?? 'openocd';
  const fileNames = executableFileNames(name, platform, pathExt);
  if (isExecutablePath(name, platform)) {
    const found = fileNames.map((fileName) => paths.resolve(fileName)).find(isRunnable);
    if (found !== undefined) return found;
    throw new OpenocdExitedError(`OpenOCD executable not found or not executable: ${name}. ${installHint(platform)}`, null, []);
  }
  for (const dir of pathDirectories(search.envPath ?? process.env.PATH ?? '', platform)) {
    const found = fileNames.map((fileName) => paths.join(dir, fileName)).find(isRunnable);
    // A relative PATH entry (`.`) would otherwise be looked up in PATH again by spawn.
    if (found !== undefined) return paths.resolve(found);
  }
  throw new OpenocdExitedError(`OpenOCD executable "${name}" not found in PATH. ${installHint(platform)}`, null, []);
}
