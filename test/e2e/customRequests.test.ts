// The public DAP API of the session layer (`openocd.*` custom requests, src/adapter/README.md) on
// the simulated board with real OpenOCD 0.12: targets, reset, flash banks, program, erase, verify,
// raw commands; each bad argument gets an error that names it, and the session keeps working.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { CUSTOM_REQUESTS, type FlashBanksResponseBody, type ProgramResponseBody, type TargetsResponseBody, type VerifyResponseBody } from '../../src/adapter/api';
import { gdbInfoLines } from '../dwarf/line/lineOracles';
import { DapSession, E2E_TIMEOUT_MS } from './dapSession';

/** Sector 32 of the STM32F030's 64 x 1 KiB flash: above the firmware (about 5 KiB), so its code is untouched. */
const SPARE_SECTOR = 32;
const SPARE_ADDRESS = 0x0800_0000 + SPARE_SECTOR * 1024;

describe('custom DAP requests on the simulated board (Og)', { timeout: E2E_TIMEOUT_MS * 2 }, () => {
  let dap: DapSession;
  let scratch: string;
  const request = async <T>(command: string, args: Record<string, unknown> = {}): Promise<T> => (await dap.client.customRequest(command, args)).body as T;
  /** The error message of a request that must fail. */
  const refusal = async (command: string, args: Record<string, unknown>): Promise<string> => {
    const outcome = await dap.client.customRequest(command, args).then(() => undefined, (error: Error) => error.message);
    assert.ok(outcome !== undefined, `${command} ${JSON.stringify(args)} was not refused`);
    return outcome;
  };
  /** Bytes as `read_memory` reads them now, through the debug console. */
  const readBack = async (address: number, byteLength: number): Promise<Buffer> => {
    const words = (await dap.tcl(`read_memory 0x${address.toString(16)} 8 ${byteLength}`)).trim().split(/\s+/);
    return Buffer.from(words.map(Number));
  };
  /** The session still answers: a stack trace of the stopped thread. */
  const stillWorks = async (): Promise<void> => {
    assert.ok((await dap.frames(1)).length === 1);
  };

  before(async () => {
    dap = await DapSession.start('Og');
    scratch = mkdtempSync(join(tmpdir(), 'openocd-debug-custom-'));
    await dap.launch({ runToEntryPoint: 'main' });
  });
  after(async () => {
    await dap?.close();
    rmSync(scratch, { recursive: true, force: true });
  });

  it('openocd.targets lists the target with its type, state, thread and PC in main', async () => {
    const { targets } = await request<TargetsResponseBody>(CUSTOM_REQUESTS.targets);
    const [top] = await dap.frames(1);
    assert.deepEqual(targets, [{ name: 'stm32f0x.cpu', type: 'cortex_m', state: 'halted', threadId: 1, pc: Number(top.instructionPointerReference), function: 'main' }]);
  });

  it('openocd.reset halt stops at the reset handler, at the line GDB gives for the PC', async () => {
    const stopped = dap.client.waitForEvent('stopped') as Promise<DebugProtocol.StoppedEvent>;
    await request(CUSTOM_REQUESTS.reset, { mode: 'halt' });
    assert.equal((await stopped).body.reason, 'entry');
    const [top] = await dap.frames(1);
    const pc = Number(top.instructionPointerReference);
    const resetVector = dap.elf.symbolByName('Reset_Handler')!.address;
    assert.equal(pc, resetVector);
    const [gdbLine] = gdbInfoLines(dap.elfPath, [pc]);
    assert.equal(top.name, 'Reset_Handler');
    assert.equal(top.line, gdbLine?.line);
    assert.equal(top.source?.name, 'startup.c');
    // A view that reads the targets after every stop costs no round trip beyond the stop's own.
    const before = dap.session.roundTrips;
    const { targets } = await request<TargetsResponseBody>(CUSTOM_REQUESTS.targets);
    assert.equal(dap.session.roundTrips - before, 0, 'openocd.targets after a stop asked OpenOCD');
    assert.deepEqual(targets.map((target) => [target.state, target.pc, target.function]), [['halted', pc, 'Reset_Handler']]);
  });

  it('openocd.reset run resumes (continued), and the target then reads as running', async () => {
    const continued = dap.client.waitForEvent('continued');
    await request(CUSTOM_REQUESTS.reset, { mode: 'run', threadId: 1 });
    await continued;
    const { targets } = await request<TargetsResponseBody>(CUSTOM_REQUESTS.targets);
    assert.equal(targets[0].state, 'running');
    assert.equal(targets[0].pc, undefined);
  });

  it('refuses to program or erase while the target runs, and says so', async () => {
    const bin = join(scratch, 'running.bin');
    writeFileSync(bin, Buffer.alloc(16, 0x5a));
    assert.match(await refusal(CUSTOM_REQUESTS.program, { path: bin, address: SPARE_ADDRESS }), /cannot program while stm32f0x\.cpu is running: pause it first/);
    assert.match(await refusal(CUSTOM_REQUESTS.erase, { bank: 0 }), /cannot erase flash while stm32f0x\.cpu is running/);
    const stopped = dap.client.waitForEvent('stopped');
    await dap.client.pauseRequest({ threadId: 1 });
    await stopped;
  });

  it('openocd.reset with an unknown mode or thread names it', async () => {
    assert.match(await refusal(CUSTOM_REQUESTS.reset, { mode: 'soft' }), /unknown reset mode 'soft': use halt, init, run/);
    assert.match(await refusal(CUSTOM_REQUESTS.reset, { mode: 'halt', threadId: 7 }), /no thread 7/);
    assert.match(await refusal(CUSTOM_REQUESTS.reset, {}), /openocd\.reset: "mode" must be a string; got nothing/);
    await stillWorks();
  });

  it('openocd.flashBanks gives the bank with its 64 sectors of 1 KiB, none protected', async () => {
    const { banks } = await request<FlashBanksResponseBody>(CUSTOM_REQUESTS.flashBanks);
    assert.equal(banks.length, 1);
    const [bank] = banks;
    assert.deepEqual({ ...bank, sectors: bank.sectors.length }, { index: 0, name: 'stm32f0x.flash', driver: 'stm32f1x', base: 0x0800_0000, size: 64 * 1024, target: 'stm32f0x.cpu', sectors: 64 });
    for (const [k, sector] of bank.sectors.entries()) assert.deepEqual(sector, { index: k, offset: k * 1024, size: 1024, protected: false });
  });

  it('programs a BIN at an address, verifies it, and read_memory equals the file', async () => {
    const bin = join(scratch, 'data.bin');
    const data = randomBytes(2048);
    writeFileSync(bin, data);
    const stopped = dap.client.waitForEvent('stopped') as Promise<DebugProtocol.StoppedEvent>;
    const progress = dap.progress.length;
    const result = await request<ProgramResponseBody>(CUSTOM_REQUESTS.program, { path: bin, address: SPARE_ADDRESS });
    assert.deepEqual(result, { bytes: 2048, verified: true });
    assert.equal((await stopped).body.reason, 'entry', 'a reset halt follows programming');
    assert.deepEqual(await readBack(SPARE_ADDRESS, 2048), data);
    assert.deepEqual(await request<VerifyResponseBody>(CUSTOM_REQUESTS.verify, { path: bin, address: SPARE_ADDRESS }), { matches: true });
    const events = dap.progress.slice(progress);
    assert.equal(events[0].kind, 'progressStart');
    assert.equal(events.at(-1)!.kind, 'progressEnd');
    assert.ok(dap.percentages.length > 0 && dap.percentages.every((p, k) => k === 0 || p >= dap.percentages[k - 1]), `percentages rise: ${dap.percentages}`);
  });

  it('erases sectors, which then read 0xFF, and verify names the first byte that differs', async () => {
    const bin = join(scratch, 'data.bin');
    const viewRead = async (): Promise<Buffer> => Buffer.from(((await dap.client.send('readMemory', { memoryReference: `0x${SPARE_ADDRESS.toString(16)}`, count: 16 })).body as { data: string }).data, 'base64');
    assert.deepEqual(await viewRead(), readFileSync(bin).subarray(0, 16), 'the memory view shows the programmed bytes');
    const invalidated = dap.client.waitForEvent('invalidated');
    await request(CUSTOM_REQUESTS.erase, { bank: 0, firstSector: SPARE_SECTOR, lastSector: SPARE_SECTOR + 1 });
    await invalidated;
    assert.deepEqual(await readBack(SPARE_ADDRESS, 2048), Buffer.alloc(2048, 0xff));
    assert.deepEqual(await viewRead(), Buffer.alloc(16, 0xff), 'the memory view reads the erased flash, not a cached copy');
    const verify = await request<VerifyResponseBody>(CUSTOM_REQUESTS.verify, { path: bin, address: SPARE_ADDRESS });
    const file = readFileSync(bin);
    const first = [...file].findIndex((byte) => byte !== 0xff);
    assert.deepEqual(verify, { matches: false, firstMismatch: { address: SPARE_ADDRESS + first, expected: file[first], actual: 0xff } });
  });

  it('programs the ELF itself (relative to cwd), stops at the reset handler, and verify matches', async () => {
    const stopped = dap.client.waitForEvent('stopped') as Promise<DebugProtocol.StoppedEvent>;
    const relative = join('build', 'Og', 'firmware.elf');
    const result = await request<ProgramResponseBody>(CUSTOM_REQUESTS.program, { path: relative });
    const loadBytes = dap.elf.loadSegments().reduce((sum, segment) => sum + segment.data.length, 0);
    assert.deepEqual(result, { bytes: loadBytes, verified: true });
    await stopped;
    assert.equal((await dap.frames(1))[0].name, 'Reset_Handler');
    assert.deepEqual(await request<VerifyResponseBody>(CUSTOM_REQUESTS.verify, { path: dap.elfPath }), { matches: true });
  });

  it('names each bad argument of program, erase and verify, and the session goes on', async () => {
    const missing = join(scratch, 'missing.elf');
    assert.match(await refusal(CUSTOM_REQUESTS.program, { path: missing }), new RegExp(`file not found: ${missing.replace(/[.]/g, '\\.')}`));
    const bin = join(scratch, 'data.bin');
    assert.match(await refusal(CUSTOM_REQUESTS.program, { path: bin }), /is a raw binary: give the address to program it at \("address"\)/);
    assert.match(await refusal(CUSTOM_REQUESTS.program, { path: dap.elfPath, address: SPARE_ADDRESS }), /"address" applies only to a raw binary/);
    assert.match(await refusal(CUSTOM_REQUESTS.program, { path: 7 }), /openocd\.program: "path" must be a string; got 7/);
    assert.match(await refusal(CUSTOM_REQUESTS.erase, { bank: 3 }), /no flash bank 3: the banks are 0 \(stm32f0x\.flash\)/);
    assert.match(await refusal(CUSTOM_REQUESTS.erase, { bank: 0, firstSector: 70 }), /firstSector 70 is out of range: bank 0 \(stm32f0x\.flash\) has sectors 0 to 63/);
    assert.match(await refusal(CUSTOM_REQUESTS.erase, { bank: 0, firstSector: 5, lastSector: 4 }), /firstSector 5 is after lastSector 4/);
    assert.match(await refusal(CUSTOM_REQUESTS.erase, { bank: -1 }), /"bank" must be a whole number/);
    assert.match(await refusal(CUSTOM_REQUESTS.verify, { path: missing }), /file not found/);
    await stillWorks();
    assert.deepEqual(await request<VerifyResponseBody>(CUSTOM_REQUESTS.verify, { path: dap.elfPath }), { matches: true }, 'nothing was written by a refused request');
  });

  it('openocd.command runs a raw command and returns its output; a failing one says why', async () => {
    const { output } = await request<{ output: string }>(CUSTOM_REQUESTS.command, { command: 'flash banks' });
    assert.match(output, /#0 : stm32f0x\.flash \(stm32f1x\) at 0x08000000, size 0x00010000/);
    assert.match(await refusal(CUSTOM_REQUESTS.command, { command: 'no_such_command' }), /invalid command name "no_such_command"/);
    assert.match(await refusal(CUSTOM_REQUESTS.command, {}), /"command" must be a string/);
    await stillWorks();
  });

  it('readMemory takes the thread of the memory reference', async () => {
    const [top] = await dap.frames(1);
    const memory = (await dap.client.send('readMemory', { memoryReference: `${top.instructionPointerReference}@1`, count: 4 })).body as { address: string };
    assert.equal(memory.address, top.instructionPointerReference);
    assert.match(await dap.client.send('readMemory', { memoryReference: `${top.instructionPointerReference}@2`, count: 4 }).then(() => '', (error: Error) => error.message), /no thread 2/);
  });
});
