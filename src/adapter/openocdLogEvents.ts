// Where a line of OpenOCD's log goes in DAP: always an `openocd.log` event (VS Code ignores it; the
// extension's tracker copies it to the OpenOCD output channel), and output in the debug console
// for warnings and errors, or for every line when asked. Pure: it builds events and sends none.
import { Event, OutputEvent } from '@vscode/debugadapter';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { OPENOCD_LOG_CATEGORY } from './api';
import { CUSTOM_EVENTS, type OpenocdLogEventBody } from './customRequestTypes';

/** The console category of the levels the console always shows (OpenOCD's `Error:` and `Warn :` lines). */
const ALWAYS_IN_CONSOLE: Partial<Record<OpenocdLogEventBody['level'], string>> = { error: 'stderr', warning: 'console' };

/**
 * The events of one log line. The rest of OpenOCD's log (a halt message per stop, `Info :` lines)
 * would bury the program's output and the user's commands, so the console gets it only with
 * `allInConsole` (launch.json `openocdLogInConsole`, for clients that have no output channel).
 */
export function openocdLogEvents(line: string, level: OpenocdLogEventBody['level'], allInConsole: boolean): DebugProtocol.Event[] {
  const body: OpenocdLogEventBody = { line, level };
  const events: DebugProtocol.Event[] = [new Event(CUSTOM_EVENTS.openocdLog, body)];
  const category = ALWAYS_IN_CONSOLE[level] ?? (allInConsole ? OPENOCD_LOG_CATEGORY : undefined);
  if (category !== undefined) events.push(new OutputEvent(`${line}\n`, category));
  return events;
}
