// Test helpers for the link over TCP: BitbangScript records the bytes a probe sends for a JtagDriver
// sequence, Peer is a remote_bitbang client that waits for reply bytes. Tests only.
import * as net from 'node:net';
import { Deferred } from '../../../src/common';
import type { JtagPins } from './jtagDriver';

/** Records what a probe would send for a JtagDriver sequence: '0'..'7' per clock, 'R' per TDO sample. */
export class BitbangScript implements JtagPins {
  text = '';
  samples = 0;
  clock(tms: number, tdi: number): void {
    const low = (tms << 1) | tdi;
    this.text += `${low}${low + 4}`;
  }
  get tdo(): number {
    this.text += 'R';
    this.samples++;
    return 0;
  }
}

/** A TCP peer that collects reply bytes and waits for a number of them. */
export class Peer {
  private received = '';
  private waiter: { count: number; done: Deferred<string> } | undefined;
  readonly closed = new Deferred<void>();

  private constructor(readonly socket: net.Socket) {
    socket.setEncoding('latin1');
    socket.on('data', (data: string) => {
      this.received += data;
      this.check();
    });
    socket.on('close', () => this.closed.resolve());
    socket.on('error', () => undefined);
  }

  static readonly all = new Set<Peer>();

  static async connect(port: number): Promise<Peer> {
    const connected = new Deferred<void>();
    const socket = net.connect(port, '127.0.0.1', () => connected.resolve());
    socket.once('error', connected.reject);
    await connected.promise;
    const peer = new Peer(socket);
    Peer.all.add(peer);
    return peer;
  }

  /** Sends `text` and resolves with the next `count` reply bytes. */
  exchange(text: string, count: number): Promise<string> {
    const done = new Deferred<string>();
    this.waiter = { count, done };
    this.socket.write(text);
    this.check();
    return done.promise;
  }

  private check(): void {
    if (!this.waiter || this.received.length < this.waiter.count) return;
    const reply = this.received.slice(0, this.waiter.count);
    this.received = this.received.slice(this.waiter.count);
    this.waiter.done.resolve(reply);
    this.waiter = undefined;
  }
}

/** TDO bits (LSB first) to a number. */
export const bitsToNumber = (bits: string): number => [...bits].reduce((sum, bit, i) => sum + (bit === '1' ? 2 ** i : 0), 0);
