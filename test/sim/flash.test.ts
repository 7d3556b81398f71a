// Flash programming through real OpenOCD 0.12 and its stm32f1x driver on the simulated board:
// `program` with the working-area loader, sector and protection-block listings, erase, verify.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { TclCommandError } from '../../src/common';
import { parseFlashInfo, parseVerifyDifferences, tclQuote } from '../../src/openocd';
import { firmwareBin, firmwareElf } from '../helpers/firmware';
import { FLASH_BASE, FLASH_BYTE_SIZE } from './board';
import { BoardSession } from './boardSession';

describe('flash programming through OpenOCD', () => {
  let session: BoardSession;
  /** Writes the debugger itself made into the flash array (the loader's writes come from the core). */
  let debuggerFlashWrites = 0;

  before(async () => {
    session = await BoardSession.start({ firmware: 'O0' });
    const bus = session.board.bus;
    const write = bus.write.bind(bus);
    bus.write = (address, size, value) => {
      if (address >= FLASH_BASE && address < FLASH_BASE + FLASH_BYTE_SIZE) debuggerFlashWrites++;
      return write(address, size, value);
    };
  });
  after(async () => {
    await session?.close();
  });

  /** Whether flash holds `image` from FLASH_BASE, read through the board (the oracle). */
  function flashHolds(image: Uint8Array): boolean {
    return image.every((byte, i) => session.board.bus.read(FLASH_BASE + i, 1) === byte);
  }

  it('lists 64 pages of 1 KiB with `flash info 0 sectors`', async () => {
    const info = parseFlashInfo(await session.cmd('flash info 0 sectors'));
    assert.equal(info.driver, 'stm32f1x');
    assert.equal(info.base, FLASH_BASE);
    assert.equal(info.byteSize, 64 * 1024);
    assert.equal(info.sectors.length, 64);
    assert.ok(info.sectors.every((sector, i) => sector.offset === i * 1024 && sector.byteSize === 1024));
  });

  it('lists 16 write-protection blocks of 4 KiB, none protected, with plain `flash info 0`', async () => {
    const info = parseFlashInfo(await session.cmd('flash info 0'));
    assert.equal(info.sectors.length, 16);
    assert.ok(info.sectors.every((block, i) => block.offset === i * 4096 && block.byteSize === 4096));
    assert.ok(info.sectors.every((block) => block.protection === 'not protected'));
    assert.match(info.driverInfo, /STM32F05x/);
  });

  it('`program <elf> verify reset` writes through the working-area loader, verifies, and runs', async () => {
    const image = readFileSync(firmwareBin('O2'));
    assert.equal(flashHolds(image), false, 'the O0 firmware is in flash before');
    // Halted from its reset vector, the old firmware cannot print: any hello comes from the new one.
    await session.cmd('reset halt');
    debuggerFlashWrites = 0;
    const from = session.log.length;
    const hello = session.uartText('hello\n', 60_000);
    await session.cmd(`program ${tclQuote(firmwareElf('O2'))} verify reset`);
    const log = session.log.slice(from).join('\n');
    assert.match(log, /\*\* Programming Finished \*\*/);
    assert.match(log, /\*\* Verified OK \*\*/);
    assert.doesNotMatch(log, /no working area|falling back|Error: /);
    assert.equal(debuggerFlashWrites, 0, 'every halfword was programmed by the loader on the core');
    assert.ok(flashHolds(image), 'flash holds the O2 image');
    assert.equal(await hello, 'hello\n');
  });

  it('falls back to halfword writes by the debugger without a working area', async () => {
    const image = readFileSync(firmwareBin('O0'));
    await session.cmd('reset halt');
    await session.cmd('stm32f0x.cpu configure -work-area-size 0');
    try {
      debuggerFlashWrites = 0;
      await session.cmd(`flash write_image erase ${tclQuote(firmwareBin('O0'))} ${FLASH_BASE}`);
      assert.ok(debuggerFlashWrites >= image.length / 2, `${debuggerFlashWrites} debugger writes`);
      assert.ok(flashHolds(image));
    } finally {
      await session.cmd('stm32f0x.cpu configure -work-area-size 0x1000');
    }
  });

  it('`flash erase_sector` blanks one page, and `verify_image` then reports the difference', async () => {
    const elf = tclQuote(firmwareElf('O0'));
    await session.cmd('reset halt');
    await session.cmd(`verify_image ${elf}`);
    await session.cmd('flash erase_sector 0 1 1');
    assert.equal(await session.cmd(`read_memory ${FLASH_BASE + 0x400} 32 2`), '0xffffffff 0xffffffff');
    assert.notEqual(session.board.bus.read(FLASH_BASE + 0x3fc, 4), 0xffffffff, 'page 0 is untouched');
    const failure = await session.cmd(`verify_image ${elf}`).then(
      () => assert.fail('verify_image passed after an erase'),
      (error: unknown) => error as TclCommandError,
    );
    assert.ok(failure instanceof TclCommandError);
    const differences = parseVerifyDifferences(failure.output);
    assert.ok(differences.length > 0);
    assert.ok(differences.every((d) => d.address >= FLASH_BASE + 0x400 && d.address < FLASH_BASE + 0x800 && d.actual === 0xff));
  });
});
