// `npm run bench session`: a debug session through our adapter against gdb-multiarch (issue 17), on
// one simulated board, the same OpenOCD and the same ELF (-Og and -O2), runs alternating between
// the two. Prints a table and writes test-artifacts/bench/session.json. Never pass/fail.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { firmwareElf, type OptimizationLevel } from '../helpers/firmware';
import { startSimProcess } from '../sim/startSim';
import { median } from './benchStats';
import { measureAdapter, type AdapterMeasures } from './sessionBenchAdapter';
import { measureGdb, type GdbMeasures } from './sessionBenchGdb';
import { emptySamples, ROWS } from './sessionBenchPlan';

const RUNS = Number(process.env.SESSION_BENCH_RUNS ?? 5);
const LEVELS = (process.env.SESSION_BENCH_LEVELS ?? 'Og,O2').split(',') as OptimizationLevel[];
const OUTPUT = join(__dirname, '..', '..', 'test-artifacts', 'bench', 'session.json');

/** Median, min and max of a figure, in ms. */
function spread(values: readonly number[]): { median: number; min: number; max: number; n: number } {
  return { median: median(values), min: Math.min(...values), max: Math.max(...values), n: values.length };
}

const fmt = (s: ReturnType<typeof spread>): string => `${s.median.toFixed(1)} (${s.min.toFixed(0)}-${s.max.toFixed(0)})`;

async function main(): Promise<void> {
  // The board runs in its own process, so neither side's CPU work slows its pace for the other.
  const sim = await startSimProcess({ firmwarePath: firmwareElf('Og'), cyclesPerSecond: 8_000_000 });
  const report: Record<string, unknown> = { runs: RUNS, date: new Date().toISOString(), levels: {} };
  try {
    for (const level of LEVELS) {
      const elf = firmwareElf(level);
      const ours: AdapterMeasures = { ms: emptySamples(), roundTrips: emptySamples(), rawReadMs: [], rawProgramMs: [] };
      const gdb: GdbMeasures = { ms: emptySamples(), launchFromOpenocdStartMs: [] };
      for (let run = 0; run < RUNS; run++) {
        await measureAdapter(sim.port, elf, ours);
        await measureGdb(sim.port, elf, gdb);
      }
      const rows = ROWS.map((row) => {
        // GDB's `load` always writes: both launch rows are compared with the same GDB launch.
        const peerSamples = row.op === 'readMemory' ? ours.rawReadMs : row.op === 'program' ? ours.rawProgramMs : gdb.ms[row.op === 'launchChanged' ? 'launch' : row.op];
        const mine = spread(ours.ms[row.op]);
        const peer = spread(peerSamples);
        const ratio = row.lowerIsBetter ? mine.median / peer.median : peer.median / mine.median;
        const met = row.lowerIsBetter ? ratio <= row.goal : ratio >= row.goal;
        const roundTrips = ours.roundTrips[row.op].reduce((a, b) => a + b, 0) / ours.roundTrips[row.op].length;
        return { ...row, oursMs: mine, peerMs: peer, ratio, met, roundTrips };
      });
      const launchFromStart = spread(gdb.launchFromOpenocdStartMs);
      (report.levels as Record<string, unknown>)[level] = { rows, gdbLaunchFromOpenocdStartMs: launchFromStart };
      console.log(`\n-${level}: median (min-max) ms over ${RUNS} runs; ratio = ours/peer for times, peer/ours for throughput; RT = Tcl round trips per operation (mean)`);
      console.log(`${'operation'.padEnd(52)} ${'ours ms'.padStart(16)} ${'peer'.padEnd(24)} ${'peer ms'.padStart(16)} ${'ratio'.padStart(6)} ${'goal'.padStart(7)} ${'RT'.padStart(6)}`);
      for (const r of rows) {
        const goal = `${r.lowerIsBetter ? '<=' : '>='}${r.goal}`;
        console.log(`${r.title.padEnd(52)} ${fmt(r.oursMs).padStart(16)} ${r.peer.padEnd(24)} ${fmt(r.peerMs).padStart(16)} ${r.ratio.toFixed(2).padStart(6)} ${goal.padStart(7)} ${r.roundTrips.toFixed(1).padStart(6)} ${r.met ? 'met' : 'MISSED'}`);
      }
      const ourLaunch = (op: 'launch' | 'launchChanged'): string => (rows.find((r) => r.op === op)!.oursMs.median / launchFromStart.median).toFixed(2);
      console.log(`GDB from OpenOCD's start to main (start, connect, reset halt, load, tbreak, continue): ${fmt(launchFromStart)} ms; ours/that ${ourLaunch('launch')} (flash holds the image), ${ourLaunch('launchChanged')} (flash changed)`);
    }
  } finally {
    await sim.stop();
  }
  mkdirSync(join(OUTPUT, '..'), { recursive: true });
  writeFileSync(OUTPUT, `${JSON.stringify(report, null, 2)}\n`);
  console.log(`\nwrote ${OUTPUT}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
