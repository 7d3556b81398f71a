// Tells VS Code how to run the debug adapter: dist/adapter.js, the same standalone adapter other DAP
// clients run, in its own Node process. Must not hold adapter logic or talk DAP itself.
import { existsSync } from 'node:fs';
import * as vscode from 'vscode';
import { UserError } from '../common';

/**
 * Runs `node <extension>/dist/adapter.js` over stdio. The command is the literal `node`: VS Code's
 * ExecutableDebugAdapter treats that name specially and forks the script with the extension
 * host's own runtime (child_process.fork, with ELECTRON_RUN_AS_NODE handled in desktop VS Code),
 * so it needs no Node on PATH and works the same in desktop VS Code (Electron) and in code-server
 * (Node 24). A separate process, rather than an inline adapter, keeps OpenOCD's child process
 * and a busy or crashing adapter out of the extension host, and is the adapter users of nvim-dap run.
 */
export class OpenocdAdapterDescriptorFactory implements vscode.DebugAdapterDescriptorFactory {
  constructor(private readonly adapterPath: string) {}

  createDebugAdapterDescriptor(): vscode.DebugAdapterDescriptor {
    if (!existsSync(this.adapterPath)) {
      throw new UserError(`the debug adapter ${this.adapterPath} is missing: build the extension (node scripts/build.mjs)`);
    }
    return new vscode.DebugAdapterExecutable('node', [this.adapterPath]);
  }
}
