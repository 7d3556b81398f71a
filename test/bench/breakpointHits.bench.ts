// Benchmark of breakpoint hits that resume by themselves (issue 15): hits per second on the line
// of the firmware's loop that counts recursion_bottom_hits, with a false condition and as a
// logpoint, through the adapter and through GDB's `condition` and `dprintf` on the same simulated
// board in the same run; Tcl round trips per hit. Never pass/fail. Run: npm run bench breakpointHits
import { setTimeout as sleep } from 'node:timers/promises';
import { performance } from 'node:perf_hooks';
import { lineOf } from '../engine/program/sourceLines';
import { DapSession } from '../e2e/dapSession';
import { firmwareDir, firmwareElf } from '../helpers/firmware';
import { gdbOnOpenocd } from '../helpers/gdbOnOpenocd';
import { startOpenocdForSim, startSim } from '../sim/startSim';
import { median } from './benchStats';

const level = 'Og';
const rounds = 3;
/** A condition round: hits until the condition holds (all but the last are false). */
const conditionHits = 20;
/** A logpoint round: how long it runs before a pause (GDB: a SIGINT) ends it. */
const logpointMs = 5_000;
/** The firmware's own clock (48 MHz PLL): the board runs as fast as the real chip, one SysTick per 10 ms. */
const cyclesPerSecond = 48_000_000;
const workload = `${firmwareDir}/workload.c`;
const line = lineOf('workload.c', 'recursion_bottom_hits++;');
const logMessage = 'hit {recursion_bottom_hits}';
const gdbFormat = '"hit %u\\n", recursion_bottom_hits';

interface Rate {
  readonly hitsPerSecond: number;
  /** Tcl round trips per hit (ours only). */
  readonly roundTripsPerHit?: number;
}

/** Ours: each round from a continue to its stop: the condition's stop, or a pause after `logpointMs`. */
async function ourRate(dap: DapSession, kind: 'condition' | 'logpoint'): Promise<Rate> {
  const client = dap.client;
  const hits = async (): Promise<number> => Number((await client.evaluateRequest({ expression: 'recursion_bottom_hits', context: 'watch' })).body.result);
  const rates: number[] = [];
  const trips: number[] = [];
  for (let round = 0; round < rounds; round++) {
    const before = await hits();
    const breakpoint = kind === 'condition' ? { line, condition: `recursion_bottom_hits == ${before + conditionHits - 1}` } : { line, logMessage };
    await client.setBreakpointsRequest({ source: { path: workload }, breakpoints: [breakpoint] });
    const tripsBefore = dap.session.roundTrips;
    const stopped = client.waitForEvent('stopped', kind === 'condition' ? 600_000 : undefined);
    const start = performance.now();
    await client.continueRequest({ threadId: 1 });
    if (kind === 'logpoint') {
      await sleep(logpointMs);
      await client.pauseRequest({ threadId: 1 });
    }
    await stopped;
    const seconds = (performance.now() - start) / 1000;
    const trips1 = dap.session.roundTrips;
    const count = (await hits()) - before + (kind === 'condition' ? 1 : 0);
    rates.push(count / seconds);
    trips.push((trips1 - tripsBefore) / count);
    await client.setBreakpointsRequest({ source: { path: workload }, breakpoints: [] });
  }
  return { hitsPerSecond: median(rates), roundTripsPerHit: median(trips) };
}

/** GDB on its own board: the same rounds, a `condition` that holds at the last hit, or a `dprintf` ended by a SIGINT from GDB's Python. */
async function gdbRate(kind: 'condition' | 'logpoint'): Promise<Rate> {
  const elf = firmwareElf(level);
  const sim = await startSim({ firmwarePath: elf, cyclesPerSecond });
  try {
    const openocd = await startOpenocdForSim(sim.port, { gdbPort: 'auto' });
    try {
      const report = ['python print("@@t %f" % time.time())', 'printf "@@hits %u\\n", recursion_bottom_hits'];
      const round =
        kind === 'condition'
          ? ['delete', `set $end = recursion_bottom_hits + ${conditionHits - 1}`, `break workload.c:${line} if recursion_bottom_hits == $end`, ...report, 'continue', ...report]
          : [...report, `python threading.Timer(${logpointMs / 1000}, lambda: os.kill(os.getpid(), signal.SIGINT)).start()`, 'continue', ...report];
      const setup = kind === 'condition' ? [] : [`dprintf workload.c:${line},${gdbFormat}`];
      const start = ['monitor reset halt', 'maintenance flush register-cache', 'break main', 'continue', 'delete'];
      const commands = ['python import time, threading, os, signal', ...start, ...setup, ...Array.from({ length: rounds }, () => round).flat()];
      const output = await gdbOnOpenocd({ gdbPort: openocd.ports.gdb, elfPath: elf, commands, timeoutMs: 900_000 });
      const times = [...output.matchAll(/^@@t (\S+)$/gm)].map((m) => Number(m[1]));
      const counts = [...output.matchAll(/^@@hits (\d+)$/gm)].map((m) => Number(m[1]));
      if (times.length !== 2 * rounds || counts.length !== 2 * rounds) throw new Error(`GDB did not report every round:\n${output.slice(-3000)}`);
      const extra = kind === 'condition' ? 1 : 0;
      const rates = Array.from({ length: rounds }, (_, k) => (counts[2 * k + 1] - counts[2 * k] + extra) / (times[2 * k + 1] - times[2 * k]));
      return { hitsPerSecond: median(rates) };
    } finally {
      await openocd.stop();
    }
  } finally {
    await sim.stop();
  }
}

async function main(): Promise<void> {
  const kinds = process.argv.includes('--condition-only') ? (['condition'] as const) : (['condition', 'logpoint'] as const);
  const ours = new Map<string, Rate>();
  const dap = await DapSession.start(level, { preload: true, cyclesPerSecond });
  try {
    await dap.launch({ load: false, runToEntryPoint: 'main' });
    for (const kind of kinds) ours.set(kind, await ourRate(dap, kind));
  } finally {
    await dap.close();
  }
  const gdb = new Map<string, Rate>();
  for (const kind of kinds) gdb.set(kind, await gdbRate(kind));
  console.log(`-${level}, breakpoint at workload.c:${line} (once per SysTick), board at 48 MHz; median of ${rounds} rounds`);
  console.log(`(condition: ${conditionHits} hits, the last one true; logpoint '${logMessage}' vs dprintf ${gdbFormat}: ${logpointMs / 1000} s)`);
  console.log(`${'hits per second'.padEnd(20)} ${'ours'.padStart(8)} ${'GDB'.padStart(8)} ${'ours/GDB'.padStart(9)} ${'our Tcl round trips/hit'.padStart(24)}`);
  for (const kind of kinds) {
    const mine = ours.get(kind)!;
    const theirs = gdb.get(kind)!;
    const name = kind === 'condition' ? 'false condition' : 'logpoint';
    console.log(`${name.padEnd(20)} ${mine.hitsPerSecond.toFixed(1).padStart(8)} ${theirs.hitsPerSecond.toFixed(1).padStart(8)} ${(mine.hitsPerSecond / theirs.hitsPerSecond).toFixed(2).padStart(9)} ${mine.roundTripsPerHit!.toFixed(2).padStart(24)}`);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
