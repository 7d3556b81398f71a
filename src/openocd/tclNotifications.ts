// The notification connection: a second Tcl connection with `tcl_notifications on` (and optionally
// `tcl_trace on`) whose pushed lines become typed events. It sends no other commands, because
// notifications and replies share the 0x1a terminator (OPENOCD-TCL.md).
import * as net from 'node:net';
import { TclConnectionError, TclTimeoutError, TypedEvent, withTimeout } from '../common';
import { encodeTclRequest, TclFrameDecoder } from './tclFraming';

/**
 * One notification as OpenOCD 0.12 pushes it (src/server/tcl_server.c):
 * `type target_event event <name>`, `type target_state state <name>`, `type target_reset mode
 * <name>`, `type target_trace data <hex>`. None names the target.
 */
export type TclNotification =
  | { readonly type: 'target_event'; readonly event: string }
  | { readonly type: 'target_state'; readonly state: string }
  | { readonly type: 'target_reset'; readonly mode: string }
  | { readonly type: 'target_trace'; readonly data: Uint8Array };

/** Parses one pushed frame; undefined when it is not a notification. */
export function parseTclNotification(frame: string): TclNotification | undefined {
  const match = /^type (target_event event|target_state state|target_reset mode|target_trace data) (\S*)\s*$/.exec(frame);
  if (!match) return undefined;
  const value = match[2];
  switch (match[1]) {
    case 'target_event event':
      return { type: 'target_event', event: value };
    case 'target_state state':
      return { type: 'target_state', state: value };
    case 'target_reset mode':
      return { type: 'target_reset', mode: value };
    default:
      if (!/^([0-9a-fA-F]{2})*$/.test(value)) return undefined;
      return { type: 'target_trace', data: Uint8Array.from(Buffer.from(value, 'hex')) };
  }
}

/** Options of the notification connection. */
export interface TclNotificationsOptions {
  host?: string;
  port: number;
  /** Bound on connecting and enabling. Default 10000. */
  timeoutMs?: number;
  /** Also enable `tcl_trace on` (target trace data). */
  trace?: boolean;
}

/** The reply we ask for after enabling, to tell it apart from notifications sent meanwhile. */
const READY = 'openocd-debug-notifications-ready';

/** Typed events from OpenOCD's notification stream. */
export class TclNotifications {
  readonly host: string;
  readonly port: number;
  readonly timeoutMs: number;
  readonly trace: boolean;
  /** Every notification, in arrival order. */
  readonly notification = new TypedEvent<TclNotification>();
  /** `type target_event event <name>` (halted, resumed, reset-start, ...). */
  readonly targetEvent = new TypedEvent<string>();
  /** `type target_state state <name>` (running, halted, reset, debug-running, unknown). */
  readonly targetState = new TypedEvent<string>();
  /** `type target_reset mode <name>` (run, halt, init). */
  readonly targetReset = new TypedEvent<string>();
  /** `type target_trace data <hex>`, decoded. */
  readonly targetTrace = new TypedEvent<Uint8Array>();
  /** The connection closed other than by disconnect(). */
  readonly closed = new TypedEvent<Error>();

  private socket: net.Socket | undefined;
  private readonly decoder = new TclFrameDecoder();

  constructor(options: TclNotificationsOptions) {
    this.host = options.host ?? '127.0.0.1';
    this.port = options.port;
    this.timeoutMs = options.timeoutMs ?? 10_000;
    this.trace = options.trace ?? false;
  }

  get isConnected(): boolean {
    return this.socket !== undefined;
  }

  /** Connects and turns notifications on; resolves once OpenOCD confirmed. */
  async connect(): Promise<void> {
    if (this.socket) return;
    const address = `${this.host}:${this.port}`;
    const socket = net.createConnection({ host: this.host, port: this.port });
    socket.setNoDelay(true);
    this.decoder.reset();
    const ready = new Promise<void>((resolve, reject) => {
      socket.once('error', (error) =>
        reject(new TclConnectionError(`cannot open the notification connection to ${address}: ${error.message}`, { cause: error })),
      );
      socket.once('close', () => reject(new TclConnectionError(`OpenOCD closed the notification connection ${address}`)));
      socket.on('data', (chunk: Buffer) => {
        try {
          for (const frame of this.decoder.push(chunk)) {
            if (frame === READY) resolve();
            else this.dispatch(frame);
          }
        } catch (error) {
          reject(error);
          socket.destroy();
        }
      });
    });
    const enable = `tcl_notifications on; ${this.trace ? 'tcl_trace on; ' : ''}format ${READY}`;
    socket.write(encodeTclRequest(enable));
    try {
      await withTimeout(ready, this.timeoutMs, () => new TclTimeoutError(enable, this.timeoutMs));
    } catch (error) {
      socket.destroy();
      throw error;
    }
    socket.on('error', () => undefined);
    socket.on('close', () => {
      if (this.socket !== socket) return;
      this.socket = undefined;
      this.closed.emit(new TclConnectionError(`OpenOCD closed the notification connection ${address}`));
    });
    this.socket = socket;
  }

  /** Closes the connection; safe when not connected. */
  async disconnect(): Promise<void> {
    const socket = this.socket;
    this.socket = undefined;
    if (!socket || socket.destroyed) return;
    const closed = new Promise((resolve) => socket.once('close', resolve));
    socket.destroy();
    await closed;
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.disconnect();
  }

  private dispatch(frame: string): void {
    const notification = parseTclNotification(frame);
    if (!notification) {
      // Output of our enabling commands or a future notification type: not an error, not an event.
      return;
    }
    this.notification.emit(notification);
    switch (notification.type) {
      case 'target_event':
        this.targetEvent.emit(notification.event);
        break;
      case 'target_state':
        this.targetState.emit(notification.state);
        break;
      case 'target_reset':
        this.targetReset.emit(notification.mode);
        break;
      case 'target_trace':
        this.targetTrace.emit(notification.data);
        break;
    }
  }
}
