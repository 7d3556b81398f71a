// DAP scenarios of breakpoints and stops on the simulated board: a line breakpoint hit at GDB's
// line, function breakpoints, the stack in SysTick_Handler, HardFault as an exception stop, an
// instruction step, the comparator budget, restart keeping breakpoints, and per-stop round trips.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { gdbBreakpoints, gdbInfoLines } from '../dwarf/line/lineOracles';
import { lineOf } from '../engine/program/sourceLines';
import { firmwareDir } from '../helpers/firmware';
import { DapSession, E2E_TIMEOUT_MS } from './dapSession';
import { gdbStopsFrom } from './gdbOracle';

const workload = `${firmwareDir}/workload.c`;

for (const level of ['O0', 'Og'] as const) {
  describe(`breakpoints and stops (${level})`, { timeout: E2E_TIMEOUT_MS }, () => {
    let dap: DapSession;
    before(async () => {
      dap = await DapSession.start(level, { preload: true });
      await dap.launch({ load: false, runToEntryPoint: 'main' });
    });
    after(async () => dap?.close());

    const continueUntilStopped = async (): Promise<DebugProtocol.StoppedEvent> => {
      const stopped = dap.client.waitForEvent('stopped') as Promise<DebugProtocol.StoppedEvent>;
      await dap.client.continueRequest({ threadId: 1 });
      return stopped;
    };
    const setLines = (lines: number[]) => dap.client.setBreakpointsRequest({ source: { path: workload }, breakpoints: lines.map((line) => ({ line })) });

    it('hits a line breakpoint in work_step at the line GDB reports, called from main', async () => {
      const line = lineOf('workload.c', 'int32_t blocks = nested_blocks(base);');
      const [expected] = gdbBreakpoints(dap.elfPath, [`workload.c:${line}`])[0];
      const set = await setLines([line]);
      assert.deepEqual(set.body.breakpoints.map((b) => [b.verified, b.line]), [[true, expected.line]]);
      const before = dap.session.roundTrips;
      const stopped = await continueUntilStopped();
      assert.equal(stopped.body.reason, 'breakpoint');
      const afterStop = dap.session.roundTrips;
      const frames = await dap.frames();
      const { scopes } = (await dap.client.scopesRequest({ frameId: frames[0].id })).body;
      await dap.client.variablesRequest({ variablesReference: scopes.find((s) => s.name === 'Registers')!.variablesReference });
      const perStop = dap.session.roundTrips - afterStop;
      assert.ok(perStop <= 2, `stackTrace + scopes + Registers took ${perStop} Tcl round trips after the stop (resume and halt: ${afterStop - before})`);
      assert.deepEqual(frames.map((f) => f.name), ['work_step', 'main']);
      assert.equal(frames[0].line, expected.line);
      assert.equal(frames[0].source?.name, 'workload.c');
      assert.ok(frames[0].source?.path?.endsWith('/test/firmware/workload.c'), frames[0].source?.path);
      assert.equal(Number(frames[0].instructionPointerReference), expected.address);
      await setLines([]);
    });

    it('stops in the inlined scale_inline, shown as its own frame above work_step, as GDB shows it', async () => {
      const line = lineOf('workload.c', 'return scaled + 1;');
      const set = await setLines([line]);
      assert.equal(set.body.breakpoints[0].verified, true);
      const [gdb] = await gdbStopsFrom(level, `workload.c:${line}`);
      const stopped = await continueUntilStopped();
      assert.equal(stopped.body.reason, 'breakpoint');
      const frames = await dap.frames();
      await setLines([]);
      assert.deepEqual(frames.map((f) => f.name), gdb.functions);
      assert.equal(frames[0].name, 'scale_inline');
      assert.equal(frames[0].line, gdb.line);
      assert.equal(Number(frames[0].instructionPointerReference), gdb.pc);
    });

    it('puts a breakpoint on a line without code where GDB does', async () => {
      const blank = lineOf('workload.c', 'static uint32_t calls;');
      const [expected] = gdbBreakpoints(dap.elfPath, [`workload.c:${blank}`])[0];
      const set = await setLines([blank]);
      assert.equal(set.body.breakpoints[0].verified, true);
      assert.equal(set.body.breakpoints[0].line, expected.line);
      await setLines([]);
    });

    it('leaves a fifth breakpoint in flash unverified, saying why', async () => {
      const lines = ['nested_blocks(base);', 'g_op(scaled, base);', 'typed_args(-7,', 'recurse(RECURSION_DEPTH);', 'calls++;'].map((text) => lineOf('workload.c', text));
      const set = await setLines(lines);
      assert.deepEqual(set.body.breakpoints.map((b) => b.verified), [true, true, true, true, false]);
      assert.match(set.body.breakpoints[4].message ?? '', /no hardware breakpoint left.*4 FPB comparators/);
      const freed = await setLines(lines.slice(4));
      assert.equal(freed.body.breakpoints[0].verified, true, 'verified once comparators are free');
      await setLines(lines.slice(0, 4));
      const waiting = (await dap.client.setFunctionBreakpointsRequest({ breakpoints: [{ name: 'add_ints' }] })).body.breakpoints[0];
      assert.equal(waiting.verified, false);
      const changed = dap.client.waitForEvent('breakpoint') as Promise<DebugProtocol.BreakpointEvent>;
      await setLines([]);
      const event = (await changed).body;
      assert.equal(event.reason, 'changed');
      assert.equal(event.breakpoint.id, waiting.id);
      assert.equal(event.breakpoint.verified, true, 'the function breakpoint took a freed comparator');
      await dap.client.setFunctionBreakpointsRequest({ breakpoints: [] });
    });

    it('stops at a function breakpoint in recursion_bottom below seven recurse frames', async () => {
      const set = await dap.client.setFunctionBreakpointsRequest({ breakpoints: [{ name: 'recursion_bottom' }, { name: 'no_such_function' }] });
      assert.equal(set.body.breakpoints[0].verified, true);
      assert.equal(set.body.breakpoints[1].verified, false);
      assert.match(set.body.breakpoints[1].message ?? '', /no function named 'no_such_function'/);
      const stopped = await continueUntilStopped();
      assert.equal(stopped.body.reason, 'breakpoint');
      const names = (await dap.frames(30)).map((f) => f.name);
      assert.deepEqual(names, ['recursion_bottom', ...Array(6).fill('recurse'), 'work_step', 'main']);
      const delayed = await dap.client.stackTraceRequest({ threadId: 1, startFrame: 7, levels: 5 });
      assert.deepEqual(delayed.body.stackFrames.map((f) => f.name), ['work_step', 'main']);
      assert.equal(delayed.body.totalFrames, 9);
      const frames = await dap.frames(2);
      const callerScopes = (await dap.client.scopesRequest({ frameId: frames[1].id })).body.scopes;
      const callerRegisters = (await dap.client.variablesRequest({ variablesReference: callerScopes.find((s) => s.name === 'Registers')!.variablesReference })).body.variables;
      assert.equal(Number(callerRegisters.find((v) => v.name === 'pc')!.value), Number(frames[1].instructionPointerReference), 'the caller frame shows its own pc');
      await dap.client.setFunctionBreakpointsRequest({ breakpoints: [] });
    });

    it('stops at an instruction breakpoint from the disassembly view', async () => {
      const address = dap.symbol('add_ints');
      const set = await dap.client.send('setInstructionBreakpoints', { breakpoints: [{ instructionReference: `0x${address.toString(16)}`, offset: 2 }] });
      assert.deepEqual((set.body as DebugProtocol.SetInstructionBreakpointsResponse['body']).breakpoints.map((b) => b.verified), [true]);
      const stopped = await continueUntilStopped();
      assert.equal(stopped.body.reason, 'breakpoint');
      const [top] = await dap.frames(1);
      assert.equal(Number(top.instructionPointerReference), address + 2);
      assert.equal(top.name, 'add_ints');
      await dap.client.send('setInstructionBreakpoints', { breakpoints: [] });
    });

    it('steps one instruction to where OpenOCD says the PC is', async () => {
      const [top] = await dap.frames(1);
      const stopped = dap.client.waitForEvent('stopped') as Promise<DebugProtocol.StoppedEvent>;
      await dap.client.stepInRequest({ threadId: 1, granularity: 'instruction' });
      assert.equal((await stopped).body.reason, 'step');
      const [after] = await dap.frames(1);
      const pc = Number(/0x[0-9a-f]+/i.exec(await dap.tcl('reg pc'))![0]);
      assert.equal(Number(after.instructionPointerReference), pc);
      assert.notEqual(after.instructionPointerReference, top.instructionPointerReference);
    });

    it('pauses a running target with reason pause, and runs OpenOCD commands from the debug console', async () => {
      const continued = await dap.client.continueRequest({ threadId: 1 });
      assert.equal(continued.success, true);
      assert.equal((await dap.tcl('stm32f0x.cpu curstate')).trim(), 'running');
      const stopped = dap.client.waitForEvent('stopped') as Promise<DebugProtocol.StoppedEvent>;
      await dap.client.pauseRequest({ threadId: 1 });
      assert.equal((await stopped).body.reason, 'pause');
      assert.equal((await dap.tcl('stm32f0x.cpu curstate')).trim(), 'halted');
      await assert.rejects(dap.client.evaluateRequest({ expression: 'mdw 0x20000000', context: 'repl' }), /run an OpenOCD command with '>'/);
      await assert.rejects(dap.tcl('no_such_command'), /TclCommandError: .*invalid command name "no_such_command"/);
    });

    it('sets a breakpoint while the target runs, and stops there', async () => {
      await dap.client.continueRequest({ threadId: 1 });
      const line = lineOf('workload.c', 'g_recursion_result = recurse(');
      const stopped = dap.client.waitForEvent('stopped') as Promise<DebugProtocol.StoppedEvent>;
      const set = await setLines([line]);
      assert.equal(set.body.breakpoints[0].verified, true);
      assert.equal((await stopped).body.reason, 'breakpoint');
      assert.equal((await dap.frames(1))[0].line, set.body.breakpoints[0].line);
      await setLines([]);
    });

    it('stops with reason data breakpoint when the firmware writes a watched address', async () => {
      const ticks = `0x${dap.symbol('systick_ticks').toString(16)}`;
      const info = (await dap.client.send('dataBreakpointInfo', { name: ticks, asAddress: true, bytes: 4 })).body as DebugProtocol.DataBreakpointInfoResponse['body'];
      assert.ok(info.dataId);
      const set = await dap.client.send('setDataBreakpoints', { breakpoints: [{ dataId: info.dataId, accessType: 'write' }] });
      assert.deepEqual((set.body as DebugProtocol.SetDataBreakpointsResponse['body']).breakpoints.map((b) => b.verified), [true]);
      const stopped = await continueUntilStopped();
      assert.equal(stopped.body.reason, 'data breakpoint');
      assert.equal((await dap.frames(1))[0].name, 'SysTick_Handler');
      const odd = await dap.client.send('setDataBreakpoints', { breakpoints: [{ dataId: `${ticks}:3`, accessType: 'write' }] });
      const refused = (odd.body as DebugProtocol.SetDataBreakpointsResponse['body']).breakpoints[0];
      assert.equal(refused.verified, false);
      assert.match(refused.message ?? '', /power-of-two/);
      await dap.client.send('setDataBreakpoints', { breakpoints: [] });
    });

    it('disassembles a function as arm-none-eabi-objdump -d does, with its symbol and source lines', async () => {
      const dump = execFileSync('arm-none-eabi-objdump', ['-d', '--disassemble=nested_blocks', dap.elfPath], { encoding: 'utf8' });
      const expected = [...dump.matchAll(/^ ([0-9a-f]+):\t([0-9a-f ]+?)\s*\t(\S+)/gm)].map((m) => ({ address: Number(`0x${m[1]}`), mnemonic: m[3] }));
      const start = dap.symbol('nested_blocks');
      const body = (await dap.client.send('disassemble', { memoryReference: `0x${start.toString(16)}`, instructionCount: expected.length })).body as DebugProtocol.DisassembleResponse['body'];
      const shown = body!.instructions;
      assert.deepEqual(shown.map((i) => Number(i.address)), expected.map((e) => e.address));
      // objdump adds the encoding width (b.n, bl.w) that Capstone leaves out.
      assert.deepEqual(shown.map((i) => i.instruction.split(/\s/)[0]), expected.map((e) => e.mnemonic.replace(/\.[nw]$/, '')));
      assert.equal(shown[0].symbol, 'nested_blocks');
      assert.equal(shown[0].location?.name, 'workload.c');
      assert.equal(shown[0].line, gdbInfoLines(dap.elfPath, [start])[0]!.line);
    });

    it('shows SysTick_Handler, then the interrupted function, then main', async () => {
      await dap.client.setFunctionBreakpointsRequest({ breakpoints: [{ name: 'SysTick_Handler' }] });
      await continueUntilStopped();
      const frames = await dap.frames();
      await dap.client.setFunctionBreakpointsRequest({ breakpoints: [] });
      assert.equal(frames[0].name, 'SysTick_Handler');
      assert.ok(frames.length >= 2, frames.map((f) => f.name).join(', '));
      assert.notEqual(frames[1].name, 'SysTick_Handler');
      assert.ok(frames[1].source, 'the interrupted frame has its source line');
      assert.equal(frames[frames.length - 1].name, 'main');
    });

    it('stops with reason exception in HardFault_Handler once the fault flag is set', async () => {
      const flag = `0x${dap.symbol('fault_trigger').toString(16)}`;
      await dap.client.send('writeMemory', { memoryReference: flag, data: Buffer.from([1, 0, 0, 0]).toString('base64') });
      const stopped = await continueUntilStopped();
      assert.equal(stopped.body.reason, 'exception');
      assert.match(stopped.body.description ?? '', /HardFault/);
      const [top] = await dap.frames(1);
      assert.equal(top.name, 'HardFault_Handler');
    });

    it('restart resets, runs to main and keeps the breakpoints', async () => {
      const line = lineOf('workload.c', 'g_recursion_result = recurse(');
      await setLines([line]);
      const entry = dap.client.waitForEvent('stopped') as Promise<DebugProtocol.StoppedEvent>;
      await dap.client.send('restart', {});
      assert.equal((await entry).body.reason, 'entry');
      assert.equal((await dap.frames(1))[0].name, 'main');
      assert.equal(Number(await dap.tcl(`read_memory 0x${dap.symbol('fault_trigger').toString(16)} 32 1`)), 0, 'reset ran the startup code again');
      const stopped = await continueUntilStopped();
      assert.equal(stopped.body.reason, 'breakpoint');
      const [top] = await dap.frames(1);
      assert.equal(top.name, 'work_step');
      assert.equal(top.line, gdbBreakpoints(dap.elfPath, [`workload.c:${line}`])[0][0].line);
    });
  });
}
