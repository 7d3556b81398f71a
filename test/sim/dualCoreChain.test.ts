// The dual-core board's JTAG chain bit by bit, as OpenOCD scans it: two TAPs in series (IEEE
// 1149.1 3.2), IDCODEs from the TAP nearest TDO first, BYPASS on one TAP while the other's
// JTAG-DP reaches its core's bus (ADIv5 B3.3). Through the simulator's own wiring.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DualM0Board, SIO_BASE, SRAM_BASE } from './board';
import { JtagChain } from './link/jtagChain';
import { DpRegister, JtagDp, JtagDpInstruction, stm32f0JtagIdcode } from './link/jtagDp';
import { JtagDriver } from './link/jtagDriver';
import { JtagTap } from './link/jtagTap';
import { MemApRegister } from './link/memAp';
import { Simulator } from './simulator';

const IR_BITS = 4;
const DR_ACCESS_BITS = 35;
const BYPASS = JtagDpInstruction.BYPASS;

/** A probe on a two-TAP chain: position 0 is the TAP nearest TDO, whose bits are shifted first. */
class TwoTapProbe {
  private readonly driver: JtagDriver;

  constructor(chain: JtagChain) {
    this.driver = new JtagDriver(chain);
    this.driver.resetToIdle();
  }

  /** Loads `instruction` into the TAP at `position` and BYPASS into the other (one 8-bit IR scan). */
  select(position: number, instruction: number): number {
    const [near, far] = position === 0 ? [instruction, BYPASS] : [BYPASS, instruction];
    return this.driver.irScan(near | (far << IR_BITS), 2 * IR_BITS);
  }

  /** One DPACC/APACC scan through the TAP at `position`; the other adds its 1-bit BYPASS register. Returns the data captured. */
  access(position: number, register: number, read: boolean, data = 0): number {
    const request = (data >>> 0) * 8 + ((register >> 2) & 3) * 2 + (read ? 1 : 0);
    const captured = this.driver.drScan(position === 0 ? request : request * 2, DR_ACCESS_BITS + 1);
    const own = position === 0 ? captured % 2 ** DR_ACCESS_BITS : Math.floor(captured / 2);
    return Math.floor(own / 8);
  }

  /** A 32-bit read through the AHB-AP behind the TAP at `position`, as OpenOCD's mem_ap_read does. */
  memoryRead(position: number, address: number): number {
    this.select(position, JtagDpInstruction.DPACC);
    this.access(position, DpRegister.SELECT, false, 0);
    this.select(position, JtagDpInstruction.APACC);
    this.access(position, MemApRegister.TAR, false, address);
    this.access(position, MemApRegister.DRW, true);
    this.select(position, JtagDpInstruction.DPACC);
    return this.access(position, DpRegister.RDBUFF, true);
  }

  memoryWrite(position: number, address: number, value: number): void {
    this.select(position, JtagDpInstruction.DPACC);
    this.access(position, DpRegister.SELECT, false, 0);
    this.select(position, JtagDpInstruction.APACC);
    this.access(position, MemApRegister.TAR, false, address);
    this.access(position, MemApRegister.DRW, false, value);
  }

  drScan(value: number, bitLength: number): number {
    return this.driver.drScan(value, bitLength);
  }
}

describe('JtagChain', () => {
  it('puts the TAP nearest TDO first: its IR and DR bits are shifted first, its IDCODE comes out first', () => {
    const near = new JtagDp({ accessPorts: [], idcode: 0x1ba01477 });
    const far = new JtagDp({ accessPorts: [], idcode: 0x2ba01477 });
    const probe = new TwoTapProbe(new JtagChain([new JtagTap(near), new JtagTap(far)]));
    assert.equal(probe.select(0, JtagDpInstruction.IDCODE), 0b0001_0001, 'each IR captures 0b0001');
    assert.equal(probe.drScan(0, 33) % 2 ** 32, 0x1ba01477, 'near TAP: IDCODE first, then the far BYPASS bit');
    probe.select(1, JtagDpInstruction.IDCODE);
    assert.equal(Math.floor(probe.drScan(0, 33) / 2), 0x2ba01477, 'far TAP: the near BYPASS bit first, then its IDCODE');
  });

  it('needs a TAP', () => {
    assert.throws(() => new JtagChain([]), RangeError);
  });
});

describe('dual-core board behind the simulator: chain, BYPASS and one DP per core', () => {
  let simulator: Simulator;
  let probe: TwoTapProbe;

  before(async () => {
    simulator = await Simulator.start(new DualM0Board());
    probe = new TwoTapProbe(simulator.chain);
  });
  after(() => simulator.close());

  it('has two TAPs, both with the STM32F0 JTAG-DP IDCODE', () => {
    assert.equal(simulator.chain.taps.length, 2);
    probe.select(0, JtagDpInstruction.IDCODE);
    assert.equal(probe.drScan(0, 33) % 2 ** 32, stm32f0JtagIdcode);
    probe.select(1, JtagDpInstruction.IDCODE);
    assert.equal(Math.floor(probe.drScan(0, 33) / 2), stm32f0JtagIdcode);
  });

  it('with both TAPs in BYPASS, TDO is TDI two clocks late', () => {
    probe.select(0, BYPASS);
    assert.equal(probe.drScan(0b101101, 8), 0b10110100);
  });

  it('TAP 0 reaches core 0 and TAP 1 core 1 (SIO CPUID), the other TAP in BYPASS', () => {
    assert.equal(probe.memoryRead(0, SIO_BASE), 0);
    assert.equal(probe.memoryRead(1, SIO_BASE), 1);
  });

  it('memory written through one core\'s DP reads back through the other\'s', () => {
    probe.memoryWrite(1, SRAM_BASE + 0x100, 0x5eed1234);
    assert.equal(probe.memoryRead(0, SRAM_BASE + 0x100), 0x5eed1234);
  });
});
