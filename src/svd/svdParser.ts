// Entry point of the SVD layer: text in, resolved SvdDevice out (device, cpu, peripherals,
// address blocks, interrupts). Pure: no I/O. Register trees are svdRegisterBuilder's job.

import { SvdFormatError } from '../common';
import { DeriveScope, DerivedResolver, nameOf } from './svdDerive';
import { expandDim, fillIndex } from './svdDim';
import {
  checkTree, inheritProperties, maxResolvedElements, spendBudget, svdTagNames,
  type BuildContext, type ElementBudget, type InheritedProperties,
} from './svdElements';
import type { SvdAddressBlock, SvdCpu, SvdDevice, SvdInterrupt, SvdPeripheral, SvdRegister, SvdWarning } from './svdModel';
import { buildItems } from './svdRegisterBuilder';
import { bitMask, cleanDescription, parseBoolean, parseNumber, parseProtection, type SvdWarningSink } from './svdValues';
import { XmlElement } from './xmlElement';
import { parseXml } from './xmlScanner';

/** Options of parseSvd. */
export interface SvdParseOptions {
  /** Warnings kept in full; the rest are counted in one last warning. Default 1000. */
  readonly maxWarnings?: number;
  /** Peripherals, clusters, registers and fields the device may expand to; the rest is left out with a warning. */
  readonly maxElements?: number;
}

/** Field lists are most of an SVD file; parsed when their register is built, then released. */
const deferredTags: ReadonlySet<string> = new Set(['fields']);

const supportedSchemas = /^1\.[0-3](\.\d+)?$/;

/**
 * Parses a CMSIS-SVD file (schema 1.0 to 1.3) and resolves it: derivedFrom (forward and chained),
 * dim arrays, registerPropertiesGroup inheritance and absolute addresses. Vendor mistakes become
 * `device.warnings`; only unusable input throws SvdFormatError (not XML, no <device>, a
 * derivedFrom cycle).
 */
export function parseSvd(text: string, options: SvdParseOptions = {}): SvdDevice {
  const root = parseXml(text, { knownNames: svdTagNames, deferredTags });
  if (root.name !== 'device') throw new SvdFormatError(`the root element is <${root.name}>, not <device>: not an SVD file`, '');
  const sink = new WarningList(options.maxWarnings ?? 1000);
  const deviceName = root.childText('name') ?? '';
  if (deviceName === '') sink.warn('', 'device has no name');
  checkTree(root, '', deviceName, sink);
  const schemaVersion = root.attrs?.schemaVersion ?? '';
  if (schemaVersion === '') sink.warn(deviceName, 'device has no schemaVersion; read as 1.3');
  else if (!supportedSchemas.test(schemaVersion)) {
    sink.warn(deviceName, `schemaVersion "${schemaVersion}" is not 1.0 to 1.3; read as 1.3`);
  }
  const widthText = root.childText('width');
  const width = (widthText === undefined ? undefined : parseNumber(widthText, deviceName, 'width', sink)) ?? 32;
  const unitText = root.childText('addressUnitBits');
  const addressUnitBits = (unitText === undefined ? undefined : parseNumber(unitText, deviceName, 'addressUnitBits', sink)) ?? 8;
  if (addressUnitBits !== 8) sink.warn(deviceName, `addressUnitBits ${addressUnitBits}: addresses are read as byte addresses`);
  const props = inheritProperties({ size: width, access: 'read-write' }, root, deviceName, sink);
  const container = root.child('peripherals');
  if (container === undefined) sink.warn(deviceName, 'device has no <peripherals>');
  const rawPeripherals = container?.children.filter((c) => c.name === 'peripheral').map((p) => joinRegisterBlocks(p, sink)) ?? [];
  const peripherals = buildPeripherals(rawPeripherals, props, sink, options.maxElements ?? maxResolvedElements);
  return {
    schemaVersion,
    name: deviceName,
    vendor: root.childText('vendor'),
    vendorID: root.childText('vendorID'),
    series: root.childText('series'),
    version: root.childText('version'),
    description: cleanDescription(root.childText('description')),
    cpu: parseCpu(root.child('cpu'), sink),
    addressUnitBits,
    width,
    defaults: {
      size: props.size,
      access: props.access,
      protection: props.protection,
      resetValue: (props.resetValue ?? 0n) & bitMask(props.size),
      resetMask: (props.resetMask ?? bitMask(props.size)) & bitMask(props.size),
    },
    peripherals,
    warnings: sink.finish(),
  };
}

function buildPeripherals(
  raw: readonly XmlElement[],
  props: InheritedProperties,
  sink: SvdWarningSink,
  maxElements: number,
): SvdPeripheral[] {
  const resolver = new DerivedResolver(raw, sink);
  const budget: ElementBudget = { limit: maxElements, remaining: maxElements };
  const builtFieldLists: BuildContext['builtFieldLists'] = new Map();
  const out: SvdPeripheral[] = [];
  const names = new Set<string>();
  for (const original of raw) {
    const element = resolver.peripheral(original);
    const name = nameOf(element);
    if (name === '') {
      sink.warn('', 'peripheral without a name; skipped');
      continue;
    }
    const baseText = element.childText('baseAddress');
    const baseAddress = baseText === undefined ? undefined : parseNumber(baseText, name, 'baseAddress', sink);
    if (baseAddress === undefined) {
      sink.warn(name, 'peripheral without a usable baseAddress; skipped');
      continue;
    }
    const own = inheritProperties(props, element, name, sink);
    for (const instance of expandDim(element, name, name, sink)) {
      if (!spendBudget({ budget, sink }, instance.name)) break;
      if (names.has(instance.name)) sink.warn(instance.name, 'duplicate peripheral name');
      names.add(instance.name);
      const peripheral = buildPeripheral(element, instance.name, baseAddress + instance.increment, own, raw, resolver, sink, {
        budget,
        builtFieldLists,
      });
      out.push({
        ...peripheral,
        description: fillIndex(peripheral.description, instance.index),
        derivedFrom: original.attrs?.derivedFrom,
        dimIndex: instance.index,
      });
    }
  }
  return out;
}

/**
 * SVD: registers. The schema allows one <registers> per peripheral, but some vendors write one
 * block per core unit (TI MSP432P4xx SystemControlSpace has seven); svdconv reads every block into
 * the peripheral's one register container, so the blocks are joined here in document order, before
 * derivedFrom sees them, with a warning.
 */
function joinRegisterBlocks(element: XmlElement, sink: SvdWarningSink): XmlElement {
  let blocks = 0;
  for (const c of element.children) if (c.name === 'registers') blocks++;
  if (blocks < 2) return element;
  sink.warn(nameOf(element), `${blocks} <registers> blocks in <peripheral>; merged in document order`);
  const out = new XmlElement(element.name, element.attrs);
  let joined: XmlElement | undefined;
  for (const c of element.children) {
    if (c.name !== 'registers') {
      out.append(c);
      continue;
    }
    if (joined === undefined) {
      joined = new XmlElement(c.name, c.attrs);
      out.append(joined);
    }
    for (const item of c.children) joined.append(item);
  }
  return out;
}

function buildPeripheral(
  element: XmlElement,
  name: string,
  baseAddress: number,
  props: InheritedProperties,
  allPeripherals: readonly XmlElement[],
  resolver: DerivedResolver,
  sink: SvdWarningSink,
  shared: Pick<BuildContext, 'budget' | 'builtFieldLists'>,
): SvdPeripheral {
  const registers: SvdRegister[] = [];
  const ctx: BuildContext = { ...shared, sink, resolver, peripheral: element, peripheralName: name, baseAddress, allPeripherals, registers };
  const container = element.child('registers');
  const scope = new DeriveScope(container?.children ?? [], name, undefined);
  const children = buildItems(container?.children ?? [], scope, props, 0, ctx);
  registers.sort((a, b) => a.address - b.address);
  const addressBlocks = parseAddressBlocks(element, name, baseAddress, sink);
  if (addressBlocks.length === 0 && registers.length > 0) addressBlocks.push(synthesizeBlock(name, baseAddress, registers, sink));
  return {
    name,
    path: name,
    description: cleanDescription(element.childText('description')),
    version: element.childText('version'),
    groupName: element.childText('groupName'),
    headerStructName: element.childText('headerStructName'),
    alternatePeripheral: element.childText('alternatePeripheral'),
    prependToName: element.childText('prependToName'),
    appendToName: element.childText('appendToName'),
    disableCondition: element.childText('disableCondition'),
    baseAddress,
    addressBlocks,
    interrupts: parseInterrupts(element, name, sink),
    children,
    registers,
  };
}

function parseAddressBlocks(element: XmlElement, path: string, baseAddress: number, sink: SvdWarningSink): SvdAddressBlock[] {
  const blocks: SvdAddressBlock[] = [];
  for (const c of element.children) {
    if (c.name !== 'addressBlock') continue;
    const offsetText = c.childText('offset');
    const sizeText = c.childText('size');
    const offset = offsetText === undefined ? undefined : parseNumber(offsetText, path, 'addressBlock offset', sink);
    const byteSize = sizeText === undefined ? undefined : parseNumber(sizeText, path, 'addressBlock size', sink);
    if (offset === undefined || byteSize === undefined || byteSize === 0) {
      sink.warn(path, 'addressBlock without a usable offset and size; ignored');
      continue;
    }
    const protectionText = c.childText('protection');
    blocks.push({
      offset,
      address: baseAddress + offset,
      byteSize,
      usage: c.childText('usage') ?? 'registers',
      protection: protectionText === undefined ? undefined : parseProtection(protectionText, path, sink),
      synthesized: false,
    });
  }
  return blocks;
}

/** A missing addressBlock is common (Cortex-Debug #273); derive one that covers the registers. */
function synthesizeBlock(path: string, baseAddress: number, registers: readonly SvdRegister[], sink: SvdWarningSink): SvdAddressBlock {
  let start = Infinity;
  let end = -Infinity;
  for (const r of registers) {
    start = Math.min(start, r.address);
    end = Math.max(end, r.address + Math.ceil(r.size / 8));
  }
  const offset = start - baseAddress;
  sink.warn(path, `no addressBlock; assumed offset 0x${offset.toString(16)} size 0x${(end - start).toString(16)} from the registers`);
  return { offset, address: start, byteSize: end - start, usage: 'registers', synthesized: true };
}

function parseInterrupts(element: XmlElement, path: string, sink: SvdWarningSink): SvdInterrupt[] {
  const interrupts: SvdInterrupt[] = [];
  for (const c of element.children) {
    if (c.name !== 'interrupt') continue;
    for (const { name, description, valueText } of interruptEntries(c, path, sink)) {
      const value = valueText === undefined ? undefined : parseNumber(valueText, path, `interrupt ${name} value`, sink);
      if (value === undefined) {
        sink.warn(path, `interrupt ${name} without a value; ignored`);
        continue;
      }
      interrupts.push({ name, description: cleanDescription(description), value });
    }
  }
  return interrupts;
}

/**
 * The name/description/value triples of one <interrupt>. Some vendors list several interrupts
 * in one element (CMSDK_CM3.svd: UART0_RX and UART0_TX); when the names and values pair up,
 * each becomes an interrupt, with a warning.
 */
function interruptEntries(
  element: XmlElement,
  path: string,
  sink: SvdWarningSink,
): { name: string; description?: string; valueText?: string }[] {
  const texts = (tag: string): string[] => element.children.filter((c) => c.name === tag).map((c) => c.text.trim());
  const names = texts('name');
  const values = texts('value');
  const descriptions = texts('description');
  if (names.length > 1 && names.length === values.length) {
    sink.warn(path, `one <interrupt> holds ${names.length} interrupts (${names.join(', ')}); read as ${names.length}`);
    return names.map((name, i) => ({ name, description: descriptions.length === names.length ? descriptions[i] : undefined, valueText: values[i] }));
  }
  if (names.length > 1 || values.length > 1) sink.warn(path, `<interrupt> ${names[0] ?? ''} has repeated elements; the first ones are used`);
  return [{ name: names[0] ?? '', description: descriptions[0], valueText: values[0] }];
}

function parseCpu(element: XmlElement | undefined, sink: SvdWarningSink): SvdCpu | undefined {
  if (element === undefined) return undefined;
  const flag = (tag: string): boolean | undefined => {
    const text = element.childText(tag);
    return text === undefined ? undefined : parseBoolean(text, 'cpu', tag, sink);
  };
  const count = (tag: string): number | undefined => {
    const text = element.childText(tag);
    return text === undefined ? undefined : parseNumber(text, 'cpu', tag, sink);
  };
  const endianText = element.childText('endian') ?? 'little';
  const endian = ['little', 'big', 'selectable', 'other'].includes(endianText) ? (endianText as SvdCpu['endian']) : 'little';
  if (endian !== endianText) sink.warn('cpu', `endian "${endianText}" is unknown; read as little`);
  return {
    name: element.childText('name'),
    revision: element.childText('revision'),
    endian,
    mpuPresent: flag('mpuPresent'),
    fpuPresent: flag('fpuPresent'),
    fpuDP: flag('fpuDP'),
    dspPresent: flag('dspPresent'),
    icachePresent: flag('icachePresent'),
    dcachePresent: flag('dcachePresent'),
    itcmPresent: flag('itcmPresent'),
    dtcmPresent: flag('dtcmPresent'),
    vtorPresent: flag('vtorPresent'),
    nvicPrioBits: count('nvicPrioBits'),
    vendorSystickConfig: flag('vendorSystickConfig'),
    deviceNumInterrupts: count('deviceNumInterrupts'),
    sauNumRegions: count('sauNumRegions'),
  };
}

/** Collects warnings up to a limit, then counts the rest (a broken file must not flood memory). */
class WarningList implements SvdWarningSink {
  private readonly list: SvdWarning[] = [];
  private dropped = 0;

  constructor(private readonly max: number) {}

  warn(path: string, message: string): void {
    if (this.list.length < this.max) this.list.push({ path, message });
    else this.dropped++;
  }

  finish(): SvdWarning[] {
    if (this.dropped > 0) this.list.push({ path: '', message: `${this.dropped} more warnings not shown` });
    return this.list;
  }
}
