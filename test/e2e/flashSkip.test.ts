// DAP scenarios of launch.json `verifyBeforeFlashing` on one simulated board across sessions: a
// relaunch of the ELF the flash holds erases and writes nothing, a flash changed between sessions
// is programmed and verified, `false` and `openocd.program` always program, a bad value is named.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { CUSTOM_REQUESTS } from '../../src/adapter';
import { ElfFile } from '../../src/elf';
import { firmwareElf } from '../helpers/firmware';
import { startSim, type InProcessSim } from '../sim/startSim';
import { DapSession, E2E_TIMEOUT_MS, simLaunchConfig } from './dapSession';
import { OwnOpenocd } from './ownOpenocd';

/** The flash array's erase and program operations so far (test/sim/board/flashInterface.ts). */
type FlashOperations = { pageErases: number; massErases: number; halfwordsProgrammed: number };

describe('launch with verifyBeforeFlashing on the simulated board (Og)', { timeout: E2E_TIMEOUT_MS * 2 }, () => {
  const elfPath = firmwareElf('Og');
  const elf = ElfFile.parse(readFileSync(elfPath));
  let sim: InProcessSim;
  before(async () => {
    sim = await startSim({ cyclesPerSecond: 8_000_000 });
  });
  after(async () => sim?.stop());

  const operations = (): FlashOperations => ({ ...sim.board.flash.operations });
  const consoleOf = (dap: DapSession): string => dap.output.filter((o) => o.category === 'console').map((o) => o.text).join('');

  /** Every byte of the ELF's load segments as the board's flash holds it. */
  function assertFlashHoldsElf(): void {
    for (const segment of elf.loadSegments()) {
      const differing = segment.data.findIndex((byte, i) => sim.board.bus.read(segment.paddr + i, 1) !== byte);
      assert.equal(differing, -1, `flash differs from the ELF at 0x${(segment.paddr + differing).toString(16)}`);
    }
  }

  /** One session on the board: launch to main with `extra` attributes, `during` it, then disconnect (the board stays). */
  async function session(extra: Record<string, unknown>, during: (dap: DapSession) => Promise<void> = async () => undefined): Promise<DapSession> {
    const dap = await DapSession.onBoard(sim, elfPath);
    try {
      const stopped = await dap.launch({ runToEntryPoint: 'main', ...extra });
      assert.equal(stopped.body.reason, 'entry');
      assert.equal((await dap.frames(1))[0].name, 'main');
      await during(dap);
    } finally {
      await dap.close({ keepBoard: true });
    }
    return dap;
  }

  it('programs the blank board, then a relaunch of the same ELF erases and writes nothing', async () => {
    const blank = operations();
    const first = await session({});
    const programmed = operations();
    assert.ok(programmed.pageErases > blank.pageErases && programmed.halfwordsProgrammed > blank.halfwordsProgrammed, 'the blank board was not programmed');
    assert.match(consoleOf(first), /Programming firmware\.elf: \d+ bytes into flash \(the flash differs: checksum mismatch\)/);
    // The image ends inside a sector: OpenOCD says it erases that sector's rest (flash/nor/core.c).
    const erasing = (dap: DapSession): string[] => dap.openocdLog.map((log) => log.line).filter((line) => /erase|padding|wrote/i.test(line));
    assert.notDeepEqual(erasing(first), [], 'the log of a launch that programs shows no erase');
    assertFlashHoldsElf();

    const again = await session({});
    assert.deepEqual(operations(), programmed, 'the relaunch erased or wrote flash');
    assert.deepEqual(erasing(again), [], 'OpenOCD logged an erase or a write');
    const shown = consoleOf(again);
    assert.match(shown, /The flash already holds firmware\.elf: \d+ bytes match by checksum; nothing erased or written\./);
    assert.doesNotMatch(shown, /Programming|Wrote/);
    assert.deepEqual(again.progress.map((p) => p.kind), ['progressStart', 'progressUpdate', 'progressEnd']);
    assert.match(again.progress[1].message ?? '', /^The flash already holds firmware\.elf/);
    assertFlashHoldsElf();
  });

  it('programs and verifies a flash changed by one word written through the Tcl port between sessions', async () => {
    const address = (elf.symbolByName('main')!.address & ~3) >>> 0;
    const own = await OwnOpenocd.start(sim.port);
    try {
      await own.tcl.cmd('reset halt');
      // 0x0000 may be programmed over any halfword of STM32 flash (RM0091 3.2.2): no erase needed.
      await own.tcl.cmd(`flash fillw 0x${address.toString(16)} 0 1`);
      assert.equal(await own.word(address), 0, 'the word was not overwritten');
    } finally {
      await own.stop();
    }
    const changed = operations();
    const dap = await session({});
    const after = operations();
    assert.ok(after.pageErases > changed.pageErases && after.halfwordsProgrammed > changed.halfwordsProgrammed, 'the changed flash was not programmed');
    const shown = consoleOf(dap);
    assert.match(shown, /Checking whether the flash already holds firmware\.elf/);
    assert.match(shown, /\(the flash differs: checksum mismatch\)/);
    assert.match(shown, /Verified \d+ bytes/);
    assertFlashHoldsElf();
  });

  it('erases, writes and verifies an unchanged image when verifyBeforeFlashing is false, and openocd.program always programs', async () => {
    const held = operations();
    let beforeProgram = held;
    const dap = await session({ verifyBeforeFlashing: false }, async (live) => {
      beforeProgram = operations();
      const stopped = live.client.waitForEvent('stopped');
      await live.client.customRequest(CUSTOM_REQUESTS.program, { path: elfPath });
      await stopped;
    });
    assert.ok(beforeProgram.pageErases > held.pageErases && beforeProgram.halfwordsProgrammed > held.halfwordsProgrammed, 'verifyBeforeFlashing false did not program');
    const shown = consoleOf(dap);
    assert.doesNotMatch(shown, /Checking whether|already holds/);
    assert.match(shown, /Programming firmware\.elf: \d+ bytes into flash\.\.\./);
    assert.match(shown, /Verified \d+ bytes/);
    const end = operations();
    assert.ok(end.pageErases > beforeProgram.pageErases && end.halfwordsProgrammed > beforeProgram.halfwordsProgrammed, 'openocd.program skipped an unchanged image');
    assertFlashHoldsElf();
  });

  it('refuses a verifyBeforeFlashing that is not true or false, naming it, before OpenOCD starts', async () => {
    const dap = await DapSession.onBoard(sim, elfPath);
    try {
      await dap.client.initializeRequest();
      const config = simLaunchConfig(sim.port, elfPath, { verifyBeforeFlashing: 'ifChanged' }) as DebugProtocol.LaunchRequestArguments;
      await assert.rejects(dap.client.launchRequest(config), { message: 'launch.json: "verifyBeforeFlashing" must be true or false; got "ifChanged"' });
      assert.equal(dap.session.openocdPid, undefined, 'OpenOCD was started');
    } finally {
      await dap.close({ keepBoard: true });
    }
  });
});
