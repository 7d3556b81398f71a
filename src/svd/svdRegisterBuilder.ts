// Builds the clusters and registers of one peripheral: derivedFrom per scope, dim expansion,
// property inheritance down the tree and absolute addresses. Fields are svdFieldBuilder's job.

import { DeriveScope, nameOf } from './svdDerive';
import { expandDim, fillIndex, type DimInstance } from './svdDim';
import { inheritProperties, parseWriteConstraint, spendBudget, type BuildContext, type InheritedProperties } from './svdElements';
import { buildFields } from './svdFieldBuilder';
import type { SvdCluster, SvdRegister } from './svdModel';
import { bitMask, cleanDescription, parseModifiedWriteValues, parseNumber, parseReadAction } from './svdValues';
import type { XmlElement } from './xmlElement';

/**
 * The registers and clusters among `items` (siblings in `scope`), placed at `offset` bytes from
 * the peripheral's baseAddress. Every register built is also appended to `ctx.registers`.
 */
export function buildItems(
  items: readonly XmlElement[],
  scope: DeriveScope,
  props: InheritedProperties,
  offset: number,
  ctx: BuildContext,
): (SvdCluster | SvdRegister)[] {
  const out: (SvdCluster | SvdRegister)[] = [];
  const names = new Set<string>();
  for (const raw of items) {
    if (raw.name !== 'register' && raw.name !== 'cluster') continue;
    const element = raw.attrs?.derivedFrom === undefined ? raw : ctx.resolver.item(raw, scope, ctx.peripheral);
    const name = nameOf(element);
    const path = `${scope.path}/${name}`;
    if (name === '') {
      ctx.sink.warn(path, `${raw.name} without a name; skipped`);
      continue;
    }
    const offsetText = element.childText('addressOffset');
    const addressOffset = offsetText === undefined ? undefined : parseNumber(offsetText, path, 'addressOffset', ctx.sink);
    if (addressOffset === undefined) {
      ctx.sink.warn(path, `${raw.name} without a usable addressOffset; skipped`);
      continue;
    }
    const own = inheritProperties(props, element, path, ctx.sink);
    // SVD 1.3 alternateGroup: registers of different groups may share a name.
    const group = element.childText('alternateGroup');
    for (const instance of expandDim(element, name, path, ctx.sink)) {
      const instancePath = instance.index === undefined ? path : `${scope.path}/${instance.name}`;
      if (!spendBudget(ctx, instancePath)) return out;
      const key = group === undefined ? instance.name : `${instance.name}/${group}`;
      if (names.has(key)) ctx.sink.warn(instancePath, `duplicate ${raw.name} name`);
      names.add(key);
      const at = offset + addressOffset + instance.increment;
      out.push(
        element.name === 'cluster'
          ? buildCluster(element, instance, instancePath, scope, own, at, ctx)
          : buildRegister(element, instance, instancePath, own, at, ctx),
      );
    }
  }
  return out;
}

function buildCluster(
  element: XmlElement,
  instance: DimInstance,
  path: string,
  parentScope: DeriveScope,
  props: InheritedProperties,
  addressOffset: number,
  ctx: BuildContext,
): SvdCluster {
  const scope = new DeriveScope(element.children, path, parentScope);
  return {
    kind: 'cluster',
    name: instance.name,
    path,
    description: fillIndex(cleanDescription(element.childText('description')), instance.index),
    alternateCluster: element.childText('alternateCluster'),
    headerStructName: element.childText('headerStructName'),
    address: ctx.baseAddress + addressOffset,
    addressOffset,
    children: buildItems(element.children, scope, props, addressOffset, ctx),
    dimIndex: instance.index,
  };
}

function buildRegister(
  element: XmlElement,
  instance: DimInstance,
  path: string,
  props: InheritedProperties,
  addressOffset: number,
  ctx: BuildContext,
): SvdRegister {
  const sink = ctx.sink;
  const size = props.size;
  const sizeMask = bitMask(size);
  let resetValue = props.resetValue ?? 0n;
  if ((resetValue & ~sizeMask) !== 0n) {
    if (element.child('resetValue') !== undefined) {
      sink.warn(path, `resetValue 0x${resetValue.toString(16)} does not fit the ${size}-bit register; truncated`);
    }
    resetValue &= sizeMask;
  }
  const resetMask = (props.resetMask ?? sizeMask) & sizeMask;
  const mwvText = element.childText('modifiedWriteValues');
  const modifiedWriteValues = mwvText === undefined ? undefined : parseModifiedWriteValues(mwvText, path, sink);
  const readActionText = element.childText('readAction');
  const address = ctx.baseAddress + addressOffset;
  const fields = buildFields(element, { path, address, size, access: props.access, modifiedWriteValues }, ctx);
  const register: SvdRegister = {
    kind: 'register',
    name: instance.name,
    path,
    peripheralName: ctx.peripheralName,
    displayName: fillIndex(element.childText('displayName'), instance.index),
    description: fillIndex(cleanDescription(element.childText('description')), instance.index),
    address,
    addressOffset,
    size,
    access: props.access,
    protection: props.protection,
    resetValue,
    resetMask,
    alternateGroup: element.childText('alternateGroup'),
    alternateRegister: element.childText('alternateRegister'),
    dataType: element.childText('dataType'),
    modifiedWriteValues,
    writeConstraint: parseWriteConstraint(element.child('writeConstraint'), path, sink),
    readAction: readActionText === undefined ? undefined : parseReadAction(readActionText, path, sink),
    fields,
    dimIndex: instance.index,
  };
  ctx.registers.push(register);
  return register;
}
