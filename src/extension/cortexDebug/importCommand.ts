// The "OpenOCD: Import Cortex-Debug launch configuration" command: reads a workspace folder's
// launch configurations, appends the `openocd` conversions and shows the report. The conversion
// itself is cortexDebugImport.ts; this file only talks to VS Code.
import * as vscode from 'vscode';
import { convertCortexDebugConfiguration, cortexDebugType, importedName, isCortexDebugOpenocd, sourceName, type CortexDebugConversion } from './cortexDebugImport';
import { formatImportReport, type SkippedImport } from './importReport';

export const importCortexDebugCommand = 'openocd-debug.importCortexDebug';
const commandTitle = 'Import Cortex-Debug launch configuration';

/** What the command resolves to (for tests and other extensions); undefined when nothing was read. */
export interface CortexDebugImportResult {
  readonly folder: string;
  /** Names of the new `openocd` entries. */
  readonly imported: readonly string[];
  /** Names of the Cortex-Debug entries whose import exists already. */
  readonly skipped: readonly string[];
}

/** Registers the command; its output channel is created on first use. */
export function registerCortexDebugImport(context: vscode.ExtensionContext): void {
  let channel: vscode.OutputChannel | undefined;
  const report = (): vscode.OutputChannel => {
    if (!channel) {
      channel = vscode.window.createOutputChannel('OpenOCD: Cortex-Debug import');
      context.subscriptions.push(channel);
    }
    return channel;
  };
  context.subscriptions.push(vscode.commands.registerCommand(importCortexDebugCommand, async () => {
    try {
      return await importCortexDebug(report);
    } catch (error) {
      void vscode.window.showErrorMessage(`${commandTitle}: ${error instanceof Error ? error.message : String(error)}`);
      return undefined;
    }
  }));
}

async function importCortexDebug(report: () => vscode.OutputChannel): Promise<CortexDebugImportResult | undefined> {
  const folder = await chooseFolder();
  if (!folder) return undefined;
  const launch = vscode.workspace.getConfiguration('launch', folder);
  // The folder's own entries only: get() would also return user-settings and .code-workspace
  // entries, which writing back to the folder would copy into its launch.json.
  const existing = launch.inspect<unknown>('configurations')?.workspaceFolderValue ?? [];
  if (!Array.isArray(existing)) throw new Error(`"configurations" in ${launchJson(folder)} is not an array`);

  const sources = existing.filter(isCortexDebugOpenocd);
  if (sources.length === 0) {
    const others = existing.filter((entry) => isRecord(entry) && entry.type === cortexDebugType).map((entry) => JSON.stringify(isRecord(entry) ? entry.servertype : undefined));
    const found = others.length > 0 ? ` (its Cortex-Debug ones use servertype ${[...new Set(others)].join(', ')})` : '';
    void vscode.window.showInformationMessage(`No Cortex-Debug configuration with "servertype": "openocd" in ${launchJson(folder)}${found}.`);
    return { folder: folder.uri.fsPath, imported: [], skipped: [] };
  }

  const names = new Set(existing.map((entry) => (isRecord(entry) ? entry.name : undefined)));
  const imported: CortexDebugConversion[] = [];
  const skipped: SkippedImport[] = [];
  for (const source of sources) {
    const name = importedName(source);
    if (names.has(name)) {
      skipped.push({ sourceName: sourceName(source), existingName: name });
      continue;
    }
    names.add(name);
    imported.push(convertCortexDebugConfiguration(source));
  }
  if (imported.length > 0) {
    await launch.update('configurations', [...existing, ...imported.map((conversion) => conversion.configuration)], vscode.ConfigurationTarget.WorkspaceFolder);
  }

  const channel = report();
  channel.replace(formatImportReport(launchJson(folder), imported, skipped));
  const notCarried = imported.reduce((sum, conversion) => sum + conversion.notCarried.length, 0);
  const summary = imported.length === 0
    ? `${count(skipped.length, 'Cortex-Debug OpenOCD configuration')} of ${folder.name} ${skipped.length === 1 ? 'was' : 'were'} imported before.`
    : `Imported ${count(imported.length, 'Cortex-Debug configuration')} into ${launchJson(folder)}; ${count(notCarried, 'attribute')} could not be carried over.`;
  void vscode.window.showInformationMessage(summary, 'Show report').then((choice) => {
    if (choice) channel.show(true);
  });
  return { folder: folder.uri.fsPath, imported: imported.map((conversion) => String(conversion.configuration.name)), skipped: skipped.map((skip) => skip.sourceName) };
}

/** The one workspace folder, or the one the user picks; an error with none. */
async function chooseFolder(): Promise<vscode.WorkspaceFolder | undefined> {
  const folders = vscode.workspace.workspaceFolders ?? [];
  if (folders.length === 0) throw new Error('no folder is open: open the folder whose .vscode/launch.json holds the Cortex-Debug configurations');
  if (folders.length === 1) return folders[0];
  return vscode.window.showWorkspaceFolderPick({ placeHolder: 'The folder whose launch.json holds the Cortex-Debug configurations' });
}

function launchJson(folder: vscode.WorkspaceFolder): string {
  return vscode.Uri.joinPath(folder.uri, '.vscode', 'launch.json').fsPath;
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
