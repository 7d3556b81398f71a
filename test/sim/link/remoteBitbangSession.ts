// One remote_bitbang conversation, without sockets: decodes OpenOCD's command bytes
// (src/jtag/drivers/remote_bitbang.c, SIMULATOR.md) into pin changes and builds the reply bytes.
import { DebuggerError } from '../../../src/common';

/** The pins a remote_bitbang peer drives and samples. */
export interface BitbangPins {
  /** A rising edge of TCK with these TMS and TDI levels. */
  clock(tms: number, tdi: number): void;
  /** TDO as sampled by a 'R' command. */
  readonly tdo: number;
  /** 'r'..'u': the reset lines, true meaning asserted. */
  setResetLines(trst: boolean, srst: boolean): void;
}

/** A byte that is not part of the remote_bitbang protocol. */
export class RemoteBitbangProtocolError extends DebuggerError {
  constructor(readonly byte: number, readonly offset: number) {
    super(
      'remoteBitbangProtocol',
      `remote_bitbang: unknown command byte 0x${byte.toString(16).padStart(2, '0')} ` +
        `(${JSON.stringify(String.fromCharCode(byte))}) at offset ${offset} of the stream`,
    );
  }
}

const ascii = (char: string): number => char.charCodeAt(0);
const WRITE_0 = ascii('0');
const WRITE_7 = ascii('7');
const READ = ascii('R');
const RESET_R = ascii('r');
const RESET_U = ascii('u');
const BLINK_ON = ascii('B');
const BLINK_OFF = ascii('b');
const QUIT = ascii('Q');
const TDO_0 = ascii('0');

/** What one received chunk produced. */
export interface BitbangChunkResult {
  /** One ASCII '0'/'1' per 'R', to send back as one write (OpenOCD waits for all of them). */
  readonly reply: Uint8Array;
  /** 'Q' was received: the peer is leaving; bytes after it are ignored. */
  readonly quit: boolean;
}

/** Decodes a remote_bitbang stream chunk by chunk, keeping the TCK level between chunks. */
export class RemoteBitbangSession {
  private tck = 0;
  private offset = 0;
  private ended = false;

  constructor(private readonly pins: BitbangPins) {}

  /** Applies every command of `chunk` in order; throws RemoteBitbangProtocolError on a bad byte. */
  receive(chunk: Uint8Array): BitbangChunkResult {
    const reply = new Uint8Array(chunk.length);
    let replyLength = 0;
    for (let i = 0; i < chunk.length && !this.ended; i++) {
      const byte = chunk[i];
      if (byte >= WRITE_0 && byte <= WRITE_7) {
        const bits = byte - WRITE_0;
        const tck = bits >> 2;
        // Act on the rising edge of TCK only (SIMULATOR.md, "Link").
        if (tck === 1 && this.tck === 0) this.pins.clock((bits >> 1) & 1, bits & 1);
        this.tck = tck;
      } else if (byte === READ) {
        reply[replyLength++] = TDO_0 + this.pins.tdo;
      } else if (byte >= RESET_R && byte <= RESET_U) {
        const bits = byte - RESET_R;
        this.pins.setResetLines((bits & 2) !== 0, (bits & 1) !== 0);
      } else if (byte === QUIT) {
        this.ended = true;
      } else if (byte !== BLINK_ON && byte !== BLINK_OFF) {
        throw new RemoteBitbangProtocolError(byte, this.offset + i);
      }
    }
    this.offset += chunk.length;
    return { reply: reply.subarray(0, replyLength), quit: this.ended };
  }
}
