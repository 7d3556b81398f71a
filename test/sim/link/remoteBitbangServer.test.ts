// Tests of the remote_bitbang TCP server with a real socket: JTAG scans answered per chunk,
// one peer at a time, protocol errors and 'Q' close the connection, and TRST/SRST reach the pins.
import assert from 'node:assert/strict';
import { after, afterEach, before, describe, it } from 'node:test';
import { BitbangScript, Peer, bitsToNumber } from './bitbangPeer';
import { JtagDriver } from './jtagDriver';
import { JtagDp, stm32f0JtagIdcode } from './jtagDp';
import { JtagTap } from './jtagTap';
import { RemoteBitbangServer } from './remoteBitbangServer';

describe('RemoteBitbangServer', () => {
  let tap: JtagTap;
  let server: RemoteBitbangServer;
  const resets: string[] = [];
  const logLines: string[] = [];

  before(async () => {
    tap = new JtagTap(new JtagDp({ accessPorts: [] }));
    server = await RemoteBitbangServer.listen(
      {
        clock: (tms, tdi) => tap.clock(tms, tdi),
        get tdo() {
          return tap.tdo;
        },
        setResetLines: (trst, srst) => {
          resets.push(`${trst ? 'T' : '-'}${srst ? 'S' : '-'}`);
          if (trst) tap.reset();
        },
      },
      { log: (line) => logLines.push(line) },
    );
  });

  afterEach(async () => {
    // A failed assertion must not leave a peer connected: the next test would be refused.
    const left = server.connected ? server.connectionChanged.next((connected) => !connected) : undefined;
    for (const peer of Peer.all) peer.socket.destroy();
    Peer.all.clear();
    await left;
  });

  after(() => server.close());

  it('shifts IDCODE out over TCP, answering every R of the chunk', async () => {
    const peer = await Peer.connect(server.port);
    const script = new BitbangScript();
    const driver = new JtagDriver(script);
    driver.resetToIdle();
    driver.drScan(0, 32);
    const reply = await peer.exchange(script.text, script.samples);
    assert.equal(bitsToNumber(reply), stm32f0JtagIdcode);
    const left = server.connectionChanged.next((connected) => !connected);
    peer.socket.write('Q');
    await Promise.all([peer.closed.promise, left]);
  });

  it('passes TRST and SRST to the pins; TRST selects IDCODE again', async () => {
    const peer = await Peer.connect(server.port);
    const script = new BitbangScript();
    const driver = new JtagDriver(script);
    driver.resetToIdle();
    driver.irScan(0xf);
    const bypassSetup = script.text;
    const readIdcode = new BitbangScript();
    new JtagDriver(readIdcode).drScan(0, 32);
    // After TRST the TAP sits in Test-Logic-Reset: one TMS=0 clock ('0' then '4') reaches Run-Test/Idle.
    const reply = await peer.exchange(`${bypassSetup}sutr04${readIdcode.text}`, script.samples + readIdcode.samples);
    assert.deepEqual(resets.splice(0), ['-S', 'TS', 'T-', '--']);
    assert.equal(bitsToNumber(reply.slice(script.samples)), stm32f0JtagIdcode);
    const left = server.connectionChanged.next((connected) => !connected);
    peer.socket.destroy();
    await left;
  });

  it('refuses a second peer while one is connected', async () => {
    const first = await Peer.connect(server.port);
    const second = await Peer.connect(server.port);
    await second.closed.promise;
    assert.ok(logLines.some((line) => /refused a second connection/.test(line)));
    assert.equal(await first.exchange('R', 1), '0', 'the first peer is still served');
    const left = server.connectionChanged.next((connected) => !connected);
    first.socket.destroy();
    await left;
  });

  it('closes the connection on a byte outside the protocol and logs why', async () => {
    const peer = await Peer.connect(server.port);
    const left = server.connectionChanged.next((connected) => !connected);
    peer.socket.write('04X');
    await Promise.all([peer.closed.promise, left]);
    assert.ok(logLines.some((line) => /unknown command byte 0x58/.test(line)));
    const next = await Peer.connect(server.port);
    assert.equal(await next.exchange('R', 1), '0', 'a new peer is served after the error');
    const nextLeft = server.connectionChanged.next((connected) => !connected);
    next.socket.destroy();
    await nextLeft;
  });
});
