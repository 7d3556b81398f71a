// An in-process TCP server speaking the 0x1a framing, for protocol edge cases the real OpenOCD
// cannot be made to produce on demand. Tests decide what each request gets back.
import * as net from 'node:net';
import { TypedEvent } from '../../src/common';

/** One request received by the fake server, with the socket it came on. */
export interface FakeRequest {
  readonly script: string;
  readonly socket: net.Socket;
}

/** Listens on 127.0.0.1, port 0; `requests` fires for every 0x1a-terminated request. */
export class FakeTclServer {
  readonly requests = new TypedEvent<FakeRequest>();
  readonly connections = new TypedEvent<net.Socket>();
  readonly sockets = new Set<net.Socket>();
  private readonly server = net.createServer((socket) => this.accept(socket));

  static async start(): Promise<FakeTclServer> {
    const fake = new FakeTclServer();
    await new Promise<void>((resolve) => fake.server.listen(0, '127.0.0.1', resolve));
    return fake;
  }

  get port(): number {
    return (this.server.address() as net.AddressInfo).port;
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise((resolve) => this.server.close(resolve));
  }

  private accept(socket: net.Socket): void {
    this.sockets.add(socket);
    socket.on('close', () => this.sockets.delete(socket));
    socket.on('error', () => undefined);
    let buffered = '';
    socket.on('data', (chunk: Buffer) => {
      buffered += chunk.toString('utf8');
      let end: number;
      while ((end = buffered.indexOf('\x1a')) !== -1) {
        const script = buffered.slice(0, end);
        buffered = buffered.slice(end + 1);
        this.requests.emit({ script, socket });
      }
    });
    this.connections.emit(socket);
  }
}
