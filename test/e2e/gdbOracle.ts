// Test oracle: GDB (gdb-multiarch) debugging its own simulated board with the same firmware through
// OpenOCD's GDB port, so DAP scenarios can compare where a step lands with where GDB's lands.
// Tests only; the product never runs GDB.
import assert from 'node:assert/strict';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { firmwareElf, riscvBoardElf, type OptimizationLevel } from '../helpers/firmware';
import { gdbOnOpenocd } from '../helpers/gdbOnOpenocd';
import { startOpenocdForSim, startSim } from '../sim/startSim';

/** Frame 0's function, line and PC and the backtrace's functions equal GDB's (`what` names the stop in a failure). */
export function assertFramesLikeGdb(shown: readonly DebugProtocol.StackFrame[], gdb: GdbStop, what: string): void {
  assert.deepEqual(shown.map((frame) => frame.name), gdb.functions, `${what}: backtrace`);
  assert.equal(shown[0].line, gdb.line, `${what}: line`);
  assert.equal(Number(shown[0].instructionPointerReference?.split('@')[0]), gdb.pc, `${what}: pc`);
}

/** Where GDB stopped after a command: the PC and the backtrace's function names and frame #0's line. */
export interface GdbStop {
  readonly pc: number;
  readonly functions: readonly string[];
  readonly line: number | undefined;
}

/**
 * GDB on the RISC-V board (its flash bank gives GDB a memory map, so it breaks there with
 * triggers), from reset as the adapter's launch starts: the globals then count the same rounds.
 */
export const RV32_GDB_SETUP = ['set architecture riscv:rv32', 'monitor reset halt', 'maintenance flush register-cache'];

/**
 * Runs `break SPEC`, `continue` (the first hit), `delete`, then each of `steps` on a fresh board
 * (the STM32F030, or the RISC-V board with its board program), and reports where GDB was at the
 * breakpoint, then after each step.
 */
export async function gdbStopsFrom(level: OptimizationLevel, spec: string, steps: readonly string[] = [], board: 'stm32f030' | 'rv32' = 'stm32f030'): Promise<GdbStop[]> {
  const elf = board === 'rv32' ? riscvBoardElf(level) : firmwareElf(level);
  const sim = await startSim({ board, firmwarePath: elf, cyclesPerSecond: 8_000_000 });
  try {
    const openocd = await startOpenocdForSim(sim.port, { gdbPort: 'auto' }, board);
    try {
      const report = ['echo @@stop\\n', 'printf "PC=%x\\n", $pc', 'bt'];
      const commands = [...(board === 'rv32' ? RV32_GDB_SETUP : []), `break ${spec}`, 'continue', 'delete', ...report];
      for (const step of steps) commands.push(step, ...report);
      const output = await gdbOnOpenocd({ gdbPort: openocd.ports.gdb, elfPath: elf, commands });
      return output.split('@@stop\n').slice(1).map((chunk) => parseStop(chunk, output));
    } finally {
      await openocd.stop();
    }
  } finally {
    await sim.stop();
  }
}

function parseStop(chunk: string, output: string): GdbStop {
  const pc = /^PC=([0-9a-f]+)$/m.exec(chunk);
  if (!pc) throw new Error(`GDB printed no PC:\n${output}`);
  const frames = [...chunk.matchAll(/^#\d+\s+(?:0x[0-9a-f]+ in )?(\S+) \(.*?\)(?: at \S+:(\d+))?/gm)];
  return { pc: parseInt(pc[1], 16), functions: frames.map((frame) => frame[1]), line: frames[0]?.[2] === undefined ? undefined : Number(frames[0][2]) };
}

/**
 * On a fresh dual-core board running `elfPath`: GDB on each core's own port in turn (core 0's
 * first, then core 1's; never two at once) runs `break SPEC`, `continue` and `bt`, and reports
 * where that core stopped. OpenOCD gives the second target the port after the first's.
 */
export async function gdbDualCoreStops(elfPath: string, specs: readonly [string, string]): Promise<[GdbStop, GdbStop]> {
  const sim = await startSim({ board: 'dual-m0', firmwarePath: elfPath, cyclesPerSecond: 8_000_000 });
  try {
    const openocd = await startOpenocdForSim(sim.port, { gdbPort: 'auto' }, 'dual-m0');
    try {
      const stops: GdbStop[] = [];
      for (const [core, spec] of specs.entries()) {
        const commands = [`break ${spec}`, 'continue', 'delete', 'echo @@stop\\n', 'printf "PC=%x\\n", $pc', 'bt'];
        const output = await gdbOnOpenocd({ gdbPort: openocd.ports.gdb! + core, elfPath, commands });
        stops.push(parseStop(output.split('@@stop\n')[1] ?? '', output));
      }
      return [stops[0], stops[1]];
    } finally {
      await openocd.stop();
    }
  } finally {
    await sim.stop();
  }
}
