// Public surface of the program model: what the engine and adapter ask about the ELF and its DWARF.
export * from './program';
export * from './sourcePathMap';
