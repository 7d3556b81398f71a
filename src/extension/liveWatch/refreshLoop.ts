// A periodic task whose runs never overlap: the next run starts one period after the previous one
// started, or when it ends if it took longer. `now()` runs at once (after the one in flight). No VS Code.

export class RefreshLoop {
  private timer: NodeJS.Timeout | undefined;
  /** The last run asked for: the next one waits for it. */
  private queue: Promise<void> = Promise.resolve();
  private running = false;

  constructor(
    private readonly task: () => Promise<void>,
    /** The period in ms, read before each wait (the setting may change). */
    private readonly periodMs: () => number,
  ) {}

  /** Starts the periodic runs (the first at once); a second start changes nothing. */
  start(): void {
    if (this.running) return;
    this.running = true;
    void this.cycle();
  }

  /** No run starts after this; one in flight ends on its own. */
  stop(): void {
    this.running = false;
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  get isRunning(): boolean {
    return this.running;
  }

  /** One run now, after the one in flight (never two at a time); resolves when it has ended. */
  now(): Promise<void> {
    const run = this.queue.then(() => this.task());
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async cycle(): Promise<void> {
    this.timer = undefined;
    if (!this.running) return;
    const started = Date.now();
    await this.now().catch(() => undefined);
    if (!this.running || this.timer) return;
    this.timer = setTimeout(() => void this.cycle(), Math.max(0, this.periodMs() - (Date.now() - started)));
  }
}
