// Entry of the Peripherals webview (bundled to dist/peripheralsView.js): keeps what the host sent
// (model, choices, values), draws the tree, and posts the user's actions back. The only DOM code
// of the view; it trusts nothing it did not get from the host and computes no SVD semantics.
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-icon/index.js';
import '@vscode-elements/elements/dist/vscode-textfield/index.js';
import type { HostMessage, PeripheralNode, ShownValue, ViewChoices, ViewNode, WebviewMessage } from '../../extension/peripherals/peripheralMessages';
import { formatOf, groupElement, isWritable, rowElement, type RowActions, type RowElements } from './rowElements';
import { formatValue, nextFormat } from './valueFormat';
import { visibleRows } from './visibleRows';

declare function acquireVsCodeApi(): { postMessage(message: WebviewMessage): void; getState(): unknown; setState(state: unknown): void };

const vscode = acquireVsCodeApi();
const tree = document.getElementById('tree') as HTMLElement;
const status = document.getElementById('status') as HTMLElement;
const toolbar = document.getElementById('toolbar') as HTMLElement;

let peripherals: readonly PeripheralNode[] = [];
let choices: ViewChoices = { expanded: [], pinned: [], formats: {}, defaultFormat: 'hex' };
let search = typeof vscode.getState() === 'string' ? (vscode.getState() as string) : '';
const values = new Map<string, ShownValue>();
const errors = new Map<string, string>();
/** Paths whose value differs from the one shown at the previous stop. */
let changed = new Set<string>();
let shown = new Map<string, { readonly node: ViewNode; readonly elements: RowElements }>();

const searchField = document.createElement('vscode-textfield') as HTMLElement & { value: string };
searchField.setAttribute('placeholder', 'Search name or address');
searchField.setAttribute('aria-label', 'Search peripherals, registers and fields by name or address');
searchField.className = 'search';
searchField.value = search;
searchField.addEventListener('input', () => {
  search = searchField.value;
  vscode.setState(search);
  render();
});
const title = document.createElement('div');
title.className = 'title';
toolbar.append(title, searchField);

function setChoices(next: ViewChoices): void {
  choices = next;
  render();
}

const actions: RowActions = {
  toggle: (node, expanded) => {
    vscode.postMessage({ type: 'expand', path: node.path, expanded });
    setChoices({ ...choices, expanded: expanded ? [...choices.expanded, node.path] : choices.expanded.filter((path) => path !== node.path) });
  },
  pin: (node, pinned) => {
    vscode.postMessage({ type: 'pin', path: node.path, pinned });
    setChoices({ ...choices, pinned: pinned ? [...choices.pinned, node.path] : choices.pinned.filter((path) => path !== node.path) });
  },
  cycleFormat: (node) => {
    const format = nextFormat(formatOf(node, choices));
    vscode.postMessage({ type: 'format', path: node.path, format });
    setChoices({ ...choices, formats: { ...choices.formats, [node.path]: format } });
  },
  read: (node) => vscode.postMessage({ type: 'read', path: node.path }),
  edit: (node, cell) => {
    const field = document.createElement('vscode-textfield') as HTMLElement & { value: string };
    field.className = 'edit';
    field.setAttribute('aria-label', `New value of ${node.name}`);
    const current = values.get(node.path);
    field.value = current === undefined ? '' : formatValue(current.value, formatOf(node, choices), bitWidth(node));
    let done = false;
    const finish = (text?: string): void => {
      if (done) return;
      done = true;
      if (text !== undefined && text.trim() !== '') vscode.postMessage({ type: 'write', path: node.path, text: text.trim() });
      showValue(node, cell);
    };
    field.addEventListener('keydown', (event) => {
      if (event.key === 'Enter') finish(field.value);
      if (event.key === 'Escape') finish();
    });
    field.addEventListener('blur', () => finish());
    field.addEventListener('click', (event) => event.stopPropagation());
    cell.replaceChildren(field);
    requestAnimationFrame(() => field.focus());
  },
};

function bitWidth(node: ViewNode): number {
  return node.kind === 'field' ? node.bitWidth : node.kind === 'register' ? node.size : 32;
}

function showValue(node: ViewNode, cell: HTMLElement): void {
  const shownValue = values.get(node.path);
  const error = errors.get(node.path);
  const format = formatOf(node, choices);
  const text = shownValue === undefined ? '' : formatValue(shownValue.value, format, bitWidth(node));
  cell.textContent = shownValue?.enumName === undefined ? text : `${shownValue.enumName} (${text})`;
  if (shownValue === undefined && error !== undefined) cell.textContent = node.kind === 'register' && node.readHazard ? 'not read' : 'error';
  cell.title = error ?? (isWritable(node) ? 'Double-click to edit' : 'Read-only');
  cell.closest('.row')?.classList.toggle('changed', changed.has(node.path));
}

function render(): void {
  const rows = visibleRows(peripherals, choices, search);
  const fragment = document.createDocumentFragment();
  shown = new Map();
  for (const row of rows) {
    if (row.kind === 'group') {
      fragment.append(groupElement(row.label));
      continue;
    }
    const elements = rowElement(row, actions);
    if (elements.value) showValue(row.node, elements.value);
    shown.set(row.node.path, { node: row.node, elements });
    fragment.append(elements.row);
  }
  tree.replaceChildren(fragment);
}

/** Updates the value cells of the rows on screen; the tree itself is not rebuilt. */
function updateValues(message: Extract<HostMessage, { type: 'values' }>): void {
  if (message.stop) {
    changed = new Set(Object.keys(message.values).filter((path) => values.has(path) && values.get(path)?.value !== message.values[path].value));
  }
  for (const [path, value] of Object.entries(message.values)) {
    values.set(path, value);
    errors.delete(path);
  }
  for (const [path, error] of Object.entries(message.errors)) errors.set(path, error);
  for (const { node, elements } of shown.values()) if (elements.value) showValue(node, elements.value);
}

window.addEventListener('message', (event: MessageEvent<HostMessage>) => {
  const message = event.data;
  switch (message.type) {
    case 'model':
      peripherals = message.peripherals;
      title.textContent = message.title;
      values.clear();
      errors.clear();
      changed = new Set();
      status.textContent = '';
      return setChoices(message.choices);
    case 'empty':
      peripherals = [];
      title.textContent = '';
      status.textContent = message.message;
      return render();
    case 'choices':
      return setChoices(message.choices);
    case 'values':
      return updateValues(message);
    case 'running':
      document.body.classList.toggle('running', message.running);
      status.textContent = message.running ? 'Target running: values are from the last stop' : '';
      return;
    case 'error':
      status.textContent = message.message;
  }
});

vscode.postMessage({ type: 'ready' });
