// DAP scenario of a RAM-linked image (firmware-ram.elf) on the blank simulated board: loaded into
// SRAM, started at its own entry with its own stack (the core's reset boots blank flash), run to
// main, a software breakpoint in RAM, "hello" on USART1, and restart doing it all again.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { Deferred } from '../../src/common';
import { parseBreakpoints } from '../../src/openocd';
import { gdbBreakpoints } from '../dwarf/line/lineOracles';
import { lineOf } from '../engine/program/sourceLines';
import { firmwareDir, firmwareRamElf } from '../helpers/firmware';
import { DapSession, E2E_TIMEOUT_MS, simLaunchConfig } from './dapSession';
import { assertRamImageAtMain } from './ramLaunch';

const SRAM_BASE = 0x2000_0000;
const SRAM_BYTE_SIZE = 8 * 1024;

/** Symbol addresses of the ELF as binutils' nm reads them (the oracle, independent of our ELF reader). */
function nmSymbols(elf: string): Map<string, number> {
  const out = execFileSync('arm-none-eabi-nm', [elf], { encoding: 'utf8' });
  return new Map([...out.matchAll(/^([0-9a-f]{8}) \w (\S+)$/gm)].map((m) => [m[2], parseInt(m[1], 16)]));
}

function hex32(value: number): string {
  return `0x${value.toString(16).padStart(8, '0')}`;
}

describe('RAM-linked image on the blank simulated board (Og)', { timeout: E2E_TIMEOUT_MS }, () => {
  const ramElf = firmwareRamElf('Og');
  const symbols = nmSymbols(ramElf);
  const mainRam = join(firmwareDir, 'mainRam.c');
  let dap: DapSession;
  let uartText = '';
  const uartWaiters: { text: string; done: Deferred<void> }[] = [];
  /** Resolves once USART1 has sent `text` in all (event-driven: each byte re-checks). */
  const uartSent = (text: string): Promise<void> => {
    const done = new Deferred<void>();
    if (uartText === text) done.resolve();
    else uartWaiters.push({ text, done });
    return done.promise;
  };
  const stoppedAfter = async (request: () => Promise<unknown>): Promise<DebugProtocol.StoppedEvent> => {
    const stopped = dap.client.waitForEvent('stopped') as Promise<DebugProtocol.StoppedEvent>;
    await request();
    return stopped;
  };

  before(async () => {
    dap = await DapSession.start('Og');
    dap.sim.board.uartTx.on((byte) => {
      uartText += String.fromCharCode(byte);
      for (const waiter of uartWaiters) if (uartText === waiter.text) waiter.done.resolve();
    });
  });
  after(async () => dap?.close());

  it('loads into RAM, starts at the ELF entry with the vector table stack, and runs to main where GDB breaks', async () => {
    // A reset-end handler of the user's own (counting resets) must keep running beside the adapter's.
    const openocdCommands = [...(simLaunchConfig(dap.sim.port, ramElf).openocdCommands as string[]), 'set ::user_reset_ends 0', '[target current] configure -event reset-end {incr ::user_reset_ends}'];
    const stopped = await dap.launch({ executable: ramElf, runToEntryPoint: 'main', openocdCommands });
    assert.equal(stopped.body.reason, 'entry');
    const console = await assertRamImageAtMain(dap, ramElf, { base: SRAM_BASE, byteSize: SRAM_BYTE_SIZE });
    const entry = symbols.get('Reset_Handler')!;
    assert.ok(console.includes(`SP = ${hex32(symbols.get('_estack')!)} (vector table ${hex32(symbols.get('vector_table')!)}), PC = ${hex32(entry)} (entry)`), console);
    assert.match(console, /no VTOR on this core \(CPUID PARTNO 0xc20\)/);
    assert.equal(uartText, '', 'nothing printed before main');
  });

  it('sets a software breakpoint in RAM; continue prints hello on USART1 and stops there', async () => {
    const line = lineOf('mainRam.c', 'loop_count++;');
    const [expected] = gdbBreakpoints(ramElf, [`mainRam.c:${line}`])[0];
    const set = await dap.client.setBreakpointsRequest({ source: { path: mainRam }, breakpoints: [{ line }] });
    assert.deepEqual(set.body.breakpoints.map((b) => [b.verified, b.line]), [[true, expected.line]]);
    const listed = parseBreakpoints(await dap.tcl('bp'));
    assert.deepEqual(listed.map((b) => [b.kind, 'address' in b ? b.address : undefined]), [['software', expected.address]]);
    const hello = uartSent('hello\n');
    const stopped = await stoppedAfter(() => dap.client.continueRequest({ threadId: 1 }));
    assert.equal(stopped.body.reason, 'breakpoint');
    const [top] = await dap.frames(1);
    assert.equal(top.name, 'main');
    assert.equal(Number(top.instructionPointerReference), expected.address);
    await hello;
  });

  it('restart starts the RAM image again: main, then hello and the breakpoint once more', async () => {
    const [main] = gdbBreakpoints(ramElf, ['main'])[0];
    const userResetEnds = Number(await dap.tcl('set ::user_reset_ends'));
    await stoppedAfter(() => dap.client.restartRequest({}));
    assert.equal(Number(await dap.tcl('set ::user_reset_ends')), userResetEnds + 1, "the user's reset-end handler ran once more");
    const [top] = await dap.frames(1);
    assert.equal(top.name, 'main');
    assert.equal(Number(top.instructionPointerReference), main.address);
    const sp = Number(/sp \(\/32\): (0x[0-9a-f]+)/.exec(await dap.tcl('reg sp'))?.[1]);
    assert.ok(sp > SRAM_BASE && sp <= symbols.get('_estack')!, `sp ${hex32(sp)} is in the image's stack`);
    const again = uartSent('hello\nhello\n');
    const stopped = await stoppedAfter(() => dap.client.continueRequest({ threadId: 1 }));
    assert.equal(stopped.body.reason, 'breakpoint');
    await again;
  });
});
