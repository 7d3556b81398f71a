// GDB's side of the session benchmark: OpenOCD with a GDB port on the same simulated board, and
// gdb-multiarch over MI doing what our side does (after each stop `bt` and `info locals`, as a GUI
// frontend asks). Benchmarks only; the product never runs GDB.
import { performance } from 'node:perf_hooks';
import { startOpenocdForSim } from '../sim/startSim';
import { GdbMi } from './gdbMi';
import { PLAN, type Operation, type Samples } from './sessionBenchPlan';

/** GDB's samples, and its launch from OpenOCD's start (the literal `load` row excludes it). */
export interface GdbMeasures {
  readonly ms: Samples;
  readonly launchFromOpenocdStartMs: number[];
}

/** One OpenOCD + GDB session on the board at `simPort`, every operation of PLAN, then both end. */
export async function measureGdb(simPort: number, elfPath: string, into: GdbMeasures): Promise<void> {
  const start = performance.now();
  const openocd = await startOpenocdForSim(simPort, { gdbPort: 'auto' });
  const gdb = GdbMi.start(elfPath);
  const timed = async (op: Operation, act: () => Promise<unknown>): Promise<void> => {
    const begin = performance.now();
    await act();
    into.ms[op].push(performance.now() - begin);
  };
  const stopAndShow = async (command: string): Promise<void> => {
    await gdb.execute(command);
    await gdb.cli('bt');
    await gdb.cli('info locals');
  };
  const runTo = async (location: string): Promise<void> => {
    await gdb.command(`-break-insert ${location}`);
    await stopAndShow('-exec-continue');
  };
  try {
    await gdb.command('-gdb-set confirm off');
    await gdb.command(`-target-select extended-remote 127.0.0.1:${openocd.ports.gdb}`);
    await gdb.cli('monitor reset halt');
    // The GDB figure: `load` + `tbreak main` + `continue` (with the stop's bt and locals).
    await timed('launch', async () => {
      await gdb.command('-target-download');
      await gdb.command('-break-insert -t main');
      await stopAndShow('-exec-continue');
    });
    into.launchFromOpenocdStartMs.push(performance.now() - start);
    await runTo(PLAN.loopFunction);
    for (let k = 0; k < PLAN.stepis; k++) await timed('stepi', () => stopAndShow('-exec-step-instruction'));
    await stopAndShow('-exec-continue');
    await gdb.command('-break-delete');
    for (let k = 0; k < PLAN.nextsInLoop; k++) await timed('nextLoop', () => stopAndShow('-exec-next'));
    await runTo(PLAN.callerFunction);
    await gdb.command('-break-delete');
    for (let k = 0; k < PLAN.nextsOverCalls; k++) await timed('nextCall', () => stopAndShow('-exec-next'));
    await gdb.command(`-break-insert ${PLAN.loopFunction}`);
    for (let k = 0; k < PLAN.stepOuts; k++) {
      await stopAndShow('-exec-continue');
      await timed('stepOut', () => stopAndShow('-exec-finish'));
    }
    await gdb.command('-break-delete');
    await gdb.command(`-break-insert ${PLAN.loopLine.file}:${PLAN.loopLine.line}`);
    for (let k = 0; k < PLAN.continues; k++) await timed('continue', () => stopAndShow('-exec-continue'));
    await gdb.command('-break-delete');
  } finally {
    await gdb.close();
    await openocd.stop();
  }
}
