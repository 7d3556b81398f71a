// Benchmark of RTT on the simulated board through the whole adapter: the firmware writes numbered
// lines into its 1 KiB up buffer (waiting for room) and OpenOCD's RTT server brings them to the
// client as output events (KB/s), against raw `read_memory` of the same buffer over Tcl in the same
// run (KB/s of the debug console's `> read_memory`). Never pass/fail.
import { performance } from 'node:perf_hooks';
import { DapSession } from '../e2e/dapSession';
import { outputUntil, setWord } from '../e2e/programOutput';
import { median } from './benchStats';

const LINES = 2_000;
const RUNS = 3;
const BUFFER_BYTES = 1024;
const READS = 20;

async function main(): Promise<void> {
  const dap = await DapSession.start('O2', { preload: true, cyclesPerSecond: 48_000_000 });
  try {
    await dap.launch({ load: false, runToEntryPoint: 'main', rtt: { enabled: true } });
    await dap.client.continueRequest({ threadId: 1 });
    await outputUntil(dap, 'rtt:0', (text) => text.includes('rtt: hello\n'));
    const rttRates: number[] = [];
    let written = 0;
    for (let run = 0; run < RUNS; run++) {
      const before = dap.output.filter((output) => output.category === 'rtt:0').reduce((sum, output) => sum + Buffer.byteLength(output.text), 0);
      const last = `rtt line ${written + LINES}\n`;
      const start = performance.now();
      await setWord(dap, 'rtt_request_lines', LINES);
      const text = await outputUntil(dap, 'rtt:0', (all) => all.endsWith(last));
      const seconds = (performance.now() - start) / 1000;
      written += LINES;
      rttRates.push((Buffer.byteLength(text) - before) / 1024 / seconds);
    }
    const buffer = `0x${dap.symbol('rtt_up_buffer').toString(16)}`;
    const readRates: number[] = [];
    for (let run = 0; run < RUNS; run++) {
      const start = performance.now();
      for (let k = 0; k < READS; k++) await dap.tcl(`read_memory ${buffer} 32 ${BUFFER_BYTES / 4}`);
      readRates.push((READS * BUFFER_BYTES) / 1024 / ((performance.now() - start) / 1000));
    }
    const rtt = median(rttRates);
    const raw = median(readRates);
    console.log(`RTT up channel 0 (${LINES} lines a run, median of ${RUNS}): ${rtt.toFixed(1)} KB/s`);
    console.log(`read_memory of the ${BUFFER_BYTES}-byte up buffer over Tcl (${READS} reads a run, median of ${RUNS}): ${raw.toFixed(1)} KB/s`);
    console.log(`ratio RTT / read_memory: ${(rtt / raw).toFixed(2)}`);
  } finally {
    await dap.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
