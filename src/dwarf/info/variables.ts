// Variables in scope at an address (DWARF5 3.3.8, 3.5, 4.1): parameters and locals of each
// frame (inlined subroutines too), file statics of the unit, and globals, with their locations.
import { AttributeValue, signedConstant } from './attributeValue';
import * as C from './dwarfConstants';
import type { DwarfInfo } from './dwarfInfo';
import { DwarfType, qualifiedName, stripTypedefs, typeOf } from './dwarfType';
import { functionAt, inheritedNumber } from './functionIndex';
import { LocationList, locationAt, readLocationList } from './locationLists';
import { dieRanges } from './rangeLists';
import { Die, sectionOffsetOf } from './unit';

/** Where a variable's value is at one address (DWARF5 2.6, 4.1). */
export type VariableLocation =
  /** A DWARF expression (DW_OP_*) for the expression evaluator; it may need the frame base. */
  | { readonly kind: 'expression'; readonly expression: Uint8Array }
  /** DW_AT_const_value: the value itself (a number, or bytes/string for blocks and strings). */
  | { readonly kind: 'constant'; readonly value: number | bigint | Uint8Array | string }
  /** No location here: a location list with no entry for this address, an empty expression, or none at all. */
  | { readonly kind: 'optimizedOut' };

/** A variable or parameter visible at an address. */
export interface ScopeVariable {
  readonly die: Die;
  readonly name: string;
  readonly type: DwarfType;
  readonly kind: 'parameter' | 'local' | 'fileStatic' | 'global';
  readonly location: VariableLocation;
  /** DW_AT_decl_file (line table file index) and DW_AT_decl_line, through the abstract origin. */
  readonly declFile: number | undefined;
  readonly declLine: number | undefined;
}

/** The variables of one frame: a function, or one inlined call of a function. */
export interface FrameVariables {
  /** The DW_TAG_subprogram or DW_TAG_inlined_subroutine DIE. */
  readonly die: Die;
  readonly name: string;
  /** Parameters in declaration order. */
  readonly parameters: readonly ScopeVariable[];
  /** Locals of the blocks holding the address, innermost block first (so shadowing ones come first). */
  readonly locals: readonly ScopeVariable[];
}

/** Everything visible at an address. */
export interface VariablesInScope {
  /** Frames innermost first, matching FunctionAtAddress.inlined then the function itself. */
  readonly frames: readonly FrameVariables[];
  /** DW_AT_frame_base of the concrete function at this address (DWARF5 3.3.5), for DW_OP_fbreg. */
  readonly frameBase: VariableLocation;
  /** Variables of the address's compile unit without DW_AT_external. */
  readonly fileStatics: readonly ScopeVariable[];
  /** External variables of every compile unit. */
  readonly globals: readonly ScopeVariable[];
}

const globalsCache = new WeakMap<DwarfInfo, Die[]>();

/** Variables visible at `address`; undefined when no function holds it. */
export function variablesInScope(info: DwarfInfo, address: number): VariablesInScope | undefined {
  const found = functionAt(info, address);
  if (!found) return undefined;
  // Split the scope path into frames at each inlined subroutine (DWARF5 3.3.8.2).
  const frames: FrameVariables[] = [];
  let frameScopes: Die[] = [];
  const flush = (): void => {
    const [frame, ...blocks] = frameScopes;
    frames.unshift({
      die: frame,
      name: qualifiedName(frame) ?? '<unknown>',
      parameters: frameParameters(frame, address),
      locals: [
        ...[...blocks].reverse().flatMap((block) => blockVariables(block, address, found.scopes)),
        ...blockVariables(frame, address, found.scopes),
        ...abstractOnly(frame, C.DW_TAG_variable).map((die) => variable(die, address, 'local', true)),
      ],
    });
  };
  for (const scope of found.scopes) {
    if (scope.tag === C.DW_TAG_inlined_subroutine && frameScopes.length > 0) {
      flush();
      frameScopes = [];
    }
    frameScopes.push(scope);
  }
  flush();
  const unitRoot = found.function.die.unit.root;
  return {
    frames,
    frameBase: locationOf(found.function.die, C.DW_AT_frame_base, address),
    fileStatics: scopeVariables(unitRoot, address, 'fileStatic').filter((v) => v.kind === 'fileStatic'),
    globals: globals(info, address),
  };
}

/** External variables of every compile unit (DW_AT_external), with their locations at `address`. */
export function globals(info: DwarfInfo, address = 0): ScopeVariable[] {
  let dies = globalsCache.get(info);
  if (!dies) {
    dies = info.units
      .flatMap((unit) => (unit.header.unitType === C.DW_UT_compile ? scopeVariables(unit.root, address, 'fileStatic') : []))
      .filter((v) => v.kind === 'global')
      .map((v) => v.die);
    globalsCache.set(info, dies);
  }
  return dies.map((die) => variable(die, address, 'global', false));
}

/** Parameters of a frame, plus those of its abstract origin that the concrete tree leaves out. */
function frameParameters(frame: Die, address: number): ScopeVariable[] {
  const concrete = frame.children.filter((child) => child.tag === C.DW_TAG_formal_parameter).map((die) => variable(die, address, 'parameter', false));
  return [...concrete, ...abstractOnly(frame, C.DW_TAG_formal_parameter).map((die) => variable(die, address, 'parameter', true))];
}

/**
 * Children of a frame's abstract origin (DWARF5 3.3.8.1) with `tag` that no DIE of the concrete
 * tree refers to: the compiler dropped them, so they are in scope but optimized out.
 */
function abstractOnly(frame: Die, tag: number): Die[] {
  const abstract = frame.follow(C.DW_AT_abstract_origin);
  if (!abstract) return [];
  let represented = representedOrigins.get(frame);
  if (!represented) {
    represented = originsIn(frame);
    representedOrigins.set(frame, represented);
  }
  const known = represented;
  return abstract.children.filter((child) => child.tag === tag && !known.has(child));
}

const representedOrigins = new WeakMap<Die, Set<Die>>();

/** The abstract origins referred to from a concrete tree (not descending into nested inlined calls). */
function originsIn(frame: Die): Set<Die> {
  const represented = new Set<Die>();
  const visit = (die: Die): void => {
    for (const child of die.children) {
      const origin = child.follow(C.DW_AT_abstract_origin);
      if (origin) represented.add(origin);
      if (child.tag !== C.DW_TAG_inlined_subroutine) visit(child);
    }
  };
  visit(frame);
  return represented;
}

/**
 * Locals of a scope on the path, plus those of its lexical blocks that have no code of their
 * own and are not on the path: such a block's variables belong to the enclosing scope.
 */
function blockVariables(scope: Die, address: number, path: readonly Die[]): ScopeVariable[] {
  const result = scopeVariables(scope, address, 'local');
  for (const child of scope.children) {
    if (child.tag === C.DW_TAG_lexical_block && !path.includes(child) && dieRanges(child).length === 0) {
      result.push(...blockVariables(child, address, path));
    }
  }
  return result;
}

/**
 * DW_TAG_variable children of `scope` that define something (declarations with a later
 * definition are skipped); at file level also those inside C++ namespaces.
 */
function scopeVariables(scope: Die, address: number, kind: 'local' | 'fileStatic'): ScopeVariable[] {
  const result: ScopeVariable[] = [];
  for (const child of scope.children) {
    if (kind === 'fileStatic' && child.tag === C.DW_TAG_namespace) result.push(...scopeVariables(child, address, kind));
    if (child.tag !== C.DW_TAG_variable) continue;
    // A declaration (extern, or a C++ class static) names a variable defined by another DIE.
    if (child.flag(C.DW_AT_declaration) && !child.attr(C.DW_AT_location) && !child.attr(C.DW_AT_const_value)) continue;
    const external = child.inherited(C.DW_AT_external)?.value;
    const global = kind === 'fileStatic' && external?.kind === 'flag' && external.value;
    result.push(variable(child, address, kind === 'local' ? 'local' : global ? 'global' : 'fileStatic', false));
  }
  return result;
}

/** What a variable is regardless of the address: kept per DIE, so repeated queries allocate little. */
interface VariableIdentity {
  readonly name: string;
  readonly type: DwarfType;
  readonly declFile: number | undefined;
  readonly declLine: number | undefined;
  /** The DW_AT_const_value, or the location when it does not depend on the address. */
  readonly fixedLocation: VariableLocation | undefined;
}

const identities = new WeakMap<Die, VariableIdentity>();
const locationLists = new WeakMap<Die, LocationList>();

function variable(die: Die, address: number, kind: ScopeVariable['kind'], abstractOnly: boolean): ScopeVariable {
  let identity = identities.get(die);
  if (!identity) {
    const type = typeOf(die);
    const value = die.attr(C.DW_AT_location);
    const fixed = value === undefined || value.kind === 'exprloc' || value.kind === 'block' ? locationOf(die, C.DW_AT_location, address) : undefined;
    identity = {
      // File-level names are qualified (geo::count, Shape::instances); locals never need it.
      name: (kind === 'global' || kind === 'fileStatic' ? qualifiedName(die) : die.name) ?? '',
      type,
      declFile: inheritedNumber(die, C.DW_AT_decl_file),
      declLine: inheritedNumber(die, C.DW_AT_decl_line),
      fixedLocation: constantOf(die, type) ?? fixed,
    };
    identities.set(die, identity);
  }
  // An abstract-only DIE keeps a location only when it needs no frame (a static's DW_OP_addr, a
  // DW_AT_const_value), as GDB's inherit_abstract_dies reads the abstract DIE itself.
  const location: VariableLocation = abstractOnly ? identity.fixedLocation ?? { kind: 'optimizedOut' } : identity.fixedLocation ?? locationOf(die, C.DW_AT_location, address);
  return { die, name: identity.name, type: identity.type, kind, location, declFile: identity.declFile, declLine: identity.declLine };
}

function constantOf(die: Die, type: DwarfType): VariableLocation | undefined {
  const value = die.attr(C.DW_AT_const_value);
  if (!value) return undefined;
  if (value.kind === 'constant') {
    const base = stripTypedefs(type);
    const signed = (base.kind === 'base' && (base.encoding === C.DW_ATE_signed || base.encoding === C.DW_ATE_signed_char)) || (base.kind === 'enum' && base.signed);
    return { kind: 'constant', value: signed ? signedConstant(value) : value.value };
  }
  if (value.kind === 'block') return { kind: 'constant', value: value.bytes };
  const text = die.unit.string(value);
  return text === undefined ? undefined : { kind: 'constant', value: text };
}

/**
 * A location attribute at `address` (DWARF5 2.6): an exprloc (or DWARF 2-3 block), or the entry
 * of a location list covering the address (DWARF5 2.6.2).
 */
export function locationOf(die: Die, name: number, address: number): VariableLocation {
  const value: AttributeValue | undefined = die.attr(name);
  if (!value) return { kind: 'optimizedOut' };
  if (value.kind === 'exprloc' || value.kind === 'block') {
    return value.bytes.length > 0 ? { kind: 'expression', expression: value.bytes } : { kind: 'optimizedOut' };
  }
  if (value.kind === 'loclistIndex' || sectionOffsetOf(value) !== undefined) {
    // Cached only for DW_AT_location; DW_AT_frame_base lists are read each time (one per query).
    let list = name === C.DW_AT_location ? locationLists.get(die) : undefined;
    if (!list) {
      list = readLocationList(die.unit, value);
      if (name === C.DW_AT_location) locationLists.set(die, list);
    }
    const expression = locationAt(list, address);
    return expression && expression.length > 0 ? { kind: 'expression', expression } : { kind: 'optimizedOut' };
  }
  return { kind: 'optimizedOut' };
}
