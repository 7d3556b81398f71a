// Runs a thread to an address and waits for the stop, wherever it happens: the entry action of a
// launch or restart (runToEntryPoint). It owns no DAP; the session reports the stop.
import type { DebugThread, HaltReason } from '../engine';

/** Runs `thread` to `address` through a temporary breakpoint; resolves at the next stop (wherever it is). */
export async function runTo(thread: DebugThread, address: number): Promise<HaltReason> {
  await thread.breakpoints.addTemporary(address);
  const done = new AbortController();
  const stopped = thread.target.stopped.next(undefined, done.signal);
  const lost = thread.target.terminated.next(undefined, done.signal).then((error) => Promise.reject(error));
  try {
    await thread.target.resume();
    const stop = await Promise.race([stopped, lost]);
    return stop.pc === address ? 'entry' : stop.reason;
  } finally {
    done.abort();
    stopped.catch(() => undefined);
    lost.catch(() => undefined);
  }
}
