// The remote_bitbang TCP endpoint: one OpenOCD connection at a time, one reply write per received
// chunk, TCP_NODELAY. It owns sockets only; decoding is RemoteBitbangSession's job.
import * as net from 'node:net';
import { Deferred, TypedEvent, UserError } from '../../../src/common';
import { type BitbangPins, RemoteBitbangSession } from './remoteBitbangSession';

/** Where to listen, and where link events go. */
export interface RemoteBitbangServerOptions {
  /** 0 (the default) picks a free port. */
  readonly port?: number;
  readonly host?: string;
  /** Receives one line per connection, disconnection and protocol error. */
  readonly log?: (line: string) => void;
}

/** Listens on 127.0.0.1 (by default) and serves the remote_bitbang protocol to `pins`. */
export class RemoteBitbangServer {
  /** Fires after each received chunk has been applied and answered. */
  readonly chunkServed = new TypedEvent<void>();
  /** Fires when a peer connects (true) or leaves (false). */
  readonly connectionChanged = new TypedEvent<boolean>();
  private active: net.Socket | undefined;
  private readonly sockets = new Set<net.Socket>();
  private stalled = false;
  /** The burst of late replies under way (delayReplies). */
  private lateReplies: { readonly delayMs: number; left: number; readonly done: Deferred<void> } | undefined;
  /** When the last reply was (or will be) written: replies leave in order whatever their delay. */
  private lastReplyAtMs = 0;

  private constructor(
    private readonly server: net.Server,
    private readonly pins: BitbangPins,
    private readonly log: (line: string) => void,
  ) {
    server.on('connection', (socket) => this.accept(socket));
  }

  /** Starts listening; resolves once the port is bound, rejects with UserError when it cannot be. */
  static async listen(pins: BitbangPins, options: RemoteBitbangServerOptions = {}): Promise<RemoteBitbangServer> {
    const server = net.createServer();
    const result = new RemoteBitbangServer(server, pins, options.log ?? (() => undefined));
    const host = options.host ?? '127.0.0.1';
    const port = options.port ?? 0;
    const listening = new Deferred<void>();
    server.once('error', listening.reject);
    server.listen(port, host, () => listening.resolve());
    try {
      await listening.promise;
    } catch (error) {
      throw new UserError(`cannot listen for remote_bitbang on ${host}:${port}: ${(error as Error).message}`);
    } finally {
      server.off('error', listening.reject);
    }
    return result;
  }

  get port(): number {
    return (this.server.address() as net.AddressInfo).port;
  }

  get connected(): boolean {
    return this.active !== undefined;
  }

  /**
   * Fault mode: from now on received bytes are dropped and nothing is answered, as a probe whose
   * USB or network link hangs. OpenOCD 0.12's remote_bitbang waits for each TDO byte without a
   * timeout (remote_bitbang.c, remote_bitbang_fill_buf), so its event loop freezes. Ends with close().
   */
  stall(): void {
    this.stalled = true;
  }

  /**
   * Fault mode: the next `count` replies each leave `delayMs` late, in order, as over a slow remote
   * link or from a loaded simulator: OpenOCD blocks in its read meanwhile, then goes on. Resolves
   * once the last of them is written.
   */
  delayReplies(delayMs: number, count: number): Promise<void> {
    const done = new Deferred<void>();
    this.lateReplies = { delayMs, left: count, done };
    return done.promise;
  }

  /** Stops listening and drops any connection. */
  async close(): Promise<void> {
    const closed = new Deferred<void>();
    this.server.close(() => closed.resolve());
    for (const socket of this.sockets) socket.destroy();
    await closed.promise;
  }

  private accept(socket: net.Socket): void {
    this.sockets.add(socket);
    socket.on('close', () => this.sockets.delete(socket));
    socket.on('error', () => undefined);
    if (this.active) {
      this.log(`remote_bitbang: refused a second connection from port ${socket.remotePort}`);
      socket.destroy();
      return;
    }
    this.active = socket;
    socket.setNoDelay(true);
    const session = new RemoteBitbangSession(this.pins);
    this.log(`remote_bitbang: connection from port ${socket.remotePort}`);
    this.connectionChanged.emit(true);
    socket.on('data', (chunk: Buffer) => this.serve(socket, session, chunk));
    // 'Q' or a half-close frees the link at once, so a new OpenOCD is never refused because the old
    // socket's 'close' event has not arrived yet.
    socket.on('end', () => this.release(socket));
    socket.on('close', () => this.release(socket));
  }

  private release(socket: net.Socket): void {
    if (this.active !== socket) return;
    this.active = undefined;
    this.log('remote_bitbang: disconnected');
    this.connectionChanged.emit(false);
  }

  private serve(socket: net.Socket, session: RemoteBitbangSession, chunk: Buffer): void {
    if (this.stalled) return;
    try {
      const { reply, quit } = session.receive(chunk);
      if (reply.length > 0) this.reply(socket, reply);
      if (quit) {
        this.release(socket);
        socket.end();
      }
    } catch (error) {
      this.log(`${(error as Error).message}; closing the connection`);
      socket.destroy();
    }
    this.chunkServed.emit();
  }

  private reply(socket: net.Socket, reply: Uint8Array): void {
    const late = this.lateReplies;
    if (late && --late.left === 0) this.lateReplies = undefined;
    const nowMs = performance.now();
    const atMs = Math.max(nowMs + (late?.delayMs ?? 0), this.lastReplyAtMs);
    this.lastReplyAtMs = atMs;
    if (atMs <= nowMs) {
      socket.write(reply);
      return;
    }
    const last = late !== undefined && late.left === 0;
    setTimeout(() => {
      socket.write(reply);
      if (last) late.done.resolve();
    }, atMs - nowMs);
  }
}
