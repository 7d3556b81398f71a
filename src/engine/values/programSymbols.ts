// `<symbol+offset>` annotations for pointers, chosen as GDB does (printcmd.c build_address_symbolic):
// code addresses by their DWARF function, so an alias (weak SVC_Handler = Default_Handler) loses.
import type { Program, SymbolOffset } from '../program';

/** A FrameRegisters.symbolAt over a Program: the DWARF function holding code, else the ELF symbol. */
export function programSymbols(program: Program): (address: number) => SymbolOffset | undefined {
  return (address) => {
    const symbol = program.symbolAt(address);
    const code = program.isCode(address) ? program.functionAt(address) : undefined;
    // GDB keeps the minimal (ELF) symbol only when it starts after the function's entry.
    if (code && (!symbol || address - symbol.offset <= code.lowPc)) return { name: code.name, offset: address - code.lowPc };
    return symbol;
  };
}
