// Builds the DOM of one Peripherals tree row: twisty, name, address or bit range, access, value
// and the row's actions (pin, edit, read). DOM only; what to show comes from visibleRows and main.
import type { NumberFormat, ViewChoices, ViewNode } from '../../extension/peripherals/peripheralMessages';
import { formatAddress, formatBits } from './valueFormat';
import type { Row } from './visibleRows';

/** SVD: access, as the column shows it. */
const ACCESS_LABELS: Readonly<Record<string, string>> = {
  'read-only': 'RO',
  'write-only': 'WO',
  'read-write': 'RW',
  writeOnce: 'W1',
  'read-writeOnce': 'RW1',
};

/** What a row's controls do; main.ts posts the matching messages. */
export interface RowActions {
  readonly toggle: (node: ViewNode, expanded: boolean) => void;
  readonly pin: (node: ViewNode, pinned: boolean) => void;
  readonly cycleFormat: (node: ViewNode) => void;
  readonly edit: (node: ViewNode, cell: HTMLElement) => void;
  readonly read: (node: ViewNode) => void;
}

/** The elements main.ts updates when values arrive. */
export interface RowElements {
  readonly row: HTMLElement;
  readonly value?: HTMLElement;
}

function span(className: string, text = ''): HTMLSpanElement {
  const element = document.createElement('span');
  element.className = className;
  element.textContent = text;
  return element;
}

/**
 * A row action. Register and field rows use a plain codicon span: a vscode-icon per row (each a
 * shadow root with its own codicon stylesheet link) made expanding 50 registers cost ~4x more.
 */
function actionIcon(name: string, label: string, onClick: () => void, element: 'vscode-icon' | 'span' = 'span'): HTMLElement {
  const icon = document.createElement(element);
  if (element === 'vscode-icon') {
    icon.setAttribute('name', name);
    icon.setAttribute('action-icon', '');
  } else {
    icon.className = `action codicon codicon-${name}`;
    icon.setAttribute('role', 'button');
    icon.tabIndex = 0;
  }
  icon.setAttribute('aria-label', label);
  icon.title = label;
  icon.dataset.action = name;
  icon.addEventListener('click', (event) => {
    event.stopPropagation();
    onClick();
  });
  return icon;
}

/** True when the SVD lets the user write the row (a field of a read-only register is refused too). */
export function isWritable(node: ViewNode): boolean {
  return (node.kind === 'register' || node.kind === 'field') && node.access !== 'read-only';
}

export function formatOf(node: ViewNode, choices: ViewChoices): NumberFormat {
  return choices.formats[node.path] ?? choices.defaultFormat;
}

export function groupElement(label: string): HTMLElement {
  const element = document.createElement('div');
  element.className = 'group';
  element.textContent = label;
  return element;
}

export function rowElement(row: Extract<Row, { kind: 'node' }>, actions: RowActions): RowElements {
  const { node } = row;
  const element = document.createElement('div');
  element.className = `row ${node.kind}`;
  element.setAttribute('role', 'treeitem');
  element.setAttribute('aria-level', String(row.depth + 1));
  element.dataset.path = node.path;
  element.title = node.tooltip;
  element.style.setProperty('--depth', String(row.depth));
  const expandable = node.kind !== 'field' && (node.kind === 'register' ? node.fields.length > 0 : node.children.length > 0);
  const twisty = span(`twisty codicon ${expandable ? (row.expanded ? 'codicon-chevron-down' : 'codicon-chevron-right') : ''}`);
  if (expandable) {
    element.setAttribute('aria-expanded', String(row.expanded));
    element.addEventListener('click', () => actions.toggle(node, !row.expanded));
  }
  element.append(twisty, span('name', node.name));
  element.append(span('where', node.kind === 'field' ? formatBits(node.bitOffset, node.bitWidth) : formatAddress(node.address)));
  element.append(span('access', node.kind === 'register' || node.kind === 'field' ? ACCESS_LABELS[node.access] ?? node.access : ''));
  const actionsCell = span('actions');
  let value: HTMLElement | undefined;
  if (node.kind === 'register' || node.kind === 'field') {
    value = span('value');
    value.dataset.path = node.path;
    value.addEventListener('click', (event) => event.stopPropagation());
    actionsCell.append(actionIcon('symbol-numeric', `Number format of ${node.name} (hex, decimal, binary)`, () => actions.cycleFormat(node)));
    if (isWritable(node)) {
      value.addEventListener('dblclick', (event) => {
        event.stopPropagation();
        actions.edit(node, value as HTMLElement);
      });
      actionsCell.append(actionIcon('edit', `Edit ${node.name}`, () => actions.edit(node, value as HTMLElement)));
    }
    if (node.kind === 'register' && node.readHazard !== undefined) {
      const button = document.createElement('vscode-button');
      button.className = 'read';
      button.setAttribute('secondary', '');
      button.textContent = 'Read';
      button.title = `Read ${node.name} now (${node.readHazard}): stops never read it`;
      button.addEventListener('click', (event) => {
        event.stopPropagation();
        actions.read(node);
      });
      actionsCell.append(button);
    }
  } else if (node.kind === 'peripheral') {
    actionsCell.append(actionIcon(row.pinned ? 'pinned' : 'pin', row.pinned ? `Unpin ${node.name}` : `Pin ${node.name} on top`, () => actions.pin(node, !row.pinned), 'vscode-icon'));
  }
  element.append(value ?? span('value'), actionsCell);
  return { row: element, value };
}
