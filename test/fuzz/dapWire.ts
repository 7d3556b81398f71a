// The bundled adapter (node dist/adapter.js) as a child process spoken to in raw DAP over stdio,
// keeping EVERY message it sends: DebugClient drops a second response to one request, which is
// exactly what the DAP fuzz must see. It owns the child's lifetime; no test logic here.
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { Deferred, withTimeout } from '../../src/common';

const root = join(__dirname, '..', '..');

export class DapWire {
  /** Every response received, by the seq of its request (more than one is a bug). */
  readonly responses = new Map<number, DebugProtocol.Response[]>();
  readonly events: DebugProtocol.Event[] = [];
  readonly stderr: string[] = [];
  readonly exited = new Deferred<number | null>();
  private readonly waiting = new Map<number, Deferred<DebugProtocol.Response>>();
  private readonly eventWaiters: { name: string; found: Deferred<DebugProtocol.Event> }[] = [];
  private seq = 1;
  private buffer = Buffer.alloc(0);

  private constructor(readonly child: ChildProcess) {
    child.stdout!.on('data', (chunk: Buffer) => this.receive(chunk));
    child.stderr!.on('data', (chunk: Buffer) => this.stderr.push(chunk.toString()));
    child.once('exit', (code) => this.exited.resolve(code));
  }

  /** Starts dist/adapter.js (npm test builds it first). */
  static start(): DapWire {
    return new DapWire(spawn(process.execPath, [join(root, 'dist', 'adapter.js')], { cwd: root, stdio: ['pipe', 'pipe', 'pipe'] }));
  }

  get alive(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  /** Sends a request (arguments as given, even absent or of the wrong type); returns its seq. */
  send(command: string, args?: unknown): number {
    const seq = this.seq++;
    const json = JSON.stringify({ type: 'request', seq, command, ...(args === undefined ? {} : { arguments: args }) });
    this.child.stdin!.write(`Content-Length: ${Buffer.byteLength(json)}\r\n\r\n${json}`);
    return seq;
  }

  /** The first response to `seq`, within `timeoutMs`. */
  response(seq: number, timeoutMs: number): Promise<DebugProtocol.Response> {
    const got = this.responses.get(seq);
    if (got) return Promise.resolve(got[0]);
    const waiter = new Deferred<DebugProtocol.Response>();
    this.waiting.set(seq, waiter);
    return withTimeout(waiter.promise, timeoutMs, () => new Error(`no response to request ${seq} within ${timeoutMs} ms`));
  }

  /** The next event named `name` (one received earlier does not count). */
  event(name: string, timeoutMs: number): Promise<DebugProtocol.Event> {
    const found = new Deferred<DebugProtocol.Event>();
    this.eventWaiters.push({ name, found });
    return withTimeout(found.promise, timeoutMs, () => new Error(`no ${name} event within ${timeoutMs} ms`));
  }

  /** Kills the adapter if it still runs, and waits for it. */
  async stop(): Promise<void> {
    if (this.alive) this.child.kill('SIGKILL');
    await this.exited.promise;
  }

  private receive(chunk: Buffer): void {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    for (;;) {
      const headerEnd = this.buffer.indexOf('\r\n\r\n');
      if (headerEnd === -1) return;
      const length = Number(/Content-Length: (\d+)/i.exec(this.buffer.subarray(0, headerEnd).toString())?.[1]);
      if (this.buffer.length < headerEnd + 4 + length) return;
      const message = JSON.parse(this.buffer.subarray(headerEnd + 4, headerEnd + 4 + length).toString()) as DebugProtocol.ProtocolMessage;
      this.buffer = this.buffer.subarray(headerEnd + 4 + length);
      if (message.type === 'response') {
        const response = message as DebugProtocol.Response;
        this.responses.set(response.request_seq, [...(this.responses.get(response.request_seq) ?? []), response]);
        this.waiting.get(response.request_seq)?.resolve(response);
        this.waiting.delete(response.request_seq);
      } else if (message.type === 'event') {
        const event = message as DebugProtocol.Event;
        this.events.push(event);
        for (const waiter of this.eventWaiters.filter((w) => w.name === event.event)) waiter.found.resolve(event);
        this.eventWaiters.splice(0, this.eventWaiters.length, ...this.eventWaiters.filter((w) => w.name !== event.event));
      }
    }
  }
}
