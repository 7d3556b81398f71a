// The `openocd` debug sessions VS Code runs, and what their DAP events say: which are ready for
// custom requests, when a stop, a resume or a memory change should refresh a view, and the
// progress of a long request. Observes DAP messages only; it never sends Tcl.
import * as vscode from 'vscode';
import { openocdDebugType } from '../launchConfiguration';

/** A DAP message as a tracker sees it. */
interface DapMessage {
  readonly type?: string;
  readonly event?: string;
  readonly body?: { readonly progressId?: string; readonly percentage?: number; readonly message?: string };
}

/** Why the views should read again. */
export type SessionChange = 'started' | 'ready' | 'stopped' | 'continued' | 'memory' | 'ended';

/** A progress report of a session's long request (DAP progressStart/Update/End). */
export interface SessionProgress {
  readonly session: vscode.DebugSession;
  readonly percentage?: number;
  readonly message?: string;
  readonly done: boolean;
}

/** DAP events that change what the views show. */
const CHANGES: Readonly<Record<string, SessionChange>> = {
  initialized: 'ready',
  stopped: 'stopped',
  continued: 'continued',
  invalidated: 'memory',
  terminated: 'ended',
};

/** Tracks the sessions of type `openocd`; one instance per extension. */
export class OpenocdSessions implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<{ readonly session: vscode.DebugSession; readonly change: SessionChange }>();
  private readonly progressed = new vscode.EventEmitter<SessionProgress>();
  /** Sessions whose launch or attach finished (after `initialized`), in start order. */
  private readonly ready: vscode.DebugSession[] = [];
  private readonly subscriptions: vscode.Disposable[];

  /** A session started, became ready, stopped, resumed, had its memory rewritten, or ended. */
  readonly onDidChange = this.changed.event;
  /** Progress of a long request (programming). */
  readonly onDidProgress = this.progressed.event;

  constructor() {
    this.subscriptions = [
      this.changed,
      this.progressed,
      vscode.debug.registerDebugAdapterTrackerFactory(openocdDebugType, { createDebugAdapterTracker: (session) => this.tracker(session) }),
      vscode.debug.onDidStartDebugSession((session) => session.type === openocdDebugType && this.changed.fire({ session, change: 'started' })),
      vscode.debug.onDidTerminateDebugSession((session) => this.end(session)),
    ];
  }

  /** The sessions ready for custom requests. */
  get sessions(): readonly vscode.DebugSession[] {
    return this.ready;
  }

  /**
   * The session a command acts on: the active debug session when it is an OpenOCD one, the only
   * one, or the one the user picks. With none it says so and resolves undefined.
   */
  async pick(action: string): Promise<vscode.DebugSession | undefined> {
    const active = vscode.debug.activeDebugSession;
    if (active && this.ready.includes(active)) return active;
    if (this.ready.length === 1) return this.ready[0];
    if (this.ready.length === 0) {
      void vscode.window.showInformationMessage(`No OpenOCD debug session is running: start one (Run and Debug) to ${action}.`);
      return undefined;
    }
    const picked = await vscode.window.showQuickPick(
      this.ready.map((session) => ({ label: session.name, description: session.workspaceFolder?.name, session })),
      { title: `Which OpenOCD session should ${action}?` },
    );
    return picked?.session;
  }

  dispose(): void {
    for (const subscription of this.subscriptions) subscription.dispose();
  }

  private tracker(session: vscode.DebugSession): vscode.DebugAdapterTracker {
    return {
      onDidSendMessage: (message: DapMessage) => {
        if (message.type !== 'event' || message.event === undefined) return;
        if (message.event === 'initialized' && !this.ready.includes(session)) this.ready.push(session);
        if (message.event === 'terminated') this.forget(session);
        const change = CHANGES[message.event];
        if (change) this.changed.fire({ session, change });
        if (message.event.startsWith('progress')) {
          this.progressed.fire({ session, percentage: message.body?.percentage, message: message.body?.message, done: message.event === 'progressEnd' });
        }
      },
      onExit: () => this.end(session),
    };
  }

  private end(session: vscode.DebugSession): void {
    if (session.type !== openocdDebugType) return;
    if (this.forget(session)) this.changed.fire({ session, change: 'ended' });
  }

  private forget(session: vscode.DebugSession): boolean {
    const index = this.ready.indexOf(session);
    if (index < 0) return false;
    this.ready.splice(index, 1);
    return true;
  }
}
