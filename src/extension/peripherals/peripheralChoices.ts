// What the user chose in the Peripherals view (expanded rows, pinned peripherals, per-row number
// formats), kept per workspace in workspaceState; the default format is a setting.
import * as vscode from 'vscode';
import type { NumberFormat, ViewChoices, WebviewMessage } from './peripheralMessages';
import { NUMBER_FORMATS } from './peripheralMessageSchema';

const STATE_KEY = 'openocd-debug.peripherals.choices';
export const DEFAULT_FORMAT_SETTING = 'peripherals.defaultFormat';

type Stored = Omit<ViewChoices, 'defaultFormat'>;

export class PeripheralChoices {
  private stored: Stored;

  constructor(private readonly memento: vscode.Memento) {
    const saved = memento.get<Partial<Stored>>(STATE_KEY, {});
    this.stored = { expanded: saved.expanded ?? [], pinned: saved.pinned ?? [], formats: saved.formats ?? {} };
  }

  get choices(): ViewChoices {
    const setting = vscode.workspace.getConfiguration('openocd-debug').get<string>(DEFAULT_FORMAT_SETTING, 'hex');
    const defaultFormat = (NUMBER_FORMATS as readonly string[]).includes(setting) ? (setting as NumberFormat) : 'hex';
    return { ...this.stored, defaultFormat };
  }

  get expanded(): ReadonlySet<string> {
    return new Set(this.stored.expanded);
  }

  /** Applies an expand, pin or format message and saves. */
  apply(message: Extract<WebviewMessage, { type: 'expand' | 'pin' | 'format' }>): void {
    const toggle = (list: readonly string[], on: boolean): string[] => [...list.filter((path) => path !== message.path), ...(on ? [message.path] : [])];
    if (message.type === 'expand') this.stored = { ...this.stored, expanded: toggle(this.stored.expanded, message.expanded) };
    else if (message.type === 'pin') this.stored = { ...this.stored, pinned: toggle(this.stored.pinned, message.pinned) };
    else this.stored = { ...this.stored, formats: { ...this.stored.formats, [message.path]: message.format } };
    void this.memento.update(STATE_KEY, this.stored);
  }
}
