// The Debugger facade and OpenocdTarget against real OpenOCD 0.12 debugging the simulated
// STM32F030 running the -Og test firmware: stop reasons, breakpoints and their budget, watchpoints,
// vector catch, instruction step, re-apply after reset, round trips per stop, OpenOCD dying.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { TclConnectionError } from '../../src/common';
import { EngineSession } from './engineSession';

describe('Debugger over OpenOCD and the simulated board', () => {
  let session: EngineSession;
  before(async () => {
    session = await EngineSession.start('Og');
  });
  after(async () => {
    await session?.close();
  });

  it('has one thread per OpenOCD target with the comparator budget of FP_CTRL/DWT_CTRL', () => {
    const [thread] = session.debug.threads;
    assert.equal(session.debug.threads.length, 1);
    assert.equal(thread.name, 'stm32f0x.cpu');
    assert.deepEqual(thread.target.budget, { hardwareBreakpoints: 4, watchpoints: 2 });
    assert.equal(thread.target.architecture.name, 'armv6m');
  });

  it('pause stops with reason pause; the stop, its registers and its stack take at most two round trips', async () => {
    const debug = session.debug;
    if (debug.threads[0].isHalted) {
      const continued = debug.continued.next();
      await debug.continue(1);
      await continued;
    }
    const before = debug.roundTrips;
    const stopped = session.nextStop();
    await debug.pause(1);
    const event = await stopped;
    const registers = await debug.readRegisters(1);
    const sp = Number(registers.get('sp'));
    const [frame] = await debug.readMemory(1, [{ address: sp, byteLength: 16 }]);
    const used = debug.roundTrips - before;
    assert.equal(event.reason, 'pause');
    assert.equal(event.threadId, 1);
    assert.ok(used <= 2, `halt + snapshot + registers + stack used ${used} round trips`);
    assert.ok(frame instanceof Uint8Array && frame.length === 16);
    assert.equal(Number(registers.get('pc')), await session.openocdRegister('pc'));
    assert.equal(sp, await session.openocdRegister('sp'));
    assert.equal(Number(registers.get('lr')), await session.openocdRegister('lr'));
    const [word] = await debug.readMemory(1, [{ address: sp, byteLength: 4 }]);
    const oracle = await debug.rawCommand(`mdw ${sp}`);
    assert.equal(Buffer.from(word as Uint8Array).readUInt32LE(0).toString(16).padStart(8, '0'), /: ([0-9a-f]{8})/.exec(oracle)![1]);
  });

  it('a hardware breakpoint in flash stops with reason breakpoint, found by an early halt check or the notification', async () => {
    const debug = session.debug;
    const workStep = session.symbol('work_step');
    const [status] = await debug.setBreakpoints('workload.c', [{ address: workStep }]);
    assert.deepEqual(status, { address: workStep, verified: true, kind: 'hardware' });
    const before = debug.roundTrips;
    const stopped = session.nextStop();
    await debug.continue(1);
    const event = await stopped;
    assert.equal(event.reason, 'breakpoint');
    assert.equal(event.stop.pc, workStep);
    // The resume, at most 4 early halt checks, and the snapshot that found the halt (a notification's check after it costs none).
    assert.ok(debug.roundTrips - before <= 1 + 4 + 1, `${debug.roundTrips - before} round trips`);
    const window = event.stop.snapshot.stackWindow;
    assert.equal(window.address + window.bytes.length, session.symbol('_estack'), 'the stack window ends at the initial MSP');
    assert.ok(window.address <= Number(event.stop.snapshot.registers.get('sp')));
    assert.deepEqual(session.openocd.logTail.filter((line) => /Failed to read memory/.test(line)), []);
  });

  it('stepInstruction executes one instruction and stops with reason step', async () => {
    const debug = session.debug;
    const from = debug.threads[0].stop!.pc;
    const before = debug.roundTrips;
    const stopped = session.nextStop();
    await debug.stepInstruction(1);
    const event = await stopped;
    const registers = await debug.readRegisters(1);
    const [stack] = await debug.readMemory(1, [{ address: Number(registers.get('sp')), byteLength: 16 }]);
    assert.equal(event.reason, 'step');
    assert.notEqual(event.stop.pc, from);
    assert.ok(stack instanceof Uint8Array);
    // step and the snapshot with its stack window in one request: the stack near SP costs nothing more
    assert.equal(debug.roundTrips - before, 1);
    assert.equal(event.stop.pc, await session.openocdRegister('pc'));
  });

  it('a step that runs to a temporary breakpoint is ended by pause, reported once with reason pause', async () => {
    const debug = session.debug;
    await debug.setBreakpoints('workload.c', []); // from here on nothing but the test's own requests stops the core
    const never = session.symbol('HardFault_Handler'); // fault_trigger is 0: never reached
    const events: string[] = [];
    const continued = debug.continued.on(() => events.push('continued'));
    const stopped = session.nextStop();
    const step = debug.runStep(1, async (thread) => {
      await thread.breakpoints.addTemporary(never);
      return (await thread.resumeUntilStop()).reason;
    });
    await debug.threads[0].target.resumed.next(undefined, AbortSignal.timeout(10_000));
    await debug.pause(1);
    await step;
    const event = await stopped;
    continued.dispose();
    assert.equal(event.reason, 'pause');
    assert.deepEqual(events, [], 'no continued event while stepping');
    assert.equal(debug.threads[0].breakpoints.hasUserBreakpoint(never), false);
    assert.doesNotMatch(await debug.rawCommand('bp'), new RegExp(never.toString(16)), 'the temporary breakpoint is gone from OpenOCD');
  });

  it("watched memory (stopReads) comes in a stop's own request; a stepper's stops leave it out, an instruction step keeps it", async () => {
    const debug = session.debug;
    const thread = debug.threads[0];
    const rcc = { address: 0x4002_1014, byteLength: 8, accessWidth: 32 } as const; // RCC_AHBENR, RCC_APB2ENR (RM0091 7.4)
    thread.target.stopReads = [rcc];
    try {
      const inStepper: (number | undefined)[] = [];
      await debug.runStep(1, async (stepping) => {
        inStepper.push((await stepping.target.stepInstruction()).snapshot.memory?.length);
      });
      assert.deepEqual(inStepper, [undefined]);
      assert.deepEqual(thread.target.stopReads, [rcc], 'set again after the stepper');
      await debug.stepInstruction(1);
      assert.equal(thread.stop?.snapshot.memory?.[0]?.address, rcc.address);
      const before = debug.roundTrips;
      const [apb2enr] = await debug.readMemory(1, [{ address: 0x4002_1018, byteLength: 4, accessWidth: 32 }]);
      assert.equal(debug.roundTrips, before, 'served by the stop');
      const expected = Number((await debug.rawCommand('read_memory 0x40021018 32 1')).trim());
      assert.deepEqual(apb2enr, Uint8Array.of(expected & 0xff, (expected >>> 8) & 0xff, (expected >>> 16) & 0xff, expected >>> 24));
    } finally {
      thread.target.stopReads = [];
    }
  });

  it('a halt typed in the debug console is reported as a stop like any other', async () => {
    const debug = session.debug;
    const continued = debug.continued.next(undefined, AbortSignal.timeout(10_000));
    await debug.continue(1);
    await continued;
    const [running] = await debug.readMemory(1, [{ address: session.symbol('g_u32'), byteLength: 4 }]);
    assert.equal(Buffer.from(running as Uint8Array).readUInt32LE(0), 0x12345678, 'memory reads while the core runs');
    const stopped = session.nextStop();
    await debug.rawCommand('halt');
    const event = await stopped;
    assert.equal(event.reason, 'pause');
    assert.equal(event.stop.pc, await session.openocdRegister('pc'));
  });

  it('a software breakpoint and a watchpoint set while the core runs are verified without a stop being reported', async () => {
    const debug = session.debug;
    const continued = debug.continued.next(undefined, AbortSignal.timeout(10_000));
    await debug.continue(1);
    await continued;
    const events: string[] = [];
    const subscriptions = [debug.stopped.on((e) => events.push(`stopped ${e.reason}`)), debug.continued.on(() => events.push('continued'))];
    const [software] = await debug.setBreakpoints('ram', [{ address: 0x20001800 }]);
    const [watchpoint] = await debug.setWatchpoints([{ address: 0x20001804, byteLength: 4, access: 'write' }]);
    await debug.setBreakpoints('ram', []);
    await debug.setWatchpoints([]);
    const state = await debug.threads[0].target.state();
    for (const subscription of subscriptions) subscription.dispose();
    assert.deepEqual(software, { address: 0x20001800, verified: true, kind: 'software' });
    assert.deepEqual(watchpoint, { address: 0x20001804, verified: true });
    assert.equal(state, 'running');
    assert.deepEqual(events, []);
    const stopped = session.nextStop();
    await debug.pause(1);
    assert.equal((await stopped).reason, 'pause');
  });

  it('a fifth hardware breakpoint in flash is unverified with the reason', async () => {
    const debug = session.debug;
    const names = ['work_step', 'nested_blocks', 'typed_args', 'recurse', 'add_ints'];
    const statuses = await debug.setBreakpoints('more.c', names.map((name) => ({ address: session.symbol(name) })));
    assert.deepEqual(statuses.map((s) => s.verified), [true, true, true, true, false]);
    assert.match(statuses[4].message!, /no hardware breakpoint left .*all 4 FPB comparators/);
    await debug.setBreakpoints('more.c', []);
    const [software] = await debug.setBreakpoints('more.c', [{ address: session.symbol('add_ints'), kind: 'software' }]);
    assert.equal(software.verified, false);
    assert.match(software.message!, /software breakpoint cannot be written into flash/);
    await debug.setBreakpoints('more.c', []);
  });

  it('a watchpoint stops with reason data-breakpoint', async () => {
    const debug = session.debug;
    const loopCount = session.symbol('loop_count');
    assert.deepEqual(await debug.setWatchpoints([{ address: loopCount, byteLength: 4, access: 'write' }]), [{ address: loopCount, verified: true }]);
    const stopped = session.nextStop();
    await debug.continue(1);
    const event = await stopped;
    assert.equal(event.reason, 'data-breakpoint');
    assert.equal(event.stop.debugReason, 'watchpoint');
    const [misaligned] = await debug.setWatchpoints([{ address: loopCount + 1, byteLength: 4, access: 'write' }]);
    assert.equal(misaligned.verified, false);
    assert.match(misaligned.message!, /power-of-two length and an address aligned/);
    await debug.setWatchpoints([]);
  });

  it('breakpoints are set again after a reset halt, even when OpenOCD forgot them', async () => {
    const debug = session.debug;
    const workStep = session.symbol('work_step');
    await debug.setBreakpoints('workload.c', [{ address: workStep }]);
    await debug.rawCommand('rbp all');
    const entry = session.nextStop();
    await debug.reset('halt');
    const reset = await entry;
    assert.equal(reset.reason, 'entry');
    assert.equal(reset.stop.pc, session.symbol('Reset_Handler'));
    // At the reset vector SP is the initial MSP, the end of RAM: the window is empty, not a failed read.
    assert.equal(Number(reset.stop.snapshot.registers.get('sp')), session.symbol('_estack'));
    assert.equal(reset.stop.snapshot.stackWindow.bytes.length, 0);
    assert.deepEqual(session.openocd.logTail.filter((line) => /Failed to read memory|STICKY ERROR/.test(line)), []);
    const stopped = session.nextStop();
    await debug.continue(1);
    const event = await stopped;
    assert.equal(event.reason, 'breakpoint');
    assert.equal(event.stop.pc, workStep);
  });

  it('reset run sets the breakpoints again before the first instruction runs', async () => {
    const debug = session.debug;
    const resetHandler = session.symbol('Reset_Handler');
    const [status] = await debug.setBreakpoints('startup.c', [{ address: resetHandler + 2 }]);
    assert.equal(status.verified, true);
    await debug.rawCommand('rbp all');
    const stopped = session.nextStop();
    await debug.reset('run');
    const event = await stopped;
    assert.equal(event.reason, 'breakpoint');
    assert.equal(event.stop.pc, resetHandler + 2);
    await debug.setBreakpoints('startup.c', []);
    const workStep = session.symbol('work_step');
    await debug.setBreakpoints('workload.c', [{ address: workStep }]);
    const atWorkStep = session.nextStop();
    await debug.continue(1);
    assert.equal((await atWorkStep).stop.pc, workStep);
  });

  it('a HardFault (fault_trigger set through memory) stops with reason exception by vector catch', async () => {
    const debug = session.debug;
    await debug.setBreakpoints('workload.c', []);
    await debug.writeMemory(1, session.symbol('fault_trigger'), Uint8Array.of(1, 0, 0, 0));
    const stopped = session.nextStop();
    await debug.continue(1);
    const event = await stopped;
    assert.equal(event.reason, 'exception');
    assert.equal(event.stop.exception, 'HardFault');
    assert.equal(event.stop.pc, session.symbol('HardFault_Handler'));
  });

  it('a software breakpoint in SRAM stops with reason breakpoint', async () => {
    const debug = session.debug;
    const entry = session.nextStop();
    await debug.reset('halt');
    await entry;
    const code = 0x20001000; // free SRAM: below the stack, above .data/.bss
    await debug.writeMemory(1, code, Uint8Array.of(0x00, 0xbf, 0xfe, 0xe7)); // nop; b .
    const [status] = await debug.setBreakpoints('ram', [{ address: code + 2 }]);
    assert.deepEqual(status, { address: code + 2, verified: true, kind: 'software' });
    await debug.writeRegister(1, 'pc', BigInt(code));
    const stopped = session.nextStop();
    await debug.continue(1);
    const event = await stopped;
    assert.equal(event.reason, 'breakpoint');
    assert.equal(event.stop.pc, code + 2);
    await debug.setBreakpoints('ram', []);
  });
});

describe('Debugger with a second OpenOCD target (notifications no longer name the target)', () => {
  let session: EngineSession;
  before(async () => {
    session = await EngineSession.start('Og', ['target create fake.testee testee -chain-position stm32f0x.cpu']);
  });
  after(async () => {
    await session?.close();
  });

  it('leaves out the target it cannot debug, saying why', () => {
    assert.deepEqual(session.debug.threads.map((thread) => thread.name), ['stm32f0x.cpu']);
    assert.deepEqual(session.debug.skippedTargets.map((skipped) => skipped.name), ['fake.testee']);
    assert.match(session.debug.skippedTargets[0].reason, /of type 'testee': only cortex_m \(ARMv6-M, ARMv7-M, ARMv8-M\) and riscv \(RV32\) targets/);
  });

  it('still reports pause, breakpoint and a step typed in the console, each once', async () => {
    const debug = session.debug;
    const reasons: string[] = [];
    const subscription = debug.stopped.on((event) => reasons.push(event.reason));
    const paused = session.nextStop();
    await debug.pause(1);
    await paused;
    const workStep = session.symbol('work_step');
    await debug.setBreakpoints('workload.c', [{ address: workStep }]);
    const hit = session.nextStop();
    await debug.continue(1);
    assert.equal((await hit).stop.pc, workStep);
    const stepped = session.nextStop();
    await debug.rawCommand('step');
    const step = await stepped;
    assert.notEqual(step.stop.pc, workStep);
    assert.equal(step.stop.pc, await session.openocdRegister('pc'));
    subscription.dispose();
    assert.deepEqual(reasons, ['pause', 'breakpoint', 'step']);
  });

  it('a stepped instruction costs the step and one snapshot, though both its reply and the halted notification ask for one', async () => {
    const debug = session.debug;
    await debug.setBreakpoints('workload.c', []);
    const steps = 3;
    const before = debug.roundTrips;
    for (let k = 0; k < steps; k++) {
      const from = debug.threads[0].stop!.pc;
      const stopped = session.nextStop();
      await debug.stepInstruction(1);
      const event = await stopped;
      assert.equal(event.reason, 'step');
      assert.notEqual(event.stop.pc, from);
    }
    // The oracle's own request comes last: a check still queued by the last step would show.
    assert.equal(debug.threads[0].stop!.pc, await session.openocdRegister('pc'));
    const used = debug.roundTrips - before - 1;
    console.log(`${steps} instruction steps with shared notifications: ${used} round trips`);
    assert.ok(used <= 2 * steps, `${used} round trips for ${steps} steps`);
  });
});

describe('Debugger when OpenOCD dies', () => {
  let session: EngineSession;
  before(async () => {
    session = await EngineSession.start('Og');
  });
  after(async () => {
    await session?.close();
  });

  it('emits terminated, then every call fails with the same sticky error, and OpenOCD is gone', async () => {
    const debug = session.debug;
    const terminated = debug.terminated.next(undefined, AbortSignal.timeout(10_000));
    process.kill(session.openocd.pid, 'SIGKILL');
    const { error } = await terminated;
    assert.ok(error instanceof TclConnectionError, `${error}`);
    assert.throws(() => debug.thread(1), (thrown) => thrown === error);
    await assert.rejects(debug.continue(1), (thrown) => thrown === error);
    await session.openocd.exited;
    assert.throws(() => process.kill(session.openocd.pid, 0), /ESRCH/);
  });
});
