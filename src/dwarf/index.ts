// Public surface of the DWARF layer. Engineers append their sub-folders' exports here.
export * from './dwarfSections';
export * from './info';
export * from './line';
export * from './expr';
export * from './cfi';
