// Semihosting through OpenOCD 0.12: `arm semihosting enable` makes OpenOCD serve the target's
// BKPT 0xAB calls, and `arm semihosting_redirect tcp <port> all` sends the console calls to one TCP
// connection we hold (output in, input out). Tcl only through tclQuote/tclHex; knows no DAP.
import { freePort, tclQuote, type TclClient } from '../openocd';
import { ServiceSocket } from './serviceSocket';

/**
 * The program's semihosting console. OpenOCD 0.12 (src/target/semihosting_common.c,
 * `semihosting_is_redirected`) sends SYS_WRITEC, SYS_WRITE0 and SYS_WRITE to the ":tt" handles to
 * the one redirect socket, so stdout and stderr arrive as one stream, in order; SYS_READC and
 * SYS_READ on stdin read from it, and bytes sent while no read waits are dropped by OpenOCD
 * (`semihosting_service_input_handler`).
 */
export class SemihostingConsole {
  private constructor(
    private readonly client: TclClient,
    private readonly socket: ServiceSocket,
    /** The TCP port of OpenOCD's redirect service. */
    readonly port: number,
  ) {}

  /** Output as it arrives. */
  get output(): ServiceSocket['text'] {
    return this.socket.text;
  }

  /** Resolves once OpenOCD closed the redirect (it exited, e.g. on the program's SYS_EXIT), after the last output. */
  get closed(): Promise<void> {
    return this.socket.closed;
  }

  /** Enables semihosting on OpenOCD's current target and connects to its redirect. */
  static async open(client: TclClient, host: string): Promise<SemihostingConsole> {
    await client.cmd('arm semihosting enable', { logOnError: true });
    const port = await freePort();
    await client.cmd(`arm semihosting_redirect tcp ${tclQuote(String(port))} all`, { logOnError: true });
    return new SemihostingConsole(client, await ServiceSocket.connect(host, port, 'semihosting redirect'), port);
  }

  /** Input for the program's next SYS_READ/SYS_READC on stdin. */
  write(text: string): Promise<void> {
    return this.socket.write(new TextEncoder().encode(text));
  }

  /**
   * Ends the redirect (OpenOCD removes its listening service only while a client is connected,
   * semihosting_tcp_close_cnx), then semihosting itself; the socket closes last.
   */
  async close(): Promise<void> {
    if (this.socket.isOpen) {
      // A program waiting in SYS_READ keeps OpenOCD blocked in read() (semihosting_redirect_read),
      // deaf to Tcl: an empty line ends that wait; with no read waiting OpenOCD drops it.
      await this.write('\n').catch(() => undefined);
      // OpenOCD may be gone already (the program exited through SYS_EXIT): nothing is left to end.
      await this.client.cmd('arm semihosting_redirect disable; arm semihosting disable', { throw: false }).catch(() => undefined);
    }
    await this.socket.close();
  }
}
