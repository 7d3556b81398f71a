// Unit tests of the AHB-AP: CSW sizes and byte lanes, auto-increment and its 1 KiB wrap, banked
// data registers, identification registers and bus errors.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Csw, MemAp, MemApRegister, ahbApIdr, cortexM0RomBase } from './memAp';
import { RamBus, ramBase } from './ramBoard';

function setup(): { bus: RamBus; ap: MemAp } {
  const bus = new RamBus();
  return { bus, ap: new MemAp(bus) };
}

describe('MemAp', () => {
  it('identifies as an AHB-AP with the Cortex-M0 ROM table and CFG 0', () => {
    const { ap } = setup();
    assert.equal(ap.read(MemApRegister.IDR), ahbApIdr);
    assert.equal(ap.read(MemApRegister.BASE), cortexM0RomBase);
    assert.equal(ap.read(MemApRegister.CFG), 0);
  });

  it('reads back CSW with DeviceEn set, keeps Prot bits, and clears packed AddrInc', () => {
    const { ap } = setup();
    ap.write(MemApRegister.CSW, 0xa2000000 | Csw.ADDRINC_SINGLE | Csw.SIZE_16);
    assert.equal(ap.read(MemApRegister.CSW), (0xa2000000 | Csw.DEVICE_EN | Csw.ADDRINC_SINGLE | Csw.SIZE_16) >>> 0);
    ap.write(MemApRegister.CSW, Csw.ADDRINC_PACKED | Csw.SIZE_8);
    assert.equal((ap.read(MemApRegister.CSW) ?? 0) & Csw.ADDRINC_MASK, Csw.ADDRINC_OFF);
  });

  it('writes and reads 32-bit words through DRW', () => {
    const { bus, ap } = setup();
    ap.write(MemApRegister.CSW, Csw.SIZE_32);
    ap.write(MemApRegister.TAR, ramBase + 8);
    assert.equal(ap.write(MemApRegister.DRW, 0xdeadbeef), true);
    assert.deepEqual([...bus.bytes.subarray(8, 12)], [0xef, 0xbe, 0xad, 0xde]);
    assert.equal(ap.read(MemApRegister.DRW), 0xdeadbeef);
  });

  it('puts bytes and halfwords on the byte lanes given by TAR[1:0]', () => {
    const { bus, ap } = setup();
    bus.bytes.set([0x11, 0x22, 0x33, 0x44], 0);
    ap.write(MemApRegister.CSW, Csw.SIZE_8);
    for (let lane = 0; lane < 4; lane++) {
      ap.write(MemApRegister.TAR, ramBase + lane);
      assert.equal(ap.read(MemApRegister.DRW), ((0x11 * (lane + 1)) << (8 * lane)) >>> 0, `byte lane ${lane}`);
    }
    ap.write(MemApRegister.TAR, ramBase + 2);
    ap.write(MemApRegister.DRW, 0xaabbccdd);
    assert.equal(bus.bytes[2], 0xbb, 'byte write takes lane 2');
    assert.deepEqual(bus.accesses.at(-1), { address: ramBase + 2, size: 1, write: true });

    ap.write(MemApRegister.CSW, Csw.SIZE_16);
    ap.write(MemApRegister.TAR, ramBase + 2);
    assert.equal(ap.read(MemApRegister.DRW), 0x44bb0000);
    ap.write(MemApRegister.DRW, 0x12345678);
    assert.deepEqual([...bus.bytes.subarray(0, 4)], [0x11, 0x22, 0x34, 0x12]);
  });

  it('auto-increments TAR by the access size when AddrInc is single', () => {
    const { ap } = setup();
    for (const [size, step] of [[Csw.SIZE_8, 1], [Csw.SIZE_16, 2], [Csw.SIZE_32, 4]]) {
      ap.write(MemApRegister.CSW, Csw.ADDRINC_SINGLE | size);
      ap.write(MemApRegister.TAR, ramBase + 0x100);
      ap.write(MemApRegister.DRW, 0);
      ap.read(MemApRegister.DRW);
      assert.equal(ap.read(MemApRegister.TAR), ramBase + 0x100 + 2 * step, `size ${size}`);
    }
    ap.write(MemApRegister.CSW, Csw.ADDRINC_OFF | Csw.SIZE_32);
    ap.write(MemApRegister.TAR, ramBase);
    ap.read(MemApRegister.DRW);
    assert.equal(ap.read(MemApRegister.TAR), ramBase);
  });

  it('wraps auto-increment within the 1 KiB block', () => {
    const { bus, ap } = setup();
    ap.write(MemApRegister.CSW, Csw.ADDRINC_SINGLE | Csw.SIZE_32);
    ap.write(MemApRegister.TAR, ramBase + 0x3fc);
    ap.write(MemApRegister.DRW, 1);
    assert.equal(ap.read(MemApRegister.TAR), ramBase);
    ap.write(MemApRegister.DRW, 2);
    assert.equal(bus.bytes[0], 2);
    assert.equal(bus.bytes[0x400], 0, 'the next block is untouched');
  });

  it('reaches TAR[31:4] + 4n through BD0-BD3 without incrementing', () => {
    const { bus, ap } = setup();
    ap.write(MemApRegister.CSW, Csw.ADDRINC_SINGLE | Csw.SIZE_32);
    ap.write(MemApRegister.TAR, ramBase + 0x24);
    ap.write(MemApRegister.BD3, 0xcafef00d);
    assert.deepEqual(bus.accesses.at(-1), { address: ramBase + 0x2c, size: 4, write: true });
    assert.equal(ap.read(MemApRegister.BD3), 0xcafef00d);
    assert.equal(ap.read(MemApRegister.TAR), ramBase + 0x24);
  });

  it('reports bus errors to the DP and leaves TAR where the access failed', () => {
    const { ap } = setup();
    ap.write(MemApRegister.CSW, Csw.ADDRINC_SINGLE | Csw.SIZE_32);
    ap.write(MemApRegister.TAR, 0x10000000);
    assert.equal(ap.read(MemApRegister.DRW), undefined);
    assert.equal(ap.write(MemApRegister.DRW, 5), false);
    assert.equal(ap.read(MemApRegister.TAR), 0x10000000);
  });
});
