// Names as an expression in one frame sees them (C11 6.2.1 scopes, GDB's lookup order): the
// frame's arguments and locals, the unit's statics, globals, functions, enumerators, types,
// registers. Built from src/dwarf; values are located lazily with the frame's registers.
import {
  DW_TAG_enumeration_type, DW_TAG_typedef, DwarfInfo, DwarfType, findType, functionsNamed, globals, ScopeVariable,
  stripTypedefs, typeFromDie, VariableLocation, variablesInScope,
} from '../../dwarf';
import { allFileStatics, bigIntToBytes, FrameContext, locateVariable, MemoryCache, Value } from '../values';
import type { Architecture } from '../arch/architecture';
import type { ExpressionScope } from './expressionEvaluator';
import { ExpressionTypes } from './expressionTypes';


const enumeratorIndexes = new WeakMap<DwarfInfo, Map<string, { type: DwarfType; value: bigint }>>();
const globalIndexes = new WeakMap<DwarfInfo, Map<string, ScopeVariable>>();
const otherStaticIndexes = new WeakMap<DwarfInfo, Map<string, ScopeVariable>>();

/** Where an expression is evaluated: a frame (PC, registers, CFA) of a program at one halt. */
export interface FrameScopeOptions {
  readonly dwarf: DwarfInfo;
  /** The PC used for scope lookup (a caller frame's return address minus one). */
  readonly pc: number;
  /** Which source frame at `pc` (0 = innermost inlined call), as VariablesInScope.frames counts. */
  readonly inlineIndex?: number;
  readonly frame: FrameContext;
  readonly memory: MemoryCache;
  /** Register names (`$sp`, `$ra`...) and which are the PC and SP. */
  readonly architecture: Pick<Architecture, 'expressionRegisters'>;
}

/** The ExpressionScope of one frame. */
export class FrameScope implements ExpressionScope {
  readonly types: ExpressionTypes;
  private readonly locals: readonly ScopeVariable[];
  private readonly statics: readonly ScopeVariable[];
  private readonly frameBase: VariableLocation;

  constructor(private readonly options: FrameScopeOptions) {
    this.types = new ExpressionTypes((name) => findType(options.dwarf, name), options.frame.addressByteSize);
    const scope = variablesInScope(options.dwarf, options.pc);
    const source = scope?.frames[options.inlineIndex ?? 0];
    this.locals = source ? [...source.locals, ...source.parameters] : [];
    this.statics = scope?.fileStatics ?? [];
    this.frameBase = scope?.frameBase ?? { kind: 'optimizedOut' };
  }

  async variable(name: string): Promise<Value | undefined> {
    // Innermost block first (VariablesInScope order), so a shadowing local wins.
    const found = this.locals.find((v) => v.name === name) ?? this.statics.find((v) => v.name === name) ?? this.globalNamed(name) ?? this.otherFileStatic(name);
    return found ? locateVariable(found, this.options.frame, this.frameBase, this.options.memory) : undefined;
  }

  functionNamed(name: string): Value | undefined {
    const [found] = functionsNamed(this.options.dwarf, name);
    return found ? { type: typeFromDie(found.die), place: { kind: 'memory', address: found.entryPc } } : undefined;
  }

  enumerator(name: string): Value | undefined {
    const found = this.enumerators().get(name);
    if (!found) return undefined;
    const size = Math.max(1, (stripTypedefs(found.type) as { byteSize?: number }).byteSize ?? 4);
    return { type: found.type, place: { kind: 'bytes', bytes: bigIntToBytes(found.value, size, this.options.frame.littleEndian) } };
  }

  register(name: string): Value | undefined {
    const register = this.options.architecture.expressionRegisters.get(name.toLowerCase());
    if (register === undefined) return undefined;
    const { number } = register;
    // GDB's types: a code pointer is `void (*)()`, a data pointer `void *`, the others `long`.
    const type = register.type === 'code' ? this.types.pointerTo(this.types.codeType()) : register.type === 'data' ? this.types.pointerTo(this.types.named('void') as DwarfType) : this.types.base('long int');
    return { type, place: { kind: 'register', register: number } };
  }

  /** True when `name` is a typedef or base type name (so `(name)x` parses as a cast). */
  readonly isTypeName = (name: string): boolean => {
    const type = findType(this.options.dwarf, name);
    return type !== undefined && (type.kind === 'base' || type.die?.tag === DW_TAG_typedef);
  };

  private globalNamed(name: string): ScopeVariable | undefined {
    let index = globalIndexes.get(this.options.dwarf);
    if (!index) {
      index = new Map(globals(this.options.dwarf).map((v) => [v.name, v]));
      globalIndexes.set(this.options.dwarf, index);
    }
    return index.get(name);
  }

  /** GDB's last resort: a static of another compile unit. */
  private otherFileStatic(name: string): ScopeVariable | undefined {
    let index = otherStaticIndexes.get(this.options.dwarf);
    if (!index) {
      index = new Map();
      for (const v of allFileStatics(this.options.dwarf)) if (!index.has(v.name)) index.set(v.name, v);
      otherStaticIndexes.set(this.options.dwarf, index);
    }
    return index.get(name);
  }

  private enumerators(): Map<string, { type: DwarfType; value: bigint }> {
    let index = enumeratorIndexes.get(this.options.dwarf);
    if (!index) {
      index = new Map();
      for (const unit of this.options.dwarf.units) {
        for (const die of unit.root.children) {
          const enumDie = die.tag === DW_TAG_enumeration_type ? die : undefined;
          if (!enumDie) continue;
          const type = typeFromDie(enumDie);
          if (type.kind !== 'enum') continue;
          for (const e of type.enumerators) if (!index.has(e.name)) index.set(e.name, { type, value: BigInt(e.value) });
        }
      }
      enumeratorIndexes.set(this.options.dwarf, index);
    }
    return index;
  }
}
