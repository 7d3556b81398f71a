// The differential stepping suite (issue 12): a fixed-seed walk of 200 actions (step, next, finish,
// stepi, continue to a breakpoint) per build of test/firmware/stepping, through GDB and through the
// adapter on boards of their own; every stop's stack, PC and Locals must be GDB's. Longer walks:
// `npm run fuzz:stepping`. Places where GDB is wrong are written up in docs/gdb-differences.md.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { steppingLevels } from '../../helpers/firmware';
import { describeResult, runDifferential } from './differentialRun';

const SEED = 12;
const ACTIONS = 200;
/** Bound on one build's walk on a loaded two-core machine (both sides run concurrently). */
const WALK_TIMEOUT_MS = 600_000;

describe(`differential stepping: ${ACTIONS} actions per build, seed ${SEED}, GDB vs the adapter`, { concurrency: steppingLevels.length }, () => {
  for (const level of steppingLevels) {
    it(`-${level}: every stop shows GDB's stack, PC and Locals`, { timeout: WALK_TIMEOUT_MS }, async () => {
      const result = await runDifferential(level, SEED, ACTIONS);
      assert.equal(result.differing.length, 0, describeResult(result).join('\n'));
      assert.equal(result.compared, ACTIONS + 1);
    });
  }
});
