// Tells a frozen OpenOCD from a slow one, on Linux, from /proc: a process that sleeps outside its
// event loop without running for STALL_MS is stuck, however slowly a loaded machine answers.
// It only reads /proc: it never talks to OpenOCD and never kills it (its owner decides).
import { readFileSync } from 'node:fs';
import { OpenocdUnresponsiveError, TypedEvent } from '../common';

/**
 * How long OpenOCD's main thread may sleep without running, outside the waits below, before it
 * counts as stuck. A well OpenOCD never does: its event loop wakes at least once per polling period
 * (`poll_period`, 100 ms; server.c `server_loop`) and each wake costs CPU time, while a link read
 * that gets no answer blocks with none (remote_bitbang.c `remote_bitbang_fill_buf`: a blocking
 * read, no timeout). Measured at load 20 on 2 cores: no well OpenOCD went 50 ms without running,
 * but a board simulated in another process at load 25 once left OpenOCD waiting 1,070 ms for an
 * answer: 1.5 s keeps such a slow peer's session and still ends a stalled one within 2 s.
 */
export const STALL_MS = 1_500;
/** Period of the /proc samples. */
export const SAMPLE_PERIOD_MS = 100;
/**
 * A longer gap between two samples means this process was not running either (a loaded machine, a
 * long synchronous task): a board simulated in this process could not answer OpenOCD meanwhile,
 * so the gap is no evidence.
 */
export const MAX_SAMPLE_GAP_MS = 3 * SAMPLE_PERIOD_MS;
/**
 * Kernel waits (/proc/PID/wchan) that a well OpenOCD sleeps in: its event loop's select/poll,
 * `usleep` (adapter srst delays), and a write of its log to a pipe whose reader is late (us).
 */
const WELL_WAITS = /poll|select|nanosleep|pipe_write/;

/** One look at the process's main thread. */
export interface ProcessSample {
  /** When it was taken (performance.now() or any monotonic clock), ms. */
  readonly atMs: number;
  /** CPU time the main thread has run so far (/proc/PID/schedstat), ns. */
  readonly runNs: number;
  /** State letter of /proc/PID/stat: R running, S sleeping, D uninterruptible, T stopped... */
  readonly state: string;
  /** The kernel function it sleeps in (/proc/PID/wchan), '0' when the kernel does not say. */
  readonly wchan: string;
}

/**
 * Adds up, sample by sample, how long the process has slept without running in a wait that is not
 * a well one. Anything else (CPU time spent, running, a well wait, a stopped process: someone
 * debugging OpenOCD itself, no wait named) starts again from zero. Pure.
 */
export class BlockedSpan {
  private last: ProcessSample | undefined;
  private blockedMs = 0;

  /** Takes the next sample and returns how long the process has been blocked, in ms. */
  add(sample: ProcessSample): number {
    const previous = this.last;
    this.last = sample;
    const blocked =
      previous !== undefined &&
      sample.runNs === previous.runNs &&
      (sample.state === 'S' || sample.state === 'D') &&
      sample.wchan !== '0' &&
      sample.wchan === previous.wchan &&
      !WELL_WAITS.test(sample.wchan);
    if (!blocked) this.blockedMs = 0;
    else if (sample.atMs - previous.atMs <= MAX_SAMPLE_GAP_MS) this.blockedMs += sample.atMs - previous.atMs;
    return this.blockedMs;
  }
}

/** The main thread of `pid` as /proc shows it; throws when the process is gone or unreadable. */
export function readProcessSample(pid: number, atMs: number): ProcessSample {
  const schedstat = readFileSync(`/proc/${pid}/schedstat`, 'utf8');
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // The command name in parentheses may hold spaces and parentheses: the state follows the last ')'.
  const state = stat.charAt(stat.lastIndexOf(')') + 2);
  return { atMs, runNs: Number(schedstat.split(' ')[0]), state, wchan: readFileSync(`/proc/${pid}/wchan`, 'utf8').trim() || '0' };
}

/**
 * Watches an OpenOCD process and fires `frozen` once, with an OpenocdUnresponsiveError, when it has
 * been blocked for STALL_MS. Create with `watch`; `dispose` stops it.
 */
export class OpenocdLiveness {
  readonly frozen = new TypedEvent<OpenocdUnresponsiveError>();
  private readonly span = new BlockedSpan();
  private readonly timer: ReturnType<typeof setInterval>;

  private constructor(
    private readonly pid: number,
    private readonly sample: (pid: number, atMs: number) => ProcessSample,
  ) {
    this.timer = setInterval(() => this.check(), SAMPLE_PERIOD_MS);
    this.timer.unref();
  }

  /**
   * Starts watching `pid`; undefined where /proc cannot tell (not Linux, no such process, no
   * permission, a kernel without schedstat): there, only a command's reply timeout notices a stuck
   * OpenOCD. `sample` replaces the /proc reader in tests.
   */
  static watch(pid: number, sample = readProcessSample): OpenocdLiveness | undefined {
    if (process.platform !== 'linux') return undefined;
    try {
      sample(pid, performance.now());
    } catch {
      return undefined;
    }
    return new OpenocdLiveness(pid, sample);
  }

  dispose(): void {
    clearInterval(this.timer);
  }

  private check(): void {
    let sample: ProcessSample;
    try {
      sample = this.sample(this.pid, performance.now());
    } catch {
      // Gone: its exit is reported by whoever started it (or the Tcl connection closes).
      this.dispose();
      return;
    }
    const blockedMs = this.span.add(sample);
    if (blockedMs < STALL_MS) return;
    this.dispose();
    this.frozen.emit(
      new OpenocdUnresponsiveError(
        `its process has slept in '${sample.wchan}' for ${Math.round(blockedMs)} ms without running (its event loop is stuck, e.g. on a debug link that stopped answering)`,
      ),
    );
  }
}
