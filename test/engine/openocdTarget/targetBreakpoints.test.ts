// Two cores' breakpoint tables over one shared software breakpoint table, on recorded Tcl: the
// first core to want a RAM address writes the BKPT, the other joins and lifts it by writing the
// saved bytes back, a core that does not want it steps over it, and only the last leaver's removal
// reaches OpenOCD, on the owner.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SharedBreakpoints } from '../../../src/engine/openocdTarget/sharedBreakpoints';
import { TargetBreakpoints } from '../../../src/engine/openocdTarget/targetBreakpoints';
import { TargetScripts } from '../../../src/engine/openocdTarget/targetScripts';

const RAM = 0x20000000;

function core(name: string, other: string, shared: SharedBreakpoints, sent: string[]): TargetBreakpoints {
  return new TargetBreakpoints(
    {
      name,
      scripts: new TargetScripts(name),
      budget: { hardwareBreakpoints: 2, watchpoints: 1 },
      breakpointByteSize: 2,
      isFlash: (address) => address < RAM,
      otherCores: () => [other],
      shared,
      liftsOwnBreakpoints: false,
    },
    {
      run: async (script) => {
        sent.push(script);
        // addSharedBreakpoint's reply: the bytes before and after `bp`.
        return script.includes('set ocd_orig') ? '{0x01 0x30} {0x11 0xbe}' : '';
      },
      cmd: async (script) => {
        sent.push(script);
        return { retcode: 0, cmd: script, rawCmd: script, out: '' };
      },
    },
  );
}

describe('TargetBreakpoints with several cores', () => {
  it('writes a shared RAM breakpoint once, on the first core; the other joins, lifts it with the saved bytes, and the last removal is the owner\'s rbp', async () => {
    const shared = new SharedBreakpoints();
    const sent: string[] = [];
    const cpu0 = core('dual.cpu0', 'dual.cpu1', shared, sent);
    const cpu1 = core('dual.cpu1', 'dual.cpu0', shared, sent);
    assert.equal(await cpu0.add(RAM + 0x10, 'auto'), 'software');
    assert.equal(await cpu1.add(RAM + 0x10, 'auto'), 'software');
    assert.equal(sent.length, 1, 'one bp for both cores');
    assert.match(sent[0], /^targets dual\.cpu0; .*bp 0x20000010 2; list/);
    assert.deepEqual([cpu0.kindAt(RAM + 0x10), cpu1.kindAt(RAM + 0x10)], ['software', 'software']);
    assert.equal(cpu0.liftAt(RAM + 0x10), undefined, 'the owner: OpenOCD steps over its own');
    assert.deepEqual(cpu1.liftAt(RAM + 0x10), { lift: 'dual.cpu1 write_memory 0x20000010 8 {0x1 0x30}', restore: 'dual.cpu1 write_memory 0x20000010 8 {0x11 0xbe}' });
    assert.deepEqual([cpu0.foreignAt(RAM + 0x10), cpu1.foreignAt(RAM + 0x10)], [false, false]);
    // The owner leaves first (DAP sets a group on thread 1, then thread 2): its BKPT stays for cpu1.
    await cpu0.remove(RAM + 0x10);
    assert.equal(sent.length, 1);
    assert.equal(cpu0.foreignAt(RAM + 0x10), true, 'cpu0 steps over a hit unseen now');
    assert.equal(cpu0.kindAt(RAM + 0x10), undefined);
    await cpu1.remove(RAM + 0x10);
    assert.equal(sent.length, 2);
    assert.match(sent[1], /^targets dual\.cpu0; .*rbp 0x20000010/);
    assert.equal(shared.at(RAM + 0x10), undefined);
    assert.equal(cpu0.foreignAt(RAM + 0x10), false);
  });

  it('keeps hardware breakpoints in flash per core', async () => {
    const shared = new SharedBreakpoints();
    const sent: string[] = [];
    await core('dual.cpu0', 'dual.cpu1', shared, sent).add(0x08000100, 'auto');
    await core('dual.cpu1', 'dual.cpu0', shared, sent).add(0x08000100, 'auto');
    assert.deepEqual(sent, ['targets dual.cpu0; bp 0x8000100 2 hw', 'targets dual.cpu1; bp 0x8000100 2 hw']);
    assert.equal(shared.at(0x08000100), undefined);
  });
});
