// The session's request dispatch without a target: capabilities, exactly one response for every
// request (unknown ones, ones that fail, ones sent too early), errors as the user reads them.
import assert from 'node:assert/strict';
import * as net from 'node:net';
import { after, before, describe, it } from 'node:test';
import { DebugClient } from '@vscode/debugadapter-testsupport';
import { Deferred } from '../../src/common';
import { OpenocdDebugSession } from '../../src/adapter';

describe('OpenocdDebugSession dispatch', { timeout: 30_000 }, () => {
  let server: net.Server;
  let client: DebugClient;
  const session = new Deferred<OpenocdDebugSession>();
  before(async () => {
    server = net.createServer((socket) => {
      const created = new OpenocdDebugSession();
      created.setRunAsServer(true);
      created.start(socket, socket);
      session.resolve(created);
    });
    const port = new Deferred<number>();
    server.listen(0, '127.0.0.1', () => port.resolve((server.address() as net.AddressInfo).port));
    client = new DebugClient('node', 'unused', 'openocd');
    await client.start(await port.promise);
  });
  after(async () => {
    await client.stop();
    (await session.promise).dispose();
    const closed = new Deferred<void>();
    server.close(() => closed.resolve());
    await closed.promise;
  });

  it('announces only what it implements', async () => {
    const capabilities = (await client.initializeRequest()).body!;
    assert.equal(capabilities.supportsConfigurationDoneRequest, true);
    assert.equal(capabilities.supportsReadMemoryRequest, true);
    assert.equal(capabilities.supportsDisassembleRequest, true);
    assert.equal(capabilities.supportsInstructionBreakpoints, true);
    assert.equal(capabilities.supportsDataBreakpoints, true);
    assert.equal(capabilities.supportsSetVariable, true);
    assert.equal(capabilities.supportsSetExpression, true);
    assert.equal(capabilities.supportsEvaluateForHovers, true);
    assert.equal(capabilities.supportsValueFormattingOptions, true);
    assert.equal(capabilities.supportsConditionalBreakpoints, true);
    assert.equal(capabilities.supportsHitConditionalBreakpoints, true);
    assert.equal(capabilities.supportsLogPoints, true);
    assert.notEqual(capabilities.supportsStepBack, true);
    assert.notEqual(capabilities.supportsRestartFrame, true);
  });

  it('answers every request once, failures with a message the user can act on', async () => {
    const answers = await Promise.allSettled([
      client.threadsRequest(),
      client.stackTraceRequest({ threadId: 1 }),
      client.send('noSuchRequest', {}),
      client.send('readMemory', { memoryReference: 'nowhere', count: 4 }),
      client.send('launch', { executable: 42, configFiles: ['x.cfg'] }),
    ]);
    const messages = answers.map((answer) => (answer.status === 'rejected' ? (answer.reason as Error).message : 'succeeded'));
    assert.deepEqual(messages, [
      'no target yet: the launch or attach request has not finished',
      'no target yet: the launch or attach request has not finished',
      "the 'noSuchRequest' request is not supported by the OpenOCD adapter",
      '"nowhere" is not a memory address (expected e.g. 0x20000000)',
      'launch.json: "executable" must be a string; got 42',
    ]);
  });
});
