// Function address ranges the line queries need ("which function holds this address", "where is
// function F"), from ELF symbols. A DW_TAG_subprogram index can implement the same interface.
import { ElfFile, ElfSymbol } from '../../elf';
import { AddressRangeIndex } from '../info';
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

/**
 * Functions from the ELF symbol table: STT_FUNC symbols with a size and a name, defined in a
 * section. Lazy: an address query sorts the symbols' addresses once, a name query compares the
 * name's bytes; no other symbol name is decoded.
 */
export function functionLookupFromElf(elf: ElfFile): FunctionLookup {
  // One FunctionRange per symbol, so that callers may use it as a key (resolveLineBreakpoint does).
  const ranges = new Map<ElfSymbol, FunctionRange>();
  const rangeOf = (symbol: ElfSymbol): FunctionRange => {
    let range = ranges.get(symbol);
    if (!range) {
      range = { name: symbol.name, lowPc: symbol.address, highPc: symbol.address + symbol.size };
      ranges.set(symbol, range);
    }
    return range;
  };
  return {
    functionAt: (address) => {
      const symbol = elf.functionSymbolAt(address);
      return symbol && rangeOf(symbol);
    },
    functionsNamed: (name) => elf.symbolsNamed(name).filter((s) => s.type === 'FUNC' && s.size > 0).map(rangeOf),
  };
}
