// VS Code side of launch.json for the `openocd` type: initial configurations for a new launch.json,
// defaults, and refusal (a thrown UserError naming the attribute, which VS Code shows with an
// "Open launch.json" button) before any process starts. The rules live in launchConfiguration.ts.
import { existsSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import * as vscode from 'vscode';
import { UserError } from '../common';
import {
  checkConfiguration, initialConfigurations, isEmptyConfiguration, withDefaults, type OpenocdDebugConfiguration,
} from './launchConfiguration';

/** Build trees are not where a newcomer keeps the firmware they mean to debug. */
const elfSearchExclude = '{**/node_modules/**,**/.git/**}';

/** The `openocd` DebugConfigurationProvider (registered for both initial and dynamic triggers). */
export class OpenocdConfigurationProvider implements vscode.DebugConfigurationProvider {
  /** Configurations for a new launch.json, using an ELF and openocd.cfg found in `folder`. */
  async provideDebugConfigurations(folder: vscode.WorkspaceFolder | undefined): Promise<vscode.DebugConfiguration[]> {
    if (folder === undefined) return initialConfigurations({ hasOpenocdCfg: false });
    const [elf] = await vscode.workspace.findFiles(new vscode.RelativePattern(folder, '**/*.elf'), elfSearchExclude, 1);
    const [cfg] = await vscode.workspace.findFiles(new vscode.RelativePattern(folder, 'openocd.cfg'), null, 1);
    return initialConfigurations({
      elfPath: elf === undefined ? undefined : vscode.workspace.asRelativePath(elf, false),
      hasOpenocdCfg: cfg !== undefined,
    });
  }

  /**
   * Before variables are substituted: with no launch.json (F5 in a folder), the launch initial
   * configuration; then defaults, and the checks that need no file system.
   */
  async resolveDebugConfiguration(
    folder: vscode.WorkspaceFolder | undefined,
    config: vscode.DebugConfiguration,
  ): Promise<vscode.DebugConfiguration> {
    const given = isEmptyConfiguration(config) ? (await this.provideDebugConfigurations(folder))[0] : config;
    const resolved = withDefaults(given as OpenocdDebugConfiguration, folder?.uri.fsPath);
    checkConfiguration(resolved);
    return resolved;
  }

  /** After substitution: the ELF must exist, so a missing build is named before OpenOCD starts. */
  resolveDebugConfigurationWithSubstitutedVariables(
    _folder: vscode.WorkspaceFolder | undefined,
    config: vscode.DebugConfiguration,
  ): vscode.DebugConfiguration {
    const executable = String(config.executable);
    const path = isAbsolute(executable) ? executable : resolve(String(config.cwd), executable);
    if (!existsSync(path)) {
      throw new UserError(`launch.json configuration '${config.name}': 'executable' names ${path}, which does not exist (build the program first)`);
    }
    return config;
  }
}
