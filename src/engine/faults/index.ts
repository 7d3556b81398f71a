// Public surface of fault decoding: the pure decoder and the report of a halted thread.
export * from './faultDecoder';
export * from './faultReport';
export * from './trapCatch';
export * from './trapReport';
