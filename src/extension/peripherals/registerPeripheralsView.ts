// Registers the Peripherals webview view and its commands ("OpenOCD: Load SVD…", the number
// format of the view toolbar). Wiring only; the view's logic is in peripheralsView.ts.
import * as vscode from 'vscode';
import type { OpenocdSessions } from '../debugSessions/openocdSessions';
import type { NumberFormat } from './peripheralMessages';
import { DEFAULT_FORMAT_SETTING } from './peripheralChoices';
import { PERIPHERALS_VIEW_ID, PeripheralsView } from './peripheralsView';

const FORMAT_LABELS: Readonly<Record<NumberFormat, string>> = { hex: 'Hexadecimal', decimal: 'Decimal', binary: 'Binary' };

export function registerPeripheralsView(context: vscode.ExtensionContext, sessions: OpenocdSessions, log: vscode.LogOutputChannel): PeripheralsView {
  const view = new PeripheralsView(context.extensionUri, sessions, context.workspaceState, log);
  context.subscriptions.push(
    view,
    vscode.window.registerWebviewViewProvider(PERIPHERALS_VIEW_ID, view),
    vscode.commands.registerCommand('openocd-debug.loadSvd', async (file?: unknown) => {
      const path = typeof file === 'string' ? file : (await vscode.window.showOpenDialog({ title: 'Load SVD', filters: { 'CMSIS-SVD': ['svd', 'xml'] }, canSelectMany: false }))?.[0]?.fsPath;
      if (path === undefined) return;
      try {
        await view.load(path);
      } catch (error) {
        void vscode.window.showErrorMessage((error as Error).message);
      }
    }),
    vscode.commands.registerCommand('openocd-debug.peripherals.chooseFormat', async () => {
      const picked = await vscode.window.showQuickPick(
        (Object.keys(FORMAT_LABELS) as NumberFormat[]).map((format) => ({ label: FORMAT_LABELS[format], format })),
        { title: 'Default number format of the Peripherals view' },
      );
      if (picked) await vscode.workspace.getConfiguration('openocd-debug').update(DEFAULT_FORMAT_SETTING, picked.format, vscode.ConfigurationTarget.Workspace);
    }),
  );
  return view;
}
