// A minimal typed event emitter, so layers below `extension` need no Node or VS Code emitter.
// Listeners run synchronously in registration order; a throwing listener does not stop the others.

export type Listener<T> = (value: T) => void;

/** A disposable subscription. */
export interface Subscription {
  dispose(): void;
}

/** Emitter for one event type. */
export class TypedEvent<T> {
  private readonly listeners = new Set<Listener<T>>();

  /** Subscribes; returns a handle whose dispose() unsubscribes. */
  on(listener: Listener<T>): Subscription {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  /** Resolves with the next value that matches `predicate` (all values when omitted). */
  next(predicate: (value: T) => boolean = () => true, signal?: AbortSignal): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const onAbort = (): void => {
        sub.dispose();
        reject(signal?.reason ?? new Error('aborted'));
      };
      const sub = this.on((value) => {
        if (!predicate(value)) return;
        sub.dispose();
        signal?.removeEventListener('abort', onAbort);
        resolve(value);
      });
      if (signal?.aborted) onAbort();
      else signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  emit(value: T): void {
    for (const listener of [...this.listeners]) {
      try {
        listener(value);
      } catch (error) {
        queueMicrotask(() => {
          throw error;
        });
      }
    }
  }

  get listenerCount(): number {
    return this.listeners.size;
  }

  clear(): void {
    this.listeners.clear();
  }
}
