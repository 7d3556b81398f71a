// Removes from OpenOCD's log the copy of the halt state that our captured `poll` prints (between
// the POLL_LOG_START/END lines of tclScripts.ts capturedPoll), line by line, with no timing
// assumptions. Pure: it must not read streams; it never drops a line outside those markers.
import { POLL_LOG_END, POLL_LOG_START } from './tclScripts';

/** The first line of armv7m_arch_state's message (armv7m.c), after any debug-level prefix. */
const HALT_STATE = /\] halted due to [\w-]+, current mode: /;
/** Its second line: "xPSR: 0x01000000 pc: 0x080000c0 msp: 0x20002000". */
const HALT_REGISTERS = /^xPSR: 0x[0-9a-f]+ pc: 0x[0-9a-f]+ /;
/** What OpenOCD puts before a message at debug_level 3 and above (log.c log_puts), e.g. before our `echo`. */
const DEBUG_PREFIX = /^User : \d+ \d+ [\w.-]+:\d+ \w+\(\): /;
const MARKER = new RegExp(`[${POLL_LOG_START}${POLL_LOG_END}]`);

/**
 * Feed the lines of ONE stream, in order (OpenocdProcess feeds what ResultLogFilter kept). Lines
 * between the markers are held until the end marker, then given back without the LAST halt state
 * among them: `poll` prints that one last (target.c handle_poll_command: target_poll, then
 * target_arch_state). An earlier one there is OpenOCD's own message about a halt this very poll
 * noticed, and is kept, as is everything else (errors, debug lines). At debug_level 3 OpenOCD
 * also logs each command with its arguments (command.c script_debug), so a marker can appear a
 * second time: a start inside the held lines or an end outside them is just removed.
 */
export class PolledHaltFilter {
  private held: string[] | undefined;

  /** The lines to show now, in order (none while a poll's lines are held). */
  filter(line: string): string[] {
    const shown: string[] = [];
    let text = line;
    let sawMarker = false;
    for (let at = text.search(MARKER); at !== -1; at = text.search(MARKER)) {
      const before = text.slice(0, at);
      const isStart = text[at] === POLL_LOG_START;
      text = text.slice(at + 1);
      sawMarker = true;
      if (isStart && this.held === undefined) {
        if (meaningful(before)) shown.push(before);
        this.held = [];
      } else if (!isStart && this.held !== undefined) {
        if (meaningful(before)) this.held.push(before);
        shown.push(...withoutLastHaltState(this.held));
        this.held = undefined;
      } else {
        text = before + text;
      }
    }
    if (!sawMarker || meaningful(text)) (this.held ?? shown).push(text);
    return shown;
  }

  /** The held lines, unchanged, when the stream ends inside a poll (OpenOCD died in it). */
  flush(): string[] {
    const held = this.held ?? [];
    this.held = undefined;
    return held;
  }
}

/** A marker's line holds more than OpenOCD's debug prefix of our `echo`. */
function meaningful(text: string): boolean {
  return text.replace(DEBUG_PREFIX, '').trim() !== '';
}

/** `lines` without the last halt-state message and the xPSR line that follows it. */
function withoutLastHaltState(lines: readonly string[]): string[] {
  let last = lines.length - 1;
  while (last >= 0 && !HALT_STATE.test(lines[last])) last--;
  if (last === -1) return [...lines];
  const length = HALT_REGISTERS.test(lines[last + 1] ?? '') ? 2 : 1;
  return [...lines.slice(0, last), ...lines.slice(last + length)];
}
