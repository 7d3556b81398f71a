// Public surface of call frame information (DWARF5 6.4): CIE/FDE parsing of .debug_frame and
// .eh_frame, unwind rows, and the resumable one-frame unwinder.
export * from './dwCfa';
export * from './dwCfaName';
export type { CfiSection, CfiSectionName, CommonInformationEntry, FrameDescriptionEntry, CallFrameEntries } from './callFrameEntries';
export { parseCallFrameEntries } from './callFrameEntries';
export type { CfaInstruction, CfaRule, RegisterRule } from './cfaInstructions';
export type { UnwindRow } from './cfaProgram';
export { CallFrameInfo } from './callFrameInfo';
export type { CfiLookup } from './callFrameInfo';
export { formatCfaRule, formatRegisterRule, formatCfaInstruction } from './cfiText';
export * from './unwindAbi';
export { FrameUnwinding, unwindFrameAsync, unwindFrameSync } from './frameUnwinder';
export type { FrameReader, UnwindInput, UnwindRequest, UnwindResult, UnwindStep, UnwoundRegister } from './frameUnwinder';
