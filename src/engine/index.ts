// Public surface of the engine: what the adapter may use.
export type * from './target';
