// Registers the Live Watch view and its commands: add, edit, remove, remove all, move up and down.
// Wiring and input boxes only; the list is liveWatchList.ts, the reads liveWatchView.ts.
import * as vscode from 'vscode';
import type { OpenocdSessions } from '../debugSessions/openocdSessions';
import { LiveWatchList } from './liveWatchList';
import { LIVE_WATCH_VIEW_ID, LiveWatchView, type LiveWatchNode } from './liveWatchView';

/** Refreshes per second while the target runs (package.json `openocd-debug.liveWatch.refreshHz`). */
const REFRESH_SETTING = 'liveWatch.refreshHz';
const DEFAULT_REFRESH_HZ = 4;

export function registerLiveWatch(context: vscode.ExtensionContext, sessions: OpenocdSessions): LiveWatchView {
  const list = new LiveWatchList(context.workspaceState);
  const periodMs = (): number => {
    const hz = vscode.workspace.getConfiguration('openocd-debug').get<number>(REFRESH_SETTING, DEFAULT_REFRESH_HZ);
    return 1000 / (hz > 0 ? hz : DEFAULT_REFRESH_HZ);
  };
  const view = new LiveWatchView(list, sessions, periodMs);
  const tree = vscode.window.createTreeView(LIVE_WATCH_VIEW_ID, { treeDataProvider: view, showCollapseAll: true });
  /** Runs a list change, then reads again; a refused input is shown as an error. */
  const change = async (edit: () => Promise<void>): Promise<void> => {
    try {
      await edit();
      await view.refresh();
    } catch (error) {
      void vscode.window.showErrorMessage((error as Error).message);
    }
  };
  const ask = (title: string, value?: string): Thenable<string | undefined> =>
    vscode.window.showInputBox({ title, value, prompt: 'A C expression: a global or static, g.a[2], *p, p->x, (int)x', placeHolder: 'loop_count' });
  const position = (node: LiveWatchNode | undefined): number | undefined => node?.index;
  context.subscriptions.push(
    view,
    tree,
    tree.onDidCollapseElement(({ element }) => view.collapse(element)),
    view.onDidChangeTreeData(() => (tree.message = view.failure)),
    vscode.commands.registerCommand('openocd-debug.liveWatch.add', async (expression?: unknown) => {
      const text = typeof expression === 'string' ? expression : await ask('Add to Live Watch');
      if (text !== undefined) await change(() => list.add(text));
    }),
    vscode.commands.registerCommand('openocd-debug.liveWatch.edit', async (node?: LiveWatchNode) => {
      const index = position(node);
      if (index === undefined) return;
      const text = await ask('Edit Live Watch expression', list.expressions[index]);
      if (text !== undefined) await change(() => list.edit(index, text));
    }),
    vscode.commands.registerCommand('openocd-debug.liveWatch.remove', (node?: LiveWatchNode) => {
      const index = position(node);
      return index === undefined ? undefined : change(() => list.remove(index));
    }),
    vscode.commands.registerCommand('openocd-debug.liveWatch.removeAll', () => change(() => list.removeAll())),
    vscode.commands.registerCommand('openocd-debug.liveWatch.moveUp', (node?: LiveWatchNode) => {
      const index = position(node);
      return index === undefined ? undefined : change(() => list.move(index, -1));
    }),
    vscode.commands.registerCommand('openocd-debug.liveWatch.moveDown', (node?: LiveWatchNode) => {
      const index = position(node);
      return index === undefined ? undefined : change(() => list.move(index, 1));
    }),
  );
  return view;
}
