// Our side of the session benchmark: the adapter served in this process, driven over DAP as VS Code
// drives it (after each stop: stackTrace, scopes, the Locals variables), on a simulated board given
// by port; a launch on a flash changed beforehand, then one on the flash it left. Also the raw Tcl
// peers (read_memory, program) on the adapter's own OpenOCD.
import { readFileSync } from 'node:fs';
import * as net from 'node:net';
import { performance } from 'node:perf_hooks';
import { DebugClient } from '@vscode/debugadapter-testsupport';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { Deferred } from '../../src/common';
import { CUSTOM_REQUESTS, dapServer, type OpenocdDebugSession } from '../../src/adapter';
import { ElfFile } from '../../src/elf';
import { freePort, TclClient, tclQuote } from '../../src/openocd';
import { firmwareDir } from '../helpers/firmware';
import { simLaunchConfig } from '../e2e/dapSession';
import { startOpenocdForSim } from '../sim/startSim';
import { PLAN, type Samples } from './sessionBenchPlan';
import { traced, tracing } from './sessionBenchTrace';

/** Our samples, the Tcl round trips of each, and the raw Tcl peers' samples. */
export interface AdapterMeasures {
  readonly ms: Samples;
  readonly roundTrips: Samples;
  readonly rawReadMs: number[];
  readonly rawProgramMs: number[];
}

/** The adapter served in this process on a loopback port, and a DebugClient connected to it. */
async function serveAdapter(): Promise<{ client: DebugClient; trips(): number; close(): Promise<void> }> {
  let session: OpenocdDebugSession | undefined;
  const server = dapServer((served) => {
    session = served;
  });
  const listening = new Deferred<number>();
  server.listen(0, '127.0.0.1', () => listening.resolve((server.address() as net.AddressInfo).port));
  const client = new DebugClient('node', 'unused', 'openocd');
  client.defaultTimeout = 60_000;
  await client.start(await listening.promise);
  return {
    client,
    trips: () => session?.roundTrips ?? 0,
    close: async () => {
      await client.disconnectRequest({ terminateDebuggee: true }).catch(() => undefined);
      await client.stop();
      session?.dispose();
      const closed = new Deferred<void>();
      server.close(() => closed.resolve());
      await closed.promise;
    },
  };
}

/**
 * Makes the board's flash differ from `elfPath` by one word (the first of `main` written 0 through
 * OpenOCD's Tcl port: STM32 flash takes 0x0000 over any halfword), so the next launch programs.
 */
async function changeFlash(simPort: number, elfPath: string): Promise<void> {
  const address = (ElfFile.parse(readFileSync(elfPath)).symbolByName('main')!.address & ~3) >>> 0;
  const openocd = await startOpenocdForSim(simPort);
  try {
    await using tcl = new TclClient({ port: openocd.tclPort, timeoutMs: 60_000 });
    await tcl.connect();
    await tcl.cmd(`reset halt; flash fillw ${address} 0 1`);
    if (Number((await tcl.cmd(`read_memory ${address} 32 1`)).out) !== 0) throw new Error(`the flash word at 0x${address.toString(16)} was not changed`);
  } finally {
    await openocd.stop();
  }
}

/**
 * A launch on a flash changed before it (timed as `launchChanged`, to main with its stack and
 * locals), then one launch of the adapter on the board at `simPort` that finds the image in flash
 * (timed as `launch`), every operation of PLAN, then disconnect.
 */
export async function measureAdapter(simPort: number, elfPath: string, into: AdapterMeasures): Promise<void> {
  await changeFlash(simPort, elfPath);
  const changed = await serveAdapter();
  try {
    await measureLaunch(changed, 'launchChanged', simPort, elfPath, into, await freePort());
  } finally {
    await changed.close();
  }
  const adapter = await serveAdapter();
  const { client } = adapter;
  const tclPort = await freePort();
  const stopAndShow = (resume: () => Promise<unknown>): Promise<void> => stopAndShowOn(client, resume);
  const timed = (op: keyof Samples, act: () => Promise<unknown>): Promise<void> => timedOn(adapter, op, elfPath, into, act);
  const functionBreakpoint = (name: string | undefined) =>
    client.setFunctionBreakpointsRequest({ breakpoints: name === undefined ? [] : [{ name }] });
  const runTo = async (name: string): Promise<void> => {
    await functionBreakpoint(name);
    await stopAndShow(() => client.continueRequest({ threadId: 1 }));
  };
  try {
    await measureLaunch(adapter, 'launch', simPort, elfPath, into, tclPort);
    await runTo(PLAN.loopFunction);
    for (let k = 0; k < PLAN.stepis; k++) await timed('stepi', () => stopAndShow(() => client.stepInRequest({ threadId: 1, granularity: 'instruction' })));
    await runTo(PLAN.loopFunction);
    await functionBreakpoint(undefined);
    for (let k = 0; k < PLAN.nextsInLoop; k++) await timed('nextLoop', () => stopAndShow(() => client.nextRequest({ threadId: 1 })));
    await runTo(PLAN.callerFunction);
    await functionBreakpoint(undefined);
    for (let k = 0; k < PLAN.nextsOverCalls; k++) await timed('nextCall', () => stopAndShow(() => client.nextRequest({ threadId: 1 })));
    for (let k = 0; k < PLAN.stepOuts; k++) {
      await runTo(PLAN.loopFunction);
      await timed('stepOut', () => stopAndShow(() => client.stepOutRequest({ threadId: 1 })));
    }
    await functionBreakpoint(undefined);
    const source = { path: `${firmwareDir}/${PLAN.loopLine.file}` };
    await client.setBreakpointsRequest({ source, breakpoints: [{ line: PLAN.loopLine.line }] });
    for (let k = 0; k < PLAN.continues; k++) await timed('continue', () => stopAndShow(() => client.continueRequest({ threadId: 1 })));
    await client.setBreakpointsRequest({ source, breakpoints: [] });
    await using raw = new TclClient({ port: tclPort, timeoutMs: 60_000 });
    await raw.connect();
    for (let k = 0; k < PLAN.memoryReads; k++) {
      // A step between reads, so that no read is answered from the previous one's cache.
      await stopAndShow(() => client.stepInRequest({ threadId: 1, granularity: 'instruction' }));
      await timed('readMemory', () => client.send('readMemory', { memoryReference: `0x${PLAN.memoryAddress.toString(16)}`, count: PLAN.memoryBytes }));
      const start = performance.now();
      await raw.cmd(`read_memory ${PLAN.memoryAddress} 32 ${PLAN.memoryBytes / 4}`);
      into.rawReadMs.push(performance.now() - start);
    }
    // Timed to its response, as a user sees it done (the reset halt that follows is part of it).
    const programStopped = client.waitForEvent('stopped');
    await timed('program', () => client.customRequest(CUSTOM_REQUESTS.program, { path: elfPath }));
    await programStopped;
    // Last: the session reads OpenOCD's reset in it as the target running.
    const rawStart = performance.now();
    await raw.cmd(`program ${tclQuote(elfPath)} verify`);
    into.rawProgramMs.push(performance.now() - rawStart);
  } finally {
    await adapter.close();
  }
}

/** Runs `act` on `adapter`, recording its time and Tcl round trips under `op` (traced when SESSION_BENCH_TRACE asks). */
async function timedOn(adapter: { client: DebugClient; trips(): number }, op: keyof Samples, elfPath: string, into: AdapterMeasures, act: () => Promise<unknown>): Promise<void> {
  const before = adapter.trips();
  const start = performance.now();
  const trace = tracing(op, into.ms[op].length + 1);
  await (trace ? traced(`${op} (${elfPath})`, adapter.client, act) : act());
  into.ms[op].push(performance.now() - start);
  into.roundTrips[op].push(adapter.trips() - before);
}

/** `resume`, the stop, then what a GUI asks after it: stackTrace, scopes, the Locals variables. */
async function stopAndShowOn(client: DebugClient, resume: () => Promise<unknown>): Promise<void> {
  const stopped = client.waitForEvent('stopped');
  await resume();
  await stopped;
  const frames = (await client.stackTraceRequest({ threadId: 1, startFrame: 0, levels: 20 })).body.stackFrames;
  const scopes = (await client.scopesRequest({ frameId: frames[0].id })).body.scopes;
  await client.variablesRequest({ variablesReference: scopes.find((scope) => scope.name === 'Locals')!.variablesReference });
}

/**
 * A launch to the stop in main with its stack and locals shown, as GDB's side ends with `bt` and
 * `info locals`. Throws when the launch did not take the path its row names (skipped or programmed).
 */
async function measureLaunch(adapter: { client: DebugClient; trips(): number }, op: 'launch' | 'launchChanged', simPort: number, elfPath: string, into: AdapterMeasures, tclPort: number): Promise<void> {
  const { client } = adapter;
  const shown: string[] = [];
  const onOutput = (event: DebugProtocol.OutputEvent): void => void shown.push(event.body.output);
  client.on('output', onOutput);
  try {
    await timedOn(adapter, op, elfPath, into, () =>
      stopAndShowOn(client, async () => {
        const initialized = client.waitForEvent('initialized');
        await client.initializeRequest({ adapterID: 'openocd', linesStartAt1: true, columnsStartAt1: true, pathFormat: 'path', supportsProgressReporting: true });
        await client.launchRequest(simLaunchConfig(simPort, elfPath, { runToEntryPoint: 'main', tclPort }) as DebugProtocol.LaunchRequestArguments);
        await initialized;
        await client.configurationDoneRequest();
      }),
    );
  } finally {
    client.off('output', onOutput);
  }
  const expected = op === 'launch' ? /The flash already holds/ : /Verified \d+ bytes/;
  if (!shown.some((text) => expected.test(text))) throw new Error(`${op}: the launch did not show ${expected}; it showed ${JSON.stringify(shown)}`);
}
