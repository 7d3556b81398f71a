// What the session benchmark measures, shared by its two sides (our adapter over DAP, GDB over MI):
// the operations of issue 17's table, where each starts on the test firmware, how often it runs,
// and the goal of the ratio. Holds no measuring code.

/** The rows of the table. */
export type Operation = 'stepi' | 'nextLoop' | 'nextCall' | 'stepOut' | 'continue' | 'launch' | 'launchChanged' | 'readMemory' | 'program';

/** Milliseconds per sample, per operation; Tcl round trips per sample on our side. */
export type Samples = Record<Operation, number[]>;

export function emptySamples(): Samples {
  return { stepi: [], nextLoop: [], nextCall: [], stepOut: [], continue: [], launch: [], launchChanged: [], readMemory: [], program: [] };
}

/**
 * Each row: its title, whose time it is compared with, and the goal. `lowerIsBetter` rows compare
 * times (ours / peer <= goal); the others compare throughput (peer time / ours >= goal).
 */
export const ROWS: readonly { op: Operation; title: string; peer: string; goal: number; lowerIsBetter: boolean }[] = [
  { op: 'stepi', title: 'instruction step + stack + locals', peer: 'GDB stepi', goal: 0.5, lowerIsBetter: true },
  { op: 'nextLoop', title: 'next in a loop body + stack + locals', peer: 'GDB next', goal: 0.3, lowerIsBetter: true },
  { op: 'nextCall', title: 'next over a call + stack + locals', peer: 'GDB next', goal: 0.3, lowerIsBetter: true },
  { op: 'stepOut', title: 'step out + stack + locals', peer: 'GDB finish', goal: 0.5, lowerIsBetter: true },
  { op: 'continue', title: 'continue to a breakpoint in a loop + stack + locals', peer: 'GDB continue', goal: 0.5, lowerIsBetter: true },
  { op: 'launch', title: 'launch to main, flash holds the image', peer: 'GDB load+tbreak+continue', goal: 0.8, lowerIsBetter: true },
  { op: 'launchChanged', title: 'launch to main, flash changed (programs)', peer: 'GDB load+tbreak+continue', goal: 0.8, lowerIsBetter: true },
  { op: 'readMemory', title: 'readMemory 64 KiB', peer: 'raw read_memory', goal: 0.9, lowerIsBetter: false },
  { op: 'program', title: 'flash programming (openocd.program)', peer: 'raw program ... verify', goal: 0.95, lowerIsBetter: false },
];

/** Where the operations start: function breakpoints and a source line of test/firmware/workload.c. */
export const PLAN = {
  /** The function the step rows start in (its loop is lines 31-38). */
  loopFunction: 'nested_blocks',
  /** The function whose body calls nested_blocks, g_op, typed_args and recurse, one line each. */
  callerFunction: 'work_step',
  /** `total += inner;`, inside nested_blocks' loop: hit three times per call at -Og and -O2. */
  loopLine: { file: 'workload.c', line: 37 },
  stepis: 8,
  nextsInLoop: 6,
  nextsOverCalls: 4,
  stepOuts: 4,
  continues: 9,
  memoryReads: 3,
  /** 64 KiB of flash from its base (the whole bank, so nothing is cached from a stop). */
  memoryAddress: 0x0800_0000,
  memoryBytes: 0x1_0000,
} as const;
