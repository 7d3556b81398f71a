// How the threads of one chip affect each other: under all-stop a stop halts the other cores, and
// the memory they share is read again after any core ran or stopped. Policy only; it emits nothing.
import type { DebugThread } from './debugThread';

/**
 * Halts every thread but `threadId` without reporting their stops (the caller reports one stop
 * with allThreadsStopped); a thread in a step or a hit decision is paused through `pause`
 * instead, and reports its own stop when its step or decision ends.
 */
export async function haltOtherThreads(threads: readonly DebugThread[], threadId: number, pause: (threadId: number) => Promise<void>): Promise<void> {
  for (const other of threads) {
    if (other.id === threadId || (other.isHalted && !other.deciding && !other.stepAbort)) continue;
    if (other.stepAbort || other.deciding) {
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
