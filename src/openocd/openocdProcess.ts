// Starts and stops an OpenOCD process: arguments, a free Tcl port, readiness, log streaming and
// shutdown. OpenOCD runs under openocdWatchdog, so it never outlives Node, on any platform.
// It must not send target commands (that is TclClient's and OpenocdCommands' job).
import * as net from 'node:net';
import * as readline from 'node:readline';
import { OpenocdExitedError, withTimeout } from '../common';
import { findOpenocdExecutable } from './openocdExecutable';
import { spawnWatched, type WatchedProcess } from './openocdWatchdog';
import { PolledHaltFilter } from './polledHaltFilter';
import { ResultLogFilter } from './resultLogFilter';
import { TclClient } from './tclClient';
import { tclQuote } from './tclQuote';

/** How to start OpenOCD. */
export interface OpenocdProcessOptions {
  /** Path or name of the executable; default `openocd` from PATH. */
  executable?: string;
  /** Config files, run in order like `-f` (e.g. `interface/stlink.cfg`, `target/stm32f0x.cfg`). */
  configFiles?: readonly string[];
  /** Script search directories, each passed as `-s`. */
  searchDirs?: readonly string[];
  /** Extra commands, each passed as `-c` after the config files. */
  commands?: readonly string[];
  /** Tcl port; default 'auto' (a free port chosen here). */
  tclPort?: number | 'auto';
  /** GDB port; default 'disabled'. */
  gdbPort?: number | 'auto' | 'disabled';
  /** Telnet port; default 'disabled'. */
  telnetPort?: number | 'auto' | 'disabled';
  /** Working directory of OpenOCD. */
  cwd?: string;
  /** Bound on the wait for the Tcl port to answer. Default 15000. */
  startTimeoutMs?: number;
  /** Called with OpenOCD's pid as soon as it is spawned (before it is ready). */
  onSpawn?: (pid: number) => void;
  /**
   * Receives every line OpenOCD prints (stdout and stderr) with its level, except its copies of
   * the results of TclClient's wrapped commands (cmd/batch), which OpenOCD 0.12 also prints (see
   * ResultLogFilter), and the halt state printed by capturedPoll (see PolledHaltFilter).
   */
  onLog?: (line: string, level: OpenocdLogLevel) => void;
  /** How many log lines an OpenocdExitedError carries. Default 30. */
  logTailLines?: number;
}

/** How the process ended: exit code, or the signal that killed OpenOCD. */
export interface OpenocdExit {
  readonly exitCode: number | null;
  readonly signal: NodeJS.Signals | null;
}

/** Ports of a started OpenOCD. */
export interface OpenocdPorts {
  readonly tcl: number;
  readonly gdb?: number;
  readonly telnet?: number;
}

/** Timeouts of the three shutdown steps. */
export interface OpenocdStopOptions {
  shutdownTimeoutMs?: number;
  termTimeoutMs?: number;
  killTimeoutMs?: number;
}

/** How OpenOCD marked a log line: log.c log_strings, or `user` for LOG_USER/command output (no prefix below debug_level 3). */
export type OpenocdLogLevel = 'error' | 'warning' | 'info' | 'debug' | 'user';

const BIND_FAILED = /couldn't bind tcl to socket/i;
/** Interval of the connect attempts while OpenOCD starts (see waitReady). */
const READY_POLL_MS = 10;
/** OpenOCD's log prefixes (src/helper/log.c log_strings), an error possibly after a Jim file:line. */
const LEVEL_PREFIXES: readonly [RegExp, OpenocdLogLevel][] = [
  [/(^|: )Error: /, 'error'],
  [/^Warn : /, 'warning'],
  [/^Info : /, 'info'],
  [/^Debug: /, 'debug'],
];

/** The level OpenOCD printed a log line at (a continuation line of a multi-line message is `user`). */
export function openocdLogLevel(line: string): OpenocdLogLevel {
  return LEVEL_PREFIXES.find(([prefix]) => prefix.test(line))?.[1] ?? 'user';
}
const live = new Set<OpenocdProcess>();
let exitHookInstalled = false;

/** A running OpenOCD. Create with `OpenocdProcess.start()`. */
export class OpenocdProcess {
  /** Resolves when OpenOCD has exited (never rejects). */
  readonly exited: Promise<OpenocdExit>;
  private exit: OpenocdExit | undefined;
  private readonly tail: string[] = [];
  /** The first lines that OpenOCD marked `Error:`; a long listing after them must not push them out. */
  private readonly errors: string[] = [];
  private readonly logClosed: Promise<void>;

  private constructor(
    private readonly watched: WatchedProcess,
    /** The ports OpenOCD listens on; gdb and telnet are undefined when disabled. */
    readonly ports: OpenocdPorts,
    readonly executable: string,
    readonly args: readonly string[],
    private readonly logTailLines: number,
    onLog: OpenocdProcessOptions['onLog'],
  ) {
    this.exited = watched.exited.then((exit) => {
      live.delete(this);
      this.exit = exit;
      return exit;
    });
    const show = (line: string): void => {
      const level = openocdLogLevel(line);
      this.tail.push(line);
      if (this.tail.length > this.logTailLines) this.tail.shift();
      if (level === 'error' && this.errors.length < 5) this.errors.push(line.trim());
      onLog?.(line, level);
    };
    const closed: Promise<void>[] = [];
    for (const stream of [watched.stdout, watched.stderr]) {
      const lines = readline.createInterface({ input: stream, crlfDelay: Infinity });
      // One pair of filters per stream: a result, and a poll with its markers, is printed whole on one of them.
      const results = new ResultLogFilter();
      const polls = new PolledHaltFilter();
      closed.push(
        new Promise((resolve) =>
          lines.once('close', () => {
            polls.flush().forEach(show);
            resolve();
          }),
        ),
      );
      lines.on('line', (printed) => {
        const line = results.filter(printed);
        if (line !== undefined) polls.filter(line).forEach(show);
      });
    }
    this.logClosed = Promise.all(closed).then(() => undefined);
    live.add(this);
    installExitHook();
  }

  /**
   * Starts OpenOCD and resolves once its Tcl port answers a request. Throws OpenocdExitedError
   * when the executable is missing (with install instructions), when OpenOCD exits first (with its
   * own messages), or when the port does not answer within `startTimeoutMs`.
   */
  static async start(options: OpenocdProcessOptions = {}): Promise<OpenocdProcess> {
    const executable = findOpenocdExecutable(options.executable);
    for (let attempt = 1; ; attempt++) {
      try {
        return await OpenocdProcess.startOnce(executable, options);
      } catch (error) {
        // A port picked here can be taken by someone else before OpenOCD binds it: pick again.
        const bindLost = error instanceof OpenocdExitedError && error.logTail.some((line) => BIND_FAILED.test(line));
        if (!bindLost || options.tclPort !== undefined && options.tclPort !== 'auto' || attempt >= 3) throw error;
      }
    }
  }

  private static async startOnce(executable: string, options: OpenocdProcessOptions): Promise<OpenocdProcess> {
    const ports: OpenocdPorts = {
      tcl: options.tclPort === undefined || options.tclPort === 'auto' ? await freePort() : options.tclPort,
      gdb: await resolvePort(options.gdbPort),
      telnet: await resolvePort(options.telnetPort),
    };
    const args = buildArgs(options, ports);
    const watched = await spawnWatched(executable, args, { cwd: options.cwd });
    options.onSpawn?.(watched.pid);
    const instance = new OpenocdProcess(watched, ports, executable, args, options.logTailLines ?? 30, options.onLog);
    try {
      await instance.waitReady(options.startTimeoutMs ?? 15_000);
    } catch (error) {
      await instance.stop({ shutdownTimeoutMs: 0, termTimeoutMs: 1000 });
      throw error;
    }
    return instance;
  }

  /** Pid of OpenOCD itself (not of its watchdog). */
  get pid(): number {
    return this.watched.pid;
  }

  /** The Tcl RPC port (chosen free unless given). */
  get tclPort(): number {
    return this.ports.tcl;
  }

  /** The last lines OpenOCD printed. */
  get logTail(): readonly string[] {
    return [...this.tail];
  }

  get isRunning(): boolean {
    return this.exit === undefined;
  }

  /**
   * Stops OpenOCD: the `shutdown` command, then SIGTERM, then SIGKILL, each bounded by its timeout.
   * Resolves with how it ended; safe to call again. On Windows both signals terminate at once
   * (Node's `process.kill` has no graceful form there), so `shutdown` is the only clean way.
   */
  async stop(options: OpenocdStopOptions = {}): Promise<OpenocdExit> {
    if (this.exit) return this.exit;
    const shutdownTimeoutMs = options.shutdownTimeoutMs ?? 3000;
    if (shutdownTimeoutMs > 0) {
      const client = new TclClient({ port: this.tclPort, timeoutMs: shutdownTimeoutMs });
      // OpenOCD may close the connection before it answers `shutdown`; only the exit counts.
      await client.connect().then(() => client.rawCmd('shutdown')).catch(() => undefined);
      await client.disconnect();
      if (await this.exitedWithin(shutdownTimeoutMs)) return this.exit!;
    }
    this.signal('SIGTERM');
    if (await this.exitedWithin(options.termTimeoutMs ?? 3000)) return this.exit!;
    // Only OpenOCD is killed: the watchdog reaps it and then exits, so `exited` means gone.
    this.signal('SIGKILL');
    if (await this.exitedWithin(options.killTimeoutMs ?? 3000)) return this.exit!;
    this.watched.killWatchdog();
    throw new OpenocdExitedError(`OpenOCD (pid ${this.pid}) did not exit after SIGKILL`, null, this.logTail);
  }

  private signal(signal: NodeJS.Signals): void {
    try {
      process.kill(this.pid, signal);
    } catch {
      // Already gone.
    }
  }

  private exitedWithin(timeoutMs: number): Promise<boolean> {
    return withTimeout(this.exited, timeoutMs, () => new Error('still running')).then(
      () => true,
      () => false,
    );
  }

  /**
   * Poll-connects every READY_POLL_MS until a request is answered; the process exiting ends the
   * wait. OpenOCD listens before `init` and answers after it, so once connected the wait is the
   * reply's; until then a refused local connect costs microseconds, and a backoff only made a
   * launch lose up to its last delay (200 ms) after the port opened.
   */
  private async waitReady(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (this.exit) {
        // Let the last log lines arrive: the pipes close shortly after the exit event.
        await this.logClosed;
        throw this.exitError('OpenOCD exited while starting');
      }
      const remainingMs = deadline - Date.now();
      if (remainingMs <= 0) {
        throw new OpenocdExitedError(`OpenOCD's Tcl port ${this.tclPort} did not answer within ${timeoutMs} ms`, null, this.logTail);
      }
      const client = new TclClient({ port: this.tclPort, timeoutMs: remainingMs });
      try {
        await client.connect();
        await client.rawCmd('version');
        return;
      } catch {
        // Not listening yet, or still running its config: try again.
      } finally {
        await client.disconnect();
      }
      await this.exitedWithin(Math.min(READY_POLL_MS, Math.max(0, deadline - Date.now())));
    }
  }

  private exitError(message: string): OpenocdExitedError {
    const how = this.exit?.signal ? `signal ${this.exit.signal}` : `code ${this.exit?.exitCode}`;
    const errors = this.errors.length > 0 ? `: ${this.errors.join(' / ')}` : '';
    return new OpenocdExitedError(`${message} (${how})${errors}`, this.exit?.exitCode ?? null, this.logTail);
  }
}

/** A port option as a number; undefined when disabled. */
async function resolvePort(value: number | 'auto' | 'disabled' | undefined): Promise<number | undefined> {
  if (value === undefined || value === 'disabled') return undefined;
  return value === 'auto' ? freePort() : value;
}

function buildArgs(options: OpenocdProcessOptions, ports: OpenocdPorts): string[] {
  const args: string[] = [];
  for (const dir of options.searchDirs ?? []) args.push('-s', dir);
  // Ports first: they must be set before any config file runs `init`.
  args.push('-c', `tcl_port ${ports.tcl}`);
  args.push('-c', `gdb_port ${ports.gdb ?? 'disabled'}`);
  args.push('-c', `telnet_port ${ports.telnet ?? 'disabled'}`);
  // `-f F` runs `script {F}` (OpenOCD src/helper/options.c), which breaks on a brace in F, or a
  // backslash before one (Windows folders); a quoted `script` reaches Jim with any path intact.
  for (const file of options.configFiles ?? []) args.push('-c', `script ${tclQuote(file)}`);
  for (const command of options.commands ?? []) args.push('-c', command);
  return args;
}

/** A port free on 127.0.0.1 right now (the OS picks it). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** Kills every OpenOCD still running when Node exits normally (the watchdog covers kills). */
function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once('exit', () => {
    for (const instance of live) {
      try {
        process.kill(instance.pid, 'SIGKILL');
      } catch {
        // Already gone.
      }
    }
  });
}
