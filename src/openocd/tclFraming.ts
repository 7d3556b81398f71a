// Framing of OpenOCD's Tcl RPC stream: every request and every reply ends with byte 0x1a
// (OpenOCD manual, "Tcl Scripting API"; src/server/tcl_server.c). Pure: no sockets, no timers.
import { TclInvalidResponseError } from '../common';

/** The byte that ends every Tcl request and reply. */
export const TCL_TERMINATOR = 0x1a;

/**
 * OpenOCD drops a request line of 4 MiB or more and answers "line too long" without a 0x1a
 * (tcl_server.c TCL_LINE_MAX), which would leave the client waiting: refuse such requests here.
 */
export const MAX_REQUEST_BYTES = 4 * 1024 * 1024 - 1;

/** A reply larger than this without a terminator means the peer is not OpenOCD (py_openocd_client uses 8 MiB too). */
export const DEFAULT_MAX_REPLY_BYTES = 8 * 1024 * 1024;

const utf8Decoder = new TextDecoder('utf-8');

/**
 * Encodes one request. A script holding 0x1a would be cut in two by OpenOCD and the second half
 * run as a separate command, and one holding NUL would be cut short, so both are refused.
 */
export function encodeTclRequest(script: string): Buffer {
  if (script.includes('\x1a')) {
    throw new TypeError('a Tcl script sent to OpenOCD may not contain the byte 0x1a (it ends a request)');
  }
  if (script.includes('\0')) {
    // tcl_server.c runs the request as a C string: the rest would be dropped silently.
    throw new TypeError('a Tcl script sent to OpenOCD may not contain a NUL byte (write it as \\u0000, as tclQuote does)');
  }
  const request = Buffer.from(`${script}\x1a`, 'utf8');
  if (request.length > MAX_REQUEST_BYTES) {
    throw new RangeError(`a Tcl request of ${request.length} bytes is longer than OpenOCD accepts (4 MiB): split it`);
  }
  return request;
}

/**
 * Splits a byte stream into replies. Bytes are kept until a terminator arrives, so a multi-byte
 * UTF-8 character split across packets decodes correctly.
 */
export class TclFrameDecoder {
  private pending: Uint8Array[] = [];
  private pendingBytes = 0;

  constructor(readonly maxReplyBytes = DEFAULT_MAX_REPLY_BYTES) {}

  /** Bytes received since the last terminator. */
  get bufferedBytes(): number {
    return this.pendingBytes;
  }

  /** The bytes received since the last terminator, decoded (for error messages). */
  bufferedText(): string {
    return utf8Decoder.decode(Buffer.concat(this.pending));
  }

  /**
   * Adds received bytes; returns the replies completed by them, in order. Throws
   * TclInvalidResponseError when the unterminated part grows past `maxReplyBytes`.
   */
  push(chunk: Uint8Array): string[] {
    const replies: string[] = [];
    let start = 0;
    for (let end = chunk.indexOf(TCL_TERMINATOR); end !== -1; end = chunk.indexOf(TCL_TERMINATOR, start)) {
      this.pending.push(chunk.subarray(start, end));
      replies.push(utf8Decoder.decode(Buffer.concat(this.pending)));
      this.pending = [];
      this.pendingBytes = 0;
      start = end + 1;
    }
    if (start < chunk.length) {
      // Copy: the caller may reuse its buffer.
      this.pending.push(Uint8Array.prototype.slice.call(chunk, start));
      this.pendingBytes += chunk.length - start;
      if (this.pendingBytes > this.maxReplyBytes) {
        const head = this.bufferedText().slice(0, 200);
        this.reset();
        throw new TclInvalidResponseError(
          `received more than ${this.maxReplyBytes} bytes without the 0x1a terminator: not an OpenOCD Tcl port?`,
          '',
          head,
        );
      }
    }
    return replies;
  }

  /** Drops buffered bytes (after a reconnect). */
  reset(): void {
    this.pending = [];
    this.pendingBytes = 0;
  }
}
