// Public surface of the openocd layer: the Tcl RPC client, quoting, notifications, typed
// commands and the OpenOCD process manager. Other layers import only from here.
export * from './tclFraming';
export * from './tclQuote';
export * from './tclClient';
export * from './tclScripts';
export * from './openocdExecutable';
export * from './openocdProcess';
export * from './openocdWatchdog';
export * from './openocdLiveness';
export * from './resultLogFilter';
export * from './polledHaltFilter';
export * from './tclNotifications';
export * from './outputParsers';
export * from './breakpointParsers';
export * from './registerParsers';
export * from './flashParsers';
export * from './flashCommands';
export * from './memoryTransfers';
export * from './openocdCommands';
export * from './openocdErrors';
// The errors this layer throws, re-exported so callers need only this module.
export {
  OpenocdExitedError,
  TargetMemoryError,
  TargetNotHaltedError,
  TclCommandError,
  TclConnectionError,
  TclInvalidResponseError,
  TclTimeoutError,
  type TclResult,
} from '../common';
