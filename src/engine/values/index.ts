// Public surface of values: locating variables in a frame, batched memory, GDB-like formatting,
// children for the Variables view, and encoding writes.
export * from './value';
export * from './memoryCache';
export * from './scalarFormat';
export * from './valueBytes';
export * from './valueFormatter';
export * from './locateVariable';
export * from './valueReader';
export * from './scopeValues';
export * from './programSymbols';
export * from './valueWriter';
export * from './frameScopeAt';
export * from './callSiteValues';
