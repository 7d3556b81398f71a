// Type declarations for the parts of @alexaltea/capstone-js (an Emscripten build of Capstone 5)
// that the disassembler uses. The package ships no types of its own.
declare module '@alexaltea/capstone-js' {
  export interface CapstoneInstruction {
    readonly id: number;
    /** A BigInt in this build. */
    readonly address: bigint;
    readonly size: number;
    readonly bytes: number[];
    readonly mnemonic: string;
    readonly op_str: string;
  }
  export interface CapstoneHandle {
    disasm(bytes: number[] | Uint8Array, address: number, count?: number): CapstoneInstruction[];
    close(): void;
  }
  export interface CapstoneModule {
    readonly ARCH_ARM: number;
    readonly ARCH_RISCV: number;
    readonly MODE_THUMB: number;
    readonly MODE_MCLASS: number;
    readonly MODE_RISCV32: number;
    readonly MODE_RISCVC: number;
    Capstone: new (arch: number, mode: number) => CapstoneHandle;
  }
  export interface CapstoneFactoryOptions {
    /** Emscripten's hook to find capstone.wasm (it looks next to capstone.js by default). */
    locateFile?: (path: string, scriptDirectory: string) => string;
    wasmBinary?: Uint8Array;
  }
  const factory: (options?: CapstoneFactoryOptions) => Promise<CapstoneModule>;
  export default factory;
}
