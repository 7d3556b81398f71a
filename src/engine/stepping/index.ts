// Public surface of stepping: the source stepper, what it needs of a target, and its facade plug.
export * from './stepper';
export * from './stepTarget';
export * from './threadStep';
export { revealedInlineFrames } from './inlineReveal';
