// The custom DAP requests of the OpenOCD adapter (`openocd.*`): names, arguments and bodies, and
// its custom events. Types and names only, no code that runs a request: the extension imports this
// module, and any DAP client (nvim-dap, Emacs dap-mode) may use them. Documented in src/adapter/README.md.
// The element types of the bodies are the session layer's own; a type-only import, so nothing of it
// reaches the extension's bundle.
import type { FlashBankDescription, FlashSectorDescription, ImageMismatch, ResetMode, TargetDescription } from '../session';
import type { LiveValue } from '../engine';

/** Request names, as `customRequest(name, args)` sends them. */
export const CUSTOM_REQUESTS = {
  targets: 'openocd.targets',
  reset: 'openocd.reset',
  flashBanks: 'openocd.flashBanks',
  program: 'openocd.program',
  erase: 'openocd.erase',
  verify: 'openocd.verify',
  command: 'openocd.command',
  svdLoad: 'openocd.svdLoad',
  svdWatch: 'openocd.svdWatch',
  svdRead: 'openocd.svdRead',
  svdWrite: 'openocd.svdWrite',
  liveRead: 'openocd.liveRead',
  rttWrite: 'openocd.rttWrite',
} as const;

/** One OpenOCD target: name, type, state as OpenOCD says it, thread, PC and function while halted. */
export type TargetInfo = TargetDescription;
export interface TargetsResponseBody {
  readonly targets: readonly TargetInfo[];
}

export type { ResetMode };
export interface ResetArguments {
  readonly mode: ResetMode;
  /** Any thread of the session: OpenOCD's reset is global. */
  readonly threadId?: number;
}

/** A sector: offset from the bank's base, size, and write protection (absent when the driver cannot tell). */
export type FlashSectorInfo = FlashSectorDescription;
/** A bank: index, name, driver, base, size, owning target, sectors. */
export type FlashBankInfo = FlashBankDescription;
export interface FlashBanksResponseBody {
  readonly banks: readonly FlashBankInfo[];
}

export interface ProgramArguments {
  /** The image: ELF, Intel HEX, S-record, or a raw binary with `address`. Relative to the session's `cwd`. */
  readonly path: string;
  /** Load address of a raw binary (.bin) only. */
  readonly address?: number;
  /** Compare the target with the file after writing (default true). */
  readonly verify?: boolean;
}
export interface ProgramResponseBody {
  readonly bytes: number;
  readonly verified: boolean;
}

export interface EraseArguments {
  readonly bank: number;
  /** First and last sector, inclusive (default: the whole bank). */
  readonly firstSector?: number;
  readonly lastSector?: number;
}

export interface VerifyArguments {
  readonly path: string;
  readonly address?: number;
}
export interface VerifyResponseBody {
  readonly matches: boolean;
  /** The first differing byte: its address, the file's byte (`expected`) and the target's (`actual`). */
  readonly firstMismatch?: ImageMismatch;
}

export interface CommandArguments {
  /** A raw OpenOCD command, as after `>` in the debug console. */
  readonly command: string;
  /** The thread whose target is current while it runs (default: the first). */
  readonly threadId?: number;
}
export interface CommandResponseBody {
  readonly output: string;
}

export interface SvdLoadArguments {
  /** The CMSIS-SVD file; relative to the session's `cwd`. Replaces the one loaded (launch.json `svdFile`). */
  readonly path: string;
}
export interface SvdLoadResponseBody {
  /** The device's name in the file. */
  readonly device: string;
  /** The absolute path loaded. */
  readonly file: string;
  readonly peripherals: number;
  readonly registers: number;
  /** Oddities of the file the parser tolerated. */
  readonly warnings: number;
}

/**
 * Paths name SVD elements with dots: a peripheral `GPIOA`, a register `GPIOA.ODR`, a cluster
 * register `PERIPH.CLUSTER.REG`, a field `GPIOA.ODR.ODR5` (slashes as in SVD paths work too).
 */
export interface SvdWatchArguments {
  /** What the view shows (peripherals, clusters, registers; a field watches its register); replaces the previous set, `[]` clears it. */
  readonly paths: readonly string[];
  readonly threadId?: number;
}
export interface SvdWatchResponseBody {
  /** Registers every stop now reads, in `reads` memory reads (the same Tcl request as the stop). */
  readonly registers: number;
  readonly reads: number;
  /** Watched registers no stop reads, and why (`readAction modify`, `write-only register`). */
  readonly skipped: Readonly<Record<string, string>>;
  /** Paths that name nothing, with why. */
  readonly errors: Readonly<Record<string, string>>;
}

export interface SvdReadArguments {
  /** Registers and fields. */
  readonly paths: readonly string[];
  /**
   * Read registers whose read has a side effect (SVD readAction) or that are write-only: `true`
   * for every path, or the paths to force. Without it such a path gets an error saying why.
   */
  readonly force?: boolean | readonly string[];
  readonly threadId?: number;
}
export interface SvdReadResponseBody {
  /** By path: the register's value, or the field's value shifted down to bit 0. */
  readonly values: Readonly<Record<string, number>>;
  /** By path: why it has no value (unknown path, not read without `force`, a failed read). */
  readonly errors: Readonly<Record<string, string>>;
  /** The target was running: the values were read live, not at a stop. */
  readonly running: boolean;
}

export interface SvdWriteArguments {
  /** A register or a field. */
  readonly path: string;
  /** The register's value, or the field's (unshifted, from bit 0). */
  readonly value: number;
  readonly threadId?: number;
}
export interface SvdWriteResponseBody {
  /** The path's value read back after the write; absent when reading it is not safe (side effect, write-only). */
  readonly value?: number;
  /** The whole register value written (a field's neighbours included). */
  readonly written: number;
}

export interface LiveReadArguments {
  /** C expressions without frame: globals, statics, `g.a[2]`, `*p`, `p->x`, casts (locals too while halted). */
  readonly expressions: readonly string[];
  /** Expressions (a row's `evaluateName`) whose children to list too; they need not be in `expressions`. */
  readonly expand?: readonly string[];
  /** GDB `print/x`, as "Hex" in the Variables view. */
  readonly hex?: boolean;
  readonly threadId?: number;
}
/**
 * One row as the Variables view shows it: `name` (the expression), `value` (GDB `print` text),
 * `type`, `evaluateName`, `expandable`, `memoryReference?`, `indexedCount?` (arrays); `error` when
 * the expression cannot be read (`value` holds the same text).
 */
export type LiveValueInfo = LiveValue;
export interface LiveReadResponseBody {
  /** True when the target ran: read live, not at a stop. */
  readonly running: boolean;
  /** One per expression, in order. */
  readonly values: readonly LiveValueInfo[];
  /** By `expand` entry: its members, its elements (the first 100 of an array) or a pointer's target. */
  readonly children: Readonly<Record<string, readonly LiveValueInfo[]>>;
}

export interface RttWriteArguments {
  /** The down channel (the same number as the up channel it answers). */
  readonly channel: number;
  /** Text written as UTF-8, as is (add the newline the program waits for). */
  readonly data: string;
}

/** Custom event names. DAP clients ignore events they do not know (VS Code does). */
export const CUSTOM_EVENTS = {
  /** One line of the log of the OpenOCD the session started (launch only); body OpenocdLogEventBody. */
  openocdLog: 'openocd.log',
  /** The RTT control block was found and its up channels opened; body RttChannelsEventBody. */
  rttChannels: 'openocd.rttChannels',
  /** Text from an RTT up channel; body RttEventBody. Sent only when the client asked for it (`__rttEvents`); otherwise output events carry it. */
  rtt: 'openocd.rtt',
} as const;

export interface RttChannelsEventBody {
  readonly channels: readonly { readonly index: number; readonly name: string; readonly byteSize: number }[];
}

export interface RttEventBody {
  readonly channel: number;
  readonly name: string;
  readonly text: string;
}

export interface OpenocdLogEventBody {
  /** The line as OpenOCD printed it, without its newline (`Info : ...`, `Error: ...`). */
  readonly line: string;
  /** From its prefix (OpenOCD src/helper/log.c); `user` for unprefixed output such as the halt message. */
  readonly level: 'error' | 'warning' | 'info' | 'debug' | 'user';
}
