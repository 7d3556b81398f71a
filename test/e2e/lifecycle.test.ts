// DAP scenarios of a session's life: launch.json errors naming the attribute, attach to a running
// OpenOCD without reset, disconnect stopping the OpenOCD we started, OpenOCD killed mid-session,
// and the bundled adapter (node dist/adapter.js) over stdio and over TCP (--server=PORT).
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { DebugClient } from '@vscode/debugadapter-testsupport';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { freePort } from '../../src/openocd';
import { lineOf } from '../engine/program/sourceLines';
import { firmwareDir, firmwareElf } from '../helpers/firmware';
import { startSim } from '../sim/startSim';
import { isAlive } from '../helpers/processes';
import { DapSession, E2E_TIMEOUT_MS, simLaunchConfig } from './dapSession';
import { OwnOpenocd } from './ownOpenocd';

const root = join(__dirname, '..', '..');

describe('session lifecycle', { timeout: E2E_TIMEOUT_MS }, () => {
  it('refuses a wrong launch.json, naming the attribute, before starting anything', async () => {
    const dap = await DapSession.start('O0');
    try {
      await dap.client.initializeRequest();
      await assert.rejects(dap.client.launchRequest(simLaunchConfig(dap.sim.port, dap.elfPath, { configFiles: 'x' }) as DebugProtocol.LaunchRequestArguments), {
        message: 'launch.json: "configFiles" must be an array of strings; got "x"',
      });
      await assert.rejects(dap.client.launchRequest(simLaunchConfig(dap.sim.port, 'build/none.elf') as DebugProtocol.LaunchRequestArguments), {
        message: `launch.json: "executable": no such file ${join(firmwareDir, 'build', 'none.elf')}`,
      });
      await assert.rejects(dap.client.launchRequest(simLaunchConfig(dap.sim.port, dap.elfPath, { runToEntryPoint: 'no_such_main' }) as DebugProtocol.LaunchRequestArguments), {
        message: `launch.json: "runToEntryPoint": no function named 'no_such_main' in ${dap.elfPath}`,
      });
      await assert.rejects(dap.client.threadsRequest(), /no target yet/);
      assert.equal(dap.session.openocdPid, undefined);
    } finally {
      await dap.close();
    }
  });

  it('stops the OpenOCD it started on disconnect', async () => {
    const dap = await DapSession.start('O0', { preload: true });
    try {
      await dap.launch({ load: false, stopAtEntry: true });
      const pid = dap.session.openocdPid!;
      assert.ok(isAlive(pid));
      await dap.client.disconnectRequest({ terminateDebuggee: true });
      assert.equal(isAlive(pid), false, 'OpenOCD still runs after disconnect');
    } finally {
      await dap.close();
    }
  });

  it('maps compiled source paths to local ones with sourceFileMap, for breakpoints and frames', async () => {
    const local = mkdtempSync(join(tmpdir(), 'source-map-'));
    copyFileSync(join(firmwareDir, 'workload.c'), join(local, 'workload.c'));
    const dap = await DapSession.start('O0', { preload: true });
    try {
      await dap.launch({ load: false, runToEntryPoint: 'main', sourceFileMap: { [firmwareDir]: local } });
      const line = lineOf('workload.c', 'int32_t blocks = nested_blocks(base);');
      const set = await dap.client.setBreakpointsRequest({ source: { path: join(local, 'workload.c') }, breakpoints: [{ line }] });
      assert.equal(set.body.breakpoints[0].verified, true);
      const stopped = dap.client.waitForEvent('stopped');
      await dap.client.continueRequest({ threadId: 1 });
      await stopped;
      const [top] = await dap.frames(1);
      assert.equal(top.source?.path, join(local, 'workload.c'));
      assert.equal(top.line, line);
    } finally {
      await dap.close();
      rmSync(local, { recursive: true, force: true });
    }
  });

  it('terminate halts the target, stops OpenOCD and ends the session with a terminated event', async () => {
    const dap = await DapSession.start('O0', { preload: true });
    try {
      await dap.launch({ load: false, stopAtEntry: true });
      await dap.client.continueRequest({ threadId: 1 });
      assert.equal(dap.sim.board.cpu.halted, false);
      const pid = dap.session.openocdPid!;
      const terminated = dap.client.waitForEvent('terminated');
      await dap.client.terminateRequest();
      await terminated;
      assert.equal(isAlive(pid), false, 'OpenOCD still runs after terminate');
      assert.equal(dap.sim.board.cpu.halted, true, 'the target was left running');
      await assert.rejects(dap.client.threadsRequest(), /the session has ended: the session was terminated/);
    } finally {
      await dap.close();
    }
  });

  it('OpenOCD killed mid-session ends the session with a terminated event and says why', async () => {
    const dap = await DapSession.start('O0', { preload: true });
    try {
      await dap.launch({ load: false, runToEntryPoint: 'main' });
      const pid = dap.session.openocdPid!;
      const terminated = dap.client.waitForEvent('terminated', 2_000);
      process.kill(pid, 'SIGKILL');
      await terminated;
      await dap.client.disconnectRequest({});
      assert.equal(isAlive(pid), false, 'OpenOCD left behind');
      const errors = dap.output.filter((o) => o.category === 'stderr').map((o) => o.text).join('');
      assert.match(errors, /OpenOCD exited \(SIGKILL\)|connection to OpenOCD was lost/);
      await assert.rejects(dap.client.threadsRequest(), /the session has ended/);
    } finally {
      await dap.close();
    }
  });

  describe('attach', () => {
    let own: OwnOpenocd;
    let dap: DapSession;
    before(async () => {
      dap = await DapSession.start('O0', { preload: true });
      own = await OwnOpenocd.start(dap.sim.port);
    });
    after(async () => {
      await own?.stop();
      await dap?.close();
    });

    it('attaches to a running OpenOCD without resetting the target, and leaves it running on disconnect', async () => {
      const loopCount = dap.symbol('loop_count');
      const before = await own.waitForWord(loopCount, 3, 'loop_count');
      assert.equal((await dap.attach(own.process.tclPort)).body.reason, 'pause');
      assert.ok(Number(await dap.tcl(`read_memory 0x${loopCount.toString(16)} 32 1`)) >= before, 'loop_count went back: the target was reset');
      assert.ok((await dap.frames()).some((frame) => frame.name === 'main'));
      await dap.client.disconnectRequest({});
      assert.equal((await own.tcl.cmd('stm32f0x.cpu curstate')).out.trim(), 'running');
      assert.ok(isAlive(own.process.pid), 'an attached session must not stop OpenOCD');
    });
  });

  it('runs bundled as node dist/adapter.js over stdio (npm test builds it first)', async () => {
    assert.ok(existsSync(join(root, 'dist', 'adapter.js')), 'dist/adapter.js is not built: run npm run build');
    const sim = await startSim({ firmwarePath: firmwareElf('O0'), cyclesPerSecond: 8_000_000 });
    const client = new DebugClient(process.execPath, join(root, 'dist', 'adapter.js'), 'openocd');
    client.defaultTimeout = 30_000;
    try {
      await client.start();
      const stopped = client.waitForEvent('stopped') as Promise<DebugProtocol.StoppedEvent>;
      await Promise.all([client.configurationSequence(), client.launch(simLaunchConfig(sim.port, firmwareElf('O0'), { load: false, runToEntryPoint: 'main' }))]);
      assert.equal((await stopped).body.reason, 'entry');
      const frames = (await client.stackTraceRequest({ threadId: 1 })).body.stackFrames;
      assert.equal(frames[0].name, 'main');
      // Stepping and the disassembly view need Capstone's WASM, which the bundle must find.
      const disassembly = await client.send('disassemble', { memoryReference: frames[0].instructionPointerReference, instructionCount: 4 });
      assert.equal((disassembly.body as DebugProtocol.DisassembleResponse['body'])!.instructions.length, 4);
      const stepped = client.waitForEvent('stopped') as Promise<DebugProtocol.StoppedEvent>;
      await client.nextRequest({ threadId: 1 });
      assert.equal((await stepped).body.reason, 'step');
      await client.disconnectRequest({ terminateDebuggee: true });
    } finally {
      await client.stop();
      await sim.stop();
    }
  });

  it('serves DAP over TCP on loopback with --server=PORT, a session per connection', async () => {
    const port = await freePort();
    const adapter = spawn(process.execPath, [join(root, 'dist', 'adapter.js'), `--server=${port}`], { stdio: ['ignore', 'ignore', 'pipe'] });
    const exited = once(adapter, 'exit');
    const sim = await startSim({ firmwarePath: firmwareElf('O0'), cyclesPerSecond: 8_000_000 });
    const client = new DebugClient('node', 'unused', 'openocd');
    client.defaultTimeout = 30_000;
    try {
      let stderr = '';
      adapter.stderr.setEncoding('utf8');
      const exitedEarly = exited.then(([code]) => Promise.reject(new Error(`the adapter exited (${code}) before listening: ${stderr}`)));
      while (!stderr.includes('\n')) stderr += (await Promise.race([once(adapter.stderr, 'data'), exitedEarly]))[0];
      assert.equal(stderr.trim(), `waiting for debug protocol on 127.0.0.1:${port}`);
      await client.start(port);
      const stopped = client.waitForEvent('stopped') as Promise<DebugProtocol.StoppedEvent>;
      await Promise.all([client.configurationSequence(), client.launch(simLaunchConfig(sim.port, firmwareElf('O0'), { load: false, runToEntryPoint: 'main' }))]);
      assert.equal((await stopped).body.reason, 'entry');
      assert.equal((await client.stackTraceRequest({ threadId: 1 })).body.stackFrames[0].name, 'main');
      await client.disconnectRequest({ terminateDebuggee: true });
    } finally {
      await client.stop();
      adapter.kill();
      await exited;
      await sim.stop();
    }
  });
});
