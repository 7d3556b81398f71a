// A TCP proxy in front of OpenOCD's Tcl port for the fault tests: it passes bytes through until a
// test turns the replies into garbage, closes the connections in the middle of the next reply, or
// holds OpenOCD's bytes back until release() (a notification arriving late).
// It owns its sockets only; what a client makes of the fault is the test's business.
import * as net from 'node:net';
import { Deferred } from '../../../src/common';

export type TclProxyFault = 'none' | 'garbage' | 'closeMidReply' | 'hold';

export class TclProxy {
  /** What the next bytes from OpenOCD become. */
  fault: TclProxyFault = 'none';
  private readonly sockets = new Set<net.Socket>();
  private readonly held: { client: net.Socket; chunk: Buffer }[] = [];

  private constructor(private readonly server: net.Server) {}

  /** Listens on a free loopback port and forwards each connection to 127.0.0.1:`openocdTclPort`. */
  static async start(openocdTclPort: number): Promise<TclProxy> {
    const proxy = new TclProxy(net.createServer((client) => proxy.accept(client, openocdTclPort)));
    const listening = new Deferred<void>();
    proxy.server.listen(0, '127.0.0.1', () => listening.resolve());
    await listening.promise;
    return proxy;
  }

  get port(): number {
    return (this.server.address() as net.AddressInfo).port;
  }

  /** Sends what `hold` kept back, in order, and passes bytes through again. */
  release(): void {
    this.fault = 'none';
    for (const { client, chunk } of this.held.splice(0)) client.write(chunk);
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    const closed = new Deferred<void>();
    this.server.close(() => closed.resolve());
    await closed.promise;
  }

  private accept(client: net.Socket, openocdTclPort: number): void {
    const upstream = net.connect(openocdTclPort, '127.0.0.1');
    for (const socket of [client, upstream]) {
      this.sockets.add(socket);
      socket.on('error', () => undefined);
      socket.on('close', () => {
        this.sockets.delete(socket);
        client.destroy();
        upstream.destroy();
      });
    }
    client.on('data', (chunk: Buffer) => upstream.write(chunk));
    upstream.on('data', (chunk: Buffer) => {
      if (this.fault === 'none') client.write(chunk);
      else if (this.fault === 'hold') this.held.push({ client, chunk });
      // Bytes no OpenOCD sends: no return code, binary noise, and the terminator (0x1a).
      else if (this.fault === 'garbage') client.write(Buffer.from('\u0000\u00ff<html>not a Tcl reply</html>\u001a', 'latin1'));
      else client.end(chunk.subarray(0, Math.max(1, chunk.length >> 1)), () => client.destroy());
    });
  }
}
