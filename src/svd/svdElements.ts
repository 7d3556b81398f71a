// What the model builders share: the known child tags of each SVD element (unknown ones are
// warnings), registerPropertiesGroup inheritance, writeConstraint, and the build context.

import type { DerivedResolver } from './svdDerive';
import type { FieldParent } from './svdFieldBuilder';
import type { SvdField, SvdRegister, SvdWriteConstraint } from './svdModel';
import {
  parseAccess, parseBigInt, parseBoolean, parseNumber, parseProtection,
  type SvdAccess, type SvdProtection, type SvdWarningSink,
} from './svdValues';
import type { XmlElement } from './xmlElement';

const dimTags = ['dim', 'dimIncrement', 'dimIndex', 'dimName', 'dimArrayIndex'];
const propertyTags = ['size', 'access', 'protection', 'resetValue', 'resetMask'];

/** Child elements each SVD element may have (CMSIS-SVD 1.3 schema). */
const knownTags: Readonly<Record<string, ReadonlySet<string>>> = {
  device: new Set([
    'vendor', 'vendorID', 'name', 'series', 'version', 'description', 'licenseText', 'cpu', 'headerSystemFilename',
    'headerDefinitionsPrefix', 'addressUnitBits', 'width', 'peripherals', 'vendorExtensions', ...propertyTags,
  ]),
  cpu: new Set([
    'name', 'revision', 'endian', 'mpuPresent', 'fpuPresent', 'fpuDP', 'dspPresent', 'icachePresent', 'dcachePresent',
    'itcmPresent', 'dtcmPresent', 'vtorPresent', 'nvicPrioBits', 'vendorSystickConfig', 'deviceNumInterrupts',
    'sauNumRegions', 'sauRegionsConfig',
  ]),
  peripherals: new Set(['peripheral']),
  peripheral: new Set([
    'name', 'version', 'description', 'alternatePeripheral', 'groupName', 'prependToName', 'appendToName',
    'headerStructName', 'disableCondition', 'baseAddress', 'addressBlock', 'interrupt', 'registers', ...dimTags, ...propertyTags,
  ]),
  addressBlock: new Set(['offset', 'size', 'usage', 'protection']),
  interrupt: new Set(['name', 'description', 'value']),
  registers: new Set(['register', 'cluster']),
  cluster: new Set([
    'name', 'description', 'alternateCluster', 'headerStructName', 'addressOffset', 'register', 'cluster', ...dimTags, ...propertyTags,
  ]),
  register: new Set([
    'name', 'displayName', 'description', 'alternateGroup', 'alternateRegister', 'addressOffset', 'dataType',
    'modifiedWriteValues', 'writeConstraint', 'readAction', 'fields', ...dimTags, ...propertyTags,
  ]),
  fields: new Set(['field']),
  field: new Set([
    'name', 'description', 'bitOffset', 'bitWidth', 'lsb', 'msb', 'bitRange', 'access', 'modifiedWriteValues',
    'writeConstraint', 'readAction', 'enumeratedValues', ...dimTags,
  ]),
  enumeratedValues: new Set(['name', 'headerEnumName', 'usage', 'enumeratedValue']),
  enumeratedValue: new Set(['name', 'description', 'value', 'isDefault']),
  writeConstraint: new Set(['writeAsRead', 'useEnumeratedValues', 'range']),
};

/** Every tag name the schema knows, for the scanner to intern. */
export const svdTagNames: readonly string[] = [
  ...new Set([...Object.keys(knownTags), ...Object.values(knownTags).flatMap((tags) => [...tags]), 'range', 'minimum', 'maximum']),
];

const namedElements: ReadonlySet<string> = new Set(['peripheral', 'cluster', 'register', 'field']);

/**
 * Warns about every child the SVD schema does not define for its parent, walking the raw tree
 * before resolution so that a derivedFrom copy does not repeat the warning. Deferred subtrees
 * (field lists) are skipped; their builder checks each one once. `prefix` is the path of
 * `element`'s named ancestors, `fallbackPath` the path used above the first named element.
 */
export function checkTree(element: XmlElement, prefix: string, fallbackPath: string, sink: SvdWarningSink): void {
  visitTags(element, [], prefix, fallbackPath, sink);
}

/** `named` holds the named ancestors; their names are read only when a warning needs the path. */
function visitTags(parent: XmlElement, named: XmlElement[], prefix: string, fallbackPath: string, sink: SvdWarningSink): void {
  const known = knownTags[parent.name];
  if (known === undefined) return;
  const isNamed = namedElements.has(parent.name);
  if (isNamed) named.push(parent);
  const children = parent.children;
  for (let i = 0; i < children.length; i++) {
    const c = children[i];
    if (!known.has(c.name)) {
      sink.warn(pathOf(named, prefix, fallbackPath), `unknown element <${c.name}> in <${parent.name}>; ignored`);
      continue;
    }
    // Repeats inside <interrupt> are read by interruptEntries, repeated <registers> blocks are
    // joined by joinRegisterBlocks; each warns about its own.
    if (!repeatable.has(c.name) && parent.name !== 'interrupt' && c.name !== 'registers' && repeatedBefore(children, i)) {
      sink.warn(pathOf(named, prefix, fallbackPath), `<${c.name}> repeated in <${parent.name}>; the first one is used`);
    }
    if (!c.isDeferred && c.children.length > 0) visitTags(c, named, prefix, fallbackPath, sink);
  }
  if (isNamed) named.pop();
}

function pathOf(named: readonly XmlElement[], prefix: string, fallbackPath: string): string {
  const names = named.map((e) => e.childText('name') ?? '');
  if (prefix !== '') names.unshift(prefix);
  return names.length > 0 ? names.join('/') : fallbackPath;
}

/** Elements that may appear more than once in their parent (the rest may not). */
const repeatable: ReadonlySet<string> = new Set([
  'peripheral', 'register', 'cluster', 'field', 'addressBlock', 'interrupt', 'enumeratedValues', 'enumeratedValue',
]);

function repeatedBefore(children: readonly XmlElement[], index: number): boolean {
  const name = children[index].name;
  for (let i = 0; i < index; i++) if (children[i].name === name) return true;
  return false;
}

/** registerPropertiesGroup as inherited so far; reset values stay undefined until set. */
export interface InheritedProperties {
  readonly size: number;
  readonly access: SvdAccess;
  readonly protection?: SvdProtection;
  readonly resetValue?: bigint;
  readonly resetMask?: bigint;
}

/** SVD 1.3 "registerPropertiesGroup": values given on `element` override the inherited ones. */
export function inheritProperties(
  parent: InheritedProperties,
  element: XmlElement,
  path: string,
  sink: SvdWarningSink,
): InheritedProperties {
  let size: number | undefined;
  let access: SvdAccess | undefined;
  let protection: SvdProtection | undefined;
  let resetValue: bigint | undefined;
  let resetMask: bigint | undefined;
  let any = false;
  for (const c of element.children) {
    switch (c.name) {
      case 'size': size = parseNumber(c.text.trim(), path, 'size', sink); break;
      case 'access': access = parseAccess(c.text.trim(), path, sink); break;
      case 'protection': protection = parseProtection(c.text.trim(), path, sink); break;
      case 'resetValue': resetValue = parseBigInt(c.text.trim(), path, 'resetValue', sink); break;
      case 'resetMask': resetMask = parseBigInt(c.text.trim(), path, 'resetMask', sink); break;
      default: continue;
    }
    any = true;
  }
  if (!any) return parent;
  if (size === 0 || (size !== undefined && size > 64)) {
    sink.warn(path, `size ${size} bits is not supported (1..64); inherited size used`);
    size = undefined;
  }
  return {
    size: size ?? parent.size,
    access: access ?? parent.access,
    protection: protection ?? parent.protection,
    resetValue: resetValue ?? parent.resetValue,
    resetMask: resetMask ?? parent.resetMask,
  };
}

/** SVD: writeConstraint (writeAsRead, useEnumeratedValues, or range minimum..maximum). */
export function parseWriteConstraint(
  element: XmlElement | undefined,
  path: string,
  sink: SvdWarningSink,
): SvdWriteConstraint | undefined {
  if (element === undefined) return undefined;
  const asRead = element.childText('writeAsRead');
  if (asRead !== undefined && parseBoolean(asRead, path, 'writeAsRead', sink)) return { kind: 'writeAsRead' };
  const enums = element.childText('useEnumeratedValues');
  if (enums !== undefined && parseBoolean(enums, path, 'useEnumeratedValues', sink)) return { kind: 'useEnumeratedValues' };
  const range = element.child('range');
  if (range !== undefined) {
    const minText = range.childText('minimum');
    const maxText = range.childText('maximum');
    const minimum = minText === undefined ? undefined : parseBigInt(minText, path, 'minimum', sink);
    const maximum = maxText === undefined ? undefined : parseBigInt(maxText, path, 'maximum', sink);
    if (minimum !== undefined && maximum !== undefined && minimum <= maximum) return { kind: 'range', minimum, maximum };
    sink.warn(path, 'writeConstraint range needs minimum <= maximum; ignored');
    return undefined;
  }
  sink.warn(path, 'writeConstraint with no constraint; ignored');
  return undefined;
}

/**
 * Default for the most peripherals, clusters, registers and fields one device may expand to
 * (STM32H743x has ~21,000). SVD: dim has no upper bound and nested dim arrays multiply, so this
 * device-wide budget, not a cap per array, keeps a hostile file from exhausting memory.
 */
export const maxResolvedElements = 500_000;

/** The device-wide count of elements still allowed (see maxResolvedElements). */
export interface ElementBudget {
  readonly limit: number;
  remaining: number;
}

/** Takes one element from the budget; false (with one warning) once it is spent. */
export function spendBudget(ctx: Pick<BuildContext, 'budget' | 'sink'>, path: string): boolean {
  if (ctx.budget.remaining > 0) {
    ctx.budget.remaining--;
    return true;
  }
  if (ctx.budget.remaining === 0) {
    ctx.sink.warn(path, `the device expands to more than ${ctx.budget.limit} peripherals, clusters, registers and fields; the rest is left out`);
    ctx.budget.remaining = -1;
  }
  return false;
}

/** What builders of one peripheral share. */
export interface BuildContext {
  readonly budget: ElementBudget;
  /** Field lists built so far, with the register facts they were built for (see buildFields). */
  readonly builtFieldLists: Map<XmlElement, { readonly parent: FieldParent; readonly fields: readonly SvdField[] }>;
  readonly sink: SvdWarningSink;
  readonly resolver: DerivedResolver;
  /** The peripheral element with derivedFrom applied (scope for dotted names). */
  readonly peripheral: XmlElement;
  readonly peripheralName: string;
  readonly baseAddress: number;
  /** Every raw peripheral element, for enumeratedValues derivedFrom searches. */
  readonly allPeripherals: readonly XmlElement[];
  /** Every register built, clusters flattened. */
  readonly registers: SvdRegister[];
}
