// The board's memory map and peripherals as seen from the bus (RM0091 2.2, 3.5, 7.4, 8.4, 27.8,
// 32.9), SRST, firmware loading, and the test firmware running to its "hello" at each -O level.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { UserError } from '../../../src/common';
import { ElfFile } from '../../../src/elf';
import { firmwareBin, firmwareElf, optimizationLevels } from '../../helpers/firmware';
import { boardWithCode } from './boardFixture';
import { FLASH_BASE, segmentsFromBin, segmentsFromElf, SRAM_BASE, Stm32f030Board } from './index';

const text = (bytes: number[]) => String.fromCharCode(...bytes);

describe('STM32F030 memory map', () => {
  const board = new Stm32f030Board();

  it('aliases flash at 0 and answers the identification registers', () => {
    board.loadFirmware([{ address: FLASH_BASE, data: new Uint8Array([1, 2, 3, 4]) }]);
    assert.equal(board.bus.read(0, 4), 0x04030201);
    assert.equal(board.bus.read(FLASH_BASE, 4), 0x04030201);
    assert.equal(board.bus.read(0x1ffff7cc, 2), 64, 'flash size in KiB');
    assert.equal(board.bus.read(0x40015800, 4), 0x20006440, 'DBGMCU_IDCODE');
    assert.equal(board.bus.read(0xe000ed00, 4), 0x410cc200, 'CPUID: Cortex-M0');
    assert.equal(board.bus.read(0xe00ff000, 4), 0xfff0f003, 'ROM table entry for the SCS');
    assert.equal(board.bus.read(0xe000eff4, 4), 0xe0, 'SCS CIDR1');
  });

  it('gives bus errors outside memories and peripherals, and reads 0 in the rest of the PPB', () => {
    assert.equal(board.bus.read(SRAM_BASE + 8 * 1024, 4), undefined);
    assert.equal(board.bus.read(FLASH_BASE + 64 * 1024, 4), undefined);
    assert.equal(board.bus.read(0x40008000, 4), undefined);
    assert.equal(board.bus.write(0x60000000, 4, 0), false);
    assert.equal(board.bus.write(0x1ffff7cc, 2, 1), false, 'system memory is read-only');
    assert.equal(board.bus.read(0xe000ed24, 4), 0, 'SHCSR reads 0');
    assert.equal(board.bus.read(0x40000400, 4), 0, 'TIM3 exists but is not modelled');
  });

  it('accesses SRAM in every size, little-endian', () => {
    assert.ok(board.bus.write(SRAM_BASE, 4, 0x11223344));
    assert.ok(board.bus.write(SRAM_BASE + 1, 1, 0xaa));
    assert.equal(board.bus.read(SRAM_BASE + 2, 2), 0x1122);
    assert.equal(board.bus.read(SRAM_BASE, 4), 0x1122aa44);
  });
});

describe('STM32F030 peripherals', () => {
  it('RCC ready flags follow their enables and SWS follows SW', () => {
    const board = new Stm32f030Board();
    assert.equal(board.bus.read(0x40021000, 4), 0x83);
    board.bus.write(0x40021000, 4, 0x01000083);
    assert.equal(board.bus.read(0x40021000, 4), 0x03000083, 'PLLRDY');
    board.bus.write(0x40021004, 4, 0x00280002);
    assert.equal(board.bus.read(0x40021004, 4), 0x0028000a, 'SWS = PLL');
  });

  it('USART1 transmits TDR bytes on uartTx once UE and TE are set', () => {
    const board = new Stm32f030Board();
    const sent: number[] = [];
    board.uartTx.on((byte) => sent.push(byte));
    board.bus.write(0x40013800, 4, 0x9); // UE | TE
    assert.equal(board.bus.read(0x40013800, 4), 0, 'no clock: reads 0, writes ignored');
    board.bus.write(0x40021018, 4, 1 << 14); // RCC_APB2ENR.USART1EN
    board.bus.write(0x40013828, 4, 0x41);
    assert.deepEqual(sent, [], 'UE and TE not set yet');
    board.bus.write(0x40013800, 4, 0x9);
    assert.equal((board.bus.read(0x4001381c, 4) ?? 0) & 0x2000c0, 0x2000c0, 'TEACK, TXE, TC');
    board.bus.write(0x40013828, 4, 0x42);
    assert.deepEqual(sent, [0x42]);
  });

  it('GPIOA: reset values, BSRR/BRR drive ODR, IDR shows outputs', () => {
    const board = new Stm32f030Board();
    assert.equal(board.bus.read(0x48000000, 4), 0, 'no clock');
    board.bus.write(0x40021014, 4, (1 << 17) | 0x14); // RCC_AHBENR.IOPAEN
    assert.equal(board.bus.read(0x48000000, 4), 0x28000000);
    board.bus.write(0x48000000, 4, 0x28000400); // PA5 output
    board.bus.write(0x48000018, 4, 1 << 5);
    assert.equal(board.bus.read(0x48000014, 4), 0x20);
    assert.equal((board.bus.read(0x48000010, 4) ?? 0) & 0x20, 0x20);
    board.bus.write(0x48000028, 4, 1 << 5);
    assert.equal(board.bus.read(0x48000014, 4), 0);
    board.bus.write(0x4800001a, 2, 0); // halfword write to BSRR's reset half: no change
    assert.equal(board.bus.read(0x48000014, 4), 0);
  });

  it('RCC_CSR records power-on, pin and software resets until RMVF', () => {
    const board = boardWithCode([0xe7fe]);
    assert.equal(board.bus.read(0x40021024, 4), 0x0c000000, 'PORRSTF | PINRSTF');
    board.bus.write(0x40021024, 4, 1 << 24);
    assert.equal(board.bus.read(0x40021024, 4), 0);
    board.bus.write(0xe000ed0c, 4, 0x05fa0004);
    assert.equal(board.bus.read(0x40021024, 4), 0x14000000, 'SFTRSTF | PINRSTF');
  });

  it('nSRST holds the core in reset and restarts it from the vectors on release', () => {
    const board = boardWithCode([0x3001, 0xe7fd]);
    board.run(100);
    board.setSystemReset(true);
    assert.equal(board.run(100), 0);
    assert.equal(board.active, false);
    board.setSystemReset(false);
    assert.equal(board.cpu.readRegister(0), 0);
    assert.ok(board.run(100) > 0);
  });

  it('refuses firmware outside flash and SRAM with a UserError naming the address', () => {
    const board = new Stm32f030Board();
    assert.throws(() => board.loadFirmware([{ address: 0x30000000, data: new Uint8Array(4) }]),
      (error: unknown) => error instanceof UserError && /0x30000000/.test(error.message));
  });
});

describe('the test firmware on the board', () => {
  for (const level of optimizationLevels) {
    it(`-${level}: prints "hello" and counts SysTick ticks`, () => {
      const elfBytes = readFileSync(firmwareElf(level));
      const loopCount = ElfFile.parse(elfBytes).symbolByName('loop_count');
      assert.ok(loopCount, 'loop_count symbol');
      const board = new Stm32f030Board();
      board.loadFirmware(segmentsFromElf(elfBytes));
      const sent: number[] = [];
      board.uartTx.on((byte) => sent.push(byte));
      // 0.1 s of virtual time at 48 MHz: 10 SysTick periods of the firmware's 100 Hz tick.
      for (let total = 0; total < 4_800_000;) {
        const used = board.run(100_000);
        assert.ok(used > 0, 'the board stays active');
        total += used;
      }
      assert.equal(text(sent), 'hello\n');
      const ticks = board.bus.read(loopCount.address, 4) ?? 0;
      assert.ok(ticks >= 8 && ticks <= 11, `loop_count ${ticks}`);
      assert.equal(board.cpu.lockedUp, false);
    });
  }

  it('a .bin image runs the same as its ELF', () => {
    const board = new Stm32f030Board();
    board.loadFirmware(segmentsFromBin(readFileSync(firmwareBin('O2'))));
    const sent: number[] = [];
    board.uartTx.on((byte) => sent.push(byte));
    board.run(1_000_000);
    assert.equal(text(sent), 'hello\n');
  });
});
