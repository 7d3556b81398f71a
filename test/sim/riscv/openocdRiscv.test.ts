// The RISC-V board under real OpenOCD 0.12 (target/sim-rv32.cfg, OpenOCD's riscv target over the
// DTM): examine, halt, step, resume, hardware and software breakpoints, the timer interrupt, a
// watchpoint, memory halted and running, load_image/verify_image into SRAM, flash programming,
// reset, DMI busy, and a new OpenOCD examining a halted hart.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { ElfFile } from '../../../src/elf';
import { TclClient, type OpenocdProcess } from '../../../src/openocd';
import { optimizationLevels, riscvBoardElf, riscvBoardRamElf } from '../../helpers/firmware';
import { segmentsFromElf } from '../board';
import { type InProcessSim, startOpenocdForSim, startSim } from '../startSim';
import { DebugCause } from './debugHart';
import type { RiscvBoard } from './riscvBoard';

const DCSR = 0x7b0;
const DPC = 0x7b1;

function symbol(elfPath: string, name: string): number {
  const found = ElfFile.parse(readFileSync(elfPath)).symbolByName(name);
  if (!found) throw new Error(`no symbol ${name} in ${elfPath}`);
  return found.address;
}

const hex = (value: number): string => `0x${value.toString(16)}`;

describe('the RISC-V board under OpenOCD 0.12', () => {
  let elfPath: string;
  let sim: InProcessSim<RiscvBoard>;
  let openocd: OpenocdProcess;
  let tcl: TclClient;
  const log: string[] = [];

  const cmd = async (script: string): Promise<string> => (await tcl.cmd(script)).out.trim();
  const word = async (address: number): Promise<number> => Number(await cmd(`read_memory ${hex(address)} 32 1`));
  /** A register as OpenOCD reads it from the hart (`reg NAME force` answers 'NAME (/32): 0x...'). */
  const reg = async (name: string): Promise<number> => Number((await cmd(`reg ${name} force`)).split(': ')[1]);
  const pc = (): Promise<number> => reg('pc');
  /** Why the hart last entered Debug Mode, as the board recorded it (dcsr.cause). */
  const cause = (): number => (sim.board.hart.readRegister(DCSR)! >>> 6) & 7;
  /** Resumes and waits for the next halt: a bound, not a pause (at 5 s a CI run's loaded machine once missed it). */
  const resumeUntilHalt = async (): Promise<void> => {
    await cmd('resume');
    await cmd('wait_halt 15000');
  };
  /** Sets a hardware breakpoint at `address` on the halted hart and runs to it. */
  const runToHardwareBreakpoint = async (address: number): Promise<void> => {
    await cmd(`bp ${hex(address)} 4 hw`);
    await resumeUntilHalt();
    assert.equal(await pc(), address);
  };

  before(async () => {
    elfPath = riscvBoardElf('O0');
    sim = await startSim({ board: 'rv32', firmwarePath: elfPath, cyclesPerSecond: 8_000_000 });
    openocd = await startOpenocdForSim(sim.port, { onLog: (line) => log.push(line) }, 'rv32');
    tcl = new TclClient({ port: openocd.tclPort, timeoutMs: 20_000 });
    await tcl.connect();
  });
  after(async () => {
    await tcl?.disconnect().catch(() => undefined);
    await openocd?.stop();
    await sim?.stop();
  });

  it('examines the hart: one hart, XLEN 32, misa RV32IMC, left running', async () => {
    const text = log.join('\n');
    assert.match(text, /tap\/device found: 0x1000563d/);
    assert.match(text, /datacount=2 progbufsize=2/);
    assert.match(text, /Examined RISC-V core; found 1 harts/);
    assert.match(text, /hart 0: XLEN=32, misa=0x40001104/);
    assert.equal(await cmd('riscv.cpu curstate'), 'running');
  });

  it('halts where the hart is, steps one instruction and resumes', async () => {
    await cmd('halt');
    assert.equal(await cmd('riscv.cpu curstate'), 'halted');
    assert.equal(cause(), DebugCause.HALTREQ);
    assert.equal(await pc(), sim.board.hart.readRegister(DPC));
    // Arrive at round_once by a breakpoint: moving pc there would run it out of context.
    const roundOnce = symbol(elfPath, 'round_once');
    await runToHardwareBreakpoint(roundOnce);
    await cmd(`rbp ${hex(roundOnce)}`);
    const instret = sim.board.core.instret;
    await cmd('step');
    assert.equal(await pc(), roundOnce + 2, 'c.addi sp, sp, -32 is 2 bytes');
    assert.equal(sim.board.core.instret - instret, 1n, 'exactly one instruction retired');
    assert.equal(cause(), DebugCause.STEP);
    await cmd('step');
    assert.equal(await pc(), roundOnce + 4, 'c.swsp');
    await cmd('resume');
    assert.equal(await cmd('riscv.cpu curstate'), 'running');
  });

  it('reads and writes memory while running (system bus) and while halted (program buffer)', async () => {
    const counter = symbol(elfPath, 'counter');
    const first = await word(counter);
    await sim.board.uartTx.next(() => true, AbortSignal.timeout(10_000));
    assert.ok((await word(counter)) > first, 'the counter moves while OpenOCD reads it');
    await cmd('mww 0x20006000 0x5eed1234');
    assert.equal(sim.board.bus.read(0x20006000, 4), 0x5eed1234);
    await cmd('halt');
    await cmd('mwh 0x20006002 0xbeef');
    await cmd('mwb 0x20006000 0x42');
    assert.equal(await word(0x20006000), 0xbeef1242);
    assert.equal(await cmd('mdb 0x20006001 2'), '0x20006001: 12 ef');
    await cmd('resume');
  });

  it('reads and writes memory with Access Memory abstract commands when told to, while running', async () => {
    await cmd('riscv set_mem_access abstract');
    const from = log.length;
    try {
      await cmd('write_memory 0x20006010 32 {0x11223344 0x55667788}');
      assert.equal(sim.board.bus.read(0x20006014, 4), 0x55667788);
      assert.equal(await cmd('read_memory 0x20006010 16 3'), '0x3344 0x1122 0x7788');
      assert.doesNotMatch(log.slice(from).join('\n'), /Failed to (read|write) memory/);
    } finally {
      await cmd('riscv set_mem_access progbuf sysbus abstract');
    }
  });

  it('halts at a hardware breakpoint in flash, which fires again until it is removed', async () => {
    const roundOnce = symbol(elfPath, 'round_once');
    await cmd('halt');
    await runToHardwareBreakpoint(roundOnce);
    assert.equal(cause(), DebugCause.TRIGGER);
    const counter = await word(symbol(elfPath, 'counter'));
    await resumeUntilHalt();
    assert.equal(await pc(), roundOnce);
    assert.equal(await word(symbol(elfPath, 'counter')), counter, 'OpenOCD 0.12 does not step off a hardware breakpoint: nothing ran');
    await cmd(`rbp ${hex(roundOnce)}`);
    await cmd('step');
    assert.equal(await pc(), roundOnce + 2);
    await cmd('resume');
  });

  it('stops in the timer interrupt handler, with mcause the machine timer interrupt', async () => {
    const handler = symbol(elfPath, 'machine_trap');
    await cmd('halt');
    await runToHardwareBreakpoint(handler);
    assert.equal(await reg('mcause'), 0x80000007);
    const mepc = await reg('mepc');
    assert.ok(mepc >= 0x08000000 && mepc < 0x08020000, `interrupted in flash code, mepc ${hex(mepc)}`);
    await cmd(`rbp ${hex(handler)}`);
    await cmd('resume');
  });

  it('refuses a software breakpoint in flash, which the debugger cannot write', async () => {
    await cmd('halt');
    const from = log.length;
    await assert.rejects(cmd(`bp ${hex(symbol(elfPath, 'scale'))} 2`));
    assert.match(log.slice(from).join('\n'), /Failed to write 2-byte breakpoint instruction/);
    await cmd('resume');
  });

  it('halts on a write watchpoint just before the store, which the next step performs', async () => {
    const counter = symbol(elfPath, 'counter');
    await cmd('halt');
    await cmd(`wp ${hex(counter)} 4 w`);
    await resumeUntilHalt();
    assert.equal(cause(), DebugCause.TRIGGER);
    const before = await word(counter);
    const store = await pc();
    assert.equal(sim.board.bus.read(store, 2)! & 0x7f, 0x23, `pc ${hex(store)} is at a store`);
    await cmd(`rwp ${hex(counter)}`);
    await cmd('step');
    assert.equal(await word(counter), before + 1);
    await cmd('resume');
  });

  it('halts on a read watchpoint at a load of the variable', async () => {
    const counter = symbol(elfPath, 'counter');
    await cmd('halt');
    await cmd(`wp ${hex(counter)} 4 r`);
    await resumeUntilHalt();
    assert.equal(cause(), DebugCause.TRIGGER);
    const load = await pc();
    assert.equal(sim.board.bus.read(load, 2)! & 0x7f, 0x03, `pc ${hex(load)} is at a load`);
    await cmd(`rwp ${hex(counter)}`);
    await cmd('resume');
  });

  for (const level of optimizationLevels) {
    it(`loads the ${level} program into SRAM, verifies it and runs it to a software breakpoint`, async () => {
      const ramElf = riscvBoardRamElf(level);
      const roundOnce = symbol(ramElf, 'round_once');
      await cmd('halt');
      assert.match(await cmd(`load_image {${ramElf}} 0 elf`), /bytes written at address 0x20000000/);
      assert.match(await cmd(`verify_image {${ramElf}} 0 elf`), /verified \d+ bytes/);
      await cmd(`reg pc ${hex(symbol(ramElf, '_start'))}`);
      await cmd(`bp ${hex(roundOnce)} 2`);
      const hello = sim.board.uartTx.next(() => true, AbortSignal.timeout(10_000));
      await resumeUntilHalt();
      await hello;
      assert.equal(await pc(), roundOnce);
      assert.equal(cause(), DebugCause.EBREAK);
      await cmd(`rbp ${hex(roundOnce)}`);
      assert.notEqual(sim.board.bus.read(roundOnce, 2), 0x9002, 'the original instruction is back, not c.ebreak');
      await cmd('resume');
    });
  }

  it('programs flash through the stock stm32f1x driver (its GD32VF103 RISC-V loader on the hart) and runs the new program', async () => {
    const o2Elf = riscvBoardElf('O2');
    assert.match(await cmd('flash probe 0'), /flash 'stm32f1x' found at 0x08000000/);
    assert.match(await cmd('flash list'), /name riscv\.flash driver stm32f1x base 134217728 size 131072/);
    assert.match(log.join('\n'), /device id = 0x19060410[^]*flash size = 128 KiB/);
    await cmd('reset halt');
    assert.match(await cmd(`flash write_image erase {${o2Elf}}`), /wrote \d+ bytes/);
    assert.match(await cmd(`verify_image {${o2Elf}}`), /verified \d+ bytes/);
    const [code] = segmentsFromElf(readFileSync(o2Elf));
    assert.deepEqual([...sim.board.flash.array.bytes.subarray(0, code.data.length)], [...code.data], 'the -O2 code is in flash');
    let text = '';
    const hello = sim.board.uartTx.next((byte) => (text += String.fromCharCode(byte)).endsWith('riscv board up\n'), AbortSignal.timeout(10_000));
    await cmd('reset run');
    await hello;
  });

  it('resets through ndmreset: reset halt stops at the reset vector, reset run starts the flash program', async () => {
    await cmd('reset halt');
    assert.equal(await cmd('riscv.cpu curstate'), 'halted');
    assert.equal(await pc(), 0x08000000);
    assert.equal(cause(), DebugCause.HALTREQ);
    let text = '';
    const hello = sim.board.uartTx.next((byte) => (text += String.fromCharCode(byte)).endsWith('riscv board up\n'), AbortSignal.timeout(10_000));
    await cmd('reset run');
    await hello;
    assert.equal(text, 'riscv board up\n', 'the program from its start');
    assert.equal(await cmd('riscv.cpu curstate'), 'running');
  });

  it('recovers from DMI busy answers (dtmcs.dmireset, then the op again)', async () => {
    await cmd('halt');
    const expected = sim.board.bus.read(0x20006000, 4);
    const busyBefore = sim.board.dtm.busyCount;
    const from = log.length;
    sim.board.dtm.injectBusy(3);
    assert.equal(await word(0x20006000), expected);
    assert.ok(sim.board.dtm.busyCount - busyBefore >= 3, 'busy was answered');
    assert.doesNotMatch(log.slice(from).join('\n'), /Error: /);
    await cmd('resume');
  });

  it('keeps the hart halted, its pc and memory when OpenOCD quits and a new one examines it', async () => {
    await cmd('halt');
    const haltedAt = await pc();
    await cmd('mww 0x20006000 0x0badcafe');
    await tcl.disconnect();
    await openocd.stop();
    openocd = await startOpenocdForSim(sim.port, { onLog: (line) => log.push(line) }, 'rv32');
    tcl = new TclClient({ port: openocd.tclPort, timeoutMs: 20_000 });
    await tcl.connect();
    assert.equal(await cmd('riscv.cpu curstate'), 'halted', 'examined without a resume');
    assert.equal(await pc(), haltedAt);
    assert.equal(await word(0x20006000), 0x0badcafe);
    await cmd('resume');
  });
});
