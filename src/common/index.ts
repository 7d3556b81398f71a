// Public surface of the common layer: what every other layer may import from it.
export * from './errors';
export * from './byteReader';
export * from './typedEvents';
export * from './deferred';
export * from './hex';
