// How the threads of one chip affect each other: under all-stop a stop halts the other cores, and
// the memory they share is read again after any core ran or stopped. Policy only; it emits nothing.
import type { DebugThread } from './debugThread';

/**
 * Halts every thread but `threadId` without reporting their stops (the caller reports one stop
 * with allThreadsStopped). A thread in a step or a hit decision is paused through `pause`, which
 * ends the step or decision, marked `haltedForOthers` so that its end reports no stop of its own:
 * DAP's allThreadsStopped already tells the client every thread stopped (VS Code then marks each
 * thread paused and fetches its stack on demand), and a second stopped event would move the
 * client's focus to the interrupted thread with reason `pause`, which the user never asked for.
 */
export async function haltOtherThreads(threads: readonly DebugThread[], threadId: number, pause: (threadId: number) => Promise<void>): Promise<void> {
  for (const other of threads) {
    if (other.id === threadId || (other.isHalted && !other.deciding && !other.stepAbort)) continue;
    if (other.stepAbort || other.deciding) {
      other.haltedForOthers = true;
      await pause(other.id);
      continue;
    }
    // Resetting: the reset halts or runs it.
    if (other.quiet) continue;
    other.quiet = true;
    try {
      await other.target.halt();
    } finally {
      other.quiet = false;
    }
  }
}

/**
 * Cores share memory: one that runs or stops may have changed what another's stop cache holds
 * (its registers stay: they are the halted core's own).
 */
export function forgetSharedMemory(threads: readonly DebugThread[], changed: DebugThread): void {
  if (threads.length > 1) for (const other of threads) if (other !== changed) other.forgetMemory();
}
