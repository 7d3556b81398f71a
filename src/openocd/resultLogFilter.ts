// Removes from OpenOCD's log the copies of our wrapped command results (marked by tclScripts.ts),
// line by line, with no timing assumptions. Pure: it must not read streams or know about processes.
import { RESULT_END, RESULT_START } from './tclScripts';

/**
 * What OpenOCD 0.12 puts before each piece of command output at debug level 3 and above
 * (log.c log_puts; the output handler is options.c configuration_output_handler): the result and
 * its "\n" are two separate log calls, so the prefix appears before RESULT_START and after RESULT_END.
 */
const DEBUG_OUTPUT_PREFIX = /User : \d+ \d+ options\.c:\d+ configuration_output_handler\(\): /g;

/**
 * OpenOCD prints the result of every Tcl RPC request into its log (src/helper/command.c,
 * command_run_line), so each wrapped reply, possibly many lines long, appears there too. Feed the
 * lines of ONE stream, in order; the text from RESULT_START to RESULT_END is dropped, and so is a
 * line left holding nothing else. A marker may sit mid-line when a message without a newline came
 * first, hence the search instead of a prefix test. The stdout and the reply on the socket may
 * arrive in either order: nothing here depends on the reply.
 */
export class ResultLogFilter {
  private inResult = false;

  /** The part of `line` to show, or undefined when the whole line was a command result. */
  filter(line: string): string | undefined {
    let visible = '';
    let rest = line;
    let sawMarker = false;
    for (;;) {
      if (this.inResult) {
        const end = rest.indexOf(RESULT_END);
        if (end === -1) return sawMarker ? this.keep(visible) : undefined;
        this.inResult = false;
        rest = rest.slice(end + 1);
        sawMarker = true;
        continue;
      }
      const start = rest.indexOf(RESULT_START);
      if (start === -1) break;
      visible += rest.slice(0, start);
      rest = rest.slice(start + 1);
      this.inResult = true;
      sawMarker = true;
    }
    return sawMarker ? this.keep(visible + rest) : line;
  }

  /** What remains around a result, unless it is only blank or OpenOCD's debug prefixes. */
  private keep(text: string): string | undefined {
    const remaining = text.replace(DEBUG_OUTPUT_PREFIX, '');
    return remaining.trim() === '' ? undefined : remaining;
  }
}
