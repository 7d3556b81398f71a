// Public surface of the engine: what the adapter may use.
export type * from './target';
export * from './debugger';
export * from './debugThread';
export * from './breakpoints/breakpointManager';
export * from './stopCache/stopCache';
export * from './openocdTarget/openocdTarget';
export * from './openocdTarget/openocdDebugger';
export * from './cortexMRegisters';
export * from './program';
export * from './stack';
export * from './values';
export * from './disassembly';
export * from './memory/readSplit';
export { revealInlinedAtUserBreakpoint } from './stepping/inlineReveal';
export * from './expressions';
export * from './stepping';
export * from './faults';
export * from './liveWatch';
