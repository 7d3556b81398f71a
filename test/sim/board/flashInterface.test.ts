// The flash interface sequences OpenOCD's stm32f1x driver and its on-target loader use (RM0091
// 3.2.2): unlock, page and mass erase, halfword programming, errors, relock; from both masters.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FLASH_CR, FLASH_KEY1, FLASH_KEY2, FLASH_SR } from './flashInterface';
import { FLASH_BASE, Stm32f030Board } from './index';

const FLASH_KEYR = 0x40022004;
const FLASH_SR_ADDR = 0x4002200c;
const FLASH_CR_ADDR = 0x40022010;
const FLASH_AR = 0x40022014;

function unlocked(): Stm32f030Board {
  const board = new Stm32f030Board();
  assert.ok(board.bus.write(FLASH_KEYR, 4, FLASH_KEY1));
  assert.ok(board.bus.write(FLASH_KEYR, 4, FLASH_KEY2));
  return board;
}

const sr = (board: Stm32f030Board) => board.bus.read(FLASH_SR_ADDR, 4);

describe('STM32F030 flash interface', () => {
  it('starts locked, with the reset values of ACR, CR, OBR and WRPR', () => {
    const board = new Stm32f030Board();
    assert.equal(board.bus.read(0x40022000, 4), 0x30);
    assert.equal(board.bus.read(FLASH_CR_ADDR, 4), FLASH_CR.LOCK);
    assert.equal(board.bus.read(0x4002201c, 4), 0xffffff00);
    assert.equal(board.bus.read(0x40022020, 4), 0xffffffff);
    assert.equal(board.bus.read(FLASH_BASE, 4), 0xffffffff, 'erased');
  });

  it('ignores CR writes while locked; KEY1 then KEY2 unlocks; LOCK relocks', () => {
    const board = new Stm32f030Board();
    board.bus.write(FLASH_CR_ADDR, 4, FLASH_CR.PG);
    assert.equal(board.bus.read(FLASH_CR_ADDR, 4), FLASH_CR.LOCK);
    board.bus.write(FLASH_KEYR, 4, FLASH_KEY1);
    board.bus.write(FLASH_KEYR, 4, FLASH_KEY2);
    board.bus.write(FLASH_CR_ADDR, 4, FLASH_CR.PG);
    assert.equal(board.bus.read(FLASH_CR_ADDR, 4), FLASH_CR.PG);
    board.bus.write(FLASH_CR_ADDR, 4, FLASH_CR.LOCK);
    assert.equal(board.bus.read(FLASH_CR_ADDR, 4), FLASH_CR.LOCK);
  });

  it('a wrong key sequence errors and keeps the interface locked until reset', () => {
    const board = new Stm32f030Board();
    assert.equal(board.bus.write(FLASH_KEYR, 4, FLASH_KEY2), false);
    assert.equal(board.bus.write(FLASH_KEYR, 4, FLASH_KEY1), false);
    board.bus.write(FLASH_KEYR, 4, FLASH_KEY2);
    board.bus.write(FLASH_CR_ADDR, 4, 0);
    assert.equal(board.bus.read(FLASH_CR_ADDR, 4), FLASH_CR.LOCK);
    board.setSystemReset(true);
    board.setSystemReset(false);
    assert.ok(board.bus.write(FLASH_KEYR, 4, FLASH_KEY1));
    assert.ok(board.bus.write(FLASH_KEYR, 4, FLASH_KEY2));
  });

  it('programs halfwords with PG, sets EOP, and refuses other sizes or writes without PG', () => {
    const board = unlocked();
    assert.equal(board.bus.write(FLASH_BASE, 2, 0x1234), false, 'no PG: error response');
    board.bus.write(FLASH_CR_ADDR, 4, FLASH_CR.PG);
    assert.ok(board.bus.write(FLASH_BASE + 2, 2, 0xbeef));
    assert.equal(board.bus.read(FLASH_BASE, 4), 0xbeefffff);
    assert.equal(sr(board), FLASH_SR.EOP);
    assert.equal(board.bus.write(FLASH_BASE + 4, 4, 0), false, 'word write: error response');
    assert.equal(board.bus.write(FLASH_BASE + 4, 1, 0), false, 'byte write: error response');
    board.bus.write(FLASH_SR_ADDR, 4, FLASH_SR.EOP);
    assert.equal(sr(board), 0, 'EOP is write-1-to-clear');
  });

  it('sets PGERR when the halfword is not erased, except when writing 0x0000', () => {
    const board = unlocked();
    board.bus.write(FLASH_CR_ADDR, 4, FLASH_CR.PG);
    board.bus.write(FLASH_BASE, 2, 0x1234);
    board.bus.write(FLASH_SR_ADDR, 4, 0xff);
    board.bus.write(FLASH_BASE, 2, 0x5678);
    assert.equal(sr(board), FLASH_SR.PGERR);
    assert.equal(board.bus.read(FLASH_BASE, 2), 0x1234);
    board.bus.write(FLASH_SR_ADDR, 4, FLASH_SR.PGERR);
    board.bus.write(FLASH_BASE, 2, 0);
    assert.equal(sr(board), FLASH_SR.EOP);
    assert.equal(board.bus.read(FLASH_BASE, 2), 0);
  });

  it('page erase clears exactly the 1 KiB page holding AR; mass erase clears all', () => {
    const board = unlocked();
    board.bus.write(FLASH_CR_ADDR, 4, FLASH_CR.PG);
    for (const offset of [0x3fe, 0x400, 0x7fe, 0x800]) board.bus.write(FLASH_BASE + offset, 2, 0);
    board.bus.write(FLASH_CR_ADDR, 4, FLASH_CR.PER);
    board.bus.write(FLASH_AR, 4, FLASH_BASE + 0x500);
    board.bus.write(FLASH_CR_ADDR, 4, FLASH_CR.PER | FLASH_CR.STRT);
    assert.deepEqual([0x3fe, 0x400, 0x7fe, 0x800].map((o) => board.bus.read(FLASH_BASE + o, 2)), [0, 0xffff, 0xffff, 0]);
    assert.equal(board.bus.read(FLASH_CR_ADDR, 4), FLASH_CR.PER, 'STRT clears itself');
    assert.equal(sr(board), FLASH_SR.EOP, 'BSY is never seen set; EOP reports the end');
    board.bus.write(FLASH_CR_ADDR, 4, FLASH_CR.MER);
    board.bus.write(FLASH_CR_ADDR, 4, FLASH_CR.MER | FLASH_CR.STRT);
    assert.equal(board.bus.read(FLASH_BASE + 0x3fe, 2), 0xffff);
    assert.equal(board.bus.read(FLASH_BASE + 0x800, 2), 0xffff);
    assert.deepEqual(board.flash.operations, { pageErases: 1, massErases: 1, halfwordsProgrammed: 4 }, 'every erase and programmed halfword counted');
  });

  it('core stores program flash too (the on-target loader path), through the alias at 0 as well', () => {
    const board = unlocked();
    board.bus.write(FLASH_CR_ADDR, 4, FLASH_CR.PG);
    assert.ok(board.systemBus.write(FLASH_BASE + 0x10, 2, 0xa55a, 'core'));
    assert.ok(board.systemBus.write(0x12, 2, 0x5aa5, 'core'));
    assert.equal(board.bus.read(FLASH_BASE + 0x10, 4), 0x5aa5a55a);
    assert.equal(board.bus.read(0x10, 4), 0x5aa5a55a);
  });
});
