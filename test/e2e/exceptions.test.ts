// DAP scenarios of exception breakpoints (Cortex-M vector catch) on the simulated STM32F030: the
// filters the M0 offers, HardFault caught or not (the firmware's hardfault_count as the witness),
// exceptionInfo's stacked PC, function and line checked against GDB, and the reset vector catch.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { gdbInfoLines } from '../dwarf/line/lineOracles';
import { lineOf } from '../engine/program/sourceLines';
import { DapSession, E2E_TIMEOUT_MS, simLaunchConfig } from './dapSession';

describe('exception breakpoints (Og)', { timeout: E2E_TIMEOUT_MS }, () => {
  let dap: DapSession;
  let capabilities: DebugProtocol.Capabilities | undefined;
  /** Every stopped event since the launch, in order. */
  const stops: DebugProtocol.StoppedEvent[] = [];

  before(async () => {
    dap = await DapSession.start('Og', { preload: true });
    dap.client.on('stopped', (event: DebugProtocol.StoppedEvent) => stops.push(event));
    const initialized = dap.client.waitForEvent('initialized');
    const entry = dap.client.waitForEvent('stopped');
    capabilities = (await dap.client.initializeRequest({ adapterID: 'openocd', linesStartAt1: true, columnsStartAt1: true, pathFormat: 'path' })).body;
    await dap.client.launchRequest(simLaunchConfig(dap.sim.port, dap.elfPath, { load: false, runToEntryPoint: 'main' }) as DebugProtocol.LaunchRequestArguments);
    await initialized;
    await dap.client.configurationDoneRequest();
    await entry;
  });
  after(async () => dap?.close());

  const hex = (value: number): string => `0x${value.toString(16)}`;
  const readWord = async (symbol: string): Promise<number> => Number(await dap.tcl(`read_memory ${hex(dap.symbol(symbol))} 32 1`));
  const setTrigger = (kind: number) => dap.client.send('writeMemory', { memoryReference: hex(dap.symbol('fault_trigger')), data: Buffer.from([kind, 0, 0, 0]).toString('base64') });
  const nextStop = () => dap.client.waitForEvent('stopped') as Promise<DebugProtocol.StoppedEvent>;
  const restart = async (): Promise<void> => {
    const entry = nextStop();
    await dap.client.send('restart', {});
    assert.equal((await entry).body.reason, 'entry');
  };

  it('announces the vector catches of an ARMv6-M core, HardFault on by default, and supports exceptionInfo', async () => {
    assert.deepEqual(capabilities?.exceptionBreakpointFilters?.map((f) => [f.filter, f.label, f.default]), [['hard_err', 'HardFault', true], ['reset', 'Reset', false]]);
    assert.equal(capabilities?.supportsExceptionInfoRequest, true);
    // OpenOCD 0.12 lists all eight names on any core; the default is HardFault caught, reset not.
    const listed = await dap.tcl('cortex_m vector_catch');
    assert.match(listed, /hard_err: catch\n/);
    assert.match(listed, /reset: ignore$/);
  });

  it('refuses a filter the core does not offer, naming the ones it has', async () => {
    await assert.rejects(dap.client.setExceptionBreakpointsRequest({ filters: ['bus_err'] }), /unknown exception breakpoint filter bus_err: this target offers hard_err, reset/);
  });

  it('with HardFault off, a fault runs into HardFault_Handler without a stop', async () => {
    await dap.client.setExceptionBreakpointsRequest({ filters: [] });
    assert.match(await dap.tcl('cortex_m vector_catch'), /hard_err: ignore\n/);
    assert.equal(await readWord('hardfault_count'), 0);
    const stopsBefore = stops.length;
    await setTrigger(1);
    await dap.client.continueRequest({ threadId: 1 });
    // The board runs: wait for the handler's counter (memory is readable while the core runs).
    let count = 0;
    for (let attempt = 0; attempt < 500 && count === 0; attempt++) count = await readWord('hardfault_count');
    assert.equal(count, 1, 'HardFault_Handler ran');
    assert.equal(stops.length, stopsBefore, 'no stop was reported while the fault was handled');
    const paused = nextStop();
    await dap.client.pauseRequest({ threadId: 1 });
    assert.equal((await paused).body.reason, 'pause');
    assert.equal((await dap.frames(1))[0].name, 'HardFault_Handler');
    await restart();
    // OpenOCD's reset halt writes DEMCR with VC_HARDERR set; the choice is applied again after it.
    assert.match(await dap.tcl('cortex_m vector_catch'), /hard_err: ignore\n/);
  });

  for (const [kind, statement] of [[1, 'fault_sink = *(volatile uint32_t *)UNMAPPED_ADDRESS;'], [2, '__asm volatile("udf #0");']] as const) {
    it(`with HardFault on, fault_trigger ${kind} stops with reason exception and exceptionInfo names fault_now at GDB's line`, async () => {
      await dap.client.setExceptionBreakpointsRequest({ filters: ['hard_err'] });
      await setTrigger(kind);
      const stopped = nextStop();
      await dap.client.continueRequest({ threadId: 1 });
      const event = await stopped;
      assert.equal(event.body.reason, 'exception');
      assert.equal(event.body.text, 'HardFault');
      assert.match(event.body.description ?? '', /HardFault/);
      const frames = await dap.frames(5);
      assert.equal(frames[0].name, 'HardFault_Handler');
      assert.equal(await readWord('hardfault_count'), 0, 'halted on the vector, before the handler ran');

      const info = (await dap.client.exceptionInfoRequest({ threadId: 1 })).body;
      assert.equal(info.exceptionId, 'HardFault');
      const where = /stacked PC (0x[0-9a-f]+) in (\w+) \(fault\.c:(\d+)\)/.exec(info.description ?? '');
      assert.ok(where, info.description);
      const pc = Number(where[1]);
      assert.equal(where[2], 'fault_now');
      const [gdbLine] = gdbInfoLines(dap.elfPath, [pc]);
      assert.equal(Number(where[3]), gdbLine?.line, `GDB: info line *${where[1]}`);
      assert.equal(Number(where[3]), lineOf('fault.c', statement));
      // The unwound stack agrees: the frame below the handler is fault_now at that PC.
      const interrupted = frames.find((frame) => frame.name === 'fault_now');
      assert.equal(Number(interrupted?.instructionPointerReference), pc);
      assert.match(info.description ?? '', /stacked xPSR 0x[0-9a-f]+: exception number 0 \(Thread mode\) was interrupted/);
      assert.match(info.description ?? '', /ARMv6-M has no fault status registers/);
      await restart();
    });
  }

  it('the reset catch stops at the reset vector after a running reset', async () => {
    await dap.client.setExceptionBreakpointsRequest({ filters: ['hard_err', 'reset'] });
    assert.match(await dap.tcl('cortex_m vector_catch'), /hard_err: catch\n[^]*reset: catch$/);
    const stopped = nextStop();
    await dap.tcl('reset run');
    const event = await stopped;
    assert.equal(event.body.reason, 'exception');
    assert.equal(event.body.text, 'Reset');
    const [top] = await dap.frames(1);
    assert.equal(top.name, 'Reset_Handler');
    assert.equal(Number(top.instructionPointerReference), dap.symbol('Reset_Handler'));
    const info = (await dap.client.exceptionInfoRequest({ threadId: 1 })).body;
    assert.equal(info.exceptionId, 'Reset');
    await dap.client.setExceptionBreakpointsRequest({ filters: ['hard_err'] });
  });
});
