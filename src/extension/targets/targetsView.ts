// The Targets view: each OpenOCD target of the running sessions with its type, state and PC in
// its function. It reads `openocd.targets` again when a session starts, stops or resumes (DAP
// events, no polling); halt, resume and reset act through DAP.
import * as vscode from 'vscode';
import { hex32 } from '../../common';
import type { TargetInfo } from '../../adapter/api';
import type { OpenocdSessions } from '../debugSessions/openocdSessions';
import * as requests from '../debugSessions/openocdRequests';
import { SessionTreeData } from '../debugSessions/sessionTreeData';

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

/** The tree data of the Targets view: read again on every change but a start (a stop, a resume, ready, memory). */
export class TargetsView extends SessionTreeData<TargetInfo, TargetsNode> {
  constructor(sessions: OpenocdSessions) {
    super(sessions, requests.targets, ['ready', 'stopped', 'continued', 'memory']);
  }

  getChildren(node?: TargetsNode): TargetsNode[] {
    const sessions = this.sessions.sessions;
    if (node === undefined && sessions.length > 1) return sessions.map((session) => ({ kind: 'session', session }));
    const session = node?.session ?? sessions[0];
    if (session === undefined) return [];
    return this.of(session).map((target) => ({ kind: 'target', session, target }));
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
}
