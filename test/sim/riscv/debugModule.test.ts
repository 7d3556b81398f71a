// Unit tests of the Debug Module's registers against a scripted hart (Debug Spec 0.13.2 §3.12):
// activation, halt/resume handshakes, havereset, Access Register and Memory, cmderr, postexec, abstractauto.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { RamBus, ramBase } from '../link/ramBoard';
import { CmdErr, DebugModule, Dmcontrol, DmRegister, type DebugHart, type HartState } from './debugModule';
import { SystemBusAccess } from './systemBusAccess';

/** A hart whose registers are a map and whose program buffer runs a callback. */
class ScriptedHart implements DebugHart {
  state: HartState = 'running';
  haveReset = true;
  haltRequested = false;
  readonly registers = new Map<number, number>([[0x1008, 0x11], [0x301, 0x40001104]]);
  readonly log: string[] = [];
  programResult = true;

  setHaltRequest(requested: boolean): void {
    this.haltRequested = requested;
    if (requested && this.state === 'running') this.state = 'halted';
  }
  resume(): void {
    this.log.push('resume');
    this.state = 'running';
  }
  readRegister(regno: number): number | undefined {
    return this.registers.get(regno);
  }
  writeRegister(regno: number, value: number): boolean {
    if (!this.registers.has(regno)) return false;
    this.registers.set(regno, value);
    return true;
  }
  executeProgramBuffer(): boolean {
    this.log.push('progbuf');
    return this.programResult;
  }
}

const ACTIVE = Dmcontrol.DMACTIVE;
/** Access Register command (§3.6.1.1): aarsize 2 (32 bits) unless given. */
function accessRegister(regno: number, flags: { write?: boolean; transfer?: boolean; postexec?: boolean; postincrement?: boolean; aarsize?: number } = {}): number {
  return (
    ((flags.aarsize ?? 2) << 20) |
    (flags.postincrement ? 1 << 19 : 0) |
    (flags.postexec ? 1 << 18 : 0) |
    ((flags.transfer ?? true) ? 1 << 17 : 0) |
    (flags.write ? 1 << 16 : 0) |
    regno
  );
}

function setUp(): { hart: ScriptedHart; dm: DebugModule; resets: boolean[]; bus: RamBus } {
  const hart = new ScriptedHart();
  const resets: boolean[] = [];
  const bus = new RamBus();
  const dm = new DebugModule(hart, new SystemBusAccess(bus), { systemReset: (asserted) => resets.push(asserted), memory: bus });
  dm.write(DmRegister.dmcontrol, 0);
  dm.write(DmRegister.dmcontrol, ACTIVE);
  return { hart, dm, resets, bus };
}

const cmderr = (dm: DebugModule): number => (dm.read(DmRegister.abstractcs) >>> 8) & 7;

describe('DebugModule', () => {
  it('reports version 2, authenticated, impebreak and one hart that hartsel cannot leave', () => {
    const { dm } = setUp();
    const dmstatus = dm.read(DmRegister.dmstatus);
    assert.equal(dmstatus & 0xf, 2, 'version 0.13');
    assert.ok(dmstatus & (1 << 7), 'authenticated');
    assert.ok(dmstatus & (1 << 22), 'impebreak');
    assert.equal((dmstatus >>> 10) & 3, 3, 'allrunning and anyrunning');
    assert.equal((dmstatus >>> 14) & 3, 0, 'hart 0 exists');
    dm.write(DmRegister.dmcontrol, ACTIVE | (0x3ff << 16) | (0x3ff << 6) | Dmcontrol.HASEL);
    assert.equal(dm.read(DmRegister.dmcontrol), ACTIVE, 'hartsellen 0, no hasel');
    const abstractcs = dm.read(DmRegister.abstractcs);
    assert.equal(abstractcs & 0xf, 2, 'datacount');
    assert.equal((abstractcs >>> 24) & 0x1f, 2, 'progbufsize');
  });

  it('ignores every register but dmcontrol until dmactive is set', () => {
    const hart = new ScriptedHart();
    const bus = new RamBus();
    const dm = new DebugModule(hart, new SystemBusAccess(bus), { systemReset: () => undefined, memory: bus });
    dm.write(DmRegister.data0, 5);
    assert.equal(dm.read(DmRegister.data0), 0);
    assert.equal(dm.read(DmRegister.dmcontrol), 0);
  });

  it('halts on haltreq and resumes on resumereq with the resumeack handshake', () => {
    const { hart, dm } = setUp();
    dm.write(DmRegister.dmcontrol, ACTIVE | Dmcontrol.HALTREQ);
    assert.equal((dm.read(DmRegister.dmstatus) >>> 8) & 3, 3, 'allhalted and anyhalted');
    assert.equal(dm.read(DmRegister.haltsum0), 1);
    dm.write(DmRegister.dmcontrol, ACTIVE);
    assert.equal(hart.haltRequested, false, 'haltreq is a level the debugger clears');
    assert.equal((dm.read(DmRegister.dmstatus) >>> 16) & 3, 0, 'no resumeack before a resume');
    dm.write(DmRegister.dmcontrol, ACTIVE | Dmcontrol.RESUMEREQ);
    assert.deepEqual(hart.log, ['resume']);
    const dmstatus = dm.read(DmRegister.dmstatus);
    assert.equal((dmstatus >>> 16) & 3, 3, 'allresumeack');
    assert.equal((dmstatus >>> 10) & 3, 3, 'running');
    assert.equal(dm.read(DmRegister.haltsum0), 0);
  });

  it('ignores resumereq while haltreq is set', () => {
    const { hart, dm } = setUp();
    dm.write(DmRegister.dmcontrol, ACTIVE | Dmcontrol.HALTREQ);
    dm.write(DmRegister.dmcontrol, ACTIVE | Dmcontrol.HALTREQ | Dmcontrol.RESUMEREQ);
    assert.deepEqual(hart.log, []);
  });

  it('clears havereset on ackhavereset and drives ndmreset to the system', () => {
    const { hart, dm, resets } = setUp();
    assert.equal((dm.read(DmRegister.dmstatus) >>> 18) & 3, 3, 'havereset after power-on');
    dm.write(DmRegister.dmcontrol, ACTIVE | Dmcontrol.ACKHAVERESET);
    assert.equal(hart.haveReset, false);
    assert.equal((dm.read(DmRegister.dmstatus) >>> 18) & 3, 0);
    dm.write(DmRegister.dmcontrol, ACTIVE | Dmcontrol.NDMRESET);
    assert.equal(dm.read(DmRegister.dmcontrol), ACTIVE | Dmcontrol.NDMRESET);
    dm.write(DmRegister.dmcontrol, ACTIVE | Dmcontrol.NDMRESET);
    dm.write(DmRegister.dmcontrol, ACTIVE);
    assert.deepEqual(resets, [true, false], 'one edge each way');
  });

  it('reads and writes registers through data0 with Access Register', () => {
    const { hart, dm } = setUp();
    dm.write(DmRegister.dmcontrol, ACTIVE | Dmcontrol.HALTREQ);
    dm.write(DmRegister.command, accessRegister(0x1008));
    assert.equal(cmderr(dm), CmdErr.NONE);
    assert.equal(dm.read(DmRegister.data0), 0x11);
    dm.write(DmRegister.data0, 0xcafe);
    dm.write(DmRegister.command, accessRegister(0x301, { write: true }));
    assert.equal(hart.registers.get(0x301), 0xcafe);
  });

  it('fails a 64-bit access with not-supported and a missing register with exception; cmderr is W1C and blocks commands', () => {
    const { dm } = setUp();
    dm.write(DmRegister.dmcontrol, ACTIVE | Dmcontrol.HALTREQ);
    dm.write(DmRegister.command, accessRegister(0x1008, { aarsize: 3 }));
    assert.equal(cmderr(dm), CmdErr.NOT_SUPPORTED);
    dm.write(DmRegister.command, accessRegister(0x1008));
    assert.equal(dm.read(DmRegister.data0), 0, 'ignored while cmderr is set');
    dm.write(DmRegister.abstractcs, 7 << 8);
    assert.equal(cmderr(dm), CmdErr.NONE);
    dm.write(DmRegister.command, accessRegister(0x1020));
    assert.equal(cmderr(dm), CmdErr.EXCEPTION, 'no FPRs on RV32IMC');
    dm.write(DmRegister.abstractcs, 7 << 8);
    dm.write(DmRegister.command, 1 << 24);
    assert.equal(cmderr(dm), CmdErr.NOT_SUPPORTED, 'Quick Access');
  });

  it('refuses Access Register on a running hart with halt/resume', () => {
    const { dm } = setUp();
    dm.write(DmRegister.command, accessRegister(0x1008));
    assert.equal(cmderr(dm), CmdErr.HALT_RESUME);
  });

  it('runs the program buffer after the transfer with postexec, reporting its exception', () => {
    const { hart, dm } = setUp();
    dm.write(DmRegister.dmcontrol, ACTIVE | Dmcontrol.HALTREQ);
    dm.write(DmRegister.progbuf0, 0x00042403);
    assert.equal(dm.read(DmRegister.progbuf0), 0x00042403);
    assert.equal(dm.programBuffer[0], 0x00042403, 'the hart fetches what the debugger wrote');
    dm.write(DmRegister.command, accessRegister(0x1000, { transfer: false, postexec: true }));
    assert.deepEqual(hart.log, ['progbuf']);
    hart.programResult = false;
    dm.write(DmRegister.command, accessRegister(0x1000, { transfer: false, postexec: true }));
    assert.equal(cmderr(dm), CmdErr.EXCEPTION);
  });

  it('re-runs the command on data0 accesses with autoexecdata, reading the value before the run', () => {
    const { hart, dm } = setUp();
    dm.write(DmRegister.dmcontrol, ACTIVE | Dmcontrol.HALTREQ);
    hart.registers.set(0x1009, 1);
    dm.write(DmRegister.command, accessRegister(0x1009, { postexec: true }));
    dm.write(DmRegister.abstractauto, 0xffffffff);
    assert.equal(dm.read(DmRegister.abstractauto), 0x00030003, 'two data and two progbuf bits');
    hart.registers.set(0x1009, 2);
    assert.equal(dm.read(DmRegister.data0), 1, 'the value of the previous run');
    assert.equal(dm.read(DmRegister.data0), 2);
    assert.deepEqual(hart.log, ['progbuf', 'progbuf', 'progbuf']);
    dm.write(DmRegister.abstractauto, 0);
    dm.read(DmRegister.data0);
    assert.equal(hart.log.length, 3);
  });

  it('advances regno with aarpostincrement', () => {
    const { hart, dm } = setUp();
    dm.write(DmRegister.dmcontrol, ACTIVE | Dmcontrol.HALTREQ);
    hart.registers.set(0x1009, 9);
    dm.write(DmRegister.command, accessRegister(0x1008, { postincrement: true }));
    dm.write(DmRegister.abstractauto, 1);
    assert.equal(dm.read(DmRegister.data0), 0x11);
    assert.equal(dm.read(DmRegister.data0), 9, 'x9 after x8');
  });

  it('accesses memory with Access Memory through data1, postincrementing it, even while the hart runs', () => {
    const { dm, bus } = setUp();
    const accessMemory = (aamsize: number, write: boolean): number => (2 << 24) | (aamsize << 20) | (1 << 19) | (write ? 1 << 16 : 0);
    dm.write(DmRegister.data0 + 1, ramBase + 0x10);
    dm.write(DmRegister.data0, 0xcafef00d);
    dm.write(DmRegister.command, accessMemory(2, true));
    assert.equal(cmderr(dm), CmdErr.NONE, 'no halt needed');
    assert.equal(bus.read(ramBase + 0x10, 4), 0xcafef00d);
    assert.equal(dm.read(DmRegister.data0 + 1), ramBase + 0x14, 'aampostincrement');
    dm.write(DmRegister.data0 + 1, ramBase + 0x11);
    dm.write(DmRegister.command, accessMemory(0, false));
    assert.equal(dm.read(DmRegister.data0), 0xf0, 'one byte');
    dm.write(DmRegister.data0 + 1, ramBase - 4);
    dm.write(DmRegister.command, accessMemory(2, false));
    assert.equal(cmderr(dm), CmdErr.BUS);
    dm.write(DmRegister.abstractcs, 7 << 8);
    dm.write(DmRegister.command, accessMemory(3, false));
    assert.equal(cmderr(dm), CmdErr.NOT_SUPPORTED, '64-bit');
  });

  it('resets its registers but not the hart when dmactive goes to 0', () => {
    const { hart, dm, resets } = setUp();
    dm.write(DmRegister.dmcontrol, ACTIVE | Dmcontrol.HALTREQ | Dmcontrol.NDMRESET);
    dm.write(DmRegister.data0, 7);
    dm.write(DmRegister.dmcontrol, 0);
    dm.write(DmRegister.dmcontrol, ACTIVE);
    assert.equal(dm.read(DmRegister.data0), 0);
    assert.equal(hart.state, 'halted', 'the hart stays in Debug Mode');
    assert.deepEqual(resets, [true, false], 'ndmreset released');
  });
});
