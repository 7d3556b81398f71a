// Unit tests of System Bus Access (Debug Spec 0.13.2 §3.10) as OpenOCD 0.12's read_memory_bus_v1
// and write_memory_bus_v1 use it: read on address, read on data, autoincrement, sizes, sberror.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { RamBus, ramBase } from '../link/ramBoard';
import { SbError, Sbcs, SystemBusAccess } from './systemBusAccess';

const SBCS = 0x38;
const SBADDRESS0 = 0x39;
const SBDATA0 = 0x3c;
const sbaccess = (size: 1 | 2 | 4): number => (Math.log2(size) << 17) >>> 0;

function setUp(): { bus: RamBus; sba: SystemBusAccess } {
  const bus = new RamBus();
  for (let i = 0; i < 16; i++) bus.bytes[i] = 0x10 + i;
  return { bus, sba: new SystemBusAccess(bus) };
}

describe('SystemBusAccess', () => {
  it('reports sbversion 1, sbasize 32 and 8/16/32-bit accesses', () => {
    const { sba } = setUp();
    const sbcs = sba.read(SBCS);
    assert.equal(sbcs >>> 29, 1);
    assert.equal((sbcs >>> 5) & 0x7f, 32);
    assert.equal(sbcs & 0x1f, 0b00111);
  });

  it('reads a block as OpenOCD does: read on address, then read on data with autoincrement', () => {
    const { sba } = setUp();
    sba.write(SBCS, Sbcs.READONADDR | sbaccess(4) | Sbcs.AUTOINCREMENT | Sbcs.READONDATA);
    sba.write(SBADDRESS0, ramBase);
    const words = [sba.read(SBDATA0), sba.read(SBDATA0)];
    sba.write(SBCS, Sbcs.READONADDR | sbaccess(4) | Sbcs.AUTOINCREMENT);
    words.push(sba.read(SBDATA0));
    assert.deepEqual(words, [0x13121110, 0x17161514, 0x1b1a1918]);
    assert.equal(sba.read(SBADDRESS0), ramBase + 12, 'the address after the last read');
    assert.equal((sba.read(SBCS) >>> 12) & 7, SbError.NONE);
  });

  it('writes bytes, halfwords and words at their lanes', () => {
    const { bus, sba } = setUp();
    sba.write(SBCS, sbaccess(1) | Sbcs.AUTOINCREMENT);
    sba.write(SBADDRESS0, ramBase + 0x100);
    sba.write(SBDATA0, 0xaa);
    sba.write(SBDATA0, 0xbb);
    sba.write(SBCS, sbaccess(2));
    sba.write(SBADDRESS0, ramBase + 0x102);
    sba.write(SBDATA0, 0xccdd);
    assert.deepEqual([...bus.bytes.subarray(0x100, 0x104)], [0xaa, 0xbb, 0xdd, 0xcc]);
    sba.write(SBCS, Sbcs.READONADDR | sbaccess(4));
    sba.write(SBADDRESS0, ramBase + 0x100);
    assert.equal(sba.read(SBDATA0), 0xccddbbaa);
  });

  it('sets sberror 2 on a bus error and makes no access until it is cleared', () => {
    const { bus, sba } = setUp();
    sba.write(SBCS, sbaccess(4) | Sbcs.AUTOINCREMENT);
    sba.write(SBADDRESS0, ramBase - 4);
    sba.write(SBDATA0, 1);
    assert.equal((sba.read(SBCS) >>> 12) & 7, SbError.BAD_ADDRESS);
    assert.equal(sba.read(SBADDRESS0), ramBase - 4, 'no increment after a failed access');
    const accesses = bus.accesses.length;
    sba.write(SBADDRESS0, ramBase);
    sba.write(SBDATA0, 2);
    assert.equal(bus.accesses.length, accesses);
    sba.write(SBCS, (7 << 12) | sbaccess(4));
    assert.equal((sba.read(SBCS) >>> 12) & 7, SbError.NONE, 'write 1 to clear');
    sba.write(SBDATA0, 3);
    assert.equal(bus.read(ramBase, 4), 3);
  });

  it('reports misalignment and unsupported sizes without touching the bus', () => {
    const { bus, sba } = setUp();
    sba.write(SBCS, Sbcs.READONADDR | sbaccess(4));
    sba.write(SBADDRESS0, ramBase + 2);
    assert.equal((sba.read(SBCS) >>> 12) & 7, SbError.ALIGNMENT);
    sba.write(SBCS, (7 << 12) | Sbcs.READONADDR | (3 << 17));
    sba.write(SBADDRESS0, ramBase);
    assert.equal((sba.read(SBCS) >>> 12) & 7, SbError.SIZE, '64-bit');
    assert.equal(bus.accesses.length, 0);
  });
});
