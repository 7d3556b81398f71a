// The Tcl wrappers TclClient sends and the parsers of their replies: return codes through
// `catch`, log capture, batches, and the markers that keep results out of OpenOCD's log.
// Pure string code; it must not touch sockets.
import { TclInvalidResponseError, type TclResult } from '../common';
import { describeOpenocdError } from './openocdErrors';
import { parseTclList, tclList, tclQuote } from './tclQuote';

/** How a command is wrapped: plain catch, `capture` of its log as the result, or log kept for failures. */
export type WrapMode = 'plain' | 'capture' | 'logOnError';

/**
 * First and last character of every wrapped reply. OpenOCD 0.12 prints the result of every Tcl RPC
 * request into its own log (src/helper/command.c, command_run_line: `command_output_text(context,
 * result)` then "\n") before sending it on the socket; the markers let OpenocdProcess drop those
 * copies (resultLogFilter.ts). Control characters that OpenOCD's own messages never contain.
 */
export const RESULT_START = '\x02';
/** See RESULT_START. */
export const RESULT_END = '\x03';
/** Escape character inside a marked result (see MARK_ESCAPES). */
const ESCAPE = '\x10';
/**
 * Inside a marked result, NUL and the three control characters are written ESCAPE + a letter: the
 * markers must not occur inside, and OpenOCD prints the result with `%s`, so a NUL would cut the
 * log copy before RESULT_END. The letters are not hex digits, so Jim's `\xHH` cannot absorb them.
 */
const MARK_ESCAPES: ReadonlyMap<string, string> = new Map([
  [ESCAPE, ESCAPE],
  ['N', '\0'],
  ['S', RESULT_START],
  ['T', RESULT_END],
]);
/** The `string map` list producing MARK_ESCAPES, in Jim backslash escapes (a request may not hold NUL). */
const TCL_MARK_MAP = '[list \\x10 \\x10\\x10 \\x00 \\x10N \\x02 \\x10S \\x03 \\x10T]';

/**
 * The lines `capturedPoll` logs before and after `poll` (each alone on a line, after OpenOCD's
 * debug prefix at debug_level 3): PolledHaltFilter drops `poll`'s copy of the halt state between
 * them. Control characters OpenOCD's own messages never contain, distinct from the result markers.
 */
export const POLL_LOG_START = '\x0e';
/** See POLL_LOG_START. */
export const POLL_LOG_END = '\x0f';

/**
 * `poll` inside `capture`: its result is the halt state OpenOCD prints ("[tgt] halted due to
 * breakpoint, current mode: Thread \nxPSR: ..."; armv7m.c armv7m_arch_state), OpenOCD 0.12's only
 * Tcl source of the debug reason. That text is a LOG_USER message, which log.c log_puts writes to
 * OpenOCD's log before `capture`'s callback gets it, so every stop would show the halt twice in
 * the log: once from the halted event (openocd.c log_target_callback_event_handler), once from
 * this poll. `echo` lines with POLL_LOG_START/END around it let PolledHaltFilter drop the second.
 *
 * The markers are echoed inside the capture, where OpenOCD does not poll on its own (command.c
 * jim_capture masks polling), so nothing but this `poll` can print a halt message between them.
 * Outside it, OpenOCD 0.12 polls every target before each command it dispatches (command.c
 * jim_command_dispatch calls target_call_timer_callbacks_now): a halt noticed at the end
 * marker's `echo` printed its one message inside the markers, which the filter then dropped. The
 * capture's result loses the two marker lines; the catch makes the end marker certain even when
 * `poll` fails. Not for use inside `capture`.
 *
 * `then` runs right after `poll`, inside the capture for the same reason: a halt noticed at any
 * later command can make the target's state differ from the one this poll reported on. Read the
 * state here to keep it that poll's.
 */
export function capturedPoll(then: string): string {
  const body = `echo "\\x0e"; set ocd_poll_rc [catch ${tclQuote(`poll; ${then}`)} ocd_poll_error]; echo "\\x0f"`;
  return `set ocd_poll [string map [list "\\x0e\\n" {} "\\x0f\\n" {}] [capture ${tclQuote(body)}]]; if {$ocd_poll_rc} {error $ocd_poll_error}; set ocd_poll`;
}

/** Reply of a plain wrapped command: "<rc> <out>" (the form py_openocd_client checks too). */
const WRAPPED_REPLY = /^(-?\d+)(?: |$)/;

/**
 * The script sent for `script`. SCRIPT always reaches `catch` as one literal word (tclQuote), so
 * unbalanced braces in it cannot break the wrapper. The wrappers end with `format`/`list`, not
 * `return`: after an error inside `capture`, OpenOCD 0.12 turns every later top-level `return`
 * into an error (observed with /usr/bin/openocd 0.12.0).
 */
export function wrapCommand(script: string, mode: WrapMode): string {
  switch (mode) {
    case 'plain':
      return wrapScript(script);
    case 'capture':
      return wrapCaptured(script);
    case 'logOnError':
      return wrapWithLog(script);
  }
}

/** Parses the reply of wrapCommand(…, mode). */
export function parseCommandReply(cmd: string, rawCmd: string, markedReply: string, mode: WrapMode): TclResult {
  const reply = unmarkReply(rawCmd, markedReply);
  return mode === 'logOnError' ? parseWithLog(cmd, rawCmd, reply) : parseWrapped(cmd, rawCmd, reply);
}

/** One request running every script under its own `catch`, returning the flat list {rc out rc out ...}. */
export function wrapBatch(scripts: readonly string[]): string {
  return (
    `set results {}; foreach script ${tclList(scripts)} ` +
    `{set rc [catch $script out]; lappend results $rc $out}; ${marked('$results')}`
  );
}

/** Parses the reply of wrapBatch into one result per script. */
export function parseBatchReply(scripts: readonly string[], rawCmd: string, markedReply: string): TclResult[] {
  const reply = unmarkReply(rawCmd, markedReply);
  let items: string[];
  try {
    items = parseTclList(reply);
  } catch (error) {
    throw new TclInvalidResponseError(`batch reply is not a Tcl list: ${(error as Error).message}`, rawCmd, reply);
  }
  if (items.length !== scripts.length * 2 || items.some((item, k) => k % 2 === 0 && !/^-?\d+$/.test(item))) {
    throw new TclInvalidResponseError(`batch reply does not hold ${scripts.length} results`, rawCmd, reply);
  }
  return scripts.map((cmd, k) => {
    const retcode = Number(items[2 * k]);
    const out = items[2 * k + 1];
    return { retcode, cmd, rawCmd, out: retcode < 0 && out === '' ? describeOpenocdError(retcode) : out };
  });
}

/**
 * Return code 0 (TCL_OK) or 2 (TCL_RETURN: the script ran `return`, which at the top level of a
 * script means success, as in tclsh) is success; 1 (error), 3 (break), 4 (continue) are failures.
 */
export function succeeded(result: TclResult): boolean {
  return result.retcode === 0 || result.retcode === 2;
}

/** The text between RESULT_START and RESULT_END, escapes undone; anything else is not our wrapper's reply. */
export function unmarkReply(rawCmd: string, reply: string): string {
  if (reply.length < 2 || !reply.startsWith(RESULT_START) || !reply.endsWith(RESULT_END)) {
    throw new TclInvalidResponseError('reply without the result markers: not an OpenOCD Tcl port?', rawCmd, reply);
  }
  return reply.slice(1, -1).replace(/\x10([\s\S]?)/g, (_, letter: string) => {
    const original = MARK_ESCAPES.get(letter);
    if (original === undefined) throw new TclInvalidResponseError('reply with a broken escape inside its markers', rawCmd, reply);
    return original;
  });
}

/** Tcl evaluating to RESULT_START + the escaped value of VALUE (a Tcl word) + RESULT_END. */
function marked(value: string): string {
  return `format "\\x02%s\\x03" [string map ${TCL_MARK_MAP} ${value}]`;
}

/**
 * "<rc> <out>". A C command that failed without a message leaves `out` empty and `rc` at OpenOCD's
 * negative error code: `out` then names the code.
 */
function parseWrapped(cmd: string, rawCmd: string, reply: string): TclResult {
  const match = WRAPPED_REPLY.exec(reply);
  if (!match) throw new TclInvalidResponseError('reply without a return code: not an OpenOCD Tcl port?', rawCmd, reply);
  const retcode = Number(match[1]);
  const out = reply.slice(match[0].length);
  return { retcode, cmd, rawCmd, out: retcode < 0 && out === '' ? describeOpenocdError(retcode) : out };
}

/** The list "rc out log" of wrapWithLog; a failure's `out` gets the log and the error code's name. */
function parseWithLog(cmd: string, rawCmd: string, reply: string): TclResult {
  let items: string[] = [];
  try {
    items = parseTclList(reply);
  } catch {
    // reported below
  }
  if (items.length !== 3 || !/^-?\d+$/.test(items[0])) {
    throw new TclInvalidResponseError('reply is not the list "rc out log" asked for: not an OpenOCD Tcl port?', rawCmd, reply);
  }
  const [code, out, log] = items;
  const result = { retcode: Number(code), cmd, rawCmd, out };
  if (succeeded(result)) return result;
  const parts = [out.trim(), log.trim(), result.retcode < 0 ? describeOpenocdError(result.retcode) : ''].filter(Boolean);
  return { ...result, out: parts.join('\n') };
}

/** `set rc [catch SCRIPT out]; format "%d %s" $rc $out` with SCRIPT as one literal word. */
function wrapScript(script: string): string {
  return `set rc [catch ${tclQuote(script)} out]; ${marked('[format "%d %s" $rc $out]')}`;
}

/** Runs SCRIPT inside `capture` (caught inside, see wrapCaptured) and returns the list {rc out log}. */
function wrapWithLog(script: string): string {
  return `set log [capture ${tclQuote(`set rc [catch ${tclQuote(script)} out]`)}]; ${marked('[list $rc $out $log]')}`;
}

/**
 * Captured form. The catch sits inside `capture` because OpenOCD 0.12's `capture` loses the
 * error message of a failing script; `out` becomes the log, followed by the error message.
 */
function wrapCaptured(script: string): string {
  return (
    `set log [capture ${tclQuote(`set rc [catch ${tclQuote(script)} out]`)}]; ` +
    marked('[if {$rc} {format "%d %s%s" $rc $log $out} else {format "%d %s" $rc $log}]')
  );
}
