// Public surface of the adapter: the DAP session (for in-process use by tests and the standalone
// entry) and api.ts, what the extension may use (custom request types, launch.json check).
export { OpenocdDebugSession } from './openocdDebugSession';
export { dapServer } from './dapServer';
export * from './api';
