// Test helpers about processes by pid: is it alive, and waiting (bounded) until it is gone.
// Used by the tests that check OpenOCD never outlives what started it.

/** True while a process with this pid exists (signal 0 checks without sending anything). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Waits, polling with backoff, until `pid` is gone; false if it outlives `timeoutMs`. */
export async function waitGone(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (let delayMs = 10; Date.now() < deadline; delayMs = Math.min(delayMs * 2, 200)) {
    if (!isAlive(pid)) return true;
    await new Promise((resolve) => setTimeout(resolve, delayMs));
  }
  return !isAlive(pid);
}
