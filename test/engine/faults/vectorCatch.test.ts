// Unit tests of vector catch as the engine sees it: which catches a core offers (by its CPUID
// part number) and how a vector-catch halt is classified (Handler mode, or the reset vector).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decideHaltReason } from '../../../src/engine/openocdTarget/haltReason';
import { architectureFromCpuid, vectorCatchNames } from '../../../src/engine/openocdTarget/targetScripts';

describe('vector catch', () => {
  it('offers hard_err and reset on a Cortex-M0 (CPUID 0x410CC200), the fault catches too on a Cortex-M4', () => {
    assert.deepEqual(vectorCatchNames(architectureFromCpuid(0x410cc200)), ['hard_err', 'reset']);
    assert.deepEqual(vectorCatchNames(architectureFromCpuid(0x410fc241)), ['hard_err', 'bus_err', 'mm_err', 'chk_err', 'nocp_err', 'int_err', 'state_err', 'reset']);
  });

  it('classifies a breakpoint halt that is not ours as exception in Handler mode, or after a running reset with reset caught', () => {
    const thread = { debugReason: 'breakpoint', mode: 'Thread' };
    assert.equal(decideHaltReason({ ...thread, mode: 'Handler', exception: 'HardFault' }, undefined, false), 'exception');
    assert.equal(decideHaltReason(thread, 'reset-run', false), 'exception');
    assert.equal(decideHaltReason(thread, undefined, false), 'breakpoint');
    assert.equal(decideHaltReason(thread, 'reset-run', true), 'breakpoint');
    assert.equal(decideHaltReason({ debugReason: 'debug-request', mode: 'Thread' }, 'reset-run', false), 'pause');
  });
});
