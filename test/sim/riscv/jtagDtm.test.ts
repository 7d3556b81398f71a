// Unit tests of the RISC-V JTAG DTM, bit-exact through the TAP: IR capture, IDCODE, DTMCS, DMI
// ops captured one scan later, sticky busy cleared by dmireset, BYPASS (Debug Spec 0.13.2 §6.1).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { JtagDriver } from '../link/jtagDriver';
import { JtagTap } from '../link/jtagTap';
import { DmiOp, DmiStatus, DtmInstruction, Dtmcs, gd32vf103Idcode, JtagDtm, type DmiTarget } from './jtagDtm';

/** A DM of plain registers that records the ops it performs. */
class RecordingDm implements DmiTarget {
  readonly registers = new Map<number, number>();
  readonly ops: string[] = [];
  read(address: number): number {
    this.ops.push(`r${address.toString(16)}`);
    return this.registers.get(address) ?? 0;
  }
  write(address: number, value: number): void {
    this.ops.push(`w${address.toString(16)}=${value.toString(16)}`);
    this.registers.set(address, value);
  }
}

function setUp(): { dm: RecordingDm; dtm: JtagDtm; driver: JtagDriver } {
  const dm = new RecordingDm();
  const dtm = new JtagDtm(dm);
  const driver = new JtagDriver(new JtagTap(dtm));
  driver.resetToIdle();
  return { dm, dtm, driver };
}

/** One DMI scan (IR already DMI): returns the captured status, data and address. */
function dmiScan(driver: JtagDriver, op: number, address = 0, data = 0): { status: number; data: number; address: number } {
  const captured = driver.drScan(address * 2 ** 34 + data * 4 + op, 7 + 34);
  return { status: captured % 4, data: Math.floor(captured / 4) % 2 ** 32, address: Math.floor(captured / 2 ** 34) };
}

describe('JtagDtm', () => {
  it('captures 0b00001 in Capture-IR and selects IDCODE after reset', () => {
    const { driver } = setUp();
    assert.equal(driver.drScan(0, 32), gd32vf103Idcode);
    assert.equal(driver.irScan(DtmInstruction.IDCODE, 5), 0b00001);
    assert.equal(driver.drScan(0, 32), gd32vf103Idcode);
  });

  it('reports version 1 (0.13), abits 7 and idle 1 in dtmcs', () => {
    const { driver } = setUp();
    driver.irScan(DtmInstruction.DTMCS, 5);
    const dtmcs = driver.drScan(0, 32);
    assert.equal(dtmcs & 0xf, 1, 'version');
    assert.equal((dtmcs >> 4) & 0x3f, 7, 'abits');
    assert.equal((dtmcs >> 10) & 3, DmiStatus.SUCCESS, 'dmistat');
    assert.equal((dtmcs >> 12) & 7, 1, 'idle');
  });

  it('performs a DMI op in Update-DR and returns its result in the next capture', () => {
    const { dm, driver } = setUp();
    dm.registers.set(0x11, 0x00400c82);
    driver.irScan(DtmInstruction.DMI, 5);
    assert.equal(dmiScan(driver, DmiOp.WRITE, 0x10, 1).status, DmiStatus.SUCCESS);
    dmiScan(driver, DmiOp.READ, 0x11);
    assert.deepEqual(dmiScan(driver, DmiOp.NOP), { status: DmiStatus.SUCCESS, data: 0x00400c82, address: 0x11 });
    assert.deepEqual(dm.ops, ['w10=1', 'r11'], 'a NOP performs nothing');
  });

  it('answers busy until dmireset once busy was seen, dropping the ops scanned meanwhile', () => {
    const { dm, dtm, driver } = setUp();
    driver.irScan(DtmInstruction.DMI, 5);
    dtm.injectBusy(1);
    assert.equal(dmiScan(driver, DmiOp.WRITE, 0x04, 0x1234).status, DmiStatus.BUSY);
    assert.equal(dmiScan(driver, DmiOp.WRITE, 0x05, 0x5678).status, DmiStatus.BUSY, 'sticky');
    assert.deepEqual(dm.ops, []);
    driver.irScan(DtmInstruction.DTMCS, 5);
    assert.equal((driver.drScan(0, 32) >> 10) & 3, DmiStatus.BUSY, 'dmistat shows it');
    driver.drScan(Dtmcs.DMIRESET, 32);
    driver.irScan(DtmInstruction.DMI, 5);
    assert.equal(dmiScan(driver, DmiOp.WRITE, 0x04, 0x1234).status, DmiStatus.SUCCESS);
    assert.equal(dmiScan(driver, DmiOp.NOP).status, DmiStatus.SUCCESS);
    assert.deepEqual(dm.ops, ['w4=1234']);
    assert.equal(dtm.busyCount, 2);
  });

  it('reports the reserved op 3 as failed until dmihardreset', () => {
    const { dm, driver } = setUp();
    driver.irScan(DtmInstruction.DMI, 5);
    dmiScan(driver, 3, 0x10, 1);
    assert.equal(dmiScan(driver, DmiOp.WRITE, 0x10, 1).status, DmiStatus.FAILED);
    driver.irScan(DtmInstruction.DTMCS, 5);
    driver.drScan(Dtmcs.DMIHARDRESET, 32);
    driver.irScan(DtmInstruction.DMI, 5);
    assert.equal(dmiScan(driver, DmiOp.NOP).status, DmiStatus.SUCCESS);
    assert.deepEqual(dm.ops, []);
  });

  it('has a 1-bit BYPASS register for 0x1f and unassigned instructions', () => {
    const { driver } = setUp();
    for (const instruction of [DtmInstruction.BYPASS, 0x02]) {
      driver.irScan(instruction, 5);
      assert.equal(driver.drScan(0b01, 2), 0b10, `0x${instruction.toString(16)} delays TDI by one bit`);
    }
  });

  it('refuses an IDCODE with bit 0 clear', () => {
    assert.throws(() => new JtagDtm(new RecordingDm(), { idcode: 0x1000563c }), /IDCODE bit 0 must be 1/);
  });
});
