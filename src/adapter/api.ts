// What the VS Code extension may use of the adapter: the custom request names and types, the
// launch.json check and attribute table, and the names of the adapter's output. Nothing here runs
// a session; the lint lets src/extension import this module and no other of the adapter.
export * from './customRequestTypes';
export { DEFAULT_TCL_PORT, launchAttributes, validateSessionConfig, type AttributeDescription, type FileChecks } from './launchConfig';

/** Debug console lines starting with this run as raw OpenOCD commands (the rest are C expressions). */
export const TCL_PREFIX = '>';

/** The DAP output category of OpenOCD's own log lines (the extension copies them to its OpenOCD channel). */
export const OPENOCD_LOG_CATEGORY = 'openocd';
