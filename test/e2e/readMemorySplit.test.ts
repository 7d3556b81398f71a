// DAP readMemory of windows that cross the edges of the flash on the simulated board, with OpenOCD's
// own read_memory as the oracle: the readable bytes are returned, the unreadable run is reported
// (unreadableBytes), and a follow-up read past that run returns the flash. Both the adapter's DAP
// request and memoryRequests' readMemoryResponse over the engine's readSplit are checked.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { readMemoryResponse } from '../../src/adapter/memoryRequests';
import type { MemoryRange } from '../../src/engine';
import { EngineSession } from '../engine/engineSession';
import { DapSession, E2E_TIMEOUT_MS } from './dapSession';

const FLASH_BASE = 0x08000000;

/** The bytes OpenOCD's `read_memory ADDRESS 8 COUNT` returns (it fails for any unreadable byte). */
function parseReadMemory(out: string, count: number): number[] {
  const values = (out.match(/0x[0-9a-f]+/gi) ?? []).map(Number);
  assert.equal(values.length, count, `read_memory printed ${values.length} of ${count} bytes: ${out.slice(0, 200)}`);
  return values;
}

const bytesOf = (body: DebugProtocol.ReadMemoryResponse['body']): number[] => [...Buffer.from(body?.data ?? '', 'base64')];
const hex = (address: number): string => `0x${address.toString(16)}`;

describe('readMemory across the edges of the flash, like OpenOCD read_memory', { timeout: E2E_TIMEOUT_MS }, () => {
  let dap: DapSession;
  let flashEnd: number;
  before(async () => {
    dap = await DapSession.start('Og', { preload: true });
    await dap.launch({ load: false, runToEntryPoint: 'main' });
    const bank = /at 0x([0-9a-f]+), size 0x([0-9a-f]+)/i.exec(await dap.tcl('flash banks'));
    assert.ok(bank, 'OpenOCD names the flash bank');
    assert.equal(parseInt(bank[1], 16), FLASH_BASE);
    flashEnd = FLASH_BASE + parseInt(bank[2], 16);
  });
  after(async () => dap?.close());

  const readDap = async (memoryReference: string, count: number, offset?: number) => (await dap.client.send('readMemory', { memoryReference, count, offset })).body as DebugProtocol.ReadMemoryResponse['body'];
  const openocdBytes = async (address: number, count: number) => parseReadMemory(await dap.tcl(`read_memory ${hex(address)} 8 ${count}`), count);
  const openocdFails = async (address: number) => (await dap.tcl(`catch {read_memory ${hex(address)} 8 1}`)).trim().split('\n').pop() === '1';

  it('a window starting below the flash base reports the unmapped run, and the read past it returns the flash', async () => {
    assert.ok(await openocdFails(FLASH_BASE - 1), 'OpenOCD cannot read below the flash base');
    const body = await readDap(hex(FLASH_BASE - 0x100), 0x200);
    assert.equal(body?.address, '0x07ffff00');
    assert.deepEqual(bytesOf(body), []);
    assert.equal(body?.unreadableBytes, 0x100);
    const after = await readDap(hex(FLASH_BASE - 0x100), 0x100, body?.unreadableBytes);
    assert.equal(after?.address, '0x08000000');
    assert.deepEqual(bytesOf(after), await openocdBytes(FLASH_BASE, 0x100));
    assert.equal(after?.unreadableBytes, undefined);
  });

  it('a window across the end of the flash returns the flash bytes and reports the rest as unreadable', async () => {
    assert.ok(await openocdFails(flashEnd), 'OpenOCD cannot read past the flash');
    const body = await readDap(hex(flashEnd - 0x80), 0x100);
    assert.deepEqual(bytesOf(body), await openocdBytes(flashEnd - 0x80, 0x80));
    assert.equal(body?.unreadableBytes, 0x80);
  });
});

describe('readMemoryResponse over the engine, like OpenOCD read_memory', { timeout: E2E_TIMEOUT_MS }, () => {
  let engine: EngineSession;
  before(async () => {
    engine = await EngineSession.start('Og');
  });
  after(async () => engine?.close());

  const read = (ranges: readonly MemoryRange[]) => engine.debug.readMemory(1, ranges);
  const openocdBytes = async (address: number, count: number) => parseReadMemory(await engine.debug.rawCommand(`read_memory ${hex(address)} 8 ${count}`), count);

  it('finds the readable flash after an unmapped run, and the unmapped run after the flash start', async () => {
    const below = await readMemoryResponse(FLASH_BASE - 0x100, 0x200, read);
    assert.deepEqual(bytesOf(below), []);
    assert.equal(below?.unreadableBytes, 0x100);
    const flash = await readMemoryResponse(FLASH_BASE, 0x200, read);
    assert.deepEqual(bytesOf(flash), await openocdBytes(FLASH_BASE, 0x200));
    assert.equal(flash?.unreadableBytes, undefined);
  });

  it('returns the flash bytes before the end of the flash and reports the rest as unreadable', async () => {
    const bank = /at 0x[0-9a-f]+, size 0x([0-9a-f]+)/i.exec(await engine.debug.rawCommand('flash banks'));
    assert.ok(bank, 'OpenOCD names the flash bank');
    const flashEnd = FLASH_BASE + parseInt(bank[1], 16);
    const body = await readMemoryResponse(flashEnd - 0x40, 0x100, read);
    assert.deepEqual(bytesOf(body), await openocdBytes(flashEnd - 0x40, 0x40));
    assert.equal(body?.unreadableBytes, 0xc0);
  });

  it('rejects a read far larger than the memory view asks for', async () => {
    await assert.rejects(readMemoryResponse(FLASH_BASE, 1 << 24, read), /too large/);
  });
});
