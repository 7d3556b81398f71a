// Applies SVD derivedFrom at the element-tree level: finds the base by name (sibling scopes,
// enclosing scopes, or a dotted path from the device), resolves chains, forward references and
// cycles, and merges base and derived elements. Builds no model objects.

import { SvdFormatError } from '../common';
import type { SvdWarningSink } from './svdValues';
import { XmlElement } from './xmlElement';

/**
 * Tags a derived element never takes from its base: its identity and array shape, and its
 * interrupts, which belong to one instance (STM32H743x's TIM4, derived from TIM2 without an
 * interrupt of its own, would otherwise claim TIM2's IRQ 28).
 */
const notInherited: ReadonlySet<string> = new Set(['name', 'dim', 'dimIncrement', 'dimIndex', 'dimName', 'dimArrayIndex', 'interrupt']);
/** Repeated tags that a derived element replaces as a group when it has any of its own. */
const namedItems: ReadonlySet<string> = new Set(['register', 'cluster', 'field']);
/** Containers whose named items are merged one by one (derived items override same-named ones). */
const containers: ReadonlySet<string> = new Set(['registers', 'fields']);

/** The element's `name` child, or '' when it has none. */
export function nameOf(element: XmlElement): string {
  return element.childText('name') ?? '';
}

/**
 * Merges a derived element with its (already resolved) base. SVD 1.3 "derivedFrom": the element
 * inherits everything from the base, and elements it specifies itself override. Registers and
 * fields are overridden by name; addressBlocks and enumeratedValues as a group; interrupts are
 * not inherited.
 */
export function mergeDerived(base: XmlElement, derived: XmlElement): XmlElement {
  const out = new XmlElement(derived.name, withoutDerivedFrom(derived.attrs));
  const own = new Set<string>();
  for (const c of derived.children) own.add(c.name);
  for (const c of base.children) {
    if (!notInherited.has(c.name) && !namedItems.has(c.name) && !own.has(c.name)) out.append(c);
  }
  for (const c of derived.children) {
    if (namedItems.has(c.name)) continue;
    const baseContainer = containers.has(c.name) ? base.child(c.name) : undefined;
    out.append(baseContainer === undefined ? c : mergeItems(baseContainer, c));
  }
  const items = mergeNamedItems(base.children, derived.children);
  for (const item of items) out.append(item);
  return out;
}

function mergeItems(base: XmlElement, derived: XmlElement): XmlElement {
  const out = new XmlElement(derived.name, derived.attrs);
  for (const c of base.children) if (!namedItems.has(c.name)) out.append(c);
  for (const c of mergeNamedItems(base.children, derived.children)) out.append(c);
  return out;
}

function mergeNamedItems(base: readonly XmlElement[], derived: readonly XmlElement[]): XmlElement[] {
  const overrides = new Map<string, XmlElement>();
  for (const c of derived) if (namedItems.has(c.name)) overrides.set(nameOf(c), c);
  const out: XmlElement[] = [];
  for (const c of base) {
    if (!namedItems.has(c.name)) continue;
    const name = nameOf(c);
    const override = overrides.get(name);
    out.push(override ?? c);
    overrides.delete(name);
  }
  for (const c of derived) if (namedItems.has(c.name) && overrides.get(nameOf(c)) === c) out.push(c);
  return out;
}

function withoutDerivedFrom(attrs: Readonly<Record<string, string>> | undefined): Record<string, string> | undefined {
  if (attrs === undefined || !('derivedFrom' in attrs)) return attrs;
  const rest: Record<string, string> = { ...attrs };
  delete rest.derivedFrom;
  return Object.keys(rest).length > 0 ? rest : undefined;
}

/** The named items (registers, clusters or fields) directly inside an element. */
function itemsOf(element: XmlElement): readonly XmlElement[] {
  if (element.name === 'peripheral') return element.child('registers')?.children ?? [];
  if (element.name === 'register') return element.child('fields')?.children ?? [];
  return element.children;
}

/** A set of sibling items, for name lookup; `parent` is the enclosing scope. */
export class DeriveScope {
  private byName: Map<string, XmlElement> | undefined;

  constructor(
    readonly items: readonly XmlElement[],
    readonly path: string,
    readonly parent: DeriveScope | undefined,
  ) {}

  find(name: string): XmlElement | undefined {
    if (this.byName === undefined) {
      this.byName = new Map();
      for (const item of this.items) {
        const itemName = nameOf(item);
        if (!this.byName.has(itemName)) this.byName.set(itemName, item);
      }
    }
    return this.byName.get(name);
  }
}

/**
 * Resolves derivedFrom for peripherals, clusters, registers and fields. Results are memoised per
 * element, so a base shared by many derived elements is merged once, and a chain is followed to
 * its end. A cycle is a SvdFormatError naming the element; a missing base is a warning.
 */
export class DerivedResolver {
  private readonly resolved = new Map<XmlElement, XmlElement>();
  private readonly resolving = new Set<XmlElement>();
  private readonly peripheralScope: DeriveScope;

  constructor(
    peripherals: readonly XmlElement[],
    private readonly sink: SvdWarningSink,
  ) {
    this.peripheralScope = new DeriveScope(peripherals, '', undefined);
  }

  /** A peripheral with its derivedFrom chain applied. */
  peripheral(element: XmlElement): XmlElement {
    return this.resolve(element, this.peripheralScope, nameOf(element));
  }

  /** A register, cluster or field with its derivedFrom chain applied; `scope` holds its siblings. */
  item(element: XmlElement, scope: DeriveScope, peripheral: XmlElement): XmlElement {
    const path = scope.path === '' ? nameOf(element) : `${scope.path}/${nameOf(element)}`;
    return this.resolve(element, scope, path, peripheral);
  }

  /** Finds a named element by a dotted path (`PERIPH.CLUSTER.REG.FIELD`) from the device. */
  byDottedPath(dotted: string, current?: XmlElement): XmlElement | undefined {
    const parts = dotted.split('.');
    const first = this.peripheralScope.find(parts[0]);
    let element = first === undefined ? current : this.peripheral(first);
    for (const part of first === undefined ? parts : parts.slice(1)) {
      if (element === undefined) return undefined;
      element = new DeriveScope(itemsOf(element), '', undefined).find(part);
    }
    return element;
  }

  private resolve(element: XmlElement, scope: DeriveScope, path: string, peripheral?: XmlElement): XmlElement {
    const from = element.attrs?.derivedFrom;
    if (from === undefined) return element;
    const done = this.resolved.get(element);
    if (done !== undefined) return done;
    if (this.resolving.has(element)) throw new SvdFormatError(`derivedFrom cycle through "${from}"`, path);
    this.resolving.add(element);
    try {
      const found = this.lookup(from.trim(), scope, peripheral);
      let result: XmlElement;
      if (found?.element === element) throw new SvdFormatError(`derivedFrom names the ${element.name} itself`, path);
      if (found === undefined) {
        this.sink.warn(path, `derivedFrom "${from}" names no ${element.name} that can be found; used as written`);
        result = mergeDerived(new XmlElement(element.name, undefined), element);
      } else {
        const base = this.resolve(found.element, found.scope, found.path, peripheral);
        if (base.name !== element.name) this.sink.warn(path, `derivedFrom "${from}" is a ${base.name}, not a ${element.name}`);
        result = mergeDerived(base, element);
      }
      this.resolved.set(element, result);
      return result;
    } finally {
      this.resolving.delete(element);
    }
  }

  private lookup(
    name: string,
    scope: DeriveScope,
    peripheral: XmlElement | undefined,
  ): { element: XmlElement; scope: DeriveScope; path: string } | undefined {
    if (!name.includes('.')) {
      for (let s: DeriveScope | undefined = scope; s !== undefined; s = s.parent) {
        const element = s.find(name);
        if (element !== undefined) return { element, scope: s, path: s.path === '' ? name : `${s.path}/${name}` };
      }
      return undefined;
    }
    const parts = name.split('.');
    const containerPath = parts.slice(0, -1).join('.');
    const container = this.byDottedPath(containerPath, peripheral);
    if (container === undefined) return undefined;
    const containerScope = new DeriveScope(itemsOf(container), parts.slice(0, -1).join('/'), undefined);
    const element = containerScope.find(parts[parts.length - 1]);
    return element === undefined ? undefined : { element, scope: containerScope, path: parts.join('/') };
  }
}
