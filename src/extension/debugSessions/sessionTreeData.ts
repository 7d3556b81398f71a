// What the Targets and Flash banks trees share: one read per session (kept with its failure),
// made again on the session changes each tree cares about, and the redraw that follows.
import * as vscode from 'vscode';
import type { OpenocdSessions, SessionChange } from './openocdSessions';
import { SessionReads } from './sessionReads';

export abstract class SessionTreeData<T, N> implements vscode.TreeDataProvider<N>, vscode.Disposable {
  protected readonly changed = new vscode.EventEmitter<N | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly reads: SessionReads<T>;
  private readonly subscription: vscode.Disposable;

  constructor(
    protected readonly sessions: OpenocdSessions,
    read: (session: vscode.DebugSession) => Promise<readonly T[]>,
    /** The changes after which the session is read again (an ended session is forgotten). */
    refreshOn: readonly SessionChange[],
  ) {
    this.reads = new SessionReads(read, (session) => sessions.sessions.includes(session));
    this.subscription = sessions.onDidChange(({ session, change }) => {
      if (change === 'ended') this.reads.forget(session);
      else if (refreshOn.includes(change)) void this.refresh(session);
      this.changed.fire(undefined);
    });
  }

  /** What the last read of the session gave. */
  of(session: vscode.DebugSession): readonly T[] {
    return this.reads.of(session);
  }

  /** Why the last read failed, if it did (shown as the view's message). */
  failure(session: vscode.DebugSession): string | undefined {
    return this.reads.failure(session);
  }

  /** Reads the session again and redraws. */
  async refresh(session: vscode.DebugSession): Promise<void> {
    await this.reads.refresh(session);
    this.changed.fire(undefined);
  }

  abstract getChildren(node?: N): N[];
  abstract getTreeItem(node: N): vscode.TreeItem;

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}
