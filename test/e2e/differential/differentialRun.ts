// Runs the differential stepping suite on one build: the same walk through GDB and through the
// adapter, each on its own simulated board, concurrently, then every stop compared. Tests only.
import { steppingElf, type SteppingLevel } from '../../helpers/firmware';
import { dapWalk } from './dapWalk';
import { gdbWalk } from './gdbWalk';
import { walkActions, type WalkAction } from './walkActions';
import { STEPPING_BOARD, type WalkBoard } from './walkBoard';
import { compareStops, describeStack, type StopDifference } from './walkStop';

/** One stop where the two sides differ, with what led there. */
export interface StopReport {
  readonly index: number;
  /** The action that ended at this stop (undefined for the stop at main). */
  readonly action: WalkAction | undefined;
  /** GDB's stack before the action, to replay it by hand. */
  readonly from: string;
  readonly differences: readonly StopDifference[];
}

export interface DifferentialResult {
  /** The build walked (its optimisation level). */
  readonly level: string;
  readonly actions: number;
  /** Stops compared: the stop at main and one per action, up to the first stop where the stacks differ. */
  readonly compared: number;
  /** Stops that differ in anything (stack, PC, Locals). */
  readonly differing: readonly StopReport[];
  /** The stop where the two stacks first differ: the walks diverge there, so later stops are not compared. */
  readonly diverged: StopReport | undefined;
}

/** The walk of `count` actions for `seed` on the `level` build of the stepping firmware, compared stop by stop. */
export async function runDifferential(level: SteppingLevel, seed: number, count: number): Promise<DifferentialResult> {
  return compareWalks(STEPPING_BOARD, steppingElf(level), level, walkActions(seed, count));
}

/** `actions` walked on `board` running `elf` (built at `level`) by GDB and by the adapter, compared stop by stop. */
export async function compareWalks(board: WalkBoard, elf: string, level: string, actions: readonly WalkAction[]): Promise<DifferentialResult> {
  const [gdb, ours] = await Promise.all([gdbWalk(elf, actions, board), dapWalk(elf, actions, board)]);
  const differing: StopReport[] = [];
  let diverged: StopReport | undefined;
  let compared = 0;
  for (let i = 0; i < gdb.length && !diverged; i++) {
    compared++;
    const differences = compareStops(gdb[i], ours[i]);
    if (differences.length === 0) continue;
    const report = { index: i, action: actions[i - 1], from: i > 0 ? describeStack(gdb[i - 1].frames) : 'launch', differences };
    differing.push(report);
    if (differences.some((difference) => difference.what === 'stack' || difference.what === 'pc' || difference.what === 'refused')) diverged = report;
  }
  return { level, actions: actions.length, compared, differing, diverged };
}

/** The result as lines for a person: counts, then each differing stop. */
export function describeResult(result: DifferentialResult): string[] {
  const lines = [`${result.level}: ${result.compared} of ${result.actions + 1} stops compared, ${result.differing.length} differ${result.diverged ? `, walks diverged at stop ${result.diverged.index}` : ''}`];
  for (const report of result.differing) {
    lines.push(`  stop ${report.index} after ${report.action ? JSON.stringify(report.action) : 'launch'} from ${report.from}`);
    for (const difference of report.differences) lines.push(`    ${difference.what}: gdb ${difference.gdb} | ours ${difference.ours}`);
  }
  return lines;
}
