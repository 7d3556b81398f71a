// The settings of a debug session, validated: what the adapter's launch.json check produces and
// the session starts from. Types only.

/** How the session begins once the target is reset and halted (launch) or attached. */
export type EntryAction = { readonly kind: 'stop' } | { readonly kind: 'runTo'; readonly functionName: string } | { readonly kind: 'run' };

interface CommonSettings {
  /** Absolute path of the ELF file. */
  readonly executable: string;
  /** Absolute working directory every relative path was resolved against. */
  readonly cwd: string;
  /** Absolute SVD file path, kept for the peripheral view. */
  readonly svdFile: string | undefined;
  /** Compiled path prefix -> absolute local path prefix. */
  readonly sourceFileMap: Readonly<Record<string, string>>;
  /** Attributes we did not recognise (probably misspelt); reported as warnings, not errors. */
  readonly unknownAttributes: readonly string[];
  /** launch.json `semihosting`: OpenOCD serves the program's semihosting calls (default off). */
  readonly semihosting?: boolean;
  /** launch.json `rtt` when enabled: the RTT channels are read and written. */
  readonly rtt?: RttSettings;
}

/** Where the RTT control block is and which up channels to open. */
export interface RttSettings {
  /** The control block's address; default: the ELF symbol `_SEGGER_RTT`. */
  readonly address?: number;
  /** Bytes searched for the block's ID from `address` (`rtt setup`'s size). */
  readonly searchSize: number;
  /** Up channels to open; default all. */
  readonly channels?: readonly number[];
}

/** A validated `launch`: we start OpenOCD, program, reset and halt. */
export interface LaunchSettings extends CommonSettings {
  readonly request: 'launch';
  /** `openocd` (looked up in PATH) or an absolute path. */
  readonly openocdPath: string;
  /** `-f` files, absolute when found relative to cwd, else as written (OpenOCD's search path finds them). */
  readonly configFiles: readonly string[];
  /** `-s` directories, absolute. */
  readonly searchDirs: readonly string[];
  /** `-c` commands, after the config files. */
  readonly openocdCommands: readonly string[];
  /** A fixed Tcl port, or undefined for a free one. */
  readonly tclPort: number | undefined;
  readonly load: boolean;
  /**
   * launch.json `verifyBeforeFlashing` (default true): a flash image the flash already holds is
   * neither erased nor written. RAM images always load.
   */
  readonly verifyBeforeFlashing: boolean;
  readonly entry: EntryAction;
}

/** A validated `attach`: we connect to a running OpenOCD and reset nothing. */
export interface AttachSettings extends CommonSettings {
  readonly request: 'attach';
  readonly host: string;
  readonly tclPort: number;
}

export type SessionSettings = LaunchSettings | AttachSettings;
