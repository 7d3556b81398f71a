// Benchmark of the RV32IMC interpreter (test/sim/riscv/rv32Core.ts): million instructions per
// second running core-checksum.c at -O0 and -O2 on plain RAM buses, per second of this process's
// CPU time (the 2-core test machine is often shared) and of wall time. Target: at least 5 MIPS.
// Never pass/fail. Run: npm run bench rv32Core
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { ElfFile } from '../../src/elf';
import { riscvCoreProgramElf, type OptimizationLevel } from '../helpers/firmware';
import { Rv32Core } from '../sim/riscv/rv32Core';
import { RamBus, RegionBus } from '../sim/riscv/rv32Fixture';
import { median } from './benchStats';

const rounds = 7;
/** Program runs per round: about a million instructions, so that one round outlasts JIT warm-up. */
const runsPerRound = 10;

/** Runs the program from reset to its EBREAK; returns the instructions retired. */
function runOnce(core: Rv32Core, bus: RegionBus, elf: ElfFile): number {
  bus.load(elf);
  core.reset(elf.header.entry);
  let steps = 0;
  for (let result = core.step(); result.kind !== 'ebreak'; result = core.step()) {
    if (result.kind === 'trap') throw new Error(`unexpected trap ${JSON.stringify(result)}`);
    steps++;
  }
  return steps;
}

function measure(level: OptimizationLevel): void {
  const elf = ElfFile.parse(new Uint8Array(readFileSync(riscvCoreProgramElf(level, 'checksum'))));
  const bus = new RegionBus([new RamBus(0x08000000, 128 * 1024), new RamBus(0x20000000, 32 * 1024)]);
  const core = new Rv32Core(bus);
  runOnce(core, bus, elf); // warm-up: lets V8 optimise step() and the bus
  const cpuMips: number[] = [];
  const wallMips: number[] = [];
  let instructions = 0;
  for (let round = 0; round < rounds; round++) {
    const start = performance.now();
    const cpuStart = process.cpuUsage();
    instructions = 0;
    for (let run = 0; run < runsPerRound; run++) instructions += runOnce(core, bus, elf);
    const cpu = process.cpuUsage(cpuStart);
    cpuMips.push(instructions / (cpu.user + cpu.system));
    wallMips.push(instructions / ((performance.now() - start) * 1000));
  }
  const range = (values: number[]) => `median ${median(values).toFixed(1)} (${Math.min(...values).toFixed(1)}-${Math.max(...values).toFixed(1)})`;
  console.log(`core-checksum -${level}: ${instructions / runsPerRound} instructions a run; MIPS per CPU second ${range(cpuMips)}, per wall second ${range(wallMips)}; target >= 5`);
}

for (const level of ['O0', 'O2'] as const) measure(level);
