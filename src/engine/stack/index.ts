// Public surface of stack unwinding: the reader interface it needs, the unwinder and frame ids.
export * from './frameMemory';
export * from './stackUnwinder';
