// RTT through OpenOCD 0.12 (src/rtt, src/server/rtt_server.c): `rtt setup` at the control block,
// `rtt start` until the program has initialised it, then one `rtt server start` per up channel and
// one TCP connection to each (up-channel bytes in, down-channel bytes out). Knows no DAP.
import { TargetMemoryError, UserError, type Subscription, TypedEvent } from '../common';
import { freePort, OpenocdCommands, tclHex, tclListOf, tclQuote, unparsable, type TclClient } from '../openocd';
import { ServiceSocket } from './serviceSocket';
import type { RttSettings } from './sessionSettings';

/** The ID SEGGER's RTT writes at the start of the control block (what `rtt setup` searches for). */
export const RTT_CONTROL_BLOCK_ID = 'SEGGER RTT';
/** The ELF symbol of the control block in SEGGER's implementation and ours (test/firmware/rtt.c). */
export const RTT_CONTROL_BLOCK_SYMBOL = '_SEGGER_RTT';
/** How often to look for the control block again until the program has written it. */
const SEARCH_INTERVAL_MS = 200;
/** More up channels than this in a control block is garbage, not a program's (SEGGER's default is 3). */
const MAX_UP_CHANNELS = 16;
/** OpenOCD's default poll period is 100 ms; 10 ms moves data ten times sooner at little cost on a halted or sleeping core. */
const POLLING_INTERVAL_MS = 10;

/** An up channel as the program declared it. */
export interface RttChannel {
  readonly index: number;
  readonly name: string;
  readonly byteSize: number;
}

/** Text that arrived on an up channel. */
export interface RttText {
  readonly channel: number;
  readonly name: string;
  readonly text: string;
}

/** The RTT channels of a session, from the control block's discovery until close. */
export class RttChannels {
  /** The up channels, once the control block was found (each gets a server and a connection). */
  readonly opened = new TypedEvent<readonly RttChannel[]>();
  readonly text = new TypedEvent<RttText>();
  /** A failure after start (the control block never readable, a server refused), to tell the user. */
  readonly failed = new TypedEvent<Error>();

  private readonly sockets = new Map<number, { port: number; socket: ServiceSocket; channel: RttChannel }>();
  private readonly stopping = new AbortController();
  private searching: Promise<void> | undefined;
  private started = false;
  private resetSubscription: Subscription | undefined;

  private constructor(
    private readonly client: TclClient,
    private readonly host: string,
    private readonly settings: RttSettings,
    /** The control block's address (launch.json `rtt.address`, else the ELF symbol). */
    readonly address: number,
    /**
     * Drop what the up channels hold when the block is found: at a launch that is text of the run
     * before the launch's reset (SRAM keeps it across a reset), which the user did not start.
     */
    private readonly discardUnread: boolean,
  ) {}

  /**
   * `rtt setup` now, then looks for the control block in the background (at launch the program
   * has not run its start-up code yet). `onReset` subscribes to every reset of the target.
   */
  static async start(client: TclClient, host: string, settings: RttSettings, address: number, onReset: (listener: () => void) => Subscription, options: { discardUnread: boolean }): Promise<RttChannels> {
    const rtt = new RttChannels(client, host, settings, address, options.discardUnread);
    await client.cmd(`rtt setup ${tclHex(address)} ${settings.searchSize} ${tclQuote(RTT_CONTROL_BLOCK_ID)}; rtt polling_interval ${POLLING_INTERVAL_MS}`, { logOnError: true });
    rtt.resetSubscription = onReset(() => void rtt.restartPolling());
    rtt.searching = rtt.search().catch((error: unknown) => {
      if (!rtt.stopping.signal.aborted) rtt.failed.emit(error instanceof Error ? error : new Error(String(error)));
    });
    return rtt;
  }

  /** The up channels opened so far. */
  get channels(): RttChannel[] {
    return [...this.sockets.values()].map((entry) => entry.channel);
  }

  /** The TCP ports of OpenOCD's RTT servers (for the tests that prove none is left listening). */
  get ports(): number[] {
    return [...this.sockets.values()].map((entry) => entry.port);
  }

  /** Writes `text` into down channel `channel` (OpenOCD's server for that index writes its input there). */
  async write(channel: number, text: string): Promise<void> {
    const entry = this.sockets.get(channel);
    if (!entry) {
      const open = [...this.sockets.keys()];
      throw new UserError(`no RTT channel ${channel}: ${open.length === 0 ? 'the control block has not been found yet' : `the open channels are ${open.join(', ')}`}`);
    }
    await entry.socket.write(new TextEncoder().encode(text));
  }

  /** Stops the servers (no port left listening), then RTT; safe when OpenOCD is gone. */
  async close(): Promise<void> {
    this.stopping.abort();
    this.resetSubscription?.dispose();
    await this.searching;
    const stops = [...this.sockets.values()].map((entry) => `rtt server stop ${entry.port}`);
    await this.client.cmd([...stops, 'rtt stop'].join('; '), { throw: false }).catch(() => undefined);
    await Promise.all([...this.sockets.values()].map((entry) => entry.socket.close()));
  }

  /**
   * Reads the ID until the program has written it, then `rtt start` and the servers. The ID is
   * read here, not by `rtt start`, whose every failed search logs two lines (rtt.c rtt_start).
   */
  private async search(): Promise<void> {
    const signal = this.stopping.signal;
    const commands = new OpenocdCommands(this.client);
    const id = new TextEncoder().encode(RTT_CONTROL_BLOCK_ID);
    let listing: string | undefined;
    while (!signal.aborted) {
      const bytes = await commands.readBytes(this.address, id.length).catch((error: unknown) => {
        // An unreadable block (the target is in reset) is retried; a lost connection ends the search.
        if (error instanceof TargetMemoryError) return undefined;
        throw error;
      });
      if (bytes && bytes.every((byte, k) => byte === id[k])) {
        const result = await this.client.cmd(`${this.discardUnread ? `${this.discardScript()}; ` : ''}rtt start; rtt channellist`, { throw: false });
        if (result.retcode === 0) {
          listing = result.out;
          break;
        }
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, SEARCH_INTERVAL_MS);
        signal.addEventListener('abort', () => { clearTimeout(timer); resolve(); }, { once: true });
      });
    }
    if (listing === undefined || signal.aborted) return;
    this.started = true;
    const wanted = this.settings.channels;
    const channels = parseUpChannels(listing).filter((channel) => wanted === undefined || wanted.includes(channel.index));
    for (const channel of channels) {
      if (signal.aborted) return;
      const port = await freePort();
      await this.client.cmd(`rtt server start ${port} ${channel.index}`, { logOnError: true });
      const socket = await ServiceSocket.connect(this.host, port, `RTT server of channel ${channel.index}`);
      this.sockets.set(channel.index, { port, socket, channel });
      socket.text.on((text) => this.text.emit({ channel: channel.index, name: channel.name, text }));
    }
    this.opened.emit(channels);
  }

  /** Sets each up channel's RdOff to its WrOff (the published layout: 24-byte header, 24-byte descriptors, WrOff at +12, RdOff at +16). */
  private discardScript(): string {
    const block = tclHex(this.address);
    return [
      `set up [lindex [read_memory [expr {${block} + 16}] 32 1] 0]`,
      `for {set i 0} {$i < $up && $i < ${MAX_UP_CHANNELS}} {incr i} {`,
      `set d [expr {${block} + 24 + 24 * $i}]; write_memory [expr {$d + 16}] 32 [read_memory [expr {$d + 12}] 32 1] }`,
    ].join('\n');
  }

  /**
   * After a reset: OpenOCD stops polling for good at the first failed read (rtt.c
   * read_channel_callback) and a reset can fail one, while `rtt start` alone does nothing once
   * started. Stopping and starting again resumes polling the same control block.
   */
  private async restartPolling(): Promise<void> {
    if (!this.started || this.stopping.signal.aborted) return;
    await this.client.cmd('rtt stop; rtt start', { throw: false }).catch(() => undefined);
  }
}

/** The up channels of `rtt channellist` (`{{name N size S flags F} ...} {down channels}`), numbered in order. */
export function parseUpChannels(listing: string): RttChannel[] {
  const command = 'rtt channellist';
  const [up = ''] = tclListOf(command, listing);
  return tclListOf(command, up).map((item, index) => {
    const fields = tclListOf(command, item);
    const value = (key: string): string => fields[fields.indexOf(key) + 1] ?? '';
    const size = value('size');
    if (!/^\d+$/.test(size)) unparsable(command, `up channel ${index} has size "${size}", not a number`, listing);
    return { index, name: value('name'), byteSize: Number(size) };
  });
}
