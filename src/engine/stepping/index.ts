// Public surface of stepping: the stepper and what it needs of a target.
export * from './stepper';
export * from './stepTarget';
