// The error hierarchy every layer throws: one base class with a string `code`, one subclass per
// failure a caller can act on (ARCHITECTURE.md "Errors"). Holds no logic beyond formatting.

/** Base of every error this project throws on purpose. `code` is stable and machine-readable. */
export class DebuggerError extends Error {
  constructor(
    readonly code: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** The TCP connection to OpenOCD could not be made, or closed under us. */
export class TclConnectionError extends DebuggerError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('tclConnection', message, options);
  }
}

/** A Tcl request got no complete reply within its timeout. */
export class TclTimeoutError extends DebuggerError {
  constructor(
    readonly command: string,
    readonly timeoutMs: number,
  ) {
    super('tclTimeout', `OpenOCD did not answer within ${timeoutMs} ms: ${abbreviate(command)}`);
  }
}

/**
 * OpenOCD's single event loop is stuck, e.g. on a debug probe link that stopped answering:
 * `evidence` says how we know (a quick command unanswered, or its process blocked; Linux /proc).
 */
export class OpenocdUnresponsiveError extends DebuggerError {
  constructor(readonly evidence: string) {
    super('openocdUnresponsive', `OpenOCD stopped answering: ${evidence}`);
  }

  /** A command that OpenOCD answers within milliseconds when it is well (a step, a stop's reads) got no reply. */
  static noReply(command: string, timeoutMs: number): OpenocdUnresponsiveError {
    return new OpenocdUnresponsiveError(`no reply to '${abbreviate(command)}' within ${timeoutMs} ms`);
  }
}

/** The result of a wrapped Tcl command, as returned by the client. */
export interface TclResult {
  /** Tcl return code: 0 ok, 1 error, 2 return, 3 break, 4 continue. */
  readonly retcode: number;
  /** The script as the caller gave it. */
  readonly cmd: string;
  /** The script as sent on the wire (wrapped in catch, maybe capture). */
  readonly rawCmd: string;
  /** The result string (or error message when retcode is not 0). */
  readonly out: string;
}

/** A Tcl command ran and failed (non-zero return code). Carries OpenOCD's message. */
export class TclCommandError extends DebuggerError {
  constructor(readonly result: TclResult) {
    super('tclCommand', `OpenOCD command failed (${result.retcode}): ${abbreviate(result.cmd)}: ${result.out.trim()}`);
  }
  get command(): string {
    return this.result.cmd;
  }
  get output(): string {
    return this.result.out;
  }
}

/** A reply that is not what an OpenOCD Tcl port sends (wrong port, unparsable output). */
export class TclInvalidResponseError extends DebuggerError {
  constructor(
    message: string,
    readonly rawCmd: string,
    readonly output: string,
  ) {
    super('tclInvalidResponse', message);
  }
}

/** An operation needs a halted target and the target is running. */
export class TargetNotHaltedError extends DebuggerError {
  constructor(readonly targetName: string, operation: string) {
    super('targetNotHalted', `target ${targetName} is not halted: cannot ${operation}`);
  }
}

/** Target memory could not be read or written. */
export class TargetMemoryError extends DebuggerError {
  constructor(
    readonly address: number | bigint,
    readonly byteLength: number,
    detail: string,
  ) {
    super('targetMemory', `cannot access ${byteLength} bytes at 0x${address.toString(16)}: ${detail}`);
  }
}

/** OpenOCD failed to start, or exited; carries the last lines of its log. */
export class OpenocdExitedError extends DebuggerError {
  constructor(
    message: string,
    readonly exitCode: number | null,
    readonly logTail: readonly string[],
  ) {
    super('openocdExited', logTail.length > 0 ? `${message}\n${logTail.join('\n')}` : message);
  }
}

/** A malformed ELF file; names the place. */
export class ElfFormatError extends DebuggerError {
  constructor(message: string, readonly offset?: number) {
    super('elfFormat', offset === undefined ? message : `${message} (at file offset 0x${offset.toString(16)})`);
  }
}

/** Malformed DWARF; names the section and the offset inside it. */
export class DwarfFormatError extends DebuggerError {
  constructor(
    message: string,
    readonly section: string,
    readonly offset: number,
  ) {
    super('dwarfFormat', `${section}+0x${offset.toString(16)}: ${message}`);
  }
}

/** A malformed SVD file; `path` is the element path like `GPIOA/MODER/MODE0`. */
export class SvdFormatError extends DebuggerError {
  constructor(message: string, readonly path: string) {
    super('svdFormat', path ? `${path}: ${message}` : message);
  }
}

/** A mistake of the user's (a launch.json attribute, a command argument), shown as written. */
export class UserError extends DebuggerError {
  constructor(message: string) {
    super('user', message);
  }
}

function abbreviate(text: string, max = 200): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return oneLine.length > max ? `${oneLine.slice(0, max)}...` : oneLine;
}
