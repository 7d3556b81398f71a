// Public surface of the line number reader (.debug_line, DWARF5 6.2) and its queries.
export * from './lineConstants';
export * from './lineProgramHeader';
export * from './lineProgram';
export * from './lineTable';
export * from './lineUnit';
export * from './debugLine';
export * from './functionLookup';
export * from './functionEntry';
export * from './lineBreakpoints';
export * from './sourcePath';
export * from './lineProgramRefs';
