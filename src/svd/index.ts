// Public surface of the SVD layer (ARCHITECTURE.md): parse, the resolved model, the field codec
// and read planning. Everything here is pure; callers bring the file text and the memory reads.
export { parseSvd, type SvdParseOptions } from './svdParser';
export type * from './svdModel';
export type { SvdAccess, SvdEnumUsage, SvdModifiedWriteValues, SvdProtection, SvdReadAction } from './svdValues';
export {
  checkFieldWrite, checkRegisterWrite, decodeRegister, encodeFieldWrite, fieldValue, isSafeToRefresh, matchEnum, readHazard,
  type SvdDecodedField, type SvdFieldWrite,
} from './fieldCodec';
export {
  planRegisterReads, registerValuesFromReads,
  type SvdMemoryRead, type SvdReadPlan, type SvdReadPlanOptions, type SvdReadSlot, type SvdSkippedRegister,
} from './readPlan';
export { maxResolvedElements } from './svdElements';
