// VS Code side of launch.json for the `openocd` type: initial configurations for a new launch.json,
// defaults, and refusal (a thrown UserError naming the attribute, which VS Code shows in a dialog
// with an "Open launch.json" button) before any process starts. The rules live in launchConfiguration.ts.
import * as vscode from 'vscode';
import { RTT_EVENTS_ATTRIBUTE } from '../adapter/api';
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
   * configuration; then defaults, and for a launch that does not set `openocdLogInConsole`, the
   * setting `openocd-debug.debugConsole.showOpenocdLog` (attach has no OpenOCD log to show).
   */
  async resolveDebugConfiguration(
    folder: vscode.WorkspaceFolder | undefined,
    config: vscode.DebugConfiguration,
  ): Promise<vscode.DebugConfiguration> {
    const given = isEmptyConfiguration(config) ? (await this.provideDebugConfigurations(folder))[0] : config;
    const resolved = withDefaults(given as OpenocdDebugConfiguration, folder?.uri.fsPath);
    if (resolved.request === 'launch' && resolved.openocdLogInConsole === undefined) {
      resolved.openocdLogInConsole = vscode.workspace.getConfiguration('openocd-debug', folder?.uri).get<boolean>('debugConsole.showOpenocdLog', false);
    }
    // RTT text goes to the channels' terminals (rtt/rttTerminals.ts), not also to the debug console.
    if (resolved.rtt !== undefined) (resolved as Record<string, unknown>)[RTT_EVENTS_ATTRIBUTE] = true;
    return resolved;
  }

  /** After substitution, when paths are real: the adapter's checks, so a wrong attribute is named before OpenOCD starts. */
  resolveDebugConfigurationWithSubstitutedVariables(
    folder: vscode.WorkspaceFolder | undefined,
    config: vscode.DebugConfiguration,
  ): vscode.DebugConfiguration {
    checkConfiguration(config as OpenocdDebugConfiguration, folder?.uri.fsPath);
    return config;
  }
}
