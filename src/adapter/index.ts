// Public surface of the adapter: the DAP session (for in-process use by the extension and tests)
// and the launch.json attribute table (for package.json).
export { OPENOCD_LOG_CATEGORY, OpenocdDebugSession, TCL_PREFIX } from './openocdDebugSession';
export { launchAttributes, validateSessionConfig, type AttachSettings, type LaunchSettings, type SessionSettings } from './launchConfig';
