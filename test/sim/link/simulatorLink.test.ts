// Tests of Simulator's scheduling and composition with a RAM-only test board: JTAG served while the
// board runs, no run() while halted, SRST and TRST, board state kept across reconnects.
import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import { Simulator } from '../simulator';
import { BitbangScript, Peer, bitsToNumber } from './bitbangPeer';
import { JtagDriver } from './jtagDriver';
import { TapState } from './jtagTap';
import { CtrlStat, DpRegister, stm32f0JtagIdcode } from './jtagDp';
import { Csw, MemApRegister } from './memAp';
import { RamBoard, ramBase } from './ramBoard';

let simulator: Simulator | undefined;

async function start(board: RamBoard, cyclesPerSecond = Infinity): Promise<Simulator> {
  simulator = await Simulator.start(board, { cyclesPerSecond });
  return simulator;
}

function idcodeScript(): BitbangScript {
  const script = new BitbangScript();
  const driver = new JtagDriver(script);
  driver.resetToIdle();
  driver.drScan(0, 32);
  return script;
}

/** Bytes for: power up, then write `value` to `address` through the AHB-AP, then read it back. */
function writeAndReadScript(address: number, value: number): BitbangScript {
  const script = new BitbangScript();
  const driver = new JtagDriver(script);
  driver.resetToIdle();
  driver.dpWrite(DpRegister.CTRL_STAT, CtrlStat.CDBGPWRUPREQ | CtrlStat.CSYSPWRUPREQ);
  driver.apWrite(MemApRegister.CSW, Csw.SIZE_32);
  driver.apWrite(MemApRegister.TAR, address);
  if (value >= 0) driver.apWrite(MemApRegister.DRW, value);
  driver.apRead(MemApRegister.DRW);
  return script;
}

/** The data captured by the last 35-bit scan of a script's reply (the RDBUFF read). */
const lastReadData = (reply: string): number => bitsToNumber(reply.slice(-35).slice(3));

afterEach(async () => {
  for (const peer of Peer.all) peer.socket.destroy();
  Peer.all.clear();
  await simulator?.close();
  simulator = undefined;
});

describe('Simulator with a test board', () => {
  it('serves JTAG while the board runs, and the board keeps running around it', async () => {
    const board = new RamBoard();
    board.active = true;
    const sim = await start(board);
    const before = await board.ran.next();
    const peer = await Peer.connect(sim.port);
    const script = idcodeScript();
    const reply = await peer.exchange(script.text, script.samples);
    assert.equal(bitsToNumber(reply), stm32f0JtagIdcode);
    const cyclesAtReply = board.cycles;
    assert.ok(cyclesAtReply > before, 'the board ran while the connection was served');
    assert.ok((await board.ran.next()) > cyclesAtReply, 'the board runs on after the reply');
    board.active = false;
  });

  it('does not run a halted board, and runs it once a chunk makes it active', async () => {
    const board = new RamBoard();
    const sim = await start(board);
    const peer = await Peer.connect(sim.port);
    await peer.exchange('R', 1);
    await peer.exchange('R', 1);
    assert.deepEqual(board.runBudgets, []);
    board.active = true;
    board.stopAtCycles = 50_000;
    const stopped = board.ran.next((cycles) => cycles >= 50_000);
    await peer.exchange('R', 1);
    await stopped;
    assert.equal(sim.cycles, 50_000, 'virtual time advanced by exactly what the board consumed');
    assert.equal(board.active, false);
  });

  it('never lets virtual time run ahead of the wall clock by more than its 1 ms allowance', async () => {
    const board = new RamBoard();
    board.active = true;
    board.stopAtCycles = 20_000;
    const stopped = board.ran.next((cycles) => cycles >= 20_000);
    const startMs = performance.now();
    const sim = await start(board, 2_000_000);
    await stopped;
    // 20,000 cycles at 2,000 cycles/ms take at least 10 ms of wall time, less the 1 ms allowance.
    // A one-sided bound: a slow machine only makes the run longer.
    assert.ok(performance.now() - startMs >= 9, `ran 20,000 cycles in ${(performance.now() - startMs).toFixed(1)} ms`);
    assert.equal(sim.cycles, 20_000, 'no cycle lost or added by pacing');
  });

  it('refuses a pace that is not a positive number', async () => {
    for (const cyclesPerSecond of [0, -1, Number.NaN]) {
      await assert.rejects(Simulator.start(new RamBoard(), { cyclesPerSecond }), RangeError);
    }
  });

  it('drives board.setSystemReset from SRST', async () => {
    const board = new RamBoard();
    const sim = await start(board);
    const peer = await Peer.connect(sim.port);
    await peer.exchange('sR', 1);
    assert.equal(board.systemReset, true);
    await peer.exchange('rR', 1);
    assert.equal(board.systemReset, false);
  });

  it('holds the TAP in Test-Logic-Reset while TRST is asserted', async () => {
    const board = new RamBoard();
    const sim = await start(board);
    const peer = await Peer.connect(sim.port);
    await peer.exchange('04040404R', 1);
    assert.equal(sim.chain.state, TapState.RunTestIdle);
    await peer.exchange('t0404R', 1);
    assert.equal(sim.chain.state, TapState.TestLogicReset, 'TMS=0 clocks do not leave reset');
    await peer.exchange('r04R', 1);
    assert.equal(sim.chain.state, TapState.RunTestIdle, 'released: the TAP follows TMS again');
  });

  it('keeps the board and DAP state across reconnects', async () => {
    const board = new RamBoard();
    const sim = await start(board);
    const first = await Peer.connect(sim.port);
    const write = writeAndReadScript(ramBase + 0x40, 0xc0ffee11);
    assert.equal(lastReadData(await first.exchange(write.text, write.samples)), 0xc0ffee11);
    const left = first.closed.promise;
    first.socket.write('Q');
    await left;

    const second = await Peer.connect(sim.port);
    const read = writeAndReadScript(ramBase + 0x40, -1);
    assert.equal(lastReadData(await second.exchange(read.text, read.samples)), 0xc0ffee11);
  });
});
