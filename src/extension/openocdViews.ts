// Wires the OpenOCD side bar: the session tracker, the Targets, Flash banks and Live Watch views,
// their commands and the status bar, and the context key the views' welcome texts depend on.
import * as vscode from 'vscode';
import { FlashBanksView } from './flash/flashBanksView';
import { registerFlashCommands } from './flash/flashCommands';
import { OpenocdSessions } from './debugSessions/openocdSessions';
import { registerLiveWatch } from './liveWatch/registerLiveWatch';
import type { LiveWatchView } from './liveWatch/liveWatchView';
import { registerPeripheralsView } from './peripherals/registerPeripheralsView';
import { OpenocdStatusBar, TARGETS_VIEW_ID } from './statusBar';
import { registerTargetCommands } from './targets/targetCommands';
import { TargetsView } from './targets/targetsView';

/** The Flash banks view's id (package.json `contributes.views`). */
export const FLASH_VIEW_ID = 'openocd-debug.flashBanks';
/** True while an OpenOCD session is ready: package.json's viewsWelcome shows the start buttons otherwise. */
const SESSION_CONTEXT_KEY = 'openocd-debug.sessionActive';

/** What the side bar exposes to tests and other extensions. */
export interface OpenocdViews {
  readonly sessions: OpenocdSessions;
  readonly targets: TargetsView;
  readonly flashBanks: FlashBanksView;
  readonly liveWatch: LiveWatchView;
}

export function registerOpenocdViews(context: vscode.ExtensionContext, log: vscode.LogOutputChannel): OpenocdViews {
  const sessions = new OpenocdSessions();
  const targets = new TargetsView(sessions);
  const flashBanks = new FlashBanksView(sessions);
  const targetsTree = vscode.window.createTreeView(TARGETS_VIEW_ID, { treeDataProvider: targets, showCollapseAll: false });
  const flashTree = vscode.window.createTreeView(FLASH_VIEW_ID, { treeDataProvider: flashBanks, canSelectMany: true, showCollapseAll: true });
  const failures = (read: (session: vscode.DebugSession) => string | undefined): string | undefined =>
    sessions.sessions.map((session) => read(session)).find((message) => message !== undefined);
  context.subscriptions.push(
    sessions,
    targets,
    flashBanks,
    targetsTree,
    flashTree,
    new OpenocdStatusBar(sessions, targets),
    sessions.onDidChange(() => void vscode.commands.executeCommand('setContext', SESSION_CONTEXT_KEY, sessions.sessions.length > 0)),
    targets.onDidChangeTreeData(() => (targetsTree.message = failures((session) => targets.failure(session)))),
    flashBanks.onDidChangeTreeData(() => (flashTree.message = failures((session) => flashBanks.failure(session)))),
    ...registerTargetCommands(sessions, targets, log),
    ...registerFlashCommands(sessions, flashBanks),
  );
  registerPeripheralsView(context, sessions, log);
  return { sessions, targets, flashBanks, liveWatch: registerLiveWatch(context, sessions) };
}
