// Registers a command whose failure is shown to the user as an error message naming what failed,
// instead of an unhandled rejection in the extension host log. No other behaviour.
import * as vscode from 'vscode';

/** `vscode.commands.registerCommand`, with a thrown error shown as `<title>: <message>`. */
export function registerReportingCommand(id: string, title: string, run: (...args: unknown[]) => Promise<unknown>): vscode.Disposable {
  return vscode.commands.registerCommand(id, async (...args: unknown[]) => {
    try {
      return await run(...args);
    } catch (error) {
      void vscode.window.showErrorMessage(`${title}: ${error instanceof Error ? error.message : String(error)}`);
      return undefined;
    }
  });
}
