// Traps on the RISC-V board through the adapter (issue 19): the `trap` exception filter (a
// breakpoint at mtvec's entry, OpenOCD 0.12's riscv target having no vector catch), each trap the
// firmware raises on request stopping as an exception named after mcause with mepc and mtval in
// exceptionInfo, interrupts through the same entry passing unseen, and the stack from inside the
// handler down to the interrupted function (at mepc), where GDB's `bt` skips it.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { Deferred } from '../../../src/common';
import { lineOf } from '../../engine/program/sourceLines';
import { firmwareDir, riscvBoardElf } from '../../helpers/firmware';
import { gdbBlocks } from '../../helpers/gdbOnOpenocd';
import type { RiscvBoard } from '../../sim/riscv/riscvBoard';
import { startOpenocdForSim, startSim } from '../../sim/startSim';
import { DapSession, E2E_TIMEOUT_MS } from '../dapSession';
import { RV32_GDB_SETUP } from '../gdbOracle';

/** Machine trap CSRs (Privileged Spec table 2.2). */
const MEPC = 0x341;
const MCAUSE = 0x342;
const MTVAL = 0x343;
const hex32 = (value: number): string => `0x${value.toString(16).padStart(8, '0')}`;
const boardTrap = join(firmwareDir, 'riscv', 'board-trap.c');

/** board.h's enum trap_kind, what each raises, and the line of board-trap.c that raises it. */
const TRAPS = [
  { kind: 1, name: 'Illegal instruction', code: 2, line: lineOf('riscv/board-trap.c', '"unimp"') },
  { kind: 2, name: 'Load address misaligned', code: 4, line: lineOf('riscv/board-trap.c', '&exceptions_taken + 2u') },
  { kind: 3, name: 'Load access fault', code: 5, line: lineOf('riscv/board-trap.c', '*(volatile uint32_t *)UNMAPPED_ADDRESS') },
  { kind: 4, name: 'Environment call from M-mode', code: 11, line: lineOf('riscv/board-trap.c', '"ecall"') },
];

describe('RISC-V board: the trap catch, the trap report and the stack from the handler (O0)', { timeout: E2E_TIMEOUT_MS }, () => {
  let dap: DapSession<RiscvBoard>;
  let capabilities: Promise<DebugProtocol.CapabilitiesEvent>;
  const csr = (number: number): number => dap.sim.board.hart.readRegister(number)!;
  const stoppedAfter = async (request: () => Promise<unknown>): Promise<DebugProtocol.StoppedEvent> => {
    const stopped = dap.client.waitForEvent('stopped') as Promise<DebugProtocol.StoppedEvent>;
    await request();
    return stopped;
  };
  const setGlobal = async (name: string, value: string): Promise<void> => {
    const [top] = await dap.frames(1);
    await dap.client.send('setExpression', { expression: name, value, frameId: top.id } satisfies DebugProtocol.SetExpressionArguments);
  };
  const global = async (name: string): Promise<number> => {
    const [top] = await dap.frames(1);
    return Number((await dap.client.evaluateRequest({ expression: name, frameId: top.id, context: 'watch' })).body.result);
  };

  before(async () => {
    dap = await DapSession.startRv32('O0');
    capabilities = dap.client.waitForEvent('capabilities') as Promise<DebugProtocol.CapabilitiesEvent>;
    await dap.launch({ runToEntryPoint: 'main' });
  });
  after(async () => dap?.close());

  it('offers the trap filter for the rv32 core, arms it at mtvec, and refuses a Cortex-M filter naming the offered one', async () => {
    const filters = (await capabilities).body.capabilities.exceptionBreakpointFilters ?? [];
    assert.deepEqual(filters.map((f) => [f.filter, f.default]), [['trap', false]]);
    await assert.rejects(dap.client.setExceptionBreakpointsRequest({ filters: ['hard_err'] }), { message: 'unknown exception breakpoint filter hard_err: this target offers trap' });
    const set = await dap.client.setExceptionBreakpointsRequest({ filters: ['trap'] });
    assert.deepEqual(set.body?.breakpoints?.map((b) => b.verified), [true]);
    assert.equal(csr(0x305), dap.symbol('machine_trap'), 'crt0 set mtvec to machine_trap before main');
  });

  for (const trap of TRAPS) {
    it(`trap_request ${trap.kind}: stops at mtvec as "${trap.name}", mepc in raise_requested_trap at board-trap.c:${trap.line}, mtval in exceptionInfo`, async () => {
      await setGlobal('trap_request', String(trap.kind));
      const stopped = await stoppedAfter(() => dap.client.continueRequest({ threadId: 1 }));
      assert.equal(stopped.body.reason, 'exception');
      assert.equal(stopped.body.text, trap.name);
      assert.equal(csr(MCAUSE), trap.code);
      const frames = await dap.frames();
      assert.deepEqual(frames.map((frame) => frame.name), ['machine_trap', 'raise_requested_trap', 'main']);
      assert.equal(Number(frames[0].instructionPointerReference), dap.symbol('machine_trap'));
      assert.equal(Number(frames[1].instructionPointerReference), csr(MEPC), 'the interrupted frame is at mepc');
      assert.equal(frames[1].line, trap.line);
      const info = (await dap.client.exceptionInfoRequest({ threadId: 1 })).body;
      assert.equal(info.exceptionId, trap.name);
      assert.equal(info.breakMode, 'always');
      const lines = info.description!.split('\n');
      assert.equal(lines[0], `${trap.name} (mcause ${hex32(trap.code)})`);
      assert.equal(lines[1], `mepc ${hex32(csr(MEPC))} in raise_requested_trap (board-trap.c:${trap.line}): the instruction that raised it`);
      assert.match(lines[2], new RegExp(`^mtval ${hex32(csr(MTVAL))}: `));
      if (trap.kind === 2) assert.equal(csr(MTVAL), dap.symbol('exceptions_taken') + 2, 'the misaligned address');
      if (trap.kind === 3) assert.equal(csr(MTVAL), 0x6000_0000, 'the unmapped address');
      assert.equal(await global('exceptions_taken'), TRAPS.indexOf(trap), 'the earlier traps were handled, this one not yet');
    });
  }

  it('interrupts entering at the same mtvec (direct mode) pass unseen: timer ticks count on until a pause', async () => {
    const ticks = await global('timer_ticks');
    const timerTicks = dap.symbol('timer_ticks');
    const ticked = new Deferred<void>();
    const sram = dap.sim.board.sram.bytes;
    const ticksNow = (): number => new DataView(sram.buffer, sram.byteOffset + timerTicks - 0x2000_0000, 4).getUint32(0, true);
    // Each line out of USART0 checks the count: no timer of ours decides when enough time has passed.
    const listener = dap.sim.board.uartTx.on(() => {
      if (ticksNow() >= ticks + 3) ticked.resolve();
    });
    const stopped = new Deferred<void>();
    const onStop = (event: DebugProtocol.StoppedEvent): void => stopped.reject(new Error(`a stop while only interrupts entered at mtvec: ${JSON.stringify(event.body)}`));
    dap.client.on('stopped', onStop);
    try {
      await dap.client.continueRequest({ threadId: 1 });
      await Promise.race([ticked.promise, stopped.promise]);
      dap.client.off('stopped', onStop);
      const paused = await stoppedAfter(() => dap.client.pauseRequest({ threadId: 1 }));
      assert.equal(paused.body.reason, 'pause');
    } finally {
      listener.dispose();
      dap.client.off('stopped', onStop);
    }
  });

  it('inside the handler the stack goes on at mepc: trap_exception_taken < machine_trap < raise_requested_trap < main, where GDB\'s bt skips raise_requested_trap', async () => {
    const line = lineOf('riscv/board-trap.c', 'uint32_t epc = csr_read(mepc);');
    await dap.client.setBreakpointsRequest({ source: { path: boardTrap }, breakpoints: [{ line }] });
    await setGlobal('trap_request', '3');
    assert.equal((await stoppedAfter(() => dap.client.continueRequest({ threadId: 1 }))).body.reason, 'exception');
    assert.equal((await stoppedAfter(() => dap.client.continueRequest({ threadId: 1 }))).body.reason, 'breakpoint');
    const frames = await dap.frames();
    const ours = frames.map((frame) => [frame.name, frame.line, Number(frame.instructionPointerReference)]);
    assert.deepEqual(ours.map(([name]) => name), ['trap_exception_taken', 'machine_trap', 'raise_requested_trap', 'main']);
    assert.equal(ours[2][2], csr(MEPC));
    const gdb = await gdbInHandler();
    // GDB unwinds machine_trap by its CFI to the saved ra: main's return address, not mepc. It
    // has no unwinder for a bare-metal RISC-V trap frame (docs/gdb-differences.md).
    assert.deepEqual(gdb.frames.map(([name]) => name), ['trap_exception_taken', 'machine_trap', 'main']);
    assert.deepEqual([ours[0], ours[1], ours[3]].map(([name, frameLine]) => [name, frameLine]), gdb.frames.map(([name, frameLine]) => [name, frameLine]));
    assert.deepEqual([ours[1][2], ours[3][2]], [gdb.frames[1][2], gdb.frames[2][2]], 'return addresses');
    assert.equal(gdb.mepc, ours[2][2], 'GDB\'s $mepc is our interrupted frame\'s PC');
  });

  it('after a restart the catch follows mtvec again: the reset cleared it (unarmed, no breakpoint at 0), crt0 set it before main', async () => {
    await dap.client.setBreakpointsRequest({ source: { path: boardTrap }, breakpoints: [] });
    assert.equal((await stoppedAfter(() => dap.client.restartRequest({}))).body.reason, 'entry');
    assert.equal((await dap.frames(1))[0].name, 'main');
    await setGlobal('trap_request', '2');
    const stopped = await stoppedAfter(() => dap.client.continueRequest({ threadId: 1 }));
    assert.deepEqual([stopped.body.reason, stopped.body.text], ['exception', 'Load address misaligned']);
    assert.equal(await global('exceptions_taken'), 0, 'the restarted program has taken no exception before');
    // mtvec is 0 after the reset, outside the program: no breakpoint was tried there.
    assert.deepEqual(dap.openocdLog.filter((entry) => entry.level === 'error' && /breakpoint|addr=0x0\)/.test(entry.line)).map((entry) => entry.line), []);
  });

  it('with the filter off a trap runs through its handler: the next stop is a breakpoint after it, the exception counted', async () => {
    await dap.client.setExceptionBreakpointsRequest({ filters: [] });
    const [roundOnce] = (await dap.client.setFunctionBreakpointsRequest({ breakpoints: [{ name: 'round_once' }] })).body.breakpoints;
    assert.equal(roundOnce.verified, true);
    // From the top of a round: the loop calls round_once, then raises the requested trap.
    assert.equal((await stoppedAfter(() => dap.client.continueRequest({ threadId: 1 }))).body.reason, 'breakpoint');
    const taken = await global('exceptions_taken');
    await setGlobal('trap_request', '1');
    const stopped = await stoppedAfter(() => dap.client.continueRequest({ threadId: 1 }));
    assert.equal(stopped.body.reason, 'breakpoint');
    assert.equal((await dap.frames(1))[0].name, 'round_once');
    assert.equal(await global('exceptions_taken'), taken + 1);
    assert.equal(await global('trap_request'), 0);
  });
});

/** GDB's `bt` (name, line, pc; NaN for frame 0) and `$mepc` at the first line of trap_exception_taken after a load access fault, on a fresh board. */
async function gdbInHandler(): Promise<{ frames: [string, number, number][]; mepc: number }> {
  const elfPath = riscvBoardElf('O0');
  const sim = await startSim({ board: 'rv32', firmwarePath: elfPath, cyclesPerSecond: 8_000_000 });
  try {
    const openocd = await startOpenocdForSim(sim.port, { gdbPort: 'auto' }, 'rv32');
    try {
      const [, bt, mepc] = await gdbBlocks({ gdbPort: openocd.ports.gdb, elfPath }, [
        [...RV32_GDB_SETUP, 'break main', 'continue', 'delete', 'set var trap_request = 3', 'break trap_exception_taken', 'continue'],
        ['bt'],
        ['print/x $mepc'],
      ]);
      const frames = bt.trim().split('\n').map((row): [string, number, number] => {
        const match = /^#\d+\s+(?:(0x[0-9a-f]+) in )?(\S+) \(.*\) at \S+:(\d+)$/.exec(row.trim());
        assert.ok(match, `GDB's bt row '${row}'`);
        // Frame 0 at the start of its line has no address in GDB's row.
        return [match[2], Number(match[3]), match[1] === undefined ? Number.NaN : Number(match[1])];
      });
      return { frames, mepc: Number(/= (0x[0-9a-f]+)/.exec(mepc)?.[1]) };
    } finally {
      await openocd.stop();
    }
  } finally {
    await sim.stop();
  }
}
