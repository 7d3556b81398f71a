// The Live Watch view (Run and Debug side bar): the list's expressions and the children of the
// rows the user expanded, read with one `openocd.liveRead` per refresh: periodically while the
// target runs (openocd-debug.liveWatch.refreshHz), once per stop while halted. No Tcl.
import * as vscode from 'vscode';
import { CUSTOM_REQUESTS, type LiveReadArguments, type LiveReadResponseBody, type LiveValueInfo } from '../../adapter/api';
import type { OpenocdSessions } from '../debugSessions/openocdSessions';
import type { LiveWatchList } from './liveWatchList';
import { RefreshLoop } from './refreshLoop';

export const LIVE_WATCH_VIEW_ID = 'openocd-debug.liveWatch';

/** A row: one of the list's expressions (`index` is its position), or a child of an expanded row. */
export interface LiveWatchNode {
  /** The expression that reads it: the list's text, or a child's evaluateName. */
  readonly key: string;
  /** Unique in the tree (parent path + key), so VS Code keeps a row's expansion across refreshes. */
  readonly id: string;
  readonly index?: number;
  readonly row: LiveValueInfo | undefined;
}

export class LiveWatchView implements vscode.TreeDataProvider<LiveWatchNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<LiveWatchNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly loop: RefreshLoop;
  private readonly expanded = new Set<string>();
  private readonly subscription: vscode.Disposable;
  private last: LiveReadResponseBody | undefined;
  /** Why the last read failed (the view's message). */
  failure: string | undefined;

  constructor(
    private readonly list: LiveWatchList,
    private readonly sessions: OpenocdSessions,
    periodMs: () => number,
  ) {
    this.loop = new RefreshLoop(() => this.read(), periodMs);
    this.subscription = sessions.onDidChange(({ change }) => {
      if (change === 'ready' || change === 'continued') this.loop.start();
      else if (change === 'memory') void this.loop.now();
      else if (change === 'stopped' || (change === 'ended' && this.sessions.sessions.length === 0)) {
        // Halted: the values of the stop, read once (from the stop's cache).
        this.loop.stop();
        void this.loop.now();
      }
    });
  }

  /** Reads again now (after the read in flight): the list changed. */
  refresh(): Promise<void> {
    return this.loop.now();
  }

  /** A row was collapsed: its children are no longer read (getChildren starts reading them when it opens). */
  collapse(node: LiveWatchNode): void {
    this.expanded.delete(node.key);
  }

  async getChildren(node?: LiveWatchNode): Promise<LiveWatchNode[]> {
    if (node === undefined) {
      return this.list.expressions.map((key, index) => ({ key, id: `${index}:${key}`, index, row: this.last?.values[index]?.name === key ? this.last.values[index] : undefined }));
    }
    if (!this.expanded.has(node.key) && this.session()) {
      // First opened: read its children now rather than at the next period.
      this.expanded.add(node.key);
      await this.loop.now();
    }
    return (this.last?.children[node.key] ?? []).map((row) => ({ key: row.evaluateName ?? row.name, id: `${node.id}/${row.name}`, row }));
  }

  getTreeItem(node: LiveWatchNode): vscode.TreeItem {
    const row = node.row;
    const state = !row?.expandable ? vscode.TreeItemCollapsibleState.None : this.expanded.has(node.key) ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.Collapsed;
    const item = new vscode.TreeItem(row?.name ?? node.key, state);
    item.id = node.id;
    item.description = row === undefined ? (this.session() ? '' : 'no OpenOCD session') : row.value;
    item.tooltip = row?.error ?? (row ? `${row.type}: ${row.value}` : undefined);
    item.contextValue = node.index === undefined ? 'liveWatchChild' : 'liveWatchExpression';
    if (row?.error) item.iconPath = new vscode.ThemeIcon('warning');
    return item;
  }

  dispose(): void {
    this.loop.stop();
    this.subscription.dispose();
    this.changed.dispose();
  }

  /** The session to read: the active one when it is an OpenOCD session, else the first. */
  private session(): vscode.DebugSession | undefined {
    const active = vscode.debug.activeDebugSession;
    return active && this.sessions.sessions.includes(active) ? active : this.sessions.sessions[0];
  }

  private async read(): Promise<void> {
    const session = this.session();
    const expressions = [...this.list.expressions];
    try {
      if (!session || expressions.length === 0) {
        this.last = undefined;
      } else {
        const args: LiveReadArguments = { expressions, expand: [...this.expanded] };
        this.last = (await session.customRequest(CUSTOM_REQUESTS.liveRead, args)) as LiveReadResponseBody;
      }
      this.failure = undefined;
    } catch (error) {
      this.failure = (error as Error).message;
    }
    this.changed.fire(undefined);
  }
}
