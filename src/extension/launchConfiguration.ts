// The `openocd` launch.json configuration as the extension sees it: defaults, initial
// configurations and the check that refuses a configuration before any process starts.
// No vscode: the configuration provider supplies the workspace facts.
import { DEFAULT_TCL_PORT, validateSessionConfig } from '../adapter/api';
import { UserError } from '../common';

/** The debug type contributed in package.json (`contributes.debuggers`). */
export const openocdDebugType = 'openocd';
export const defaultHost = '127.0.0.1';

/** A launch.json entry of type `openocd`: the attributes package.json declares. */
export interface OpenocdDebugConfiguration {
  type: string;
  name: string;
  request: string;
  executable?: unknown;
  openocdPath?: unknown;
  configFiles?: unknown;
  searchDir?: unknown;
  openocdCommands?: unknown;
  host?: unknown;
  tclPort?: unknown;
  load?: unknown;
  runToEntryPoint?: unknown;
  stopAtEntry?: unknown;
  svdFile?: unknown;
  cwd?: unknown;
  sourceFileMap?: unknown;
  openocdLogInConsole?: unknown;
  [key: string]: unknown;
}

/** What the provider knows of the workspace when it writes initial configurations. */
export interface WorkspaceFacts {
  /** Workspace-relative path (with `/`) of an ELF file found in the folder, if any. */
  readonly elfPath?: string;
  /** True when the folder has an `openocd.cfg` at its root. */
  readonly hasOpenocdCfg: boolean;
}

/**
 * The configurations written into a new launch.json: launch (start OpenOCD, program, run to main)
 * and attach (to an OpenOCD already running). They use the folder's ELF and openocd.cfg when
 * present, otherwise a placeholder ELF path and a sample ST-Link/STM32F0 pair to edit.
 */
export function initialConfigurations(facts: WorkspaceFacts): OpenocdDebugConfiguration[] {
  const executable = `\${workspaceFolder}/${facts.elfPath ?? 'build/firmware.elf'}`;
  const configFiles = facts.hasOpenocdCfg ? ['${workspaceFolder}/openocd.cfg'] : ['interface/stlink.cfg', 'target/stm32f0x.cfg'];
  return [
    { type: openocdDebugType, request: 'launch', name: 'OpenOCD: launch', executable, configFiles, runToEntryPoint: 'main' },
    { type: openocdDebugType, request: 'attach', name: 'OpenOCD: attach', executable, host: defaultHost, tclPort: DEFAULT_TCL_PORT },
  ];
}

/** True for the empty configuration VS Code passes when F5 is pressed without a launch.json. */
export function isEmptyConfiguration(config: { type?: unknown; request?: unknown; name?: unknown }): boolean {
  return !config.type && !config.request && !config.name;
}

/**
 * Fills what the user may leave out, with only the attributes the request accepts (the adapter
 * refuses a launch-only attribute in an attach): cwd (the workspace folder) for both; load for
 * launch; the address of OpenOCD's Tcl server for attach. Values the user gave are kept.
 */
export function withDefaults(config: OpenocdDebugConfiguration, workspaceFolderPath: string | undefined): OpenocdDebugConfiguration {
  const defaults = config.request === 'attach' ? { host: defaultHost, tclPort: DEFAULT_TCL_PORT } : config.request === 'launch' ? { load: true } : {};
  return { ...defaults, cwd: workspaceFolderPath ?? '${workspaceFolder}', ...config };
}

/**
 * Refuses, before anything starts, what the adapter would refuse: an unknown request here, and
 * every attribute through the adapter's own validator (src/adapter launchConfig.ts), so the
 * rules and messages (`launch.json: "executable" is required ...`) exist once. Call it with
 * variables substituted: the validator checks that files exist.
 */
export function checkConfiguration(config: OpenocdDebugConfiguration, workspaceFolderPath: string | undefined): void {
  if (config.request !== 'launch' && config.request !== 'attach') {
    throw new UserError(`launch.json: "request" must be "launch" or "attach"; got ${JSON.stringify(config.request ?? null)}`);
  }
  validateSessionConfig(config.request, config, { workspaceFolder: workspaceFolderPath });
}
