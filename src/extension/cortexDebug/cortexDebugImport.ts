// Converts one Cortex-Debug (marus25.cortex-debug) launch.json entry with "servertype": "openocd"
// into an `openocd` one, accounting for every attribute: carried (maybe renamed) or not, with why.
// Pure: no vscode, no file system; the command in importCommand.ts reads and writes launch.json.
import { DEFAULT_TCL_PORT } from '../../adapter/api';

/** The debug type Cortex-Debug contributes. */
export const cortexDebugType = 'cortex-debug';

/** Appended to the source's name, so that both configurations can live in one launch.json. */
export const importedNameSuffix = ' (OpenOCD Debug)';

/** A source attribute that made it into the new configuration; `as` says how (`openocdPath`, `stopAtEntry: true`, `(the default)`). */
export interface CarriedAttribute {
  readonly attribute: string;
  readonly as: string;
}

/** A source attribute left out, and why. */
export interface DroppedAttribute {
  readonly attribute: string;
  readonly reason: string;
}

export interface CortexDebugConversion {
  readonly sourceName: string;
  /** The `openocd` launch.json entry, `${...}` variables as written. */
  readonly configuration: Record<string, unknown>;
  readonly carried: readonly CarriedAttribute[];
  readonly notCarried: readonly DroppedAttribute[];
  /** What the user must do for the new entry to work (an attach needs OpenOCD started by hand). */
  readonly notes: readonly string[];
}

type Json = Readonly<Record<string, unknown>>;

/** True for a `cortex-debug` entry whose gdb-server is OpenOCD (the only kind we can debug with). */
export function isCortexDebugOpenocd(entry: unknown): entry is Json {
  return isObject(entry) && entry.type === cortexDebugType && entry.servertype === 'openocd';
}

/** The name the imported entry gets. */
export function importedName(entry: Json): string {
  return `${sourceName(entry)}${importedNameSuffix}`;
}

const noGdb = 'OpenOCD Debug runs no GDB and no binutils: it reads the ELF itself and talks to OpenOCD\'s Tcl port';
const gdbCommands = 'GDB commands, and OpenOCD Debug runs no GDB';
const selfDiagnostics = 'Cortex-Debug\'s own diagnostics; OpenOCD Debug\'s log is the "OpenOCD" output channel (OpenOCD: Show OpenOCD log)';
const oneSession = 'OpenOCD Debug debugs every OpenOCD target of one session, each target a thread';
const notBuilt = (what: string): string => `${what} is not supported by OpenOCD Debug yet`;
const otherServer = (servers: string): string => `used with servertype ${servers} only: Cortex-Debug ignores it with OpenOCD`;

/** Attributes that cannot be carried whatever their value (empty ones are carried as nothing lost). */
const fixedReasons: Readonly<Record<string, string>> = {
  ...Object.fromEntries(['gdbPath', 'objdumpPath', 'toolchainPrefix', 'armToolchainPath', 'toolchainPath', 'debuggerArgs', 'debugger_args', 'gdbInterruptMode'].map((a) => [a, noGdb])),
  ...Object.fromEntries(['preLaunchCommands', 'postLaunchCommands', 'overrideLaunchCommands', 'preAttachCommands', 'postAttachCommands', 'overrideAttachCommands',
    'preResetCommands', 'postResetCommands', 'overrideResetCommands', 'preRestartCommands', 'postRestartCommands', 'overrideRestartCommands',
    'postResetSessionCommands', 'postRestartSessionCommands', 'postStartSessionCommands', 'overridePreEndSessionCommands'].map((a) => [a, gdbCommands])),
  hardwareBreakpoints: 'a GDB setting; OpenOCD Debug puts hardware breakpoints in flash and software ones in RAM by itself',
  hardwareWatchpoints: 'a GDB setting; data breakpoints always use the chip\'s watchpoint comparators',
  overrideGDBServerStartedRegex: 'OpenOCD Debug knows OpenOCD is ready when its Tcl port answers, not from its output',
  rtos: 'OpenOCD\'s RTOS awareness serves GDB\'s thread list; OpenOCD Debug shows no RTOS threads',
  swoConfig: notBuilt('SWO'),
  rttConfig: notBuilt('RTT'),
  graphConfig: notBuilt('graphing'),
  liveWatch: notBuilt('live watch'),
  ctiOpenOCDConfig: 'experimental in Cortex-Debug ("does not work yet"), and not supported by OpenOCD Debug',
  chainedConfigurations: oneSession,
  numberOfProcessors: oneSession,
  targetProcessor: oneSession,
  showDevDebugOutput: selfDiagnostics,
  showDevDebugTimestamps: selfDiagnostics,
  symbolFiles: 'OpenOCD Debug reads symbols from "executable" only',
  cmsisPack: 'OpenOCD Debug reads no CMSIS-Pack; give an .svd file in svdFile',
  svdAddrGapThreshold: 'a setting of the Cortex-Debug peripheral viewer',
  device: 'Cortex-Debug uses it for J-Link and to find an SVD; with OpenOCD the chip comes from configFiles',
  interface: otherServer('jlink, stlink and bmp (the probe\'s transport); with OpenOCD it comes from configFiles'),
  v1: otherServer('stutil'),
  serialNumber: otherServer('jlink and stlink') + '; OpenOCD selects a probe with `adapter serial` in a config file or openocdCommands',
  ipAddress: otherServer('jlink'),
  jlinkscript: otherServer('jlink'),
  BMPGDBSerialPort: otherServer('bmp'),
  powerOverBMP: otherServer('bmp'),
  targetId: otherServer('bmp and pyocd'),
  boardId: otherServer('pyocd'),
  cpu: otherServer('qemu'),
  machine: otherServer('qemu'),
  stlinkPath: otherServer('stlink'),
  stm32cubeprogrammer: otherServer('stlink'),
  gdbTarget: otherServer('external'),
  debugServer: 'the port of a Cortex-Debug adapter started by hand (extension development)',
};

/** VS Code's own attributes, valid for any debug type: copied as they are. */
const clientAttributes = new Set(['preLaunchTask', 'postDebugTask', 'internalConsoleOptions', 'presentation', 'noDebug', 'suppressMultipleSessionWarning']);

/** Attributes that keep their meaning and name, or only their name changes (platform blocks carry only these). */
const renames: Readonly<Record<string, string>> = {
  executable: 'executable', cwd: 'cwd', configFiles: 'configFiles', searchDir: 'searchDir', serverpath: 'openocdPath',
  openOCDLaunchCommands: 'openocdCommands', runToEntryPoint: 'runToEntryPoint', svdFile: 'svdFile',
};

/** Attributes that make up the OpenOCD command line, which an attach leaves to the user. */
const serverAttributes = new Set(['serverpath', 'openOCDPath', 'searchDir', 'configFiles', 'openOCDPreConfigLaunchCommands', 'serverArgs', 'openOCDLaunchCommands']);

/** `tcl_port N` in OpenOCD's commands: the port the Tcl RPC server listens on (OpenOCD User's Guide, "Server Configuration"). */
const tclPortCommand = /^\s*tcl_port\s+(\d+)\s*$/;

/**
 * Converts a Cortex-Debug entry (see isCortexDebugOpenocd). Its `launch` becomes our `launch`;
 * its `attach`, which starts OpenOCD and halts the target without reset or programming
 * (Cortex-Debug src/openocd.ts attachCommands: `monitor halt`), becomes our `attach`, which resets
 * nothing either but connects to an OpenOCD the user starts (our `launch` always resets).
 */
export function convertCortexDebugConfiguration(source: Json): CortexDebugConversion {
  const attach = source.request === 'attach';
  const configuration: Record<string, unknown> = { type: 'openocd', request: attach ? 'attach' : 'launch', name: importedName(source) };
  const carried: CarriedAttribute[] = [];
  const notCarried: DroppedAttribute[] = [];
  const notes: string[] = [];
  const carry = (attribute: string, as: string, value?: unknown): void => {
    if (value !== undefined) configuration[as] = value;
    carried.push({ attribute, as });
  };
  const drop = (attribute: string, reason: string): void => void notCarried.push({ attribute, reason });

  const server = serverCommandLine(source, drop);
  const runTo = nonEmptyString(source.runToEntryPoint) ?? (source.runToMain === true ? 'main' : undefined);
  const commandLine = shellWords(server.words);

  for (const [attribute, value] of Object.entries(source)) {
    if (server.failed.has(attribute)) continue;
    if (isNothing(value) && !['configFiles', 'searchDir', 'loadFiles', 'runToEntryPoint'].includes(attribute)) {
      carry(attribute, '(empty: nothing to carry)');
      continue;
    }
    if (attach && serverAttributes.has(attribute)) {
      drop(attribute, 'an "openocd" attach connects to an OpenOCD you start yourself: it is part of that OpenOCD\'s command line (see "To do")');
      continue;
    }
    switch (attribute) {
      case 'type': carry(attribute, 'type "openocd"'); break;
      case 'servertype': carry(attribute, '(type "openocd" is always OpenOCD)'); break;
      case 'request': carry(attribute, attach ? 'request "attach" (no reset, no programming)' : 'request "launch"'); break;
      case 'name': carry(attribute, `name "${importedName(source)}"`); break;
      case 'executable': case 'cwd': carry(attribute, attribute, value); break;
      case 'configFiles':
        carry(attribute, attribute, [...server.configFiles]);
        if (server.configFiles.length === 0) notes.push('configFiles is empty (Cortex-Debug refuses that too): list your probe\'s and target\'s OpenOCD config files');
        break;
      case 'searchDir':
        if (server.searchDirs.length > 0) carry(attribute, attribute, [...server.searchDirs]);
        else carry(attribute, 'searchDir: [cwd] (Cortex-Debug searches cwd when searchDir is empty)');
        break;
      case 'serverpath': carry(attribute, 'openocdPath', value); break;
      case 'openOCDPath':
        if (source.serverpath === undefined) carry(attribute, 'openocdPath', value);
        else drop(attribute, 'Cortex-Debug\'s obsolete name of serverpath, which is given too and wins');
        break;
      case 'openOCDLaunchCommands': case 'serverArgs':
        carry(attribute, server.destinations[attribute]);
        break;
      case 'openOCDPreConfigLaunchCommands':
        drop(attribute, 'these run before the config files and OpenOCD Debug\'s openocdCommands run after them; put them at the top of a config file of your own, first in configFiles');
        break;
      case 'runToEntryPoint':
        if (attach) drop(attribute, 'Cortex-Debug ignores it in an attach, and an "openocd" attach just halts the target');
        else if (nonEmptyString(value) === undefined) drop(attribute, 'empty: Cortex-Debug treats it as not set');
        else carry(attribute, 'runToEntryPoint', nonEmptyString(value));
        break;
      case 'runToMain':
        if (attach) drop(attribute, 'Cortex-Debug ignores it in an attach');
        else if (value === false) carry(attribute, '(the default: run after reset)');
        else if (nonEmptyString(source.runToEntryPoint) !== undefined) drop(attribute, 'runToEntryPoint is given too and wins, as in Cortex-Debug');
        else if (value === true) carry(attribute, 'runToEntryPoint', 'main');
        else drop(attribute, `must be true or false; got ${JSON.stringify(value)}`);
        break;
      case 'breakAfterReset':
        if (attach) drop(attribute, 'an "openocd" attach halts the target anyway');
        else if (value === false) carry(attribute, '(the default: run after reset)');
        else if (runTo !== undefined) drop(attribute, 'Cortex-Debug ignores it when runToEntryPoint is set');
        else if (value === true) carry(attribute, 'stopAtEntry', true);
        else drop(attribute, `must be true or false; got ${JSON.stringify(value)}`);
        break;
      case 'loadFiles':
        if (attach) drop(attribute, 'an attach programs nothing');
        else if (Array.isArray(value) && value.length === 0) carry(attribute, 'load', false);
        else drop(attribute, 'OpenOCD Debug programs "executable" (load: true), not other files');
        break;
      case 'svdFile': case 'svdPath':
        if (attribute === 'svdPath' && source.svdFile !== undefined) drop(attribute, 'svdFile is given too, and OpenOCD Debug takes one SVD file');
        else if (typeof value === 'string' && /\.svd$/i.test(value)) carry(attribute, 'svdFile', value);
        else drop(attribute, `not an .svd file (${JSON.stringify(value)}): OpenOCD Debug's svdFile is the path of a CMSIS-SVD file, not a CMSIS-Pack device`);
        break;
      case 'windows': case 'linux': case 'osx':
        convertPlatformBlock(attribute, value, attach, carry, drop);
        break;
      default:
        if (clientAttributes.has(attribute)) carry(attribute, attribute, value);
        else if (attribute in fixedReasons) drop(attribute, withMonitorHint(fixedReasons[attribute], value));
        else if (attribute.startsWith('pvt')) drop(attribute, 'Cortex-Debug\'s private attribute');
        else drop(attribute, 'not a Cortex-Debug attribute this import knows; check it by hand');
    }
  }

  if (attach) {
    configuration.tclPort = server.tclPort ?? DEFAULT_TCL_PORT;
    const variables = commandLine.includes('${') ? ' (with VS Code\'s ${...} variables replaced)' : '';
    notes.push(`Start OpenOCD before this attach, which resets and programs nothing: ${commandLine}${variables}`);
  } else {
    // Cortex-Debug passes `-s <cwd>` when searchDir is empty (src/openocd.ts serverArguments), so
    // that a config file can `[find]` files of the project; OpenOCD Debug does not, hence explicit.
    if (server.searchDirs.length === 0) configuration.searchDir = [typeof source.cwd === 'string' ? source.cwd : '${workspaceFolder}'];
    if (server.commands.length > 0) configuration.openocdCommands = [...server.commands];
    if (server.extraConfigFiles.length > 0) configuration.configFiles = [...server.configFiles];
    if (server.tclPort !== undefined) configuration.tclPort = server.tclPort;
  }
  return { sourceName: sourceName(source), configuration, carried, notCarried, notes };
}

interface ServerCommandLine {
  readonly searchDirs: readonly string[];
  readonly configFiles: readonly string[];
  /** serverArgs' `-f` files, after configFiles (Cortex-Debug passes serverArgs after them). */
  readonly extraConfigFiles: readonly string[];
  /** serverArgs' `-c` commands, then openOCDLaunchCommands, without a `tcl_port` one. */
  readonly commands: readonly string[];
  readonly tclPort: number | undefined;
  /** The OpenOCD command line Cortex-Debug would run (less its own helper script and ports). */
  readonly words: readonly string[];
  /** Attributes whose value could not be used (already reported through `drop`). */
  readonly failed: ReadonlySet<string>;
  /** Where openOCDLaunchCommands and serverArgs went, for the report. */
  readonly destinations: Readonly<Record<'openOCDLaunchCommands' | 'serverArgs', string>>;
}

/**
 * Gathers OpenOCD's arguments in Cortex-Debug's order (src/openocd.ts serverArguments): -s
 * searchDir (or cwd), openOCDPreConfigLaunchCommands, -f configFiles, serverArgs, then
 * openOCDLaunchCommands. serverArgs is carried only when made of -c/-f/-s pairs with no -c before
 * a -f, since OpenOCD Debug runs every config file before every command.
 */
function serverCommandLine(source: Json, drop: (attribute: string, reason: string) => void): ServerCommandLine {
  const failed = new Set<string>();
  const strings = (attribute: string): string[] => {
    const value = source[attribute];
    if (value === undefined || value === null) return [];
    if (Array.isArray(value) && value.every((item) => typeof item === 'string')) return value;
    failed.add(attribute);
    drop(attribute, `must be an array of strings; got ${JSON.stringify(value)}`);
    return [];
  };
  const searchDirs = strings('searchDir');
  const configFiles = strings('configFiles');
  const preConfig = strings('openOCDPreConfigLaunchCommands');
  const launchCommands = strings('openOCDLaunchCommands');
  const serverArgs = strings('serverArgs');
  const parsed = parseServerArgs(serverArgs);
  if (parsed === undefined) {
    failed.add('serverArgs');
    drop('serverArgs', `only -c, -f and -s pairs with no -c before a -f can be carried; got ${JSON.stringify(serverArgs)}`);
  }
  const extra = parsed ?? { searchDirs: [], configFiles: [], commands: [] };
  let tclPort: number | undefined;
  const commands = [...extra.commands, ...launchCommands].filter((command) => {
    const port = tclPortCommand.exec(command);
    if (port) tclPort = Number(port[1]);
    return !port;
  });
  const isTclPort = (command: string): boolean => tclPortCommand.test(command);
  const destinationOf = (commandList: readonly string[], files: readonly string[], dirs: readonly string[]): string => [
    commandList.some((command) => !isTclPort(command)) && 'openocdCommands', commandList.some(isTclPort) && 'tclPort',
    files.length > 0 && 'configFiles', dirs.length > 0 && 'searchDir',
  ].filter(Boolean).join(', ');
  const serverpath = typeof source.serverpath === 'string' ? source.serverpath : typeof source.openOCDPath === 'string' ? source.openOCDPath : 'openocd';
  const dirs = searchDirs.length > 0 ? searchDirs : [typeof source.cwd === 'string' ? source.cwd : '${workspaceFolder}'];
  const words = [serverpath, ...dirs.flatMap((dir) => ['-s', dir]), ...preConfig.flatMap((command) => ['-c', command]),
    ...configFiles.flatMap((file) => ['-f', file]), ...(parsed ? serverArgs : []), ...launchCommands.flatMap((command) => ['-c', command])];
  return {
    searchDirs: [...searchDirs, ...extra.searchDirs], configFiles: [...configFiles, ...extra.configFiles], extraConfigFiles: extra.configFiles,
    commands, tclPort, words, failed,
    destinations: { openOCDLaunchCommands: destinationOf(launchCommands, [], []), serverArgs: destinationOf(extra.commands, extra.configFiles, extra.searchDirs) },
  };
}

function parseServerArgs(args: readonly string[]): { searchDirs: string[]; configFiles: string[]; commands: string[] } | undefined {
  const result = { searchDirs: [] as string[], configFiles: [] as string[], commands: [] as string[] };
  for (let i = 0; i < args.length; i += 2) {
    const [option, value] = [args[i], args[i + 1]];
    if (value === undefined) return undefined;
    if (option === '-c' || option === '--command') result.commands.push(value);
    else if (option === '-f' || option === '--file') {
      if (result.commands.length > 0) return undefined;
      result.configFiles.push(value);
    } else if (option === '-s' || option === '--search') result.searchDirs.push(value);
    else return undefined;
  }
  return result;
}

/**
 * A `windows`/`linux`/`osx` block: VS Code merges it into the entry for any debug type, so its
 * plain renames carry into a block of the same name; anything else in it is reported.
 */
function convertPlatformBlock(
  platform: string, value: unknown, attach: boolean,
  carry: (attribute: string, as: string, value?: unknown) => void, drop: (attribute: string, reason: string) => void,
): void {
  if (!isObject(value)) {
    drop(platform, `must be an object; got ${JSON.stringify(value)}`);
    return;
  }
  const block: Record<string, unknown> = {};
  for (const [attribute, inner] of Object.entries(value)) {
    const ours = renames[attribute];
    if (ours === undefined || (attach && serverAttributes.has(attribute)) || (attach && attribute === 'runToEntryPoint')) {
      drop(`${platform}.${attribute}`, `in a platform block only ${Object.keys(renames).join(', ')} (launch) are carried; convert it by hand`);
    } else {
      block[ours] = inner;
      carry(`${platform}.${attribute}`, `${platform}.${ours}`);
    }
  }
  if (Object.keys(block).length > 0) carry(platform, platform, block);
  else drop(platform, `none of its attributes could be carried (each is listed as ${platform}.<attribute>)`);
}

/** GDB's `monitor X` is OpenOCD's command X: say where such commands can still be typed. */
function withMonitorHint(reason: string, value: unknown): string {
  const monitors = Array.isArray(value) ? value.filter((command): command is string => typeof command === 'string' && /^\s*monitor\s/.test(command)) : [];
  if (monitors.length === 0) return reason;
  return `${reason}; its monitor commands are OpenOCD commands, which the Debug Console runs after ">" (e.g. ">${monitors[0].replace(/^\s*monitor\s+/, '')}")`;
}

/** An empty array, empty object, null or `{ "enabled": false }`: nothing is lost by leaving it. */
function isNothing(value: unknown): boolean {
  if (value === null) return true;
  if (Array.isArray(value)) return value.length === 0;
  if (isObject(value)) return Object.keys(value).length === 0 || value.enabled === false;
  return false;
}

/** The source entry's name, or a stand-in when it has none. */
export function sourceName(entry: Json): string {
  return typeof entry.name === 'string' && entry.name.trim() !== '' ? entry.name : 'Cortex-Debug';
}

function nonEmptyString(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** POSIX shell quoting, for a command line the user can paste. */
function shellWords(words: readonly string[]): string {
  return words.map((word) => (/^[\w@%+=:,./${}-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`)).join(' ');
}
