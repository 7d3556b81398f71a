// DAP disassemble backwards, as VS Code's disassembly view asks to fill the lines above the pc
// (negative instructionOffset reaching below the flash base): main's code before the pc is decoded
// as arm-none-eabi-objdump -d lists it, and only memory OpenOCD cannot read is shown as `??`.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { DapSession, E2E_TIMEOUT_MS } from './dapSession';

interface ObjdumpRow {
  readonly address: number;
  /** Byte order in memory, spaced as DAP's instructionBytes. */
  readonly bytes: string;
  readonly mnemonic: string;
  /** The text after the mnemonic (operands, objdump's `<symbol>` of a branch target). */
  readonly rest: string;
}

/** `objdump -d` of one function; Thumb halfwords are little-endian in memory. */
function objdumpRows(elfPath: string, fn: string): ObjdumpRow[] {
  const dump = execFileSync('arm-none-eabi-objdump', ['-d', `--disassemble=${fn}`, elfPath], { encoding: 'utf8' });
  return [...dump.matchAll(/^ ([0-9a-f]+):\t((?:[0-9a-f]{4,8} ?)+)\s*\t(\S+)\t?(.*)$/gm)].map((m) => ({
    address: Number(`0x${m[1]}`),
    bytes: m[2].trim().split(' ').flatMap((unit) => (unit.match(/../g) ?? []).reverse()).join(' '),
    mnemonic: m[3].replace(/\.[nw]$/, ''),
    rest: m[4],
  }));
}

describe('disassemble backwards from the pc in main (O0)', { timeout: E2E_TIMEOUT_MS }, () => {
  let dap: DapSession;
  let main: ObjdumpRow[];
  let pc: number;
  before(async () => {
    dap = await DapSession.start('O0', { preload: true });
    await dap.launch({ load: false, runToEntryPoint: 'main' });
    main = objdumpRows(dap.elfPath, 'main');
    // The stop the bug was seen at: in main's loop, after the call to wait_for_tick returned.
    const call = main.findIndex((row) => row.mnemonic === 'bl' && row.rest.endsWith('<wait_for_tick>'));
    pc = main[call + 3].address;
    await dap.client.send('setInstructionBreakpoints', { breakpoints: [{ instructionReference: `0x${pc.toString(16)}` }] });
    const stopped = dap.client.waitForEvent('stopped');
    await dap.client.continueRequest({ threadId: 1 });
    await stopped;
    await dap.client.send('setInstructionBreakpoints', { breakpoints: [] });
  });
  after(async () => dap?.close());

  it('decodes main before the pc as objdump -d does, and shows ?? only below the flash base', async () => {
    const [frame] = await dap.frames(1);
    assert.equal(Number(frame.instructionPointerReference), pc);
    const body = (await dap.client.send('disassemble', { memoryReference: frame.instructionPointerReference, instructionOffset: -200, instructionCount: 400 }))
      .body as DebugProtocol.DisassembleResponse['body'];
    const shown = body!.instructions;
    assert.equal(shown.length, 400);
    const at = shown.findIndex((i) => Number(i.address) === pc);
    assert.equal(at, 200, 'the pc is the 201st line, as instructionOffset -200 asks');

    const before = main.filter((row) => row.address < pc).map(({ address, bytes, mnemonic }) => ({ address, bytes, mnemonic }));
    const shownBefore = before.map((row) => shown.find((i) => Number(i.address) === row.address));
    assert.deepEqual(
      shownBefore.map((i) => i && { address: Number(i.address), bytes: i.instructionBytes, mnemonic: i.instruction.split(/\s/)[0] }),
      before,
    );

    const flashBase = dap.symbol('vector_table');
    const unreadable = shown.filter((i) => i.instruction === '??');
    assert.ok(unreadable.length > 0, 'the window reaches below the flash base');
    assert.ok(unreadable.every((i) => Number(i.address) < flashBase), `?? only below 0x${flashBase.toString(16)}: ${unreadable.map((i) => i.address).join(' ')}`);
    assert.ok(shown.filter((i) => Number(i.address) >= flashBase).every((i) => i.instruction !== '??'), 'flash is all decoded');
    // The oracle for "unreadable": OpenOCD itself cannot read the highest `??` address.
    const highest = Number(unreadable[unreadable.length - 1].address);
    // (`catch` prints 1 when the read failed, after OpenOCD's own log of the failure.)
    const catchCode = async (address: number): Promise<string | undefined> => (await dap.tcl(`catch {read_memory 0x${address.toString(16)} 16 1}`)).trim().split('\n').pop();
    assert.equal(await catchCode(highest), '1', `OpenOCD cannot read 0x${highest.toString(16)}`);
    assert.equal(await catchCode(flashBase), '0', 'OpenOCD reads the flash base');
  });
});
