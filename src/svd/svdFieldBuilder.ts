// Builds the fields of one register: the three bit-range forms, dim field arrays, inherited
// access and modifiedWriteValues, and enumeratedValues (with derivedFrom). No register logic.

import { SvdFormatError } from '../common';
import { DeriveScope, mergeDerived } from './svdDerive';
import { expandDim, fillIndex } from './svdDim';
import { checkTree, parseWriteConstraint, spendBudget, type BuildContext } from './svdElements';
import type { SvdEnumeratedValue, SvdEnumeratedValues, SvdField } from './svdModel';
import {
  bitMask, parseAccess, parseBoolean, parseEnumValue, parseModifiedWriteValues, parseNumber,
  parseReadAction, parseUsage, type SvdAccess, type SvdModifiedWriteValues,
} from './svdValues';
import { XmlElement } from './xmlElement';

/** The register facts its fields inherit or are checked against. */
export interface FieldParent {
  readonly path: string;
  readonly address: number;
  readonly size: number;
  readonly access: SvdAccess;
  readonly modifiedWriteValues?: SvdModifiedWriteValues;
}

const enumCache = new WeakMap<XmlElement, { bitWidth: number; parsed: SvdEnumeratedValues }>();

/**
 * The fields of `register` (an element with derivedFrom applied), in file order. A field list
 * already built for another register with the same size, access and modifiedWriteValues (a
 * derived peripheral's copy) is copied with the new path and address instead of parsed again.
 */
export function buildFields(register: XmlElement, parent: FieldParent, ctx: BuildContext): SvdField[] {
  const container = register.child('fields');
  if (container === undefined) return [];
  const built = ctx.builtFieldLists.get(container);
  if (built !== undefined && sameInheritance(built.parent, parent)) return relocate(built.fields, parent, ctx);
  if (built === undefined) checkTree(container, parent.path, parent.path, ctx.sink);
  const scope = new DeriveScope(container.children, parent.path, undefined);
  const fields: SvdField[] = [];
  for (const raw of container.children) {
    if (raw.name !== 'field') continue;
    const element = raw.attrs?.derivedFrom === undefined ? raw : ctx.resolver.item(raw, scope, ctx.peripheral);
    buildField(element, register, parent, ctx, fields);
  }
  checkLayout(fields, parent, ctx);
  if (built === undefined) ctx.builtFieldLists.set(container, { parent, fields });
  // The parsed field elements become garbage now rather than survive the whole load.
  container.release();
  return fields;
}

function sameInheritance(a: FieldParent, b: FieldParent): boolean {
  return a.size === b.size && a.access === b.access && a.modifiedWriteValues === b.modifiedWriteValues;
}

function relocate(fields: readonly SvdField[], parent: FieldParent, ctx: BuildContext): SvdField[] {
  const out: SvdField[] = [];
  for (const field of fields) {
    const path = `${parent.path}/${field.name}`;
    if (!spendBudget(ctx, path)) break;
    out.push({ ...field, path, address: parent.address });
  }
  return out;
}

/** Appends the field (or, for a dim field array, every element of it) to `out`. */
function buildField(element: XmlElement, register: XmlElement, parent: FieldParent, ctx: BuildContext, out: SvdField[]): void {
  const sink = ctx.sink;
  // One pass over the children: this runs for every field of every peripheral copy.
  let name = '';
  let description: string | undefined;
  let accessText: string | undefined;
  let mwvText: string | undefined;
  let readActionText: string | undefined;
  let constraint: XmlElement | undefined;
  let hasEnums = false;
  let hasDim = false;
  for (const c of element.children) {
    switch (c.name) {
      case 'name': name = c.text.trim(); break;
      case 'description': description = c.text.trim(); break;
      case 'access': accessText = c.text.trim(); break;
      case 'modifiedWriteValues': mwvText = c.text.trim(); break;
      case 'readAction': readActionText = c.text.trim(); break;
      case 'writeConstraint': constraint = c; break;
      case 'enumeratedValues': hasEnums = true; break;
      case 'dim': hasDim = true; break;
    }
  }
  const path = `${parent.path}/${name}`;
  if (name === '') {
    sink.warn(path, 'field without a name; skipped');
    return;
  }
  const bits = bitRange(element, path, ctx);
  if (bits === undefined) return;
  const access = (accessText === undefined ? undefined : parseAccess(accessText, path, sink)) ?? parent.access;
  const modifiedWriteValues = mwvText === undefined ? parent.modifiedWriteValues : parseModifiedWriteValues(mwvText, path, sink);
  const readAction = readActionText === undefined ? undefined : parseReadAction(readActionText, path, sink);
  const writeConstraint = parseWriteConstraint(constraint, path, sink);
  const enumeratedValues = hasEnums ? buildEnums(element, bits.bitWidth, register, path, ctx) : noEnums;
  if (!hasDim && !name.includes('%s')) {
    if (!spendBudget(ctx, path)) return;
    out.push({
      name, path, description, address: parent.address, bitOffset: bits.bitOffset, bitWidth: bits.bitWidth,
      access, modifiedWriteValues, writeConstraint, readAction, enumeratedValues, dimIndex: undefined,
    });
    return;
  }
  for (const instance of expandDim(element, name, path, sink)) {
    if (!spendBudget(ctx, `${parent.path}/${instance.name}`)) return;
    out.push({
      name: instance.name,
      path: `${parent.path}/${instance.name}`,
      description: fillIndex(description, instance.index),
      address: parent.address,
      bitOffset: bits.bitOffset + instance.increment,
      bitWidth: bits.bitWidth,
      access,
      modifiedWriteValues,
      writeConstraint,
      readAction,
      enumeratedValues,
      dimIndex: instance.index,
    });
  }
}

const noEnums: readonly SvdEnumeratedValues[] = Object.freeze([]);

/** SVD 1.3 "bitRangeType": bitOffset[+bitWidth], lsb+msb, or bitRange `[msb:lsb]`. */
function bitRange(element: XmlElement, path: string, ctx: BuildContext): { bitOffset: number; bitWidth: number } | undefined {
  let range: string | undefined;
  let lsbText: string | undefined;
  let msbText: string | undefined;
  let offsetText: string | undefined;
  let widthText: string | undefined;
  for (const c of element.children) {
    switch (c.name) {
      case 'bitRange': range = c.text.trim(); break;
      case 'lsb': lsbText = c.text.trim(); break;
      case 'msb': msbText = c.text.trim(); break;
      case 'bitOffset': offsetText = c.text.trim(); break;
      case 'bitWidth': widthText = c.text.trim(); break;
    }
  }
  let lsb: number | undefined;
  let msb: number | undefined;
  if (range !== undefined) {
    const match = /^\[\s*(\d+)\s*:\s*(\d+)\s*\]$/.exec(range);
    if (match === null) ctx.sink.warn(path, `bitRange "${range}" is not [msb:lsb]`);
    else [msb, lsb] = [Number(match[1]), Number(match[2])];
  } else if (lsbText !== undefined && msbText !== undefined) {
    lsb = parseNumber(lsbText, path, 'lsb', ctx.sink);
    msb = parseNumber(msbText, path, 'msb', ctx.sink);
  } else if (offsetText !== undefined) {
    lsb = parseNumber(offsetText, path, 'bitOffset', ctx.sink);
    const width = widthText === undefined ? 1 : parseNumber(widthText, path, 'bitWidth', ctx.sink);
    if (lsb !== undefined && width !== undefined && width > 0) msb = lsb + width - 1;
  }
  if (lsb === undefined || msb === undefined) {
    ctx.sink.warn(path, 'field has no usable bit range (bitOffset/bitWidth, lsb/msb or bitRange); skipped');
    return undefined;
  }
  if (msb < lsb) {
    ctx.sink.warn(path, `msb ${msb} is below lsb ${lsb}; swapped`);
    [msb, lsb] = [lsb, msb];
  }
  if (msb > 63) {
    ctx.sink.warn(path, `bit ${msb} is beyond 64-bit registers; skipped`);
    return undefined;
  }
  return { bitOffset: lsb, bitWidth: msb - lsb + 1 };
}

/** Warns about fields outside the register, overlapping fields and duplicate names. */
function checkLayout(fields: readonly SvdField[], parent: FieldParent, ctx: BuildContext): void {
  // Masks as numbers while they fit in 32 bits (the common case); bigint only for wider registers.
  let used = 0;
  let usedBig = 0n;
  const names = new Set<string>();
  for (const field of fields) {
    const top = field.bitOffset + field.bitWidth;
    if (top > parent.size) {
      ctx.sink.warn(field.path, `bits [${top - 1}:${field.bitOffset}] pass the ${parent.size}-bit register`);
    }
    let overlaps: boolean;
    if (top <= 32) {
      const mask = field.bitWidth === 32 ? -1 : ((1 << field.bitWidth) - 1) << field.bitOffset;
      overlaps = (used & mask) !== 0;
      used |= mask;
    } else {
      const mask = bitMask(field.bitWidth) << BigInt(field.bitOffset);
      overlaps = (usedBig & mask) !== 0n || (BigInt(used >>> 0) & mask) !== 0n;
      usedBig |= mask;
      // Its low 32 bits go into `used` too, so a narrow field checked later sees them.
      used |= Number(mask & 0xffff_ffffn) | 0;
    }
    if (overlaps) ctx.sink.warn(field.path, 'field overlaps another field of the register');
    if (names.has(field.name)) ctx.sink.warn(field.path, 'duplicate field name');
    names.add(field.name);
  }
}

function buildEnums(field: XmlElement, bitWidth: number, register: XmlElement, path: string, ctx: BuildContext): SvdEnumeratedValues[] {
  const out: SvdEnumeratedValues[] = [];
  for (const raw of field.children) {
    if (raw.name !== 'enumeratedValues') continue;
    const element = resolveEnum(raw, register, path, ctx, new Set());
    const cached = enumCache.get(element);
    let parsed: SvdEnumeratedValues;
    if (cached !== undefined && cached.bitWidth === bitWidth) parsed = cached.parsed;
    else {
      parsed = parseEnums(element, bitWidth, path, ctx);
      enumCache.set(element, { bitWidth, parsed });
    }
    if (out.some((e) => e.usage === parsed.usage || e.usage === 'read-write' || parsed.usage === 'read-write')) {
      ctx.sink.warn(path, `more than one enumeratedValues for usage ${parsed.usage}; the first one decodes`);
    }
    out.push(parsed);
  }
  return out;
}

function parseEnums(element: XmlElement, bitWidth: number, path: string, ctx: BuildContext): SvdEnumeratedValues {
  const values: SvdEnumeratedValue[] = [];
  const limit = bitMask(bitWidth);
  for (const c of element.children) {
    if (c.name !== 'enumeratedValue') continue;
    const name = c.childText('name') ?? '';
    const valueText = c.childText('value');
    const defaultText = c.childText('isDefault');
    const isDefault = defaultText !== undefined && parseBoolean(defaultText, path, 'isDefault', ctx.sink) === true;
    const masked = valueText === undefined ? undefined : parseEnumValue(valueText, `${path}/${name}`, ctx.sink);
    if (masked === undefined && !isDefault) {
      ctx.sink.warn(path, `enumerated value "${name}" has neither value nor isDefault; skipped`);
      continue;
    }
    if (masked !== undefined && (masked.value & ~limit) !== 0n) {
      ctx.sink.warn(path, `enumerated value ${name} = ${valueText} does not fit the ${bitWidth}-bit field`);
    }
    values.push({
      name,
      description: c.childText('description'),
      value: masked?.value,
      dontCareMask: masked?.dontCareMask ?? 0n,
      isDefault,
    });
  }
  return {
    name: element.childText('name'),
    headerEnumName: element.childText('headerEnumName'),
    usage: parseUsage(element.childText('usage'), path, ctx.sink),
    values,
  };
}

/**
 * SVD 1.3 enumeratedValues derivedFrom: a name in the same register, then the peripheral, then
 * the device; or a dotted path `PERIPH.REG.FIELD.NAME`.
 */
function resolveEnum(element: XmlElement, register: XmlElement, path: string, ctx: BuildContext, seen: Set<XmlElement>): XmlElement {
  const from = element.attrs?.derivedFrom?.trim();
  if (from === undefined) return element;
  if (seen.has(element)) throw new SvdFormatError(`enumeratedValues derivedFrom cycle through "${from}"`, path);
  seen.add(element);
  const parts = from.split('.');
  const name = parts[parts.length - 1];
  let base: XmlElement | undefined;
  if (parts.length > 1) {
    const field = ctx.resolver.byDottedPath(parts.slice(0, -1).join('.'), ctx.peripheral);
    base = field === undefined ? undefined : findEnum(field, name);
  }
  base ??= findEnum(register, name) ?? findEnum(ctx.peripheral, name);
  for (const peripheral of ctx.allPeripherals) base ??= findEnum(peripheral, name);
  if (base === undefined || base === element) {
    ctx.sink.warn(path, `enumeratedValues derivedFrom "${from}" not found; used as written`);
    return mergeDerived(new XmlElement(element.name, undefined), element);
  }
  return mergeDerived(resolveEnum(base, register, path, ctx, seen), element);
}

/** Depth-first search for an enumeratedValues called `name` below `element`. */
function findEnum(element: XmlElement, name: string): XmlElement | undefined {
  for (const c of element.children) {
    if (c.name === 'enumeratedValues') {
      if (c.childText('name') === name) return c;
    } else if (c.children.length > 0 && c.name !== 'enumeratedValue') {
      const found = findEnum(c, name);
      if (found !== undefined) return found;
    }
  }
  return undefined;
}
