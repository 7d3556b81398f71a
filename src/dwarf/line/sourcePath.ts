// Pure string path logic for line table file names: joining a directory and a name, normalising
// `.`/`..`, and scoring how well a user's path matches a table entry. No file system access.

import { isAbsolutePath, joinPath } from '../info';

/** Segments `.` or `..`, doubled or trailing separators, backslashes: what normalizePath changes. */
const needsNormalizing = /(^|[\\/])\.\.?([\\/]|$)|[\\/]{2}|\\|.\/$|^$/;

/** Removes `.` segments, resolves `..` against earlier segments, and collapses repeated `/`. */
export function normalizePath(path: string): string {
  if (!needsNormalizing.test(path)) return path;
  const absolute = isAbsolutePath(path);
  const drive = /^[A-Za-z]:/.test(path) ? path.slice(0, 2) : '';
  const separator = drive && path[2] === '\\' ? '\\' : '/';
  const parts: string[] = [];
  for (const part of path.slice(drive.length).split(/[\\/]+/)) {
    if (part === '' || part === '.') continue;
    if (part === '..' && parts.length > 0 && parts[parts.length - 1] !== '..') parts.pop();
    else if (part !== '..' || !absolute) parts.push(part);
  }
  const body = parts.join(separator);
  if (absolute) return `${drive}${separator}${body}`;
  return body === '' ? '.' : body;
}

/** `name` if absolute, else `dir/name`, normalised (DWARF5 6.2.4: names are relative to their directory). */
export function joinSourcePath(dir: string | undefined, name: string): string {
  return normalizePath(joinPath(dir, name));
}

/** The last segment of a path. */
export function baseName(path: string): string {
  const parts = path.split(/[\\/]/);
  return parts[parts.length - 1];
}

/** How a user's path matches a table file (higher is better); 0 is no match. */
export const PATH_MATCH_EXACT = 3;
export const PATH_MATCH_SUFFIX = 2;
export const PATH_MATCH_BASENAME = 1;

/**
 * Scores `wanted` against the full path `candidate`: the same absolute path, a relative path
 * that names its trailing segments (as given relative to comp_dir), or only the same base name.
 */
export function matchPath(wanted: string, candidate: string): number {
  const want = normalizePath(wanted);
  const have = normalizePath(candidate);
  if (want === have) return PATH_MATCH_EXACT;
  if (!isAbsolutePath(want) && have.endsWith(`/${want}`)) return PATH_MATCH_SUFFIX;
  return baseName(want) === baseName(have) ? PATH_MATCH_BASENAME : 0;
}
