// Public surface of live watch: expressions read while the target runs.
export * from './liveWatch';
export * from './runningScope';
