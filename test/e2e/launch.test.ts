// DAP scenarios of a launch on the simulated board: programming a blank chip, run to main, the
// Registers scope against OpenOCD's `reg`, readMemory against `read_memory`, writeMemory. Real OpenOCD 0.12 is started by the adapter, as for a user.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { gdbBreakpoints } from '../dwarf/line/lineOracles';
import { DapSession, E2E_TIMEOUT_MS } from './dapSession';

for (const level of ['O0', 'Og'] as const) {
  describe(`launch on the simulated board (${level})`, { timeout: E2E_TIMEOUT_MS }, () => {
    let dap: DapSession;
    before(async () => {
      dap = await DapSession.start(level);
    });
    after(async () => dap?.close());

    it('programs the blank board, verifies it and stops at main where GDB would break', async () => {
      const stopped = await dap.launch({ runToEntryPoint: 'main' });
      assert.equal(stopped.body.reason, 'entry');
      const [expected] = gdbBreakpoints(dap.elfPath, ['main'])[0];
      const [top] = await dap.frames(1);
      assert.equal(top.name, 'main');
      assert.equal(top.line, expected.line);
      assert.equal(Number(top.instructionPointerReference), expected.address);
      const console = dap.output.filter((o) => o.category === 'console').map((o) => o.text).join('');
      assert.match(console, /Programming firmware\.elf: \d+ bytes into flash \(the flash differs: checksum mismatch\)/);
      assert.match(console, /Verified \d+ bytes/);
      assert.ok(dap.openocdLog.some((log) => /Open On-Chip Debugger 0\.12/.test(log.line)), 'OpenOCD log in openocd.log events');
      assert.deepEqual(dap.progress.map((p) => p.kind), ['progressStart', 'progressUpdate', 'progressUpdate', 'progressUpdate', 'progressEnd']);
      assert.match(dap.progress[0].message ?? '', /^Checking whether the flash already holds firmware\.elf/);
      assert.match(dap.progress[1].message ?? '', /^Programming firmware\.elf/);
    });

    it('shows the registers OpenOCD reads, xPSR flags as children, memory references on pc and sp', async () => {
      const frames = await dap.frames(1);
      const { scopes } = (await dap.client.scopesRequest({ frameId: frames[0].id })).body;
      const { variables } = (await dap.client.variablesRequest({ variablesReference: scopes.find((s) => s.name === 'Registers')!.variablesReference })).body;
      const reg = await dap.tcl('reg');
      const listed = new Map([...reg.matchAll(/^\(\d+\) (\w+) \(\/32\): (0x[0-9a-f]+)/gim)].map((m) => [m[1], Number(m[2])]));
      for (const name of ['r0', 'r7', 'sp', 'lr', 'pc', 'xPSR', 'msp', 'psp']) {
        const shown = variables.find((v) => v.name === name);
        assert.ok(shown, `no register ${name}`);
        assert.equal(Number(shown.value), listed.get(name), name);
      }
      assert.equal(variables.find((v) => v.name === 'pc')!.memoryReference, frames[0].instructionPointerReference);
      assert.equal(Number(variables.find((v) => v.name === 'sp')!.memoryReference), listed.get('sp'));
      const xpsr = variables.find((v) => v.name === 'xPSR')!;
      const flags = (await dap.client.variablesRequest({ variablesReference: xpsr.variablesReference })).body.variables;
      assert.equal(flags.find((f) => f.name === 'T')!.value, '1');
      assert.equal(flags.find((f) => f.name === 'N')!.value, String((listed.get('xPSR')! >>> 31) & 1));
      assert.match(flags.find((f) => f.name === 'IPSR')!.value, /^0 \(Thread mode\)$/);
    });

    it('sets a register of the innermost frame, which OpenOCD then holds', async () => {
      const frames = await dap.frames(1);
      const { scopes } = (await dap.client.scopesRequest({ frameId: frames[0].id })).body;
      const reference = scopes.find((s) => s.name === 'Registers')!.variablesReference;
      const set = await dap.client.setVariableRequest({ variablesReference: reference, name: 'r5', value: '0x1234' });
      assert.equal(set.body.value, '0x00001234');
      assert.match(await dap.tcl('reg r5'), /r5 \(\/32\): 0x00001234/);
      const { variables } = (await dap.client.variablesRequest({ variablesReference: reference })).body;
      assert.equal(variables.find((v) => v.name === 'r5')!.value, '0x00001234');
      await assert.rejects(dap.client.setVariableRequest({ variablesReference: reference, name: 'r5', value: 'lots' }), /'lots' is not a value for r5/);
      const xpsr = variables.find((v) => v.name === 'xPSR')!;
      await assert.rejects(dap.client.setVariableRequest({ variablesReference: xpsr.variablesReference, name: 'N', value: '1' }), /N cannot be set here/);
    });

    it('reads memory as read_memory does, and reports unmapped memory as unreadable bytes', async () => {
      const body = (await dap.client.send('readMemory', { memoryReference: '0x20000000', count: 64 })).body as { address: string; data: string; unreadableBytes?: number };
      const expected = (await dap.tcl('read_memory 0x20000000 8 64')).trim().split(/\s+/).map(Number);
      assert.deepEqual([...Buffer.from(body.data, 'base64')], expected);
      const edge = (await dap.client.send('readMemory', { memoryReference: '0x20001f00', count: 512 })).body as { data: string; unreadableBytes?: number };
      assert.equal(Buffer.from(edge.data, 'base64').length, 256, 'SRAM ends at 0x20002000');
      assert.equal(edge.unreadableBytes, 256);
    });

    it('writes memory the target then holds', async () => {
      const address = dap.symbol('g_bss_word');
      await dap.client.send('writeMemory', { memoryReference: `0x${address.toString(16)}`, data: Buffer.from([0x78, 0x56, 0x34, 0x12]).toString('base64') });
      assert.equal((await dap.tcl(`read_memory 0x${address.toString(16)} 32 1`)).trim(), '0x12345678');
    });
  });
}
