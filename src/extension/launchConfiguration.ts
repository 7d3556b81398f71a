// The `openocd` launch.json configuration as the extension sees it: defaults, initial
// configurations and the checks that refuse a configuration before any process starts.
// Pure (no vscode, no I/O): the configuration provider supplies the workspace facts.
import { UserError } from '../common';

/** The debug type contributed in package.json (`contributes.debuggers`). */
export const openocdDebugType = 'openocd';
/** OpenOCD's default `tcl_port` (OpenOCD User's Guide, "Server Configuration"). */
export const defaultTclPort = 6666;
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
    { type: openocdDebugType, request: 'attach', name: 'OpenOCD: attach', executable, host: defaultHost, tclPort: defaultTclPort },
  ];
}

/** True for the empty configuration VS Code passes when F5 is pressed without a launch.json. */
export function isEmptyConfiguration(config: { type?: unknown; request?: unknown; name?: unknown }): boolean {
  return !config.type && !config.request && !config.name;
}

/**
 * Fills what the user may leave out: cwd (the workspace folder), load (true for launch, false for
 * attach: attach must not disturb the running program), stopAtEntry, and for attach the address
 * of OpenOCD's Tcl server. Values the user gave are kept as they are.
 */
export function withDefaults(config: OpenocdDebugConfiguration, workspaceFolderPath: string | undefined): OpenocdDebugConfiguration {
  const attach = config.request === 'attach';
  return {
    ...config,
    cwd: config.cwd ?? workspaceFolderPath ?? '${workspaceFolder}',
    load: config.load ?? !attach,
    stopAtEntry: config.stopAtEntry ?? false,
    ...(attach ? { host: config.host ?? defaultHost, tclPort: config.tclPort ?? defaultTclPort } : {}),
  };
}

const stringAttributes = ['executable', 'openocdPath', 'host', 'runToEntryPoint', 'svdFile', 'cwd'] as const;
const stringListAttributes = ['configFiles', 'searchDir', 'openocdCommands'] as const;
const booleanAttributes = ['load', 'stopAtEntry'] as const;

function refuse(name: string, attribute: string, problem: string): never {
  throw new UserError(`launch.json configuration '${name}': '${attribute}' ${problem}`);
}

/**
 * Refuses a configuration the adapter could not start, with a UserError naming the attribute:
 * the request, the ELF (`executable`, needed for symbols in both requests), and for launch the
 * OpenOCD set-up (`configFiles` or `openocdCommands`); then the type of every attribute given.
 * The adapter checks what only it can (files OpenOCD rejects, an unreachable port).
 */
export function checkConfiguration(config: OpenocdDebugConfiguration): void {
  const name = typeof config.name === 'string' && config.name !== '' ? config.name : '(unnamed)';
  if (config.request !== 'launch' && config.request !== 'attach') {
    refuse(name, 'request', `must be "launch" or "attach", not ${JSON.stringify(config.request ?? null)}`);
  }
  if (config.executable === undefined || config.executable === '') {
    refuse(name, 'executable', 'is missing: set it to the ELF file of the program to debug (e.g. "${workspaceFolder}/build/firmware.elf")');
  }
  for (const attribute of stringAttributes) {
    const value = config[attribute];
    if (value !== undefined && typeof value !== 'string') refuse(name, attribute, `must be a string, not ${JSON.stringify(value)}`);
  }
  for (const attribute of stringListAttributes) {
    const value = config[attribute];
    if (value !== undefined && !(Array.isArray(value) && value.every((item) => typeof item === 'string'))) {
      refuse(name, attribute, `must be a list of strings, not ${JSON.stringify(value)}`);
    }
  }
  for (const attribute of booleanAttributes) {
    const value = config[attribute];
    if (value !== undefined && typeof value !== 'boolean') refuse(name, attribute, `must be true or false, not ${JSON.stringify(value)}`);
  }
  const port = config.tclPort;
  if (port !== undefined && !(Number.isInteger(port) && (port as number) >= 0 && (port as number) <= 65535)) {
    refuse(name, 'tclPort', `must be a TCP port number from 0 to 65535, not ${JSON.stringify(port)}`);
  }
  const map = config.sourceFileMap;
  if (map !== undefined && (typeof map !== 'object' || map === null || Array.isArray(map) || !Object.values(map).every((to) => typeof to === 'string'))) {
    refuse(name, 'sourceFileMap', 'must be an object mapping debug-info path prefixes to local paths (strings)');
  }
  if (config.request === 'launch' && isEmptyList(config.configFiles) && isEmptyList(config.openocdCommands)) {
    refuse(name, 'configFiles', 'is missing: launch starts OpenOCD, which needs its interface and target files (e.g. ["interface/stlink.cfg", "target/stm32f0x.cfg"]), or openocdCommands that set them up');
  }
}

function isEmptyList(value: unknown): boolean {
  return value === undefined || (Array.isArray(value) && value.length === 0);
}
