// Validates the launch.json attributes of a `launch` or `attach` request into typed settings with
// absolute paths. Pure apart from asking `FileChecks` whether paths exist; it starts nothing and
// knows no DAP message types. Every error names the attribute it is about.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { UserError } from '../common';
import type { EntryAction, RttSettings, SessionSettings } from '../session';

/** What the validator asks of the file system (a seam for tests of odd cases). */
export interface FileChecks {
  isFile(file: string): boolean;
  isDirectory(dir: string): boolean;
}

const nodeFileChecks: FileChecks = {
  isFile: (file) => statOf(file)?.isFile() ?? false,
  isDirectory: (dir) => statOf(dir)?.isDirectory() ?? false,
};

/**
 * fs.statSync, or undefined for a path that names nothing usable: missing, below a file (ENOTDIR),
 * holding a NUL (ERR_INVALID_ARG_VALUE), unreadable. `throwIfNoEntry` covers only the first.
 */
function statOf(file: string): fs.Stats | undefined {
  try {
    return fs.statSync(file);
  } catch {
    return undefined;
  }
}

/** One launch.json attribute, for the package.json schema and for the README. */
export interface AttributeDescription {
  readonly type: 'string' | 'boolean' | 'integer' | 'array' | 'object';
  readonly requests: readonly ('launch' | 'attach')[];
  readonly description: string;
  readonly default?: unknown;
  readonly items?: { readonly type: 'string' };
  readonly additionalProperties?: { readonly type: 'string' };
  /** The members of an object attribute (package.json schema). */
  readonly properties?: Readonly<Record<string, { readonly type: string | readonly string[]; readonly description: string; readonly default?: unknown; readonly items?: { readonly type: string } }>>;
}

/** `rtt.searchSize` by default: the control block's 16-byte ID, found exactly at `rtt.address` or the symbol. */
export const DEFAULT_RTT_SEARCH_SIZE = 16;

/** OpenOCD's default `tcl_port` (OpenOCD User's Guide, "Server Configuration"): where attach looks. */
export const DEFAULT_TCL_PORT = 6666;

/** Every attribute the adapter reads, with JSON-schema types and descriptions (package.json `configurationAttributes`). */
export const launchAttributes: Readonly<Record<string, AttributeDescription>> = {
  executable: { type: 'string', requests: ['launch', 'attach'], description: 'The ELF file to debug (and to program with `load`). Relative to `cwd`.' },
  cwd: { type: 'string', requests: ['launch', 'attach'], description: 'Directory relative paths are resolved against. Default: the workspace folder.', default: '${workspaceFolder}' },
  openocdPath: { type: 'string', requests: ['launch'], description: 'The OpenOCD executable: a name looked up in PATH or a path.', default: 'openocd' },
  configFiles: { type: 'array', items: { type: 'string' }, requests: ['launch'], description: 'OpenOCD config files (-f), in order, e.g. ["interface/stlink.cfg", "target/stm32f0x.cfg"]. Found relative to `cwd` or in OpenOCD\'s search path.' },
  searchDir: { type: 'array', items: { type: 'string' }, requests: ['launch'], description: 'Extra OpenOCD script directories (-s); a string or an array of strings.' },
  openocdCommands: { type: 'array', items: { type: 'string' }, requests: ['launch'], description: 'Extra OpenOCD commands (-c), run after the config files.' },
  host: { type: 'string', requests: ['attach'], description: 'Host of the running OpenOCD to attach to.', default: '127.0.0.1' },
  tclPort: { type: 'integer', requests: ['launch', 'attach'], description: 'OpenOCD Tcl RPC port. attach: the running OpenOCD\'s port (default 6666); launch: a fixed port instead of a free one.', default: DEFAULT_TCL_PORT },
  load: { type: 'boolean', requests: ['launch'], description: 'Program the ELF (flash or RAM, as its load segments say) and verify it before reset.', default: true },
  verifyBeforeFlashing: {
    type: 'boolean',
    requests: ['launch'],
    description: 'Before erasing flash, check by checksum whether it already holds the ELF; if so, skip erase and write (the check verified it). false: always erase, write and verify. RAM images always load.',
    default: true,
  },
  runToEntryPoint: { type: 'string', requests: ['launch'], description: 'After reset, run to this function (e.g. "main") and stop there.' },
  stopAtEntry: { type: 'boolean', requests: ['launch'], description: 'After reset, stop at the reset vector.', default: false },
  svdFile: { type: 'string', requests: ['launch', 'attach'], description: 'CMSIS-SVD file of the device, for the peripheral view.' },
  sourceFileMap: { type: 'object', additionalProperties: { type: 'string' }, requests: ['launch', 'attach'], description: 'Maps source path prefixes recorded in the ELF to local paths, e.g. {"/build/src": "${workspaceFolder}/src"}.' },
  semihosting: { type: 'boolean', requests: ['launch', 'attach'], description: 'Serve the program\'s semihosting calls (BKPT 0xAB): its console output goes to the debug console, a debug console line starting with < is its input, and SYS_EXIT ends the session with the exit code.', default: false },
  rtt: {
    type: 'object',
    requests: ['launch', 'attach'],
    description: 'SEGGER RTT: each up channel in a terminal (and as debug console output for other clients); typing there writes the down channel of the same number.',
    properties: {
      enabled: { type: 'boolean', description: 'Read and write the RTT channels.', default: true },
      address: { type: ['integer', 'string'], description: 'Address of the RTT control block (a number or "0x..."). Default: the ELF symbol _SEGGER_RTT.' },
      searchSize: { type: 'integer', description: 'Bytes searched for the control block\'s ID "SEGGER RTT" from the address.', default: DEFAULT_RTT_SEARCH_SIZE },
      channels: { type: 'array', items: { type: 'integer' }, description: 'Up channels to open, e.g. [0]. Default: all.' },
    },
  },
  keepHitCountsOnRestart: { type: 'boolean', requests: ['launch', 'attach'], description: 'Breakpoint hit counts (hit conditions) go on counting across a restart or reset of the program instead of starting again at 0.', default: false },
  stopAllCores: {
    type: 'boolean',
    requests: ['launch', 'attach'],
    description: 'Several OpenOCD targets (cores): a stop of one core halts the others, and continue resumes them all (GDB\'s all-stop). By default each core stops, runs and steps on its own.',
    default: false,
  },
  openocdLogInConsole: { type: 'boolean', requests: ['launch'], description: 'Show all of OpenOCD\'s log in the debug console, not only its warnings and errors (for clients without an OpenOCD output channel). In VS Code the default is the setting openocd-debug.debugConsole.showOpenocdLog.', default: false },
};

/**
 * The launch.json attribute the VS Code extension adds so that RTT text comes as `openocd.rtt`
 * events for its terminals instead of debug console output (attributes starting with `__` are the
 * client's, never reported as unknown).
 */
export const RTT_EVENTS_ATTRIBUTE = '__rttEvents';

/** The validated launch.json: the session's settings and what the adapter itself reads. */
export type AdapterSettings = SessionSettings & {
  /** RTT text as `openocd.rtt` events (the VS Code extension's terminals), not as output events. */
  readonly rttEvents: boolean;
  /** Every OpenOCD log line goes to the debug console too, not only warnings and errors (always false for attach: no log). */
  readonly openocdLogInConsole: boolean;
  /** Breakpoint hit counts survive a restart or reset (default: back to 0, as GDB's `run`). */
  readonly keepHitCountsOnRestart: boolean;
  /** A stop of one core halts the others and continue resumes them all (default: each core on its own). */
  readonly stopAllCores: boolean;
};

/** Attributes VS Code and other clients add to every configuration; never ours to check. */
const clientAttributes = new Set(['type', 'name', 'request', 'preLaunchTask', 'postDebugTask', 'internalConsoleOptions', 'debugServer', 'presentation', 'noDebug', 'suppressMultipleSessionWarning']);


/**
 * Validates a launch or attach request's arguments. Throws one UserError listing every wrong
 * attribute, each line naming it (`launch.json: "configFiles" must be ...; got "x"`).
 */
export function validateSessionConfig(
  request: 'launch' | 'attach',
  args: Readonly<Record<string, unknown>>,
  options: { workspaceFolder?: string; files?: FileChecks } = {},
): AdapterSettings {
  const files = options.files ?? nodeFileChecks;
  const problems: string[] = [];
  const fail = (attribute: string, message: string): undefined => {
    // One line per attribute: a newline or other control character in a path is shown escaped (\n).
    const visible = message.replace(/[\0-\x1f\x7f]/g, (char) => JSON.stringify(char).slice(1, -1));
    problems.push(`launch.json: "${attribute}"${visible.startsWith(':') ? '' : ' '}${visible}`);
    return undefined;
  };
  const reader = new AttributeReader(args, fail);

  const base = path.resolve(options.workspaceFolder ?? process.cwd());
  let cwd = base;
  const cwdText = reader.string('cwd');
  if (cwdText !== undefined) {
    cwd = path.resolve(base, cwdText);
    if (!files.isDirectory(cwd)) fail('cwd', `: no such directory ${cwd}`);
  }
  const existingFile = (attribute: string, value: string | undefined): string | undefined => {
    if (value === undefined) return undefined;
    const absolute = path.resolve(cwd, value);
    return files.isFile(absolute) ? absolute : fail(attribute, `: no such file ${absolute}`);
  };

  const executableText = reader.string('executable');
  if (executableText === undefined && !('executable' in args)) fail('executable', 'is required: the path of the ELF file to debug');
  const executable = existingFile('executable', executableText);
  const svdFile = existingFile('svdFile', reader.string('svdFile'));
  const sourceFileMap: Record<string, string> = {};
  for (const [compiled, local] of Object.entries(reader.stringMap('sourceFileMap') ?? {})) sourceFileMap[compiled] = path.resolve(cwd, local);

  for (const [name, description] of Object.entries(launchAttributes)) {
    if (name in args && !description.requests.includes(request)) fail(name, `applies only to ${description.requests.join(' and ')} requests, not to "${request}"`);
  }
  const unknownAttributes = Object.keys(args).filter((key) => !key.startsWith('__') && !clientAttributes.has(key) && !(key in launchAttributes));
  const semihosting = reader.boolean('semihosting') ?? false;
  const rtt = reader.rtt('rtt');
  const rttEvents = args[RTT_EVENTS_ATTRIBUTE] === true;
  const keepHitCountsOnRestart = reader.boolean('keepHitCountsOnRestart') ?? false;
  const stopAllCores = reader.boolean('stopAllCores') ?? false;
  const common = { executable: executable ?? '', cwd, svdFile, sourceFileMap, unknownAttributes, semihosting, rtt, keepHitCountsOnRestart, stopAllCores };

  if (request === 'attach') {
    const host = reader.string('host') ?? '127.0.0.1';
    if (host.trim() === '') fail('host', 'must not be empty');
    const tclPort = reader.port('tclPort') ?? DEFAULT_TCL_PORT;
    throwIfAny(problems);
    return { request, ...common, host, tclPort, openocdLogInConsole: false, rttEvents };
  }

  const openocdText = reader.string('openocdPath') ?? 'openocd';
  let openocdPath = openocdText;
  if (openocdText.includes('/') || openocdText.includes(path.sep)) openocdPath = existingFile('openocdPath', openocdText) ?? openocdText;
  else if (openocdText.trim() === '') fail('openocdPath', 'must not be empty');
  const configFiles = (reader.stringArray('configFiles') ?? []).map((file) => {
    const absolute = path.resolve(cwd, file);
    if (files.isFile(absolute)) return absolute;
    if (path.isAbsolute(file)) fail('configFiles', `: no such file ${file}`);
    return file;
  });
  const searchDirs = (reader.stringArray('searchDir', { acceptString: true }) ?? []).map((dir) => {
    const absolute = path.resolve(cwd, dir);
    if (!files.isDirectory(absolute)) fail('searchDir', `: no such directory ${absolute}`);
    return absolute;
  });
  const openocdCommands = reader.stringArray('openocdCommands') ?? [];
  if (configFiles.length === 0 && openocdCommands.length === 0 && !problems.some((p) => p.includes('"configFiles"'))) {
    fail('configFiles', 'is required: the OpenOCD config files for your probe and target, e.g. ["interface/stlink.cfg", "target/stm32f0x.cfg"]');
  }
  const tclPort = reader.port('tclPort');
  const load = reader.boolean('load') ?? true;
  const verifyBeforeFlashing = reader.boolean('verifyBeforeFlashing') ?? true;
  const openocdLogInConsole = reader.boolean('openocdLogInConsole') ?? false;
  const stopAtEntry = reader.boolean('stopAtEntry') ?? false;
  const runTo = reader.string('runToEntryPoint');
  if (runTo !== undefined && runTo.trim() === '') fail('runToEntryPoint', 'must name a function, e.g. "main"');
  if (runTo !== undefined && stopAtEntry) fail('runToEntryPoint', 'cannot be combined with "stopAtEntry": true (choose where to stop)');
  const entry: EntryAction = stopAtEntry ? { kind: 'stop' } : runTo ? { kind: 'runTo', functionName: runTo.trim() } : { kind: 'run' };
  throwIfAny(problems);
  return { request, ...common, openocdPath, configFiles, searchDirs, openocdCommands, tclPort, load, verifyBeforeFlashing, entry, openocdLogInConsole, rttEvents };
}

function throwIfAny(problems: readonly string[]): void {
  if (problems.length > 0) throw new UserError(problems.join('\n'));
}

/** Reads one attribute with its type, reporting a wrong type through `fail`. */
class AttributeReader {
  constructor(
    private readonly args: Readonly<Record<string, unknown>>,
    private readonly fail: (attribute: string, message: string) => undefined,
  ) {}

  string(name: string): string | undefined {
    const value = this.args[name];
    if (value === undefined) return undefined;
    return typeof value === 'string' ? value : this.fail(name, `must be a string; got ${describe(value)}`);
  }

  boolean(name: string): boolean | undefined {
    const value = this.args[name];
    if (value === undefined) return undefined;
    return typeof value === 'boolean' ? value : this.fail(name, `must be true or false; got ${describe(value)}`);
  }

  port(name: string): number | undefined {
    const value = this.args[name];
    if (value === undefined) return undefined;
    if (typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= 65535) return value;
    return this.fail(name, `must be a TCP port number (1-65535); got ${describe(value)}`);
  }

  stringArray(name: string, options: { acceptString?: boolean } = {}): string[] | undefined {
    const value = this.args[name];
    if (value === undefined) return undefined;
    if (options.acceptString && typeof value === 'string') return [value];
    if (Array.isArray(value) && value.every((item) => typeof item === 'string')) return value;
    return this.fail(name, `must be an array of strings${options.acceptString ? ' (or one string)' : ''}; got ${describe(value)}`);
  }

  /** `rtt`: undefined when absent or `enabled: false`; each wrong member named as `rtt.member`. */
  rtt(name: string): RttSettings | undefined {
    const value = this.args[name];
    if (value === undefined) return undefined;
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return this.fail(name, `must be an object such as {"enabled": true}; got ${describe(value)}`);
    const members = new AttributeReader(value as Record<string, unknown>, (member, message) => this.fail(`${name}.${member}`, message));
    const enabled = members.boolean('enabled') ?? true;
    const address = members.address('address');
    const searchSize = members.positiveInteger('searchSize') ?? DEFAULT_RTT_SEARCH_SIZE;
    const channels = members.integerArray('channels');
    for (const key of Object.keys(value)) if (!['enabled', 'address', 'searchSize', 'channels'].includes(key)) this.fail(`${name}.${key}`, 'is not an RTT setting (enabled, address, searchSize, channels)');
    return enabled ? { address, searchSize, channels } : undefined;
  }

  /** A 32-bit address: a JSON number or a "0x..." string. */
  address(name: string): number | undefined {
    const value = this.args[name];
    if (value === undefined) return undefined;
    const number = typeof value === 'string' && /^(0x[0-9a-f]+|\d+)$/i.test(value.trim()) ? Number(value.trim()) : value;
    if (typeof number === 'number' && Number.isInteger(number) && number >= 0 && number <= 0xffffffff) return number;
    return this.fail(name, `must be an address (a number or "0x..." up to 0xffffffff); got ${describe(value)}`);
  }

  positiveInteger(name: string): number | undefined {
    const value = this.args[name];
    if (value === undefined) return undefined;
    return typeof value === 'number' && Number.isInteger(value) && value > 0 ? value : this.fail(name, `must be a whole number above 0; got ${describe(value)}`);
  }

  integerArray(name: string): number[] | undefined {
    const value = this.args[name];
    if (value === undefined) return undefined;
    if (Array.isArray(value) && value.every((item) => Number.isInteger(item) && item >= 0)) return value as number[];
    return this.fail(name, `must be an array of channel numbers (0 or more); got ${describe(value)}`);
  }

  stringMap(name: string): Record<string, string> | undefined {
    const value = this.args[name];
    if (value === undefined) return undefined;
    if (typeof value === 'object' && value !== null && !Array.isArray(value) && Object.values(value).every((item) => typeof item === 'string')) {
      return value as Record<string, string>;
    }
    return this.fail(name, `must be an object mapping path prefixes to local paths (strings); got ${describe(value)}`);
  }
}

/** The offending value as JSON, shortened: what the user wrote. */
function describe(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}
