// The trace of the session benchmark (SESSION_BENCH_TRACE=op[:sample][,...]): during one sample of
// an operation, each Tcl request our side sends (start, duration, the script's head), each DAP
// request and event and OpenOCD's log lines, so a missed goal shows where its time goes. Benchmarks only.
import { performance } from 'node:perf_hooks';
import type { DebugClient } from '@vscode/debugadapter-testsupport';
import { TclClient } from '../../src/openocd';

interface Traced {
  readonly startMs: number;
  readonly durationMs?: number;
  readonly what: string;
}

/** The private request method every cmd, rawCmd and batch goes through (one round trip each). */
type Requester = { request(cmd: string, rawCmd: string, timeoutMs?: number): Promise<string> };
type Sender = { send(command: string, args?: unknown): Promise<unknown> };

/** The sample to trace of each operation (1-based; `nextLoop:2` is the second), from SESSION_BENCH_TRACE. */
const TRACED = new Map(
  (process.env.SESSION_BENCH_TRACE ?? '')
    .split(',')
    .filter(Boolean)
    .map((item) => [item.split(':')[0], Number(item.split(':')[1] ?? 1)] as const),
);

/** Whether the `sample`-th sample (1-based) of `op` is traced; each is traced once per benchmark. */
export function tracing(op: string, sample: number): boolean {
  if (TRACED.get(op) !== sample) return false;
  TRACED.delete(op);
  return true;
}

const EVENTS = ['stopped', 'continued', 'initialized', 'openocd.log', 'progressStart', 'progressUpdate', 'progressEnd'] as const;

/** Runs `act` while recording every Tcl request of every TclClient and `client`'s DAP traffic, then prints them. */
export async function traced<T>(label: string, client: DebugClient, act: () => Promise<T>): Promise<T> {
  const proto = TclClient.prototype as unknown as Requester;
  const original = proto.request;
  const dap = client as unknown as Sender;
  const send = dap.send;
  const log: Traced[] = [];
  const start = performance.now();
  const timedPromise = <R>(what: string, reply: Promise<R>): Promise<R> => {
    const begin = performance.now();
    const record = (): void => void log.push({ startMs: begin - start, durationMs: performance.now() - begin, what });
    reply.then(record, record);
    return reply;
  };
  proto.request = function (this: Requester, cmd: string, rawCmd: string, timeoutMs?: number): Promise<string> {
    return timedPromise(`tcl ${cmd}`, original.call(this, cmd, rawCmd, timeoutMs));
  };
  dap.send = (command: string, args?: unknown) => timedPromise(`DAP ${command}`, send.call(client, command, args));
  const listeners = EVENTS.map((name) => {
    const listener = (event: { body?: { line?: string; message?: string; reason?: string } }): void =>
      void log.push({ startMs: performance.now() - start, what: `event ${name} ${event.body?.line ?? event.body?.message ?? event.body?.reason ?? ''}` });
    client.on(name, listener);
    return () => client.off(name, listener);
  });
  try {
    return await act();
  } finally {
    proto.request = original;
    dap.send = send;
    for (const off of listeners) off();
    const totalMs = performance.now() - start;
    const tcl = log.filter((entry) => entry.what.startsWith('tcl ')).length;
    console.log(`\ntrace of ${label}: ${tcl} Tcl requests in ${totalMs.toFixed(1)} ms (from the operation's start; a Tcl request waits in the client's queue behind the one in flight)`);
    for (const entry of log.sort((a, b) => a.startMs - b.startMs)) {
      const duration = entry.durationMs === undefined ? ''.padStart(8) : `+${entry.durationMs.toFixed(1).padStart(7)}`;
      console.log(`  ${entry.startMs.toFixed(1).padStart(8)} ${duration}  ${entry.what.replace(/\s+/g, ' ').slice(0, 150)}`);
    }
  }
}
