// Which rows the Peripherals tree shows, in order: pinned peripherals first, then the rest under
// their group (SVD: groupName), children of expanded rows, and the search filter (name or address).
// Pure; no DOM, so the bench and the unit tests run it in Node.
import type { ClusterNode, PeripheralNode, RegisterNode, ViewChoices, ViewNode } from '../../extension/peripherals/peripheralMessages';

export type Row =
  | { readonly kind: 'group'; readonly label: string }
  | { readonly kind: 'node'; readonly node: ViewNode; readonly depth: number; readonly expanded: boolean; readonly pinned: boolean };

type Parent = PeripheralNode | ClusterNode | RegisterNode;

function childrenOf(node: ViewNode): readonly ViewNode[] {
  if (node.kind === 'register') return node.fields;
  return node.kind === 'field' ? [] : node.children;
}

/**
 * A search matches a name (any case) or an address prefix: `0x4800`, or hex digits with at least
 * one decimal digit (`48000014`), so that a name like `dac` is not read as an address.
 */
function matcher(search: string): ((node: ViewNode) => boolean) | undefined {
  const query = search.trim().toLowerCase();
  if (query === '') return undefined;
  const address = /^0x[0-9a-f]+$/.test(query) || (/^[0-9a-f]+$/.test(query) && /\d/.test(query)) ? query.replace(/^0x/, '') : undefined;
  return (node) => {
    if (node.name.toLowerCase().includes(query)) return true;
    if (address === undefined || node.kind === 'field') return false;
    return node.address.toString(16).padStart(8, '0').startsWith(address);
  };
}

/** Rows under `node` when a search is on: matching descendants and the parents leading to them. */
function searched(node: Parent, depth: number, matches: (node: ViewNode) => boolean, choices: ReadonlySet<string>, out: Row[]): boolean {
  let found = false;
  for (const child of childrenOf(node)) {
    const rows: Row[] = [];
    const self = matches(child);
    const below = child.kind !== 'field' && searched(child, depth + 1, matches, choices, rows);
    if (!self && !below) continue;
    found = true;
    const expanded = below || (self && choices.has(child.path));
    out.push({ kind: 'node', node: child, depth, expanded, pinned: false });
    if (below) out.push(...rows);
    else if (expanded) expandedRows(child, depth + 1, choices, out);
  }
  return found;
}

function expandedRows(node: ViewNode, depth: number, expanded: ReadonlySet<string>, out: Row[]): void {
  for (const child of childrenOf(node)) {
    const open = expanded.has(child.path) && child.kind !== 'field';
    out.push({ kind: 'node', node: child, depth, expanded: open, pinned: false });
    if (open) expandedRows(child, depth + 1, expanded, out);
  }
}

export function visibleRows(peripherals: readonly PeripheralNode[], choices: ViewChoices, search: string): Row[] {
  const expanded = new Set(choices.expanded);
  const pinned = new Set(choices.pinned);
  const matches = matcher(search);
  const ordered = [...peripherals.filter((p) => pinned.has(p.path)), ...peripherals.filter((p) => !pinned.has(p.path))];
  const rows: Row[] = [];
  let group: string | undefined;
  for (const peripheral of ordered) {
    const isPinned = pinned.has(peripheral.path);
    const label = isPinned ? 'Pinned' : peripheral.group;
    const below: Row[] = [];
    const self = matches?.(peripheral) ?? true;
    const found = matches !== undefined && searched(peripheral, 1, matches, expanded, below);
    if (!self && !found) continue;
    if (label !== group && label !== '') rows.push({ kind: 'group', label });
    group = label;
    const open = found || expanded.has(peripheral.path);
    rows.push({ kind: 'node', node: peripheral, depth: 0, expanded: open, pinned: isPinned });
    if (found) rows.push(...below);
    else if (open) expandedRows(peripheral, 1, expanded, rows);
  }
  return rows;
}
