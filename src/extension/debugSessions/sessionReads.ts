// The last answer of a read that a view makes per session (its targets, its flash banks), or why it
// failed, so a view shows the reason instead of an empty tree. No UI, no requests of its own.
import type * as vscode from 'vscode';

export class SessionReads<T> {
  private readonly known = new Map<vscode.DebugSession, readonly T[] | Error>();

  constructor(
    private readonly read: (session: vscode.DebugSession) => Promise<readonly T[]>,
    /** False once the session ended: a read it answered with an error is then dropped. */
    private readonly isLive: (session: vscode.DebugSession) => boolean,
  ) {}

  /** What the last read gave (empty when it failed or never ran). */
  of(session: vscode.DebugSession): readonly T[] {
    const known = this.known.get(session);
    return Array.isArray(known) ? known : [];
  }

  /** Why the last read failed, if it did. */
  failure(session: vscode.DebugSession): string | undefined {
    const known = this.known.get(session);
    return known instanceof Error ? known.message : undefined;
  }

  forget(session: vscode.DebugSession): void {
    this.known.delete(session);
  }

  /** Reads again; a failure is kept as the answer. */
  async refresh(session: vscode.DebugSession): Promise<void> {
    try {
      this.known.set(session, await this.read(session));
    } catch (error) {
      if (this.isLive(session)) this.known.set(session, error as Error);
    }
  }
}
