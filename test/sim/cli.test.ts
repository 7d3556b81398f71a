// Tests of `npm run sim` (main.ts) as a child process and of firmware-file loading: the printed
// port serves JTAG, USART1 output reaches --uart, SIGTERM exits 0, bad arguments name the problem.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, watch, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { UserError } from '../../src/common';
import { dualCoreElf, firmwareBin, firmwareElf, riscvBoardElf } from '../helpers/firmware';
import { Stm32f030Board } from './board';
import { BitbangScript, Peer, bitsToNumber } from './link/bitbangPeer';
import { JtagDriver } from './link/jtagDriver';
import { stm32f0JtagIdcode } from './link/jtagDp';
import { gd32vf103Idcode } from './riscv/jtagDtm';
import { type BoardKind, loadFirmwareFile, startSim, startSimProcess } from './startSim';

const workDir = mkdtempSync(join(tmpdir(), 'sim-cli-'));
after(() => rmSync(workDir, { recursive: true, force: true }));

/** Resolves when `path` contains `text`, re-reading it on every change event. */
function fileContains(path: string, text: string): Promise<string> {
  return new Promise((resolve) => {
    const watcher = watch(path, () => check());
    const check = (): void => {
      const content = readFileSync(path, 'latin1');
      if (!content.includes(text)) return;
      watcher.close();
      resolve(content);
    };
    check();
  });
}

/** The IDCODE the TAP nearest TDO shifts out after Test-Logic-Reset, over remote_bitbang on `port`. */
async function idcodeAt(port: number): Promise<number> {
  const peer = await Peer.connect(port);
  const script = new BitbangScript();
  const driver = new JtagDriver(script);
  driver.resetToIdle();
  driver.drScan(0, 32);
  const idcode = bitsToNumber(await peer.exchange(script.text, script.samples));
  peer.socket.destroy();
  return idcode;
}

describe('npm run sim (main.ts)', () => {
  it('listens on the printed port, writes USART1 output to --uart, and exits 0 on SIGTERM', async () => {
    const uartPath = join(workDir, 'uart.txt');
    writeFileSync(uartPath, '');
    const sim = await startSimProcess({ firmwarePath: firmwareElf('O0'), uartPath });
    try {
      assert.match(sim.output.join('\n'), new RegExp(`set SIM_PORT ${sim.port}`), 'prints the OpenOCD command line');
      assert.match(await fileContains(uartPath, 'hello\n'), /^hello\n/);
      assert.equal(await idcodeAt(sim.port), stm32f0JtagIdcode);
    } finally {
      await sim.stop();
    }
    assert.equal(await sim.exited, 0);
  });

  it('serves the RISC-V board with --board rv32: its DTM IDCODE on the chain, USART0 output in --uart', async () => {
    const uartPath = join(workDir, 'uart-rv32.txt');
    writeFileSync(uartPath, '');
    const sim = await startSimProcess({ board: 'rv32', firmwarePath: riscvBoardElf('O0'), uartPath });
    try {
      assert.match(sim.output.join('\n'), /target\/sim-rv32\.cfg/);
      assert.match(await fileContains(uartPath, 'riscv board up\n'), /^riscv board up\n/);
      assert.equal(await idcodeAt(sim.port), gd32vf103Idcode);
    } finally {
      await sim.stop();
    }
    assert.equal(await sim.exited, 0);
  });

  it('serves the dual-core board with --board dual-m0: its config named, a JTAG-DP nearest TDO', async () => {
    const sim = await startSimProcess({ board: 'dual-m0', firmwarePath: dualCoreElf() });
    try {
      assert.match(sim.output.join('\n'), /-f target\/sim-dual-m0\.cfg/);
      assert.equal(await idcodeAt(sim.port), stm32f0JtagIdcode);
    } finally {
      await sim.stop();
    }
    assert.equal(await sim.exited, 0);
  });

  it('refuses an unknown board with exit code 2 and lists the boards', async () => {
    await assert.rejects(startSimProcess({ board: 'm4' as BoardKind }), (error: Error) =>
      /exited \(code 2\)/.test(error.message) && /--board: expected stm32f030 or dual-m0 or rv32, got 'm4'/.test(error.message),
    );
  });

  it('refuses a bad option value with exit code 2 and names the option', async () => {
    await assert.rejects(startSimProcess({ port: 70000 }), (error: Error) =>
      /exited \(code 2\)/.test(error.message) && /--port: expected an integer from 0 to 65535, got '70000'/.test(error.message),
    );
  });

  it('refuses a port in use with exit code 1 and names it', async () => {
    const first = await startSim();
    try {
      await assert.rejects(startSimProcess({ port: first.port }), (error: Error) =>
        /exited \(code 1\)/.test(error.message) &&
        error.message.includes(`cannot listen for remote_bitbang on 127.0.0.1:${first.port}`) &&
        /EADDRINUSE/.test(error.message),
      );
    } finally {
      await first.stop();
    }
  });

  it('refuses a missing firmware file with exit code 1 and names it', async () => {
    const missing = join(workDir, 'missing.elf');
    await assert.rejects(startSimProcess({ firmwarePath: missing }), (error: Error) =>
      /exited \(code 1\)/.test(error.message) && error.message.includes(`cannot read firmware file ${missing}`),
    );
  });
});

describe('loadFirmwareFile', () => {
  it('loads an ELF by its load segments and a .bin at 0x08000000, giving the same flash', () => {
    const fromElf = new Stm32f030Board();
    loadFirmwareFile(fromElf, firmwareElf('O2'));
    const fromBin = new Stm32f030Board();
    loadFirmwareFile(fromBin, firmwareBin('O2'));
    const bin = readFileSync(firmwareBin('O2'));
    for (const board of [fromElf, fromBin]) {
      for (const offset of [0, 4, bin.length - 4]) {
        assert.equal(board.bus.read(0x08000000 + offset, 4), bin.readUInt32LE(offset), `word at +${offset}`);
      }
    }
  });

  it('refuses a file that is neither ELF nor .bin', () => {
    const path = join(workDir, 'firmware.hex');
    writeFileSync(path, ':00000001FF\n');
    assert.throws(() => loadFirmwareFile(new Stm32f030Board(), path), (error: unknown) =>
      error instanceof UserError && /neither an ELF file nor a \.bin image/.test(error.message),
    );
  });
});
