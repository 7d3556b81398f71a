// The addresses a source step would single-step through without deciding anything (issue 17):
// the stepper hands them to Target.stepInRange, so a line's instructions cost one round trip.
// Pure: which addresses qualify is the stepper's decision, passed in as `passes`.
import type { DecodedInstruction } from '../disassembly';

/** How many earlier line-table rows a range may reach back over (a loop's back edge, -O2 rows split). */
const MAX_ROWS_BACK = 16;
/** Bound of the walk forward from the PC, in bytes: a line longer than this is stepped in pieces. */
const MAX_BYTES_FORWARD = 1024;

export interface RangeLookups {
  /** The instruction at an address, from the ELF file only (a range is decided without a round trip). */
  instructionAt(address: number): DecodedInstruction | undefined;
  /** Start of the line-table row holding `address` (an instruction boundary), if any. */
  rowStart(address: number): number | undefined;
  /**
   * True when the stepper, arriving at `address` by a single step, would step on without a
   * decision (same frame, same line, no user breakpoint) and the instruction there is neither a
   * call nor a return (the stepper treats those itself).
   */
  passes(address: number): boolean;
}

/**
 * The range [lo, hi) of addresses next to `pc` that all pass, so that stepping while the PC stays
 * in it stops exactly where single steps checked one by one would. Starts after `pc` when `pc`
 * itself does not pass. Undefined when the range holds nothing (one plain step does as well).
 */
export function passingRange(pc: number, lookups: RangeLookups): { lo: number; hi: number } | undefined {
  const here = lookups.instructionAt(pc);
  if (!here) return undefined;
  const lo = lookups.passes(pc) ? passingStart(pc, lookups) : pc + here.byteLength;
  let hi = pc + here.byteLength;
  while (hi - pc < MAX_BYTES_FORWARD && lookups.passes(hi)) {
    const next = lookups.instructionAt(hi);
    if (!next) break;
    hi += next.byteLength;
  }
  return hi > lo ? { lo, hi } : undefined;
}

/** The lowest address from which every instruction up to `pc` (which passes) passes, within MAX_ROWS_BACK rows before `pc`'s. */
function passingStart(pc: number, lookups: RangeLookups): number {
  const row = lookups.rowStart(pc);
  let lo = runStartBefore(pc, row, lookups);
  if (lo !== (row ?? pc)) return lo;
  for (let rows = 0; rows < MAX_ROWS_BACK; rows++) {
    const earlier = lookups.rowStart(lo - 1);
    const runStart = runStartBefore(lo, earlier, lookups);
    if (runStart === lo) break;
    lo = runStart;
    if (runStart !== earlier) break;
  }
  return lo;
}

/**
 * Walks the instructions from `from` (an instruction boundary) to `end`: the start of the passing
 * run that reaches `end`, or `end` when the walk does not land on it or nothing before it passes.
 */
function runStartBefore(end: number, from: number | undefined, lookups: RangeLookups): number {
  if (from === undefined || from >= end) return end;
  let runStart = from;
  let address = from;
  while (address < end) {
    const instruction = lookups.instructionAt(address);
    if (!instruction) return end;
    if (!lookups.passes(address)) runStart = address + instruction.byteLength;
    address += instruction.byteLength;
  }
  return address === end ? runStart : end;
}
