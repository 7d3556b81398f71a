// Benchmark of the simulated RISC-V board: its MIPS per CPU second running the test program
// (hart, Debug Mode checks, buses and timer included), and under real OpenOCD 0.12 memory KB/s
// halted (program buffer, then system bus) and running, step time. Never pass/fail. Run: npm run bench simRiscv
import { readFileSync } from 'node:fs';
import { TclClient } from '../../src/openocd';
import { riscvBoardElf } from '../helpers/firmware';
import { segmentsFromElf } from '../sim/board';
import { RiscvBoard } from '../sim/riscv/riscvBoard';
import { startOpenocdForSim, startSim } from '../sim/startSim';
import { timeTcl } from './benchStats';

const SRAM_BLOCK = 0x20004000;
const blockByteSize = 4096;
const stepCount = 100;
const rounds = 3;

/** Million instructions per second of this process's CPU time, the -O2 program on a bare board. */
function boardMips(): number {
  const board = new RiscvBoard();
  board.loadFirmware(segmentsFromElf(readFileSync(riscvBoardElf('O2'))));
  board.run(1_000_000);
  const start = process.cpuUsage();
  let cycles = 0;
  for (let i = 0; i < 500; i++) cycles += board.run(10_000);
  const used = process.cpuUsage(start);
  return cycles / ((used.user + used.system) / 1e6) / 1e6;
}

async function main(): Promise<void> {
  const mips = boardMips();
  const sim = await startSim({ board: 'rv32', firmwarePath: riscvBoardElf('O2') });
  const openocd = await startOpenocdForSim(sim.port, {}, 'rv32');
  const tcl = new TclClient({ port: openocd.tclPort, timeoutMs: 120_000 });
  try {
    await tcl.connect();
    /** Median seconds of `rounds` runs of `script`. */
    const measure = async (script: string): Promise<number> => (await timeTcl(tcl, script, rounds)).seconds;
    const words = blockByteSize / 4;
    const values = Array.from({ length: words }, (_, i) => `0x${((i * 0x01010101) >>> 0).toString(16)}`).join(' ');
    const read = `read_memory ${SRAM_BLOCK} 32 ${words}`;
    const write = `write_memory ${SRAM_BLOCK} 32 {${values}}`;
    const kbPerSecond = (seconds: number): string => (blockByteSize / 1024 / seconds).toFixed(1);

    await tcl.cmd(read); // warm-up: the first transfer pays for JIT compilation on both sides of the link
    const runningRead = await measure(read);
    const runningWrite = await measure(write);
    await tcl.cmd('halt');
    const progbufRead = await measure(read);
    const progbufWrite = await measure(write);
    await tcl.cmd('riscv set_mem_access sysbus progbuf');
    const sysbusRead = await measure(read);
    const sysbusWrite = await measure(write);
    const step = await measure(`for {set i 0} {$i < ${stepCount}} {incr i} { step }`);

    const rows: [string, string][] = [
      ['board MIPS per CPU second (-O2 program)', mips.toFixed(1)],
      ['memory read KB/s, halted, program buffer (4 KiB)', kbPerSecond(progbufRead)],
      ['memory write KB/s, halted, program buffer (4 KiB)', kbPerSecond(progbufWrite)],
      ['memory read KB/s, halted, system bus (4 KiB)', kbPerSecond(sysbusRead)],
      ['memory write KB/s, halted, system bus (4 KiB)', kbPerSecond(sysbusWrite)],
      ['memory read KB/s, running, system bus (4 KiB)', kbPerSecond(runningRead)],
      ['memory write KB/s, running, system bus (4 KiB)', kbPerSecond(runningWrite)],
      ['step ms', ((step * 1000) / stepCount).toFixed(2)],
    ];
    console.log(`median of ${rounds} runs; simulator paced at its default rate`);
    for (const [name, value] of rows) console.log(`${name.padEnd(52)} ${value.padStart(10)}`);
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
