// Unit tests of the TAP controller: state machine, IR capture, IDCODE after reset, BYPASS.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { JtagDriver } from './jtagDriver';
import { JtagDp, JtagDpInstruction, stm32f0JtagIdcode } from './jtagDp';
import { JtagTap, TapState } from './jtagTap';

function newTap(): { tap: JtagTap; driver: JtagDriver } {
  const tap = new JtagTap(new JtagDp({ accessPorts: [] }));
  return { tap, driver: new JtagDriver(tap) };
}

describe('JtagTap', () => {
  it('follows the IEEE 1149.1 state diagram for a DR scan', () => {
    const { tap } = newTap();
    const visited: TapState[] = [];
    for (const tms of [0, 1, 0, 0, 0, 1, 0, 1, 1, 1, 0]) {
      tap.clock(tms, 0);
      visited.push(tap.state);
    }
    assert.deepEqual(visited, [
      TapState.RunTestIdle, TapState.SelectDrScan, TapState.CaptureDr, TapState.ShiftDr, TapState.ShiftDr,
      TapState.Exit1Dr, TapState.PauseDr, TapState.Exit2Dr, TapState.UpdateDr, TapState.SelectDrScan,
      TapState.CaptureDr,
    ]);
  });

  it('reaches Test-Logic-Reset with five TMS=1 clocks from any state', () => {
    for (let start = 0; start < 16; start++) {
      const { tap, driver } = newTap();
      driver.resetToIdle();
      // Walk to a state through an IR scan prefix of `start` steps using a fixed TMS pattern.
      const path = [1, 1, 0, 0, 0, 1, 0, 1, 0, 1, 1, 0, 1, 0, 0, 1];
      for (const tms of path.slice(0, start)) tap.clock(tms, 0);
      for (let i = 0; i < 5; i++) tap.clock(1, 0);
      assert.equal(tap.state, TapState.TestLogicReset, `from step ${start}`);
    }
  });

  it('captures 0b0001 in Capture-IR (stm32f0x.cfg -ircapture 0x1 -irmask 0xf)', () => {
    const { driver } = newTap();
    driver.resetToIdle();
    assert.equal(driver.irScan(JtagDpInstruction.IDCODE), 0b0001);
  });

  it('selects IDCODE after Test-Logic-Reset and shifts 0x0BB11477 out', () => {
    const { tap, driver } = newTap();
    driver.resetToIdle();
    assert.equal(tap.instruction, JtagDpInstruction.IDCODE);
    assert.equal(driver.drScan(0, 32), stm32f0JtagIdcode);
  });

  it('selects IDCODE again on TRST after another instruction', () => {
    const { tap, driver } = newTap();
    driver.resetToIdle();
    driver.irScan(JtagDpInstruction.BYPASS);
    tap.reset();
    tap.clock(0, 0);
    assert.equal(driver.drScan(0, 32), stm32f0JtagIdcode);
  });

  it('puts a 1-bit BYPASS register behind BYPASS and unknown instructions', () => {
    for (const instruction of [JtagDpInstruction.BYPASS, 0x0, 0x5]) {
      const { tap, driver } = newTap();
      driver.resetToIdle();
      driver.irScan(instruction);
      assert.equal(tap.instruction, instruction);
      // The pattern comes out delayed by exactly one bit, after the captured 0.
      assert.equal(driver.drScan(0b1011, 5), 0b10110);
    }
  });

  it('drives TDO low outside the shift states', () => {
    const { tap, driver } = newTap();
    driver.resetToIdle();
    assert.equal(tap.state, TapState.RunTestIdle);
    assert.equal(tap.tdo, 0);
  });
});
