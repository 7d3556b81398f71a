// VS Code entry point: activation and disposal. It wires the other layers to VS Code and holds
// no debugger logic of its own.
import * as vscode from 'vscode';

/** Called by VS Code on the `openocd` debug type or one of our commands. */
export function activate(context: vscode.ExtensionContext): void {
  const log = vscode.window.createOutputChannel('OpenOCD', { log: true });
  context.subscriptions.push(
    log,
    vscode.commands.registerCommand('openocd-debug.showLog', () => log.show(true)),
  );
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
