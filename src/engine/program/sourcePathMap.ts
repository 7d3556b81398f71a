// Prefix substitution between the paths a compiler recorded (DW_AT_comp_dir, file tables) and the
// paths of the user's checkout (launch.json `sourceFileMap`). Pure strings; no file system access.
import { normalizePath } from '../../dwarf';

/** One substitution: a compiled-path prefix and the local prefix that replaces it. */
export interface SourcePathMapping {
  readonly compiled: string;
  readonly local: string;
}

/**
 * A `sourceFileMap` (compiled prefix -> local prefix, as Cortex-Debug and cppdbg name it). The
 * longest matching prefix wins, and a prefix matches only whole path segments, so `/build` does
 * not rewrite `/buildroot/x.c`.
 */
export class SourcePathMap {
  private readonly mappings: readonly SourcePathMapping[];

  constructor(map: Readonly<Record<string, string>> = {}) {
    this.mappings = Object.entries(map)
      .map(([compiled, local]) => ({ compiled: trimSeparator(normalizePath(compiled)), local: trimSeparator(normalizePath(local)) }))
      .sort((a, b) => b.compiled.length - a.compiled.length);
  }

  /** The local path of a path found in the debug information. */
  toLocal(compiledPath: string): string {
    return substitute(compiledPath, this.mappings.map((m) => [m.compiled, m.local]));
  }

  /** The debug-information path of a local path (for breakpoints set in the editor). */
  toCompiled(localPath: string): string {
    const reverse = [...this.mappings].sort((a, b) => b.local.length - a.local.length);
    return substitute(localPath, reverse.map((m) => [m.local, m.compiled]));
  }
}

function substitute(path: string, pairs: readonly (readonly [string, string])[]): string {
  const normal = normalizePath(path);
  for (const [from, to] of pairs) {
    if (normal === from) return to;
    if (normal.startsWith(from) && (normal[from.length] === '/' || normal[from.length] === '\\')) return to + normal.slice(from.length);
  }
  return path;
}

function trimSeparator(path: string): string {
  return path.length > 1 && /[\\/]$/.test(path) ? path.slice(0, -1) : path;
}
