// The names a live-watch expression sees while its target runs: globals, file statics, functions,
// enumerators and types, none of which needs a frame. A local, an argument or a register needs a
// halted target, and says so instead of "No symbol".
import { UserError } from '../../common';
import { DW_AT_name, DW_TAG_formal_parameter, DW_TAG_subprogram, DW_TAG_variable, type Die, type DwarfInfo } from '../../dwarf';
import { FrameScope, type ExpressionScope, type ExpressionTypes } from '../expressions';
import type { Architecture } from '../arch/architecture';
import type { FrameContext, MemoryCache, Value } from '../values';

/** An address no compile unit covers (Cortex-M code lives below 0xE0000000): no frame, no locals, no unit statics. */
const NO_FRAME_PC = 0xffff_fffe;

const localNameIndexes = new WeakMap<DwarfInfo, Set<string>>();

/** The ExpressionScope of a running target: FrameScope without a frame, with clear refusals. */
export class RunningScope implements ExpressionScope {
  private readonly names: FrameScope;

  constructor(
    private readonly dwarf: DwarfInfo,
    frame: FrameContext,
    memory: MemoryCache,
    architecture: Architecture,
  ) {
    this.names = new FrameScope({ dwarf, pc: NO_FRAME_PC, frame, memory, architecture });
  }

  get types(): ExpressionTypes {
    return this.names.types;
  }

  readonly isTypeName = (name: string): boolean => this.names.isTypeName(name);

  async variable(name: string): Promise<Value | undefined> {
    const found = await this.names.variable(name);
    if (found || this.names.functionNamed(name) || this.names.enumerator(name)) return found;
    if (localNames(this.dwarf).has(name)) throw new UserError(`${name} is a local variable or argument: reading it needs a halted target`);
    return undefined;
  }

  functionNamed(name: string): Value | undefined {
    return this.names.functionNamed(name);
  }

  enumerator(name: string): Value | undefined {
    return this.names.enumerator(name);
  }

  register(name: string): Value | undefined {
    if (this.names.register(name) === undefined) return undefined;
    throw new UserError(`$${name} is a register: reading it needs a halted target`);
  }
}

/** Names of every parameter and variable declared inside a function (DWARF5 3.3.8, 4.1), once per program. */
function localNames(dwarf: DwarfInfo): Set<string> {
  let names = localNameIndexes.get(dwarf);
  if (names) return names;
  const found = new Set<string>();
  const visit = (die: Die, inFunction: boolean): void => {
    if (inFunction && (die.tag === DW_TAG_variable || die.tag === DW_TAG_formal_parameter)) {
      const name = die.string(DW_AT_name);
      if (name !== undefined) found.add(name);
    }
    for (const child of die.children) visit(child, inFunction || die.tag === DW_TAG_subprogram);
  };
  for (const unit of dwarf.units) visit(unit.root, false);
  names = found;
  localNameIndexes.set(dwarf, names);
  return names;
}
