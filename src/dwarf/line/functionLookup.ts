// Function address ranges the line queries need ("which function holds this address", "where is
// function F"), from ELF symbols. A DW_TAG_subprogram index can implement the same interface.
import { ElfFile, SHF_ALLOC, SHF_EXECINSTR } from '../../elf';
import { AddressRangeIndex } from './addressRangeIndex';
import { PcRange } from './debugLine';

/** A function's code: [lowPc, highPc), Thumb bit cleared. */
export interface FunctionRange extends PcRange {
  readonly name: string;
}

/** Answers the two questions the line queries ask about functions. */
export interface FunctionLookup {
  /** The function whose range holds `address`. */
  functionAt(address: number): FunctionRange | undefined;
  /** Every function with this name (static functions of different units share names). */
  functionsNamed(name: string): readonly FunctionRange[];
}

/** A FunctionLookup over any list of ranges. */
export class FunctionRangeIndex implements FunctionLookup {
  private readonly byAddress: AddressRangeIndex<FunctionRange>;
  private readonly byName = new Map<string, FunctionRange[]>();

  constructor(functions: Iterable<FunctionRange>) {
    const list = [...functions];
    this.byAddress = new AddressRangeIndex(list.map((value) => ({ lowPc: value.lowPc, highPc: value.highPc, value })));
    for (const fn of list) {
      const named = this.byName.get(fn.name);
      if (named) named.push(fn);
      else this.byName.set(fn.name, [fn]);
    }
  }

  functionAt(address: number): FunctionRange | undefined {
    return this.byAddress.find(address)?.value;
  }

  functionsNamed(name: string): readonly FunctionRange[] {
    return this.byName.get(name) ?? [];
  }
}

/** Functions from the ELF symbol table: STT_FUNC symbols with a size, defined in a section. */
export function functionLookupFromElf(elf: ElfFile): FunctionLookup {
  const functions: FunctionRange[] = [];
  for (const symbol of elf.symbols) {
    if (symbol.type !== 'FUNC' || symbol.size === 0 || symbol.sectionIndex === 0 || !symbol.name) continue;
    functions.push({ name: symbol.name, lowPc: symbol.address, highPc: symbol.address + symbol.size });
  }
  return new FunctionRangeIndex(functions);
}

/** The executable, allocated sections of `elf` as address ranges (for DebugLineOptions.codeRanges). */
export function codeRangesFromElf(elf: ElfFile): PcRange[] {
  return elf.sections
    .filter((section) => (section.flags & SHF_EXECINSTR) !== 0 && (section.flags & SHF_ALLOC) !== 0 && section.size > 0)
    .map((section) => ({ lowPc: section.addr, highPc: section.addr + section.size }));
}
