// The exception catches of a set of threads: which their cores offer (vector catch names, a trap
// entry) and setting exactly the chosen ones on each thread. Debugger's setVectorCatch and
// exceptionCatches delegate here; the targets and TrapCatch do the work.
import type { ExceptionCatch } from '../arch';
import type { DebugThread } from '../debugThread';
import type { ExceptionCatchStatus } from './trapCatch';

/** The catches the threads' cores offer, in their architecture's order, each once. */
export function offeredCatches(threads: readonly DebugThread[]): ExceptionCatch[] {
  const offered = new Map<string, ExceptionCatch>();
  for (const thread of threads) {
    const names = [...(thread.target.vectorCatchNames ?? []), ...(thread.trapCatch ? [thread.trapCatch.name] : [])];
    for (const known of thread.target.architecture.exceptionCatches) if (names.includes(known.name)) offered.set(known.name, known);
  }
  return [...offered.values()];
}

/**
 * Sets exactly `names` on every thread (each takes what its core offers); one status per name,
 * unverified with the reason where a trap catch cannot be armed yet. A trap catch arms only at an
 * entry `isProgramCode` accepts.
 */
export async function setCatches(threads: readonly DebugThread[], names: readonly string[], isProgramCode?: (address: number) => boolean): Promise<ExceptionCatchStatus[]> {
  const statuses = new Map<string, ExceptionCatchStatus>(names.map((name) => [name, { name, verified: true }]));
  for (const thread of threads) {
    await thread.target.setVectorCatch?.(names.filter((name) => thread.target.vectorCatchNames?.includes(name)));
    const status = await thread.trapCatch?.set(names.includes(thread.trapCatch.name), isProgramCode);
    if (status && names.includes(status.name) && !status.verified) statuses.set(status.name, status);
  }
  return names.map((name) => statuses.get(name)!);
}
