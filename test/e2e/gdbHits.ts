// Test oracle for hit counts and logpoints: GDB on its own simulated board with the same firmware,
// reset and run to main as a launch with runToEntryPoint does, then the caller's commands in
// groups (one output per group). Tests only; the product never runs GDB.
import { firmwareElf, type OptimizationLevel } from '../helpers/firmware';
import { gdbBlocks } from '../helpers/gdbOnOpenocd';
import { startOpenocdForSim, startSim } from '../sim/startSim';

/** The output of each group of GDB commands, run after `monitor reset halt` and a stop at main (breakpoint 1, deleted). */
export async function gdbFromMain(level: OptimizationLevel, groups: readonly (readonly string[])[]): Promise<string[]> {
  const elf = firmwareElf(level);
  const sim = await startSim({ firmwarePath: elf, cyclesPerSecond: 8_000_000 });
  try {
    const openocd = await startOpenocdForSim(sim.port, { gdbPort: 'auto' });
    try {
      const start = ['monitor reset halt', 'maintenance flush register-cache', 'break main', 'continue', 'delete'];
      return (await gdbBlocks({ gdbPort: openocd.ports.gdb, elfPath: elf }, [start, ...groups])).slice(1);
    } finally {
      await openocd.stop();
    }
  } finally {
    await sim.stop();
  }
}

/** The value GDB printed in a `print` block (the text after `$N = `). */
export function printed(block: string): string {
  return block.trim().replace(/^\$\d+ = /, '');
}
