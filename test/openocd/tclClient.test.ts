// Component tests of TclClient against an in-process TCP server: framing over real sockets,
// queueing, timeouts with reconnect, sticky close errors, wrong peers. Real OpenOCD is in
// openocdProcess.test.ts. Replies to wrapped commands come between the result markers \x02 and \x03.
import assert from 'node:assert/strict';
import * as net from 'node:net';
import { after, before, describe, it } from 'node:test';
import { TclCommandError, TclConnectionError, TclInvalidResponseError, TclTimeoutError } from '../../src/common';
import { TclClient } from '../../src/openocd';
import { FakeTclServer, type FakeRequest } from './fakeTclServer';

/** The script inside our catch wrapper, e.g. `version` from `set rc [catch version out]; ...`. */
function inner(script: string): string {
  return /^set rc \[catch (.*) out\]; format/.exec(script)?.[1] ?? script;
}

describe('TclClient against a fake server', () => {
  let server: FakeTclServer;
  before(async () => {
    server = await FakeTclServer.start();
  });
  after(() => server.close());

  it('reads a reply split across packets and answers in order', async () => {
    const sub = server.requests.on(({ script, socket }) => {
      const word = inner(script);
      socket.write(`\x020 reply-`);
      setImmediate(() => socket.write(`${word}\x03\x1a`));
    });
    await using client = new TclClient({ port: server.port, timeoutMs: 5000 });
    await client.connect();
    const results = await Promise.all([client.cmd('one'), client.cmd('two'), client.cmd('three')]);
    assert.deepEqual(results.map((r) => r.out), ['reply-one', 'reply-two', 'reply-three']);
    assert.equal(client.roundTrips, 3);
    sub.dispose();
  });

  it('keeps one command in flight, and refuses a reply nobody asked for in the same packet', async () => {
    const received: FakeRequest[] = [];
    const sub = server.requests.on((request) => {
      received.push(request);
      if (received.length === 1) return; // hold the first until the test looks
    });
    await using client = new TclClient({ port: server.port, timeoutMs: 5000 });
    await client.connect();
    const first = client.cmd('first');
    const second = client.cmd('second');
    await server.requests.next();
    assert.equal(received.length, 1, 'second command sent while the first was in flight');
    // Answer the first and, in the same packet, a reply to a command never sent: it must not
    // become the second command's answer.
    received[0].socket.write('\x020 a\x03\x1a\x020 b\x03\x1a');
    assert.equal((await first).out, 'a');
    await assert.rejects(second, (error: unknown) => error instanceof TclInvalidResponseError && error.output === '\x020 b\x03');
    sub.dispose();
  });

  it('reports a non-zero return code as TclCommandError, or as a value with throw:false', async () => {
    const sub = server.requests.on(({ socket }) => socket.write('\x021 invalid command name "foo"\x03\x1a'));
    await using client = new TclClient({ port: server.port });
    await client.connect();
    await assert.rejects(client.cmd('foo'), (error: unknown) => {
      assert.ok(error instanceof TclCommandError);
      assert.equal(error.result.retcode, 1);
      assert.equal(error.output, 'invalid command name "foo"');
      return true;
    });
    const result = await client.cmd('foo', { throw: false });
    assert.equal(result.retcode, 1);
    sub.dispose();
  });

  it('after a timeout reconnects, so a late reply never answers the next command', async () => {
    const sockets: net.Socket[] = [];
    const sub = server.requests.on(({ script, socket }) => {
      sockets.push(socket);
      if (inner(script) === 'slow') return; // answered late below
      socket.write(`\x020 fresh-${inner(script)}\x03\x1a`);
    });
    await using client = new TclClient({ port: server.port, timeoutMs: 5000 });
    await client.connect();
    await assert.rejects(client.cmd('slow', { timeoutMs: 50 }), (error: unknown) => {
      assert.ok(error instanceof TclTimeoutError);
      assert.equal(error.command, 'slow');
      assert.equal(error.timeoutMs, 50);
      return true;
    });
    sockets[0].write('\x020 late-slow\x03\x1a'); // arrives on the dropped connection
    const next = await client.cmd('next');
    assert.equal(next.out, 'fresh-next');
    assert.notEqual(sockets[1], sockets[0], 'the next command went over a new connection');
    assert.ok(client.isConnected);
    sub.dispose();
  });

  it('rejects the pending and queued commands when the server closes, and every later call', async () => {
    const sub = server.requests.on(({ socket }) => socket.destroy());
    const client = new TclClient({ port: server.port });
    await client.connect();
    const pending = [client.cmd('a'), client.cmd('b'), client.rawCmd('c')];
    const outcomes = await Promise.allSettled(pending);
    const errors = outcomes.map((o) => (o.status === 'rejected' ? o.reason : undefined));
    assert.ok(errors.every((e) => e instanceof TclConnectionError), String(errors));
    assert.ok(errors.every((e) => e === errors[0]), 'one sticky error');
    assert.equal(client.isConnected, false);
    await assert.rejects(client.cmd('later'), (error: unknown) => error === errors[0]);
    sub.dispose();
    const recovered = server.requests.on(({ socket }) => socket.write('\x020 back\x03\x1a'));
    await client.reconnect();
    assert.equal((await client.cmd('again')).out, 'back');
    recovered.dispose();
    await client.disconnect();
  });

  it('fails an oversized reply without terminator as TclInvalidResponseError', async () => {
    const sub = server.requests.on(({ socket }) => socket.write(Buffer.alloc(4096, 0x41)));
    await using client = new TclClient({ port: server.port, maxReplyBytes: 1024 });
    await client.connect();
    await assert.rejects(client.cmd('version'), (error: unknown) => {
      assert.ok(error instanceof TclInvalidResponseError);
      assert.match(error.message, /not an OpenOCD Tcl port\?/);
      assert.match(error.rawCmd, /catch version/);
      return true;
    });
    sub.dispose();
  });

  it('rejects a reply without markers or without return code', async () => {
    const replies = ['hello', '0 unmarked', '\x02hello\x03'];
    const sub = server.requests.on(({ socket }) => socket.write(`${replies.shift()}\x1a`));
    for (let k = 0; k < 3; k++) {
      await using client = new TclClient({ port: server.port });
      await client.connect();
      await assert.rejects(client.cmd('version'), TclInvalidResponseError);
    }
    sub.dispose();
  });

  it('refuses 0x1a in a script without sending anything', async () => {
    await using client = new TclClient({ port: server.port });
    await client.connect();
    await assert.rejects(client.cmd('echo a\x1aecho b'), /0x1a/);
    await assert.rejects(client.rawCmd('\x1a'), /0x1a/);
    assert.equal(client.roundTrips, 0);
  });

  it('sends a batch as one request and splits the results', async () => {
    const scripts: string[] = [];
    const sub = server.requests.on(({ script, socket }) => {
      scripts.push(script);
      socket.write('\x020 {first value} 1 {boom} 0 {}\x03\x1a');
    });
    await using client = new TclClient({ port: server.port });
    await client.connect();
    const results = await client.batch(['a', 'error boom', 'c']);
    assert.equal(scripts.length, 1);
    assert.deepEqual(results.map((r) => [r.cmd, r.retcode, r.out]), [['a', 0, 'first value'], ['error boom', 1, 'boom'], ['c', 0, '']]);
    assert.equal(client.roundTrips, 1);
    sub.dispose();
  });

  it('disconnect is safe when never connected, and calls before connect are refused', async () => {
    const client = new TclClient({ port: server.port });
    await client.disconnect();
    await assert.rejects(client.cmd('version'), TclConnectionError);
  });

  it('with() connects and always disconnects', async () => {
    const sub = server.requests.on(({ socket }) => socket.write('\x020 ok\x03\x1a'));
    let seen: TclClient | undefined;
    const out = await TclClient.with({ port: server.port }, async (client) => {
      seen = client;
      return (await client.cmd('x')).out;
    });
    assert.equal(out, 'ok');
    assert.equal(seen?.isConnected, false);
    sub.dispose();
  });
});

describe('TclClient against the wrong peer', () => {
  it('gives TclConnectionError on a closed port', async () => {
    const probe = net.createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const port = (probe.address() as net.AddressInfo).port;
    await new Promise((resolve) => probe.close(resolve));
    const client = new TclClient({ port, timeoutMs: 5000 });
    await assert.rejects(client.connect(), (error: unknown) => {
      assert.ok(error instanceof TclConnectionError);
      assert.match(error.message, new RegExp(`127\\.0\\.0\\.1:${port}`));
      return true;
    });
    await assert.rejects(client.cmd('version'), TclConnectionError);
  });

  it('gives TclInvalidResponseError on an HTTP server', async () => {
    const http = await import('node:http');
    const web = http.createServer((_, response) => response.end('hello'));
    await new Promise<void>((resolve) => web.listen(0, '127.0.0.1', resolve));
    await using client = new TclClient({ port: (web.address() as net.AddressInfo).port, timeoutMs: 5000 });
    await client.connect();
    await assert.rejects(client.cmd('version'), (error: unknown) => {
      assert.ok(error instanceof TclInvalidResponseError);
      assert.match(error.output, /^HTTP\/1\.1 400/);
      return true;
    });
    await new Promise((resolve) => web.close(resolve));
  });

  it('a reply our wrapped script cannot have produced fails that call and every later one (the peer is not a sane OpenOCD)', async () => {
    const peer = await FakeTclServer.start();
    let requests = 0;
    peer.requests.on(({ socket }) => {
      requests++;
      socket.write('\u0000<html>not a Tcl reply</html>\x1a');
    });
    await using client = new TclClient({ port: peer.port, timeoutMs: 5000 });
    await client.connect();
    await assert.rejects(client.cmd('version'), TclInvalidResponseError);
    await assert.rejects(client.batch(['version']), TclInvalidResponseError, 'sticky: a later call fails with it');
    assert.equal(requests, 1, 'the later call was not sent');
    await peer.close();
  });

  it('gives TclTimeoutError on a socket that never answers', async () => {
    const silent = await FakeTclServer.start();
    await using client = new TclClient({ port: silent.port, timeoutMs: 100 });
    await client.connect();
    await assert.rejects(client.cmd('version'), TclTimeoutError);
    await silent.close();
  });
});
