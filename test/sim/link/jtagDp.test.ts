// Unit tests of the JTAG-DP through the TAP, bit by bit: power-up handshake, posted reads and
// RDBUFF, sticky errors, AP scan, WAIT and ABORT (ADIv5 B2.2, B3.3).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { JtagDriver } from './jtagDriver';
import { CtrlStat, DpRegister, JtagAck, JtagDp, JtagDpInstruction, stm32f0JtagIdcode } from './jtagDp';
import { JtagTap } from './jtagTap';
import { Csw, MemAp, MemApRegister, ahbApIdr } from './memAp';
import { RamBus, ramBase } from './ramBoard';

function setup(): { dp: JtagDp; driver: JtagDriver; bus: RamBus } {
  const bus = new RamBus();
  const dp = new JtagDp({ accessPorts: [new MemAp(bus)] });
  const driver = new JtagDriver(new JtagTap(dp));
  driver.resetToIdle();
  return { dp, driver, bus };
}

function powerUp(driver: JtagDriver): void {
  driver.dpWrite(DpRegister.CTRL_STAT, CtrlStat.CDBGPWRUPREQ | CtrlStat.CSYSPWRUPREQ | CtrlStat.ORUNDETECT);
}

describe('JtagDp', () => {
  it('answers OpenOCD power-up sequence: each ACK bit follows its REQ bit', () => {
    const { driver } = setup();
    assert.equal(driver.dpRead(DpRegister.CTRL_STAT), 0, 'powered down at start');
    driver.dpWrite(DpRegister.CTRL_STAT, 0x50000020);
    assert.equal(driver.dpRead(DpRegister.CTRL_STAT), 0xf0000000);
    driver.dpWrite(DpRegister.CTRL_STAT, 0x50000000);
    assert.equal(driver.dpRead(DpRegister.CTRL_STAT), 0xf0000000);
    driver.dpWrite(DpRegister.CTRL_STAT, 0x10000000);
    assert.equal(driver.dpRead(DpRegister.CTRL_STAT), 0x30000000);
  });

  it('returns OK/FAULT and the previous read in every DPACC/APACC capture (posted reads)', () => {
    const { dp, driver, bus } = setup();
    powerUp(driver);
    bus.write(ramBase, 4, 0x11111111);
    bus.write(ramBase + 4, 4, 0x22222222);
    driver.apWrite(MemApRegister.CSW, Csw.ADDRINC_SINGLE | Csw.SIZE_32);
    driver.apWrite(MemApRegister.TAR, ramBase);
    driver.irScan(JtagDpInstruction.APACC);
    driver.access(MemApRegister.DRW, true);
    const second = driver.access(MemApRegister.DRW, true);
    assert.deepEqual(second, { ack: JtagAck.OK_FAULT, data: 0x11111111 });
    driver.irScan(JtagDpInstruction.DPACC);
    assert.equal(driver.access(DpRegister.RDBUFF, true).data, 0x22222222);
    assert.equal(driver.access(DpRegister.RDBUFF, true).data, 0x22222222, 'RDBUFF makes no new access');
    assert.equal(bus.accesses.filter((access) => !access.write).length, 2);
    // CTRL/STAT, SELECT+CSW, SELECT+TAR, two DRW reads and two RDBUFF reads: 9 accesses.
    assert.equal(dp.transactionCount, 9);
  });

  it('reads DPIDR and SELECT', () => {
    const { driver } = setup();
    assert.equal(driver.dpRead(DpRegister.DPIDR), stm32f0JtagIdcode);
    driver.selectAp(0xf0, 3);
    assert.equal(driver.dpRead(DpRegister.SELECT), 0x030000f0);
  });

  it('shows the AHB-AP at APSEL 0 only; other APs read IDR 0', () => {
    const { driver } = setup();
    powerUp(driver);
    const idrs = [0, 1, 2, 255].map((apsel) => {
      driver.selectAp(MemApRegister.IDR, apsel);
      driver.irScan(JtagDpInstruction.APACC);
      driver.access(MemApRegister.IDR, true);
      driver.irScan(JtagDpInstruction.DPACC);
      return driver.access(DpRegister.RDBUFF, true).data;
    });
    assert.deepEqual(idrs, [ahbApIdr, 0, 0, 0]);
  });

  it('sets STICKYERR on a bus error, ignores AP accesses until it is cleared by writing 1', () => {
    const { driver, bus } = setup();
    powerUp(driver);
    driver.apWrite(MemApRegister.CSW, Csw.SIZE_32);
    driver.apWrite(MemApRegister.TAR, 0x10000000);
    driver.apRead(MemApRegister.DRW);
    assert.notEqual(driver.dpRead(DpRegister.CTRL_STAT) & CtrlStat.STICKYERR, 0);

    driver.apWrite(MemApRegister.TAR, ramBase);
    driver.apWrite(MemApRegister.DRW, 0x1234);
    assert.equal(bus.read(ramBase, 4), 0, 'the write was ignored while STICKYERR was set');

    driver.dpWrite(DpRegister.CTRL_STAT, CtrlStat.STICKYERR | CtrlStat.CDBGPWRUPREQ | CtrlStat.CSYSPWRUPREQ);
    const ctrlStat = driver.dpRead(DpRegister.CTRL_STAT);
    assert.equal(ctrlStat & CtrlStat.STICKYERR, 0);
    assert.notEqual(ctrlStat & CtrlStat.CDBGPWRUPACK, 0, 'clearing keeps the power-up state');
    driver.apWrite(MemApRegister.TAR, ramBase);
    driver.apWrite(MemApRegister.DRW, 0x1234);
    assert.equal(bus.read(ramBase, 4), 0x1234);
  });

  it('keeps sticky bits when a write does not clear them', () => {
    const { driver } = setup();
    powerUp(driver);
    driver.apWrite(MemApRegister.TAR, 0);
    driver.apRead(MemApRegister.DRW);
    driver.dpWrite(DpRegister.CTRL_STAT, CtrlStat.CDBGPWRUPREQ);
    assert.notEqual(driver.dpRead(DpRegister.CTRL_STAT) & CtrlStat.STICKYERR, 0);
  });

  it('answers WAIT while an injected slow access is in progress, then completes it', () => {
    const { dp, driver, bus } = setup();
    driver.dpWrite(DpRegister.CTRL_STAT, CtrlStat.CDBGPWRUPREQ | CtrlStat.CSYSPWRUPREQ);
    bus.write(ramBase, 4, 0xfeedface);
    driver.apWrite(MemApRegister.CSW, Csw.SIZE_32);
    driver.apWrite(MemApRegister.TAR, ramBase);
    dp.injectWait(2);
    driver.irScan(JtagDpInstruction.APACC);
    driver.access(MemApRegister.DRW, true);
    driver.irScan(JtagDpInstruction.DPACC);
    assert.equal(driver.access(DpRegister.RDBUFF, true).ack, JtagAck.WAIT);
    assert.equal(driver.access(DpRegister.RDBUFF, true).ack, JtagAck.WAIT);
    assert.deepEqual(driver.access(DpRegister.RDBUFF, true), { ack: JtagAck.OK_FAULT, data: 0xfeedface });
    assert.equal(dp.waitCount, 2);
    assert.equal(dp.ctrlStatValue & CtrlStat.STICKYORUN, 0, 'no overrun without ORUNDETECT');
  });

  it('sets STICKYORUN on WAIT with ORUNDETECT, and ABORT ends the WAIT', () => {
    const { dp, driver } = setup();
    powerUp(driver);
    dp.injectWait(5);
    driver.dpWrite(DpRegister.SELECT, 0);
    assert.equal(driver.access(DpRegister.RDBUFF, true).ack, JtagAck.WAIT);
    assert.notEqual(dp.ctrlStatValue & CtrlStat.STICKYORUN, 0);
    driver.irScan(JtagDpInstruction.ABORT);
    driver.access(0, false, 1);
    driver.irScan(JtagDpInstruction.DPACC);
    assert.equal(driver.access(DpRegister.RDBUFF, true).ack, JtagAck.OK_FAULT);
  });

  it("performs a CTRL/STAT write while WAITing, so OpenOCD's retry after clearing STICKYORUN is done", () => {
    const { dp, driver, bus } = setup();
    powerUp(driver);
    bus.write(ramBase, 4, 0xfeedface);
    driver.apWrite(MemApRegister.CSW, Csw.SIZE_32);
    driver.apWrite(MemApRegister.TAR, ramBase);
    dp.injectWait(2);
    driver.irScan(JtagDpInstruction.APACC);
    driver.access(MemApRegister.DRW, true); // the slow read
    bus.write(ramBase, 4, 0x0badcafe);
    // jtagdp_overrun_check's retry: the access (WAIT), CTRL/STAT with STICKYORUN (WAIT), the access.
    assert.equal(driver.access(MemApRegister.DRW, true).ack, JtagAck.WAIT);
    driver.irScan(JtagDpInstruction.DPACC);
    const clear = driver.access(DpRegister.CTRL_STAT, false, CtrlStat.CDBGPWRUPREQ | CtrlStat.CSYSPWRUPREQ | CtrlStat.ORUNDETECT | CtrlStat.STICKYORUN);
    assert.equal(clear.ack, JtagAck.WAIT);
    assert.equal(dp.ctrlStatValue & CtrlStat.STICKYORUN, 0, 'the write cleared STICKYORUN');
    driver.irScan(JtagDpInstruction.APACC);
    assert.deepEqual(driver.access(MemApRegister.DRW, true), { ack: JtagAck.OK_FAULT, data: 0xfeedface }, 'the slow read completes');
    driver.irScan(JtagDpInstruction.DPACC);
    assert.equal(driver.access(DpRegister.RDBUFF, true).data, 0x0badcafe, 'the retried read was performed');
  });
});
