// DAP scenarios of RTT on the simulated board: the firmware's up channel 0 arrives once and in
// order as output of category rtt:0, openocd.rttWrite reaches down channel 0 (the firmware echoes
// it), RTT goes on after a restart, and the session's end leaves no RTT server port open, also in
// an OpenOCD the user started and the session attached to (with semihosting's redirect port).
import assert from 'node:assert/strict';
import * as net from 'node:net';
import { describe, it } from 'node:test';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { CUSTOM_EVENTS, CUSTOM_REQUESTS, type RttChannelsEventBody } from '../../src/adapter';
import { firmwareRamElf } from '../helpers/firmware';
import { startOpenocdForSim } from '../sim/startSim';
import { DapSession, E2E_TIMEOUT_MS, simLaunchConfig } from './dapSession';
import { outputUntil, setWord } from './programOutput';

/** `rtt line 1\n` ... `rtt line n\n` from `from` (test/firmware/rtt.c rtt_poll). */
function lines(from: number, count: number): string {
  return Array.from({ length: count }, (_, k) => `rtt line ${from + k}\n`).join('');
}

/** Whether something accepts connections on 127.0.0.1:port now. */
function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** The ports OpenOCD said it listens on for RTT (src/server/server.c add_service logs each). */
function rttPorts(dap: DapSession): number[] {
  return dap.openocdLog.flatMap(({ line }) => /Listening on port (\d+) for rtt connections/.exec(line)?.[1] ?? []).map(Number);
}

describe('RTT', { timeout: E2E_TIMEOUT_MS }, () => {
  it('shows up channel 0 once and in order, writes down channel 0, survives a restart, and leaves no port open', async () => {
    // The preloaded board runs and prints before the launch; SRAM keeps that unread text across the
    // launch's reset (as on a chip), and the launch must not show it: one hello, the debugged run's.
    const dap = await DapSession.start('Og', { preload: true });
    let ports: number[] = [];
    try {
      const opened = dap.client.waitForEvent(CUSTOM_EVENTS.rttChannels) as Promise<DebugProtocol.Event>;
      await dap.launch({ load: false, runToEntryPoint: 'main', rtt: { enabled: true } });
      assert.deepEqual((await opened).body as RttChannelsEventBody, { channels: [{ index: 0, name: 'Terminal', byteSize: 1024 }] });
      await dap.client.continueRequest({ threadId: 1 });
      assert.equal(await outputUntil(dap, 'rtt:0', (text) => text.includes('hello\n')), 'rtt: hello\n');

      // 200 lines (about 2.6 KB) through a 1 KiB buffer: the firmware waits for room, so none is lost.
      await setWord(dap, 'rtt_request_lines', 200);
      assert.equal(await outputUntil(dap, 'rtt:0', (text) => text.includes('rtt line 200\n')), `rtt: hello\n${lines(1, 200)}`);

      await assert.rejects(dap.client.customRequest(CUSTOM_REQUESTS.rttWrite, { channel: 3, data: 'x' }), { message: 'no RTT channel 3: the open channels are 0' });
      await assert.rejects(dap.client.customRequest(CUSTOM_REQUESTS.rttWrite, { channel: 0 }), { message: 'openocd.rttWrite: "data" must be a string; got nothing' });
      await dap.client.customRequest(CUSTOM_REQUESTS.rttWrite, { channel: 0, data: 'ping ü\n' });
      // Until the whole echoed line: the firmware's echo can reach the poll in two pieces.
      assert.equal(await outputUntil(dap, 'rtt:0', (text) => text.endsWith('\n') && text.includes('echo: ping')), `rtt: hello\n${lines(1, 200)}echo: ping ü\n`);

      const before = dap.output.filter((output) => output.category === 'rtt:0').map((output) => output.text).join('');
      const stopped = dap.client.waitForEvent('stopped');
      await dap.client.restartRequest({});
      await stopped;
      await dap.client.continueRequest({ threadId: 1 });
      await setWord(dap, 'rtt_request_lines', 3);
      const after = (await outputUntil(dap, 'rtt:0', (text) => text.endsWith('rtt line 3\n') && text.length > before.length)).slice(before.length);
      assert.equal(after, `rtt: hello\n${lines(1, 3)}`);
      ports = rttPorts(dap);
      assert.equal(ports.length, 1, JSON.stringify(dap.openocdLog.slice(-10)));
      assert.equal(await listening(ports[0]), true, 'the RTT server listens while the session runs');
    } finally {
      await dap.close();
    }
    for (const port of ports) assert.equal(await listening(port), false, `port ${port} still listens after the session`);
  });

  it('after an attach, reads RTT and semihosting from the OpenOCD the user started and leaves none of its ports listening', async () => {
    const dap = await DapSession.start('Og', { preload: true });
    const log: string[] = [];
    const openocd = await startOpenocdForSim(dap.sim.port, { onLog: (line) => log.push(line) });
    try {
      const opened = dap.client.waitForEvent(CUSTOM_EVENTS.rttChannels);
      const stopped = dap.client.waitForEvent('stopped');
      const initialized = dap.client.waitForEvent('initialized');
      await dap.client.initializeRequest({ adapterID: 'openocd' });
      await dap.client.attachRequest({ request: 'attach', executable: dap.elfPath, tclPort: openocd.tclPort, rtt: { enabled: true }, semihosting: true } as DebugProtocol.AttachRequestArguments);
      await initialized;
      await dap.client.configurationDoneRequest();
      await Promise.all([opened, stopped]);
      await dap.client.continueRequest({ threadId: 1 });
      // Attached, nothing is dropped: the hello the running program wrote before arrives.
      assert.equal(await outputUntil(dap, 'rtt:0', (text) => text.includes('hello\n')), 'rtt: hello\n');
      await setWord(dap, 'semihosting_request', 1);
      await outputUntil(dap, 'stdout', (text) => text.endsWith('sh: stderr line\n'));
      const ports = log.flatMap((line) => /Listening on port (\d+) for (rtt|semihosting) connections/.exec(line)?.[1] ?? []).map(Number);
      assert.equal(ports.length, 2, log.slice(-10).join('\n'));
      for (const port of ports) assert.equal(await listening(port), true, `port ${port} does not listen during the session`);
      await dap.client.disconnectRequest({});
      for (const port of ports) assert.equal(await listening(port), false, `port ${port} still listens after the session, in the user's OpenOCD`);
    } finally {
      await openocd.stop();
      await dap.close();
    }
  });

  it('refuses an ELF without _SEGGER_RTT and no rtt.address, naming the attribute, before starting OpenOCD', async () => {
    const dap = await DapSession.start('Og');
    try {
      await dap.client.initializeRequest();
      const elf = firmwareRamElf('Og');
      await assert.rejects(dap.client.launchRequest(simLaunchConfig(dap.sim.port, elf, { rtt: { enabled: true } }) as DebugProtocol.LaunchRequestArguments), {
        message: `launch.json: "rtt": ${elf} has no symbol _SEGGER_RTT; set "rtt.address" to the RTT control block's address`,
      });
      assert.equal(dap.session.openocdPid, undefined);
    } finally {
      await dap.close();
    }
  });
});
