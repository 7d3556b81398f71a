// What the VS Code extension may use of the adapter: the custom request names and types, the
// launch.json check and attribute table, and the names of the adapter's output. Nothing here runs
// a session; the lint lets src/extension import this module and no other of the adapter.
export * from './customRequestTypes';
export { DEFAULT_TCL_PORT, RTT_EVENTS_ATTRIBUTE, launchAttributes, validateSessionConfig, type AttributeDescription, type FileChecks } from './launchConfig';

/** Debug console lines starting with this run as raw OpenOCD commands (the rest are C expressions). */
export const TCL_PREFIX = '>';

/** Debug console lines starting with this are input for the program's semihosting SYS_READ/SYS_READC. */
export const SEMIHOSTING_INPUT_PREFIX = '<';

/** The DAP output category of RTT up channel `channel` (when the client did not ask for `openocd.rtt` events). */
export function rttOutputCategory(channel: number): string {
  return `rtt:${channel}`;
}

/**
 * The DAP output category of OpenOCD's log lines in the debug console when `openocdLogInConsole`
 * is set (the `openocd.log` event carries every line either way).
 */
export const OPENOCD_LOG_CATEGORY = 'openocd';
