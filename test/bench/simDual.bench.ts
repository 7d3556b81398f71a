// Benchmark of the simulated dual-core board (issue 19): board throughput in this process next to
// the STM32F030's, then under real OpenOCD 0.12 per target (the TAP nearest TDO and the one behind
// it): memory read KB/s, DAP transactions/s and step time with the other core running. Never pass/fail.
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { TclClient, tclQuote } from '../../src/openocd';
import { dualCoreElf, firmwareElf } from '../helpers/firmware';
import { DualM0Board, segmentsFromElf, Stm32f030Board } from '../sim/board';
import { startOpenocdForSim, startSim } from '../sim/startSim';
import { median, type TclTiming, timeTcl } from './benchStats';

const SRAM = 0x20000000;
const readByteSize = 4096;
const boardCycles = 10_000_000;
const sliceCycles = 2000;
const stepCount = 100;
const rounds = 3;

/** Board cycles per second of `board` running its firmware in slices as the simulator gives them. */
function throughput(board: DualM0Board | Stm32f030Board): number {
  const seconds: number[] = [];
  for (let round = 0; round < rounds; round++) {
    const start = performance.now();
    for (let used = 0; used < boardCycles;) used += board.run(sliceCycles);
    seconds.push((performance.now() - start) / 1000);
  }
  return boardCycles / median(seconds);
}

async function underOpenocd(rows: [string, string][]): Promise<void> {
  const sim = await startSim({ board: 'dual-m0', firmwarePath: dualCoreElf() });
  const openocd = await startOpenocdForSim(sim.port, {}, 'dual-m0');
  const tcl = new TclClient({ port: openocd.tclPort, timeoutMs: 120_000 });
  try {
    await tcl.connect();
    for (const [position, target] of ['dual.cpu0', 'dual.cpu1'].entries()) {
      const dp = sim.simulator.jtagDps[position];
      await tcl.cmd(`targets ${tclQuote(target)}`);
      const time = (script: string): Promise<TclTiming> => timeTcl(tcl, script, rounds, () => dp.transactionCount);
      const read = await time(`read_memory ${SRAM} 32 ${readByteSize / 4}`);
      await tcl.cmd('halt');
      const step = await time(`for {set i 0} {$i < ${stepCount}} {incr i} { step }`);
      await tcl.cmd('resume');
      const where = position === 0 ? 'nearest TDO' : 'behind cpu0';
      rows.push(
        [`${target} (${where}) memory read KB/s (4 KiB)`, (readByteSize / 1024 / read.seconds).toFixed(1)],
        [`${target} DAP transactions/s (memory read)`, (read.counted / read.seconds).toFixed(0)],
        [`${target} step ms, the other core running`, ((step.seconds * 1000) / stepCount).toFixed(2)],
      );
    }
  } finally {
    await tcl.disconnect().catch(() => undefined);
    await openocd.stop();
    await sim.stop();
  }
}

async function main(): Promise<void> {
  const single = new Stm32f030Board();
  single.loadFirmware(segmentsFromElf(readFileSync(firmwareElf('O2'))));
  const dual = new DualM0Board();
  dual.loadFirmware(segmentsFromElf(readFileSync(dualCoreElf())));
  const rows: [string, string][] = [
    ['stm32f030 board M cycles/s (firmware O2)', (throughput(single) / 1e6).toFixed(2)],
    ['dual-m0 board M cycles/s (dualcore firmware, both cores)', (throughput(dual) / 1e6).toFixed(2)],
  ];
  await underOpenocd(rows);
  console.log(`median of ${rounds} runs; under OpenOCD the simulator is paced at its default rate`);
  for (const [name, value] of rows) console.log(`${name.padEnd(58)} ${value.padStart(10)}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
