// The RISC-V board program linked into SRAM (board-ram.elf) through the adapter (issue 19): loaded
// with load_image and verified, started at its ELF entry by every reset halt (the hart boots flash),
// run to main where GDB breaks, and a breakpoint there is a software one (C.EBREAK in RAM).
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { Deferred } from '../../../src/common';
import { parseBreakpoints } from '../../../src/openocd';
import type { RiscvBoard } from '../../sim/riscv/riscvBoard';
import { gdbBreakpoints } from '../../dwarf/line/lineOracles';
import { lineOf } from '../../engine/program/sourceLines';
import { firmwareDir, riscvBoardRamElf } from '../../helpers/firmware';
import { DapSession, E2E_TIMEOUT_MS } from '../dapSession';
import { assertRamImageAtMain } from '../ramLaunch';

const SRAM_BASE = 0x2000_0000;
const SRAM_BYTE_SIZE = 32 * 1024;
const hex32 = (value: number): string => `0x${value.toString(16).padStart(8, '0')}`;

describe('RISC-V board: a RAM-linked image (Og)', { timeout: E2E_TIMEOUT_MS }, () => {
  const ramElf = riscvBoardRamElf('Og');
  const mainSource = join(firmwareDir, 'riscv', 'board-main.c');
  let dap: DapSession<RiscvBoard>;
  let uartText = '';
  let uartWaiter: { text: string; done: Deferred<void> } | undefined;
  /** Resolves once USART0 has sent `text` in all (each byte re-checks). */
  const uartSent = (text: string): Promise<void> => {
    const done = new Deferred<void>();
    if (uartText.startsWith(text)) done.resolve();
    else uartWaiter = { text, done };
    return done.promise;
  };

  before(async () => {
    dap = await DapSession.startRv32('Og', { elfPath: ramElf });
    dap.sim.board.uartTx.on((byte) => {
      uartText += String.fromCharCode(byte);
      if (uartWaiter && uartText.startsWith(uartWaiter.text)) uartWaiter.done.resolve();
    });
  });
  after(async () => dap?.close());

  it('loads into SRAM, verifies, starts at the ELF entry and runs to main where GDB breaks', async () => {
    const stopped = await dap.launch({ runToEntryPoint: 'main' });
    assert.equal(stopped.body.reason, 'entry');
    const console = await assertRamImageAtMain(dap, ramElf, { base: SRAM_BASE, byteSize: SRAM_BYTE_SIZE });
    assert.ok(console.includes(`RAM image: each reset halt sets PC = ${hex32(dap.elf.header.entry)} (entry)`), console);
    assert.equal(dap.elf.header.entry, dap.symbol('_start'));
    assert.equal(uartText, '', 'nothing printed before main');
  });

  it('a breakpoint in main\'s loop is a software breakpoint; continue prints the banner and stops there', async () => {
    const line = lineOf('riscv/board-main.c', 'round_once();');
    const [expected] = gdbBreakpoints(ramElf, [`board-main.c:${line}`])[0];
    const set = await dap.client.setBreakpointsRequest({ source: { path: mainSource }, breakpoints: [{ line }] });
    assert.deepEqual(set.body.breakpoints.map((b) => [b.verified, b.line]), [[true, expected.line]]);
    const listed = parseBreakpoints(await dap.tcl('bp'));
    assert.deepEqual(listed.map((b) => [b.kind, 'address' in b ? b.address : undefined]), [['software', expected.address]]);
    const banner = uartSent('riscv board up\n');
    const stopped = dap.client.waitForEvent('stopped') as Promise<DebugProtocol.StoppedEvent>;
    await dap.client.continueRequest({ threadId: 1 });
    assert.equal((await stopped).body.reason, 'breakpoint');
    const [top] = await dap.frames(1);
    assert.equal(top.name, 'main');
    assert.equal(Number(top.instructionPointerReference), expected.address);
    await banner;
  });
});
