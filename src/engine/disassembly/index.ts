// Public surface of disassembly: the Capstone decoder and the annotated disassembly view model.
export * from './instructionDecoder';
export * from './disassembler';
