// OpenocdCommands, FlashCommands, TclNotifications and the log filters against real OpenOCD 0.12
// debugging the simulated STM32F030 (test/sim): the board itself is the oracle for memory,
// registers, flash; OpenOCD's filtered log for the halt messages.
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { TargetMemoryError, TargetNotHaltedError, TclCommandError, TypedEvent } from '../../src/common';
import { ElfFile } from '../../src/elf';
import { capturedPoll, OpenocdCommands, OpenocdProcess, parseVerifyDifferences, TclClient, TclNotifications } from '../../src/openocd';
import { firmwareBin, firmwareElf } from '../helpers/firmware';
import { startSim } from '../sim/startSim';

const SRAM = 0x20000000;
const FLASH = 0x08000000;

describe('OpenocdCommands on the simulated STM32F030', () => {
  let sim: Awaited<ReturnType<typeof startSim>>;
  let ocd: OpenocdProcess;
  let client: TclClient;
  let notifications: TclNotifications;
  let commands: OpenocdCommands;
  let elf: ElfFile;
  const log: string[] = [];
  const logged = new TypedEvent<string>();
  const read32 = (address: number): number | undefined => sim.board.bus.read(address, 4);

  before(async () => {
    elf = ElfFile.parse(readFileSync(firmwareElf('O0')));
    sim = await startSim({ firmwarePath: firmwareElf('O0'), cyclesPerSecond: 8_000_000 });
    ocd = await OpenocdProcess.start({
      searchDirs: [join(__dirname, '..', 'sim', 'openocd')],
      commands: [`set SIM_PORT ${sim.port}`, 'source [find interface/sim-remote-bitbang.cfg]', 'source [find target/sim-stm32f030.cfg]'],
      onLog: (line) => {
        log.push(line);
        logged.emit(line);
      },
    });
    client = new TclClient({ port: ocd.tclPort, timeoutMs: 20_000 });
    await client.connect();
    notifications = new TclNotifications({ port: ocd.tclPort });
    await notifications.connect();
    commands = new OpenocdCommands(client);
  });
  after(async () => {
    await notifications?.disconnect();
    await client?.disconnect();
    await ocd?.stop();
    await sim?.stop();
  });

  it('lists the Cortex-M target and the JTAG TAP', async () => {
    const [target] = await commands.targets();
    assert.deepEqual([target.name, target.type, target.endian, target.current], ['stm32f0x.cpu', 'cortex_m', 'little', true]);
    const [tap] = await commands.scanChain();
    assert.equal(tap.idcode, 0x0bb11477);
  });

  it('probes a flash bank of unknown size and lists it with its size, in one request', async () => {
    const [unprobed] = await commands.flash.banks();
    assert.equal(unprobed.byteSize, 0, 'stm32f1x knows its size only once probed');
    const before = client.roundTrips;
    const [bank] = await commands.flash.probedBanks();
    assert.equal(client.roundTrips - before, 1);
    assert.deepEqual([bank.name, bank.base, bank.byteSize], ['stm32f0x.flash', FLASH, 0x10000]);
    assert.deepEqual(await commands.flash.banks(), [bank]);
  });

  it('halts with target_event and target_state notifications, and reports state with the PC', async () => {
    const halted = notifications.targetEvent.next((event) => event === 'halted');
    const state = notifications.targetState.next((s) => s === 'halted');
    await commands.halt();
    await Promise.all([halted, state]);
    assert.equal(await commands.curstate(), 'halted');
    const status = await commands.status();
    assert.equal(status.state, 'halted');
    assert.equal(status.pc, (await commands.getRegisters(['pc'], { force: true })).get('pc'));
  });

  it('reads many registers in one round trip, agreeing with reg', async () => {
    const names = ['r0', 'r1', 'r2', 'r3', 'r4', 'r5', 'r6', 'r7', 'r8', 'r9', 'r10', 'r11', 'r12', 'sp', 'lr', 'pc', 'xPSR', 'msp', 'psp', 'primask', 'control'];
    const before = client.roundTrips;
    const values = await commands.getRegisters(names);
    assert.equal(client.roundTrips - before, 1);
    assert.deepEqual([...values.keys()], names);
    assert.equal(values.get('pc'), await commands.reg('pc', { force: true }));
    const listed = await commands.registerList();
    assert.equal(listed.find((r) => r.name === 'sp')?.value, values.get('sp'));
    assert.equal(listed.find((r) => r.name === 'primask')?.bitSize, 1);
    await assert.rejects(commands.reg('no_such_reg'), (error: unknown) => error instanceof TclCommandError && /not found/.test(error.message));
  });

  it('writes several registers with set_reg; the core gets them when it runs', async () => {
    // OpenOCD caches written registers as dirty and writes them back on resume (armv7m), so run a
    // `b .` in SRAM with them and look at the board's core.
    const loop = SRAM + 0x1000;
    await commands.writeMemory(loop, 16, [0xe7fe]);
    await commands.setRegisters({ r0: 0x12345678, r1: 0xcafe, r7: 0x20000123n, pc: loop });
    assert.deepEqual([...(await commands.getRegisters(['r0', 'r1', 'r7'])).values()], [0x12345678n, 0xcafen, 0x20000123n]);
    await commands.resume();
    await commands.halt();
    assert.deepEqual([0, 1, 7, 15].map((r) => sim.board.cpu.readRegister(r)), [0x12345678, 0xcafe, 0x20000123, loop]);
    assert.deepEqual([...(await commands.getRegisters(['r0', 'pc'], { force: true })).values()], [0x12345678n, BigInt(loop)]);
    await commands.setReg('r2', 0xabcd);
    assert.equal(await commands.reg('r2'), 0xabcdn);
  });

  it('reads and writes memory at 8, 16 and 32 bits, checked against the board, and refuses 64', async () => {
    const base = SRAM + 0x1800;
    await commands.writeMemory(base, 32, [0x11223344, 0xdeadbeef]);
    assert.equal(read32(base + 4), 0xdeadbeef);
    await commands.writeMemory(base, 16, [0xaaaa]);
    await commands.writeMemory(base + 3, 8, [0x55]);
    assert.equal(read32(base), 0x5522aaaa);
    assert.deepEqual(await commands.readMemory(base, 32, 2), [0x5522aaaan, 0xdeadbeefn]);
    assert.deepEqual(await commands.readMemory(base, 16, 2), [0xaaaan, 0x5522n]);
    assert.deepEqual(await commands.readMemory(base, 8, 4), [0xaan, 0xaan, 0x22n, 0x55n]);
    assert.deepEqual(await commands.readMemory(base + 4, 32, 1, { phys: true }), [0xdeadbeefn]);
    // OpenOCD 0.12's cortex_m has no 64-bit accesses: the error says so in OpenOCD's words.
    await assert.rejects(commands.writeMemory(base, 64, [0x1122334455667788n]), (error: unknown) => {
      assert.ok(error instanceof TargetMemoryError);
      assert.match(error.message, /width=64/);
      return true;
    });
  });

  it('moves blocks across 4 KiB boundaries in one round trip', async () => {
    // Unaligned at both ends: bytes, words, a 4 KiB boundary, words, bytes.
    const start = SRAM + 0x0ff1;
    const data = Uint8Array.from({ length: 0xffe }, (_, i) => (i * 7 + 3) & 0xff);
    let before = client.roundTrips;
    await commands.writeBytes(start, data);
    assert.equal(client.roundTrips - before, 1);
    assert.ok(data.every((byte, i) => sim.board.bus.read(start + i, 1) === byte), 'board holds what was written');
    before = client.roundTrips;
    assert.deepEqual(await commands.readBytes(start, data.length), data);
    const flash = await commands.readBytes(FLASH + 0x12, 0x2400);
    assert.equal(client.roundTrips - before, 2);
    assert.ok(flash.every((byte, i) => sim.board.bus.read(FLASH + 0x12 + i, 1) === byte), 'flash read as the board holds it');
  });

  it('takes a stop snapshot (registers, a stack window, a bad range) in one round trip', async () => {
    const sp = sim.board.cpu.readRegister(13);
    const before = client.roundTrips;
    const { registers, memory } = await commands.snapshot(['pc', 'sp', 'lr'], [
      { address: sp, byteLength: Math.min(64, SRAM + 0x2000 - sp) },
      { address: 0x60000000, byteLength: 4 },
      { address: FLASH + 1, byteLength: 7 },
    ]);
    assert.equal(client.roundTrips - before, 1);
    assert.deepEqual([...registers.values()], [15, 13, 14].map((r) => BigInt(sim.board.cpu.readRegister(r))));
    const [stack, bad, flash] = memory;
    assert.ok(stack instanceof Uint8Array && stack.every((byte, i) => sim.board.bus.read(sp + i, 1) === byte));
    assert.ok(bad instanceof TargetMemoryError && bad.address === 0x60000000);
    assert.ok(flash instanceof Uint8Array && flash.every((byte, i) => sim.board.bus.read(FLASH + 1 + i, 1) === byte));
  });

  it('turns a bus fault into TargetMemoryError with OpenOCD\'s message', async () => {
    await assert.rejects(commands.readMemory(0x60000000, 32, 1), (error: unknown) => {
      assert.ok(error instanceof TargetMemoryError);
      assert.equal(error.address, 0x60000000);
      assert.match(error.message, /read_memory: failed to read memory/);
      return true;
    });
  });

  it('sets, lists and removes breakpoints and watchpoints', async () => {
    const ledToggle = elf.symbolByName('led_toggle')?.address ?? assert.fail('no led_toggle');
    await commands.addBreakpoint(ledToggle, 2, { hardware: true });
    await commands.addBreakpoint(SRAM + 0x1000, 2);
    assert.deepEqual(
      (await commands.breakpoints()).map((bp) => [bp.kind, 'address' in bp ? bp.address : -1]),
      [['hardware', ledToggle], ['software', SRAM + 0x1000]],
    );
    await commands.addWatchpoint(SRAM + 0x10, 4, 'w');
    await commands.addWatchpoint(SRAM + 0x20, 2, 'r');
    assert.deepEqual(
      (await commands.watchpoints()).map((wp) => [wp.address, wp.length, wp.access]),
      [[SRAM + 0x10, 4, 'w'], [SRAM + 0x20, 2, 'r']],
    );
    // The Cortex-M0 DWT has no data value match: OpenOCD's reason is only in its log.
    await assert.rejects(commands.addWatchpoint(SRAM + 0x30, 4, 'a', { value: 0x1234, mask: 0xffff }), (error: unknown) => {
      assert.ok(error instanceof TclCommandError);
      assert.match(error.message, /Failure setting watchpoints/);
      return true;
    });
    await commands.removeAllBreakpoints();
    await commands.removeAllWatchpoints();
    assert.deepEqual(await commands.breakpoints(), []);
    assert.deepEqual(await commands.watchpoints(), []);
  });

  it('stops at a hardware breakpoint after resume, and wait_halt reports it', async () => {
    // Earlier tests clobbered SRAM and registers: start the firmware afresh.
    await commands.reset('halt');
    const ledToggle = elf.symbolByName('led_toggle')?.address ?? assert.fail('no led_toggle');
    await commands.addBreakpoint(ledToggle, 2, { hardware: true });
    await commands.resume();
    assert.equal(await commands.waitHalt(10_000), true);
    assert.equal((await commands.status()).pc, BigInt(ledToggle));
    await commands.removeBreakpoint(ledToggle);
  });

  it('steps one instruction and refuses to step while running', async () => {
    const pc = (await commands.status()).pc;
    await commands.step();
    assert.notEqual((await commands.status()).pc, pc);
    await commands.resume();
    assert.equal(await commands.isRunning(), true);
    assert.equal(await commands.waitHalt(20), false);
    await assert.rejects(commands.step(), (error: unknown) => error instanceof TargetNotHaltedError && error.targetName === 'stm32f0x.cpu');
    await commands.halt();
  });

  it('logs once a halt OpenOCD notices only after a captured poll that saw the core running', async () => {
    await commands.resume();
    const from = log.length;
    // Halt the core behind OpenOCD's back (DHCSR = DBGKEY | C_HALT | C_DEBUGEN, ARMv6-M C1.6.3)
    // right after the poll: OpenOCD notices at the next command it dispatches. With only
    // DFSR.HALTED set, OpenOCD 0.12 names the reason "undefined" (cortex_m.c cortex_m_examine_debug_reason).
    const polled = await client.cmd(capturedPoll('write_memory 0xE000EDF0 32 0xA05F0003'));
    assert.doesNotMatch(polled.out, /halted/, 'the poll saw the core running');
    const barrier = logged.next((line) => line === 'after-the-poll');
    await client.cmd('echo after-the-poll');
    await barrier;
    const halts = log.slice(from).filter((line) => line.includes('halted due to'));
    assert.deepEqual(halts, ['[stm32f0x.cpu] halted due to undefined, current mode: Thread '], log.slice(from).join('\n'));
    assert.equal(await commands.curstate(), 'halted');
  });

  it('resets into halt with a target_reset notification, at the reset vector', async () => {
    const reset = notifications.targetReset.next();
    await commands.reset('halt');
    assert.equal(await reset, 'halt');
    const resetVector = (await commands.readMemory(FLASH + 4, 32, 1))[0] & ~1n;
    assert.equal((await commands.status()).pc, resetVector);
  });

  it('programs a file whose path needs quoting, verifies it, and reports a mismatch (full and checksum-only)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fw [x] {y} $z;'));
    try {
      const image = join(dir, 'fw "a" b.bin');
      copyFileSync(firmwareBin('Og'), image);
      const written = await commands.flash.program(image, { offset: FLASH, verify: true });
      const bytes = readFileSync(image);
      assert.equal(written.byteCount, bytes.length);
      assert.ok(bytes.every((byte, i) => sim.board.bus.read(FLASH + i, 1) === byte), 'flash holds the image');
      assert.equal((await commands.flash.verifyImage(image, { offset: FLASH, type: 'bin' })).byteCount, bytes.length);
      await assert.rejects(commands.flash.verifyImage(firmwareBin('O2'), { offset: FLASH, type: 'bin' }), (error: unknown) => {
        assert.ok(error instanceof TclCommandError);
        const first = parseVerifyDifferences(error.output)[0];
        assert.equal(sim.board.bus.read(first.address, 1), first.actual);
        return true;
      });
      assert.deepEqual(await commands.flash.imageChecksum(image, { offset: FLASH, type: 'bin' }), { matches: true, byteCount: bytes.length });
      const other = await commands.flash.imageChecksum(firmwareBin('O2'), { offset: FLASH, type: 'bin' });
      assert.equal(other.matches, false, 'a different image does not match');
      assert.match(other.matches ? '' : other.reason, /checksum mismatch/);
    } finally {
      rmSync(dir, { recursive: true });
    }
  });

  it('describes the flash bank and erases a sector', async () => {
    const info = await commands.flash.info(0, { sectors: true });
    assert.deepEqual([info.driver, info.base, info.byteSize, info.sectors.length], ['stm32f1x', FLASH, 0x10000, 64]);
    const [bank] = await commands.flash.banks();
    assert.deepEqual([bank.name, bank.target, bank.byteSize], ['stm32f0x.flash', 'stm32f0x.cpu', 0x10000]);
    const last = info.sectors[63];
    sim.board.bus.write(FLASH + last.offset, 4, 0);
    await commands.flash.eraseSectors(0, 63, 63);
    assert.equal(read32(FLASH + last.offset), 0xffffffff);
  });
});
