// Public surface of the DWARF debug-info reader (units, DIEs, forms, lists, queries).
export * from './dwarfConstants';
export * from './dwarfConstantName';
export * from './dwarfEncoding';
export * from './attributeValue';
export * from './abbrevTable';
export * from './unitHeader';
export * from './unit';
export * from './addressRanges';
export * from './rangeLists';
export * from './locationLists';
export * from './dwarfInfo';
export * from './dwarfType';
export * from './typeName';
export * from './functionIndex';
export * from './variables';
export * from './typeLookup';
export * from './unitExpressionContext';
