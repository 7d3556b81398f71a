// What the differential stepping suite records at each stop of a walk, on either side (GDB or the
// adapter), and how two records of the same stop are compared. Pure: no board, no processes.

/** One frame as a user sees it: call stack row and its Locals (arguments and locals), in order. */
export interface WalkFrame {
  readonly function: string;
  /** Base name of the frame's source file; null without line information. */
  readonly file: string | null;
  readonly line: number | null;
  readonly pc: number;
  readonly locals: readonly { readonly name: string; readonly value: string }[];
}

/** Where one action left the target, and the error it was refused with (GDB's or ours). */
export interface WalkStop {
  readonly error: string | null;
  readonly frames: readonly WalkFrame[];
}

/** GDB shows an exception's entry as this pseudo-frame; the call stack shows the interrupted frame next instead. */
export const GDB_SIGNAL_FRAME = '<signal handler called>';

/** One way a stop differs, described for a person: `what` and both sides' answers. */
export interface StopDifference {
  readonly what: string;
  readonly gdb: string;
  readonly ours: string;
}

const OPTIMIZED_OUT = '<optimized out>';

/**
 * The differences between GDB's and our record of one stop: whether the action was refused, the
 * stack's frames (function, file, line, PC of frame 0), and the Locals of every frame name by
 * name, values compared where both sides show one.
 */
export function compareStops(gdb: WalkStop, ours: WalkStop): StopDifference[] {
  const differences: StopDifference[] = [];
  const differ = (what: string, a: unknown, b: unknown): void => {
    if (a !== b) differences.push({ what, gdb: String(a), ours: String(b) });
  };
  differ('refused', gdb.error !== null, ours.error !== null);
  const gdbFrames = gdb.frames.filter((frame) => frame.function !== GDB_SIGNAL_FRAME).map(withoutInheritedCopies);
  differ('stack', describeStack(gdbFrames), describeStack(ours.frames));
  if (differences.length > 0) return differences;
  differ('pc', hex(gdbFrames[0]?.pc), hex(ours.frames[0]?.pc));
  gdbFrames.forEach((frame, level) => {
    const mine = ours.frames[level];
    // GDB lists a block's arguments and locals apart (`info args`, `info locals`), the Locals scope
    // arguments first: the same names in another order are the same Locals.
    differ(`#${level} ${frame.function} locals`, sortedNames(frame.locals), sortedNames(mine.locals));
    const mineByName = byName(mine.locals);
    for (const [name, variables] of byName(frame.locals)) {
      variables.forEach((variable, k) => {
        const value = mineByName.get(name)?.[k]?.value;
        if (value === undefined) return;
        const both = variable.value !== OPTIMIZED_OUT && value !== OPTIMIZED_OUT;
        if (!both) differ(`#${level} ${frame.function} ${name} optimized out`, variable.value === OPTIMIZED_OUT, value === OPTIMIZED_OUT);
        else differ(`#${level} ${frame.function} ${name}`, variable.value, withoutPointerType(value));
      });
    }
  });
  return differences;
}

/**
 * `frame` without GDB's second copy of an inlined function's local: when GCC wraps the locals of an
 * inlined body in a DW_TAG_lexical_block, GDB lists each twice, the copy inherited from the
 * abstract origin always `<optimized out>` (docs/gdb-differences.md). The stepping firmware
 * shadows no name, so a repeated `<optimized out>` name is such a copy.
 */
function withoutInheritedCopies(frame: WalkFrame): WalkFrame {
  const seen = new Set<string>();
  const locals = frame.locals.filter((variable) => {
    const copy = seen.has(variable.name) && variable.value === OPTIMIZED_OUT;
    seen.add(variable.name);
    return !copy;
  });
  return { ...frame, locals };
}

/** Variables by name, each name's in order (shadowed names repeat: one per block). */
function byName(locals: WalkFrame['locals']): Map<string, WalkFrame['locals'][number][]> {
  const found = new Map<string, WalkFrame['locals'][number][]>();
  for (const variable of locals) found.set(variable.name, [...(found.get(variable.name) ?? []), variable]);
  return found;
}

function sortedNames(locals: WalkFrame['locals']): string {
  return locals.map((variable) => variable.name).sort().join(', ');
}

/**
 * A pointer's value as `info locals` prints it: the Locals scope shows it as `print` does, with
 * the pointer type first (`(filter_fn) 0x8000245 <filter_offset>`), which `info locals` omits.
 */
function withoutPointerType(value: string): string {
  return value.replace(/^\([^()]*\) (?=0x)/, '');
}

/** `function file:line` of every frame, innermost first. */
export function describeStack(frames: readonly WalkFrame[]): string {
  return frames.map((frame) => `${frame.function} ${frame.file ?? '??'}:${frame.line ?? '?'}`).join(' < ');
}

function hex(value: number | undefined): string {
  return value === undefined ? 'none' : `0x${value.toString(16)}`;
}
