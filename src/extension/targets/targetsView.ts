// The Targets view: each OpenOCD target of the running sessions with its type, state and PC in
// its function. It reads `openocd.targets` again when a session starts, stops or resumes (DAP
// events, no polling); halt, resume and reset act through DAP.
import * as vscode from 'vscode';
import { hex32 } from '../../common';
import type { TargetInfo } from '../../adapter/api';
import type { OpenocdSessions } from '../debugSessions/openocdSessions';
import * as requests from '../debugSessions/openocdRequests';
import { SessionReads } from '../debugSessions/sessionReads';

/** A row: a session (when several run) or one of its targets. */
export type TargetsNode =
  | { readonly kind: 'session'; readonly session: vscode.DebugSession }
  | { readonly kind: 'target'; readonly session: vscode.DebugSession; readonly target: TargetInfo };

/** Codicons by OpenOCD state (`curstate`). */
const STATE_ICONS: Readonly<Record<string, string>> = {
  halted: 'debug-pause',
  running: 'debug-start',
  reset: 'debug-restart',
  'debug-running': 'debug-start',
};

/** The tree data of the Targets view. */
export class TargetsView implements vscode.TreeDataProvider<TargetsNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<TargetsNode | undefined>();
  private readonly reads: SessionReads<TargetInfo>;
  private readonly subscription: vscode.Disposable;
  readonly onDidChangeTreeData = this.changed.event;

  constructor(private readonly sessions: OpenocdSessions) {
    this.reads = new SessionReads(requests.targets, (session) => sessions.sessions.includes(session));
    this.subscription = sessions.onDidChange(({ session, change }) => {
      if (change === 'ended') this.reads.forget(session);
      else if (change !== 'started') void this.refresh(session);
      this.changed.fire(undefined);
    });
  }

  /** The targets last read, for the status bar and commands. */
  targetsOf(session: vscode.DebugSession): readonly TargetInfo[] {
    return this.reads.of(session);
  }

  /** Why the last read of a session's targets failed, if it did (shown as the view's message). */
  failure(session: vscode.DebugSession): string | undefined {
    return this.reads.failure(session);
  }

  /** Reads the session's targets (one round trip) and redraws. */
  async refresh(session: vscode.DebugSession): Promise<void> {
    await this.reads.refresh(session);
    this.changed.fire(undefined);
  }

  getChildren(node?: TargetsNode): TargetsNode[] {
    const sessions = this.sessions.sessions;
    if (node === undefined && sessions.length > 1) return sessions.map((session) => ({ kind: 'session', session }));
    const session = node?.session ?? sessions[0];
    if (session === undefined) return [];
    return this.targetsOf(session).map((target) => ({ kind: 'target', session, target }));
  }

  getTreeItem(node: TargetsNode): vscode.TreeItem {
    if (node.kind === 'session') {
      const item = new vscode.TreeItem(node.session.name, vscode.TreeItemCollapsibleState.Expanded);
      item.description = this.failure(node.session);
      item.iconPath = new vscode.ThemeIcon('debug');
      return item;
    }
    const { target } = node;
    const item = new vscode.TreeItem(target.name, vscode.TreeItemCollapsibleState.None);
    const where = target.pc === undefined ? '' : ` at ${hex32(target.pc)}${target.function ? ` in ${target.function}` : ''}`;
    item.description = `${target.type} · ${target.state}${where}`;
    item.tooltip = new vscode.MarkdownString(
      `**${target.name}** (${target.type})\n\nstate: ${target.state}${where ? `\n\nPC${where}` : ''}${target.threadId === undefined ? '\n\nnot debugged by this adapter' : `\n\nthread ${target.threadId}`}`,
    );
    item.iconPath = new vscode.ThemeIcon(STATE_ICONS[target.state] ?? 'question');
    // `openocdTarget.halted` / `.running` / `.other`, plus `.debugged` when a DAP thread exists: package.json menus use them.
    const state = target.state === 'halted' ? 'halted' : target.state === 'running' || target.state === 'debug-running' ? 'running' : 'other';
    item.contextValue = `openocdTarget.${state}${target.threadId === undefined ? '' : '.debugged'}`;
    return item;
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}
