// The OpenOCD status bar item: connected or not, and the focused target's state (halted in a
// function, running). Clicking it reveals the Targets view. Reads what the Targets view read.
import * as vscode from 'vscode';
import type { OpenocdSessions } from './debugSessions/openocdSessions';
import type { TargetsView } from './targets/targetsView';

/** The Targets view's id (package.json `contributes.views`); `<id>.focus` reveals it. */
export const TARGETS_VIEW_ID = 'openocd-debug.targets';

export class OpenocdStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('openocd-debug.status', vscode.StatusBarAlignment.Left, 50);
  private readonly subscriptions: vscode.Disposable[];
  private everConnected = false;

  constructor(
    private readonly sessions: OpenocdSessions,
    private readonly targets: TargetsView,
  ) {
    this.item.name = 'OpenOCD';
    this.item.command = `${TARGETS_VIEW_ID}.focus`;
    this.subscriptions = [this.item, targets.onDidChangeTreeData(() => this.update()), vscode.debug.onDidChangeActiveStackItem(() => this.update())];
    this.update();
  }

  private update(): void {
    const active = vscode.debug.activeDebugSession;
    const session = active && this.sessions.sessions.includes(active) ? active : this.sessions.sessions[0];
    if (!session) {
      // Shown once a session ran (so a workspace that never debugs with OpenOCD sees nothing).
      this.item.text = '$(debug-disconnect) OpenOCD: not connected';
      this.item.tooltip = 'No OpenOCD debug session is running. Click to show the Targets view.';
      if (this.everConnected) this.item.show();
      return;
    }
    this.everConnected = true;
    const stackItem = vscode.debug.activeStackItem;
    const focusedThread = stackItem?.session === session ? stackItem.threadId : undefined;
    const targets = this.targets.of(session);
    const target = targets.find((t) => t.threadId === focusedThread) ?? targets.find((t) => t.threadId !== undefined) ?? targets[0];
    const state = target === undefined ? 'connected' : target.state === 'halted' ? `halted${target.function ? ` in ${target.function}` : ''}` : target.state;
    this.item.text = `$(plug) OpenOCD: ${target ? `${target.name} ` : ''}${state}`;
    this.item.tooltip = `OpenOCD connected (session "${session.name}"). Click to show the Targets view.`;
    this.item.show();
  }

  dispose(): void {
    for (const subscription of this.subscriptions) subscription.dispose();
  }
}
