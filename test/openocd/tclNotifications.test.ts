// Tests of the notification connection: the line parser on OpenOCD 0.12's formats
// (src/server/tcl_server.c), and event delivery against a fake server while commands run on a
// separate TclClient connection.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { TclConnectionError } from '../../src/common';
import { parseTclNotification, TclClient, TclNotifications, type TclNotification } from '../../src/openocd';
import { FakeTclServer } from './fakeTclServer';

describe('parseTclNotification', () => {
  it('parses the four pushed forms, with their \\r\\n', () => {
    assert.deepEqual(parseTclNotification('type target_event event halted\r\n'), { type: 'target_event', event: 'halted' });
    assert.deepEqual(parseTclNotification('type target_event event reset-assert-post\r\n'), { type: 'target_event', event: 'reset-assert-post' });
    assert.deepEqual(parseTclNotification('type target_state state debug-running\r\n'), { type: 'target_state', state: 'debug-running' });
    assert.deepEqual(parseTclNotification('type target_reset mode init\r\n'), { type: 'target_reset', mode: 'init' });
    assert.deepEqual(parseTclNotification('type target_trace data 00ff7a\r\n'), { type: 'target_trace', data: Uint8Array.from([0, 255, 0x7a]) });
  });

  it('ignores what is not a notification', () => {
    assert.equal(parseTclNotification(''), undefined);
    assert.equal(parseTclNotification('Open On-Chip Debugger 0.12.0'), undefined);
    assert.equal(parseTclNotification('type target_trace data 0g\r\n'), undefined);
  });
});

describe('TclNotifications against a fake server', () => {
  let server: FakeTclServer;
  before(async () => {
    server = await FakeTclServer.start();
  });
  after(() => server.close());

  it('delivers notifications split and batched in packets, interleaved with commands on the other connection', async () => {
    const sub = server.requests.on(({ script, socket }) => {
      if (script.startsWith('tcl_notifications on')) {
        // A notification may arrive before the reply to the enabling command.
        socket.write('type target_state state running\r\n\x1aopenocd-debug-notifications-ready\x1a');
        return;
      }
      socket.write('\x020 done\x03\x1a'); // a wrapped reply, between the result markers
    });
    await using notifications = new TclNotifications({ port: server.port, trace: true });
    const all: TclNotification[] = [];
    notifications.notification.on((n) => all.push(n));
    const states: string[] = [];
    notifications.targetState.on((s) => states.push(s));
    await notifications.connect();
    const notifySocket = [...server.sockets][0];

    await using client = new TclClient({ port: server.port });
    await client.connect();
    const command = client.cmd('halt');
    const traced = notifications.targetTrace.next();
    notifySocket.write('type target_event event halted\r\n\x1atype target_state state hal');
    notifySocket.write('ted\r\n\x1atype target_reset mode halt\r\n\x1atype target_trace data 0102\r\n\x1a');
    assert.equal((await command).out, 'done');
    assert.deepEqual(await traced, Uint8Array.from([1, 2]));
    assert.deepEqual(states, ['running', 'halted']);
    assert.deepEqual(all.map((n) => n.type), ['target_state', 'target_event', 'target_state', 'target_reset', 'target_trace']);
    sub.dispose();
  });

  it('reports a close by OpenOCD as an event', async () => {
    const sub = server.requests.on(({ socket }) => socket.write('openocd-debug-notifications-ready\x1a'));
    const notifications = new TclNotifications({ port: server.port });
    await notifications.connect();
    const closed = notifications.closed.next();
    for (const socket of server.sockets) socket.destroy();
    assert.ok((await closed) instanceof TclConnectionError);
    assert.equal(notifications.isConnected, false);
    await notifications.disconnect();
    sub.dispose();
  });
});
