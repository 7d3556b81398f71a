// Benchmark of the simulated STM32F030 under real OpenOCD 0.12: DAP transactions per second,
// memory read/write KB/s, step time, flash programming KB/s with and without a working area.
// Prints figures next to SIMULATOR.md's prototype figures; never pass/fail. Run: npm run bench:sim
import { readFileSync } from 'node:fs';
import { TclClient, tclQuote } from '../../src/openocd';
import { firmwareBin } from '../helpers/firmware';
import { startOpenocdForSim, startSim } from '../sim/startSim';
import { type TclTiming, timeTcl } from './benchStats';

const SRAM = 0x20000000;
const blockByteSize = 4096;
const stepCount = 200;
const rounds = 3;

async function main(): Promise<void> {
  const binPath = firmwareBin('O2');
  const imageByteSize = readFileSync(binPath).length;
  const sim = await startSim({ firmwarePath: binPath });
  const openocd = await startOpenocdForSim(sim.port);
  const tcl = new TclClient({ port: openocd.tclPort, timeoutMs: 120_000 });
  try {
    await tcl.connect();
    await tcl.cmd('reset halt');
    const dp = sim.simulator.jtagDp;

    const measure = (script: string): Promise<TclTiming> => timeTcl(tcl, script, rounds, () => dp.transactionCount);

    const words = blockByteSize / 4;
    const read = await measure(`read_memory ${SRAM} 32 ${words}`);
    const values = Array.from({ length: words }, (_, i) => `0x${(i * 0x01010101 >>> 0).toString(16)}`).join(' ');
    const write = await measure(`write_memory ${SRAM} 32 {${values}}`);
    const step = await measure(`for {set i 0} {$i < ${stepCount}} {incr i} { step }`);
    const flashWithArea = await measure(`flash write_image erase ${tclQuote(binPath)} 0x08000000`);
    await tcl.cmd('stm32f0x.cpu configure -work-area-size 0');
    const flashWithoutArea = await measure(`flash write_image erase ${tclQuote(binPath)} 0x08000000`);

    const kbPerSecond = (byteSize: number, seconds: number): string => (byteSize / 1024 / seconds).toFixed(1);
    const rows: [string, string, string][] = [
      ['DAP transactions/s (memory read)', (read.counted / read.seconds).toFixed(0), '~16000'],
      ['memory read KB/s (4 KiB, 32-bit)', kbPerSecond(blockByteSize, read.seconds), '~66'],
      ['memory write KB/s (4 KiB, 32-bit)', kbPerSecond(blockByteSize, write.seconds), '~80'],
      ['step ms', ((step.seconds * 1000) / stepCount).toFixed(2), '~7'],
      ['DAP transactions per step', (step.counted / stepCount).toFixed(0), '-'],
      [`flash write_image KB/s, working area (${imageByteSize} B)`, kbPerSecond(imageByteSize, flashWithArea.seconds), '-'],
      [`flash write_image KB/s, no working area (${imageByteSize} B)`, kbPerSecond(imageByteSize, flashWithoutArea.seconds), '~3'],
    ];
    console.log(`median of ${rounds} runs; simulator paced at its default rate; prototype figures from SIMULATOR.md`);
    console.log(`${'measure'.padEnd(52)} ${'this run'.padStart(10)} ${'prototype'.padStart(10)}`);
    for (const [name, value, reference] of rows) console.log(`${name.padEnd(52)} ${value.padStart(10)} ${reference.padStart(10)}`);
  } finally {
    await tcl.disconnect().catch(() => undefined);
    await openocd.stop();
    await sim.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
