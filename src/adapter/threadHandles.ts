// DAP reference handles (frame ids, variables references) that belong to one thread's stop: a
// stop or resume of that thread voids its handles only, so another core's frames stay valid.
// Numbers are never reused in a session, so a stale reference cannot name a newer value.

/** Handles of values that each belong to a thread. */
export class ThreadHandles<T> {
  private next = 1;
  private readonly values = new Map<number, { readonly threadId: number; readonly value: T }>();

  create(threadId: number, value: T): number {
    const handle = this.next++;
    this.values.set(handle, { threadId, value });
    return handle;
  }

  get(handle: number): T | undefined {
    return this.values.get(handle)?.value;
  }

  /** Voids the handles of one thread, or of all. */
  clear(threadId?: number): void {
    for (const [handle, entry] of this.values) if (threadId === undefined || entry.threadId === threadId) this.values.delete(handle);
  }
}
