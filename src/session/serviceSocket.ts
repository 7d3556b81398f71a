// A TCP connection to a stream service OpenOCD opened for us (an RTT channel server, the
// semihosting redirect): bytes in as UTF-8 text, bytes out, and a promise of its end. Builds no Tcl.
import * as net from 'node:net';
import { TypedEvent, withTimeout } from '../common';

/** OpenOCD listens before its command returns: a connection that takes longer is refused, not slow. */
const CONNECT_TIMEOUT_MS = 5_000;

/** One connected stream service. */
export class ServiceSocket {
  /** Text as it arrives, decoded as UTF-8 across chunk boundaries. */
  readonly text = new TypedEvent<string>();
  /** Resolves once the socket is closed, by either side, after its last `text`. */
  readonly closed: Promise<void>;

  private constructor(private readonly socket: net.Socket) {
    const decoder = new TextDecoder('utf-8');
    socket.on('data', (chunk: Buffer) => {
      const text = decoder.decode(chunk, { stream: true });
      if (text !== '') this.text.emit(text);
    });
    this.closed = new Promise((resolve) => socket.once('close', () => resolve()));
    // A reset by OpenOCD (it exited) ends the stream like a close; 'close' follows the error.
    socket.on('error', () => undefined);
  }

  /** Connects to `host:port`; `what` names the service in the error. */
  static async connect(host: string, port: number, what: string): Promise<ServiceSocket> {
    const socket = net.connect({ host, port });
    const connected = new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('error', (error) => reject(new Error(`cannot connect to OpenOCD's ${what} at ${host}:${port}: ${error.message}`)));
    });
    try {
      await withTimeout(connected, CONNECT_TIMEOUT_MS, () => new Error(`OpenOCD's ${what} at ${host}:${port} did not accept a connection within ${CONNECT_TIMEOUT_MS} ms`));
    } catch (error) {
      socket.destroy();
      throw error;
    }
    socket.setNoDelay(true);
    return new ServiceSocket(socket);
  }

  get isOpen(): boolean {
    return !this.socket.destroyed;
  }

  /** Sends bytes; resolves once they are handed to the OS. */
  write(data: Uint8Array): Promise<void> {
    return new Promise((resolve, reject) => this.socket.write(data, (error) => (error ? reject(error) : resolve())));
  }

  close(): Promise<void> {
    this.socket.destroy();
    return this.closed;
  }
}
