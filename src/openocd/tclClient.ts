// The command connection to OpenOCD's Tcl RPC port: one request in flight, the rest queued in
// order, per-request timeouts, reconnect after a timeout, one sticky error after a close.
// It must not parse command output (openocdCommands.ts does) and never enables notifications.
import * as net from 'node:net';
import { Deferred, TclCommandError, TclConnectionError, TclInvalidResponseError, TclTimeoutError, type TclResult } from '../common';
import { DEFAULT_MAX_REPLY_BYTES, encodeTclRequest, TclFrameDecoder } from './tclFraming';
import { parseBatchReply, parseCommandReply, succeeded, wrapBatch, wrapCommand, type WrapMode } from './tclScripts';

/** Where and how to reach OpenOCD's Tcl port. */
export interface TclClientOptions {
  /** Default 127.0.0.1 (OpenOCD 0.12 binds to localhost). */
  host?: string;
  /** OpenOCD's `tcl_port` (6666 by default in OpenOCD). */
  port: number;
  /** Default timeout of connecting and of each request. */
  timeoutMs?: number;
  /** Cap on one reply; more bytes without 0x1a means a wrong port. */
  maxReplyBytes?: number;
}

/** Options of one wrapped command. */
export interface TclCommandOptions {
  /** Run inside `capture`, so `out` is the log output the command printed. */
  capture?: boolean;
  /** Throw TclCommandError on a non-zero return code (default true). */
  throw?: boolean;
  /**
   * Overrides the client's timeout for this command. It counts from when the request is sent: a
   * queued request first waits for the ones ahead of it (each bounded by its own timeout).
   */
  timeoutMs?: number;
  /**
   * Also capture the log, and when the command fails put OpenOCD's log messages in `out`: many
   * OpenOCD commands report why they failed only in the log (e.g. "Failure setting watchpoints").
   */
  logOnError?: boolean;
}

export const DEFAULT_TCL_TIMEOUT_MS = 10_000;

interface Request {
  readonly cmd: string;
  readonly rawCmd: string;
  /** rawCmd encoded once, when queued (encoding refuses bad scripts before they wait in the queue). */
  readonly bytes: Buffer;
  readonly timeoutMs: number;
  readonly reply: Deferred<string>;
}

/**
 * Client of OpenOCD's Tcl RPC port. Commands are wrapped in `catch` (tclScripts.ts) so each reply
 * carries its return code.
 */
export class TclClient {
  readonly host: string;
  readonly port: number;
  readonly timeoutMs: number;
  /** Requests sent on the wire so far (one per cmd, rawCmd or batch). */
  roundTrips = 0;

  private readonly decoder: TclFrameDecoder;
  private socket: net.Socket | undefined;
  private connecting: Promise<void> | undefined;
  private readonly queue: Request[] = [];
  private inFlight: { request: Request; timer: ReturnType<typeof setTimeout> } | undefined;
  private closedError: Error | undefined;

  constructor(options: TclClientOptions) {
    this.host = options.host ?? '127.0.0.1';
    this.port = options.port;
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TCL_TIMEOUT_MS;
    this.decoder = new TclFrameDecoder(options.maxReplyBytes ?? DEFAULT_MAX_REPLY_BYTES);
  }

  /** Connects, runs `body`, and disconnects whatever happens. */
  static async with<T>(options: TclClientOptions, body: (client: TclClient) => Promise<T>): Promise<T> {
    const client = new TclClient(options);
    try {
      await client.connect();
      return await body(client);
    } finally {
      await client.disconnect();
    }
  }

  get isConnected(): boolean {
    return this.socket !== undefined && this.closedError === undefined;
  }

  /** Opens the connection (no-op when open). Clears a sticky error from an earlier close. */
  async connect(): Promise<void> {
    if (this.isConnected) return;
    if (!this.connecting) {
      this.closedError = undefined;
      this.startOpening();
    }
    await this.connecting;
  }

  /** Closes the connection; pending commands fail with TclConnectionError. Safe when not connected. */
  async disconnect(): Promise<void> {
    await this.connecting?.catch(() => undefined);
    const socket = this.socket;
    this.socket = undefined;
    this.failAll(new TclConnectionError('disconnected from OpenOCD by the client'));
    this.closedError = undefined;
    if (socket && !socket.destroyed) {
      const closed = new Promise((resolve) => socket.once('close', resolve));
      socket.destroy();
      await closed;
    }
  }

  /** Closes and opens the connection again. */
  async reconnect(): Promise<void> {
    await this.disconnect();
    await this.connect();
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.disconnect();
  }

  /**
   * Runs `script` and returns its return code and result. Throws TclCommandError when it failed
   * (see `succeeded`; unless `throw: false`), TclTimeoutError, TclConnectionError, TclInvalidResponseError.
   */
  async cmd(script: string, options: TclCommandOptions = {}): Promise<TclResult> {
    const mode: WrapMode = options.capture ? 'capture' : options.logOnError ? 'logOnError' : 'plain';
    const rawCmd = wrapCommand(script, mode);
    const reply = await this.request(script, rawCmd, options.timeoutMs);
    const result = this.parsed(() => parseCommandReply(script, rawCmd, reply, mode));
    if (!succeeded(result) && options.throw !== false) throw new TclCommandError(result);
    return result;
  }

  /** Sends `script` as is and returns OpenOCD's reply string (no return code). */
  async rawCmd(script: string, timeoutMs?: number): Promise<string> {
    return this.request(script, script, timeoutMs);
  }

  /**
   * Runs every script in one request (one round trip) and returns one result per script, each with
   * its own return code; a failing script does not stop the later ones. Never throws
   * TclCommandError: look at each `retcode`.
   */
  async batch(scripts: readonly string[], timeoutMs?: number): Promise<TclResult[]> {
    if (scripts.length === 0) return [];
    const rawCmd = wrapBatch(scripts);
    const reply = await this.request(scripts.join('\n'), rawCmd, timeoutMs);
    return this.parsed(() => parseBatchReply(scripts, rawCmd, reply));
  }

  /**
   * A reply that is not what our wrapped script returns means the peer is not (or no longer) a
   * sane OpenOCD: the error becomes sticky, as a lost connection's, so no later reply is trusted.
   */
  private parsed<T>(parse: () => T): T {
    try {
      return parse();
    } catch (error) {
      if (error instanceof TclInvalidResponseError) this.fail(error);
      throw error;
    }
  }

  private request(cmd: string, rawCmd: string, timeoutMs = this.timeoutMs): Promise<string> {
    const bytes = encodeTclRequest(rawCmd);
    if (this.closedError) return Promise.reject(this.closedError);
    if (!this.socket && !this.connecting) {
      return Promise.reject(new TclConnectionError(`not connected to OpenOCD at ${this.address}: call connect() first`));
    }
    const request: Request = { cmd, rawCmd, bytes, timeoutMs, reply: new Deferred<string>() };
    this.queue.push(request);
    this.pump();
    return request.reply.promise;
  }

  private get address(): string {
    return `${this.host}:${this.port}`;
  }

  /** Sends the next queued request when nothing is in flight and the socket is ready. */
  private pump(): void {
    if (this.inFlight || this.queue.length === 0) return;
    if (this.connecting) {
      this.connecting.then(
        () => this.pump(),
        () => undefined, // startOpening already failed every request
      );
      return;
    }
    const socket = this.socket;
    if (!socket) return;
    const request = this.queue.shift()!;
    const timer = setTimeout(() => this.onTimeout(request), request.timeoutMs);
    this.inFlight = { request, timer };
    this.roundTrips++;
    socket.write(request.bytes);
  }

  private onTimeout(request: Request): void {
    if (this.inFlight?.request !== request) return;
    this.inFlight = undefined;
    request.reply.reject(new TclTimeoutError(request.cmd, request.timeoutMs));
    // A late reply must never answer the next command: drop this connection and open a new one.
    const old = this.socket;
    this.socket = undefined;
    old?.destroy();
    this.startOpening().catch(() => undefined);
    this.pump();
  }

  /** Opens a socket; a failure becomes the sticky error and fails every queued request. */
  private startOpening(): Promise<void> {
    this.connecting = this.open()
      .catch((error: Error) => {
        this.closedError = error;
        this.failAll(error);
        throw error;
      })
      .finally(() => {
        this.connecting = undefined;
      });
    return this.connecting;
  }

  private async open(): Promise<void> {
    this.decoder.reset();
    const socket = net.createConnection({ host: this.host, port: this.port });
    socket.setNoDelay(true);
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        socket.destroy();
        reject(new TclConnectionError(`OpenOCD Tcl port ${this.address} did not accept a connection within ${this.timeoutMs} ms`));
      }, this.timeoutMs);
      socket.once('connect', () => {
        clearTimeout(timer);
        resolve();
      });
      socket.once('error', (error) => {
        clearTimeout(timer);
        reject(new TclConnectionError(`cannot connect to OpenOCD Tcl port ${this.address}: ${error.message}`, { cause: error }));
      });
    });
    socket.on('data', (chunk: Buffer) => this.onData(socket, chunk));
    socket.on('error', () => undefined); // 'close' follows and reports it
    socket.on('close', () => this.onClose(socket));
    this.socket = socket;
  }

  private onData(socket: net.Socket, chunk: Buffer): void {
    if (socket !== this.socket) return;
    let replies: string[];
    try {
      replies = this.decoder.push(chunk);
    } catch (error) {
      const invalid = error as TclInvalidResponseError;
      this.fail(new TclInvalidResponseError(invalid.message, this.inFlight?.request.rawCmd ?? '', invalid.output));
      return;
    }
    for (const reply of replies) {
      const inFlight = this.inFlight;
      if (!inFlight) {
        this.fail(new TclInvalidResponseError('OpenOCD sent a reply nobody asked for (notifications on the command connection?)', '', reply));
        return;
      }
      clearTimeout(inFlight.timer);
      this.inFlight = undefined;
      inFlight.request.reply.resolve(reply);
    }
    this.pump();
  }

  private onClose(socket: net.Socket): void {
    if (socket !== this.socket) return;
    const partial = this.decoder.bufferedBytes;
    const rawCmd = this.inFlight?.request.rawCmd ?? '';
    this.fail(
      partial > 0
        ? new TclInvalidResponseError(
            `connection closed after ${partial} bytes without the 0x1a terminator: not an OpenOCD Tcl port?`,
            rawCmd,
            this.decoder.bufferedText().slice(0, 200),
          )
        : new TclConnectionError(`OpenOCD closed the Tcl connection ${this.address}`),
    );
  }

  /** Makes `error` sticky, closes the socket and rejects everything pending. */
  private fail(error: Error): void {
    this.closedError = error;
    const socket = this.socket;
    this.socket = undefined;
    socket?.destroy();
    this.failAll(error);
  }

  private failAll(error: Error): void {
    if (this.inFlight) {
      clearTimeout(this.inFlight.timer);
      this.inFlight.request.reply.reject(error);
      this.inFlight = undefined;
    }
    for (const request of this.queue.splice(0)) request.reply.reject(error);
  }
}
