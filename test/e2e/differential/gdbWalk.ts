// The GDB side of the differential stepping suite: gdb-multiarch runs a walk's actions (through
// gdbWalk.py) on its own simulated board and OpenOCD, and reports every stop. Tests only.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ElfFile } from '../../../src/elf';
import { GdbOracleError } from '../../helpers/gdbOnOpenocd';
import { startOpenocdForSim, startSim } from '../../sim/startSim';
import type { WalkAction } from './walkActions';
import { STACK_ZERO_WORDS, STEPPING_BOARD, type WalkBoard } from './walkBoard';
import type { WalkStop } from './walkStop';

/** GDB's stop at main after a reset halt, then its stop after each action, on `board` (the stepping firmware's by default). */
export async function gdbWalk(elfPath: string, actions: readonly WalkAction[], board: WalkBoard = STEPPING_BOARD, timeoutMs = 600_000): Promise<WalkStop[]> {
  const dir = mkdtempSync(join(tmpdir(), 'gdb-walk-'));
  const stackZero = board.stackZeroAddress(ElfFile.parse(readFileSync(elfPath)));
  const setup = [...board.gdbSetup, `monitor mww 0x${stackZero.toString(16)} 0 ${STACK_ZERO_WORDS}`];
  const sim = await startSim({ board: board.kind, firmwarePath: elfPath, cyclesPerSecond: 8_000_000 });
  try {
    const openocd = await startOpenocdForSim(sim.port, { gdbPort: 'auto' }, board.kind);
    try {
      writeFileSync(join(dir, 'actions.json'), JSON.stringify(actions));
      // trust-readonly-sections: GDB reads code and constants from the ELF, which is what the
      // board's flash holds, instead of over JTAG for every prologue analysis and unwind (60
      // actions at -O2: 9,436 memory reads through OpenOCD without it, 313 with it).
      const args = ['-batch', '-nx', '-ex', 'set confirm off', '-ex', 'set remotetimeout 60', '-ex', 'set trust-readonly-sections on',
        '-ex', `target extended-remote 127.0.0.1:${openocd.ports.gdb}`, '-x', join(__dirname, 'gdbWalk.py'), elfPath];
      const env = { ...process.env, DIFF_ACTIONS: join(dir, 'actions.json'), DIFF_OUT: join(dir, 'stops.jsonl'), DIFF_SETUP: JSON.stringify(setup) };
      // Asynchronous on purpose: the board runs in this process and must serve OpenOCD meanwhile.
      await new Promise<void>((resolve, reject) => {
        execFile('gdb-multiarch', args, { env, timeout: timeoutMs, maxBuffer: 64 << 20 }, (error, stdout, stderr) => {
          if (error) reject(new GdbOracleError(`gdb-multiarch walk failed: ${error.message}\n${stdout.slice(-2000)}${stderr.slice(-2000)}`, { cause: error }));
          else resolve();
        });
      });
      const stops = readFileSync(join(dir, 'stops.jsonl'), 'utf8').trim().split('\n').map((line) => JSON.parse(line) as WalkStop);
      if (stops.length !== actions.length + 1) throw new GdbOracleError(`GDB reported ${stops.length} stops for ${actions.length} actions`);
      return stops;
    } finally {
      await openocd.stop();
    }
  } finally {
    await sim.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
