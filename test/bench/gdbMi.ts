// The benchmark's peer: gdb-multiarch driven over its machine interface (GDB manual, "GDB/MI"), so
// each command's time is measured from sending it to its result or `*stopped` record. Benchmarks
// only; the product never runs GDB. It owns the GDB process and kills it on close.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import * as readline from 'node:readline';
import { Deferred, withTimeout } from '../../src/common';

/** A GDB command's result class (GDB/MI "Result Records") and the console text it printed. */
export interface MiResult {
  readonly resultClass: 'done' | 'running' | 'connected' | 'exit';
  readonly console: string;
}

const COMMAND_TIMEOUT_MS = 60_000;

/** One gdb-multiarch in MI mode; one command at a time, as a GUI frontend sends them. */
export class GdbMi {
  private nextToken = 1;
  private pending: { token: number; result: Deferred<MiResult>; console: string[] } | undefined;
  private stopWaiter: Deferred<string> | undefined;
  private readonly exited = new Deferred<void>();
  private readonly transcript: string[] = [];

  private constructor(private readonly child: ChildProcessWithoutNullStreams) {
    child.once('exit', () => {
      this.exited.resolve();
      const error = new Error(`gdb-multiarch exited; its last lines:\n${this.transcript.slice(-10).join('\n')}`);
      this.pending?.result.reject(error);
      this.stopWaiter?.reject(error);
    });
    readline.createInterface({ input: child.stdout }).on('line', (line) => this.onLine(line));
    child.stderr.on('data', (chunk: Buffer) => this.transcript.push(chunk.toString()));
  }

  /** GDB on `elfPath`, no init files, no pagination (its answers must not wait for a key). */
  static start(elfPath: string): GdbMi {
    const child = spawn('gdb-multiarch', ['-q', '-nx', '-i=mi', elfPath], { stdio: ['pipe', 'pipe', 'pipe'] });
    const gdb = new GdbMi(child);
    return gdb;
  }

  /** Sends an MI command (or `-interpreter-exec console "..."`); resolves with its result record. */
  async command(command: string): Promise<MiResult> {
    if (this.pending) throw new Error(`GDB command '${command}' sent while '${this.pending.token}' is in flight`);
    const token = this.nextToken++;
    const result = new Deferred<MiResult>();
    this.pending = { token, result, console: [] };
    this.child.stdin.write(`${token}${command}\n`);
    try {
      return await withTimeout(result.promise, COMMAND_TIMEOUT_MS, () => new Error(`GDB did not answer '${command}' within ${COMMAND_TIMEOUT_MS} ms:\n${this.transcript.slice(-10).join('\n')}`));
    } finally {
      this.pending = undefined;
    }
  }

  /** A CLI command (`bt`, `info locals`, `load`) through MI; resolves with what it printed. */
  async cli(command: string): Promise<string> {
    return (await this.command(`-interpreter-exec console ${JSON.stringify(command)}`)).console;
  }

  /** An execution command (`-exec-next` ...): resolves with the `*stopped` record that ends it. */
  async execute(command: string): Promise<string> {
    const stopped = new Deferred<string>();
    this.stopWaiter = stopped;
    try {
      await this.command(command);
      return await withTimeout(stopped.promise, COMMAND_TIMEOUT_MS, () => new Error(`GDB did not stop within ${COMMAND_TIMEOUT_MS} ms of '${command}'`));
    } finally {
      this.stopWaiter = undefined;
    }
  }

  /** Asks GDB to quit; kills it if it is still there after a second. */
  async close(): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null) {
      this.child.stdin.end('-gdb-exit\n');
      await withTimeout(this.exited.promise, 1_000, () => new Error('gdb did not exit')).catch(() => {
        this.child.kill('SIGKILL');
        return this.exited.promise;
      });
    }
  }

  private onLine(line: string): void {
    this.transcript.push(line);
    if (this.transcript.length > 200) this.transcript.splice(0, 100);
    if (line.startsWith('*stopped')) {
      this.stopWaiter?.resolve(line);
      return;
    }
    const pending = this.pending;
    if (!pending) return;
    if (line.startsWith('~')) {
      pending.console.push(JSON.parse(line.slice(1)) as string);
      return;
    }
    const record = /^(\d+)\^(\w+)(?:,(.*))?$/.exec(line);
    if (!record || Number(record[1]) !== pending.token) return;
    if (record[2] === 'error') pending.result.reject(new Error(`GDB: ${record[3] ?? 'error'}`));
    else pending.result.resolve({ resultClass: record[2] as MiResult['resultClass'], console: pending.console.join('') });
  }
}
