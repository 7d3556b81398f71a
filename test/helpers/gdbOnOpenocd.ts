// Test oracle: runs gdb-multiarch in batch mode against an OpenOCD GDB port, so tests can compare
// what the engine or the adapter shows with what GDB says about the same halted core.
// Tests only; the product never runs GDB.
import { execFile } from 'node:child_process';
import { DebuggerError } from '../../src/common';

/** GDB could not be run, failed, timed out, or OpenOCD has no GDB port. */
export class GdbOracleError extends DebuggerError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('gdbOracle', message, options);
  }
}

/** Where GDB connects and what it runs there. */
export interface GdbOnOpenocdOptions {
  /** OpenOCD's GDB port on 127.0.0.1 (undefined when OpenOCD was started with it disabled). */
  readonly gdbPort: number | undefined;
  /** The ELF GDB loads its symbols from. */
  readonly elfPath: string;
  /** GDB commands, run in order after `target extended-remote` and before `disconnect`. */
  readonly commands: readonly string[];
  /** Kills GDB after this long (default 120 s: slow on a loaded two-core machine). */
  readonly timeoutMs?: number;
}

const defaultTimeoutMs = 120_000;

/**
 * GDB attached to OpenOCD runs `commands`, then disconnects (the core stays as GDB left it).
 * Resolves with stdout and stderr merged in order, so an error stays next to its command.
 */
export function gdbOnOpenocd(options: GdbOnOpenocdOptions): Promise<string> {
  const { gdbPort, elfPath, commands, timeoutMs = defaultTimeoutMs } = options;
  if (gdbPort === undefined) return Promise.reject(new GdbOracleError('OpenOCD was started without a GDB port (gdbPort: \'auto\' opens one)'));
  const args = ['-batch', '-nx', '-ex', 'set width 0', '-ex', 'set height 0', '-ex', 'set confirm off',
    '-ex', 'set pagination off', '-ex', `target extended-remote 127.0.0.1:${gdbPort}`];
  for (const command of commands) args.push('-ex', command);
  args.push('-ex', 'disconnect', elfPath);
  return new Promise((resolve, reject) => {
    // One pipe for both streams (2>&1 in the shell) keeps GDB's messages in the order it wrote them.
    execFile('sh', ['-c', 'exec gdb-multiarch "$@" 2>&1', 'sh', ...args], { timeout: timeoutMs, maxBuffer: 16 << 20 }, (error, stdout) => {
      if (error) reject(new GdbOracleError(`gdb-multiarch on 127.0.0.1:${gdbPort} failed: ${error.message}\n${stdout}`, { cause: error }));
      else resolve(stdout);
    });
  });
}

/** The output of each group of GDB commands, in one GDB run (groups are split by echoed markers). */
export async function gdbBlocks(target: Omit<GdbOnOpenocdOptions, 'commands'>, groups: readonly (readonly string[])[]): Promise<string[]> {
  const commands = groups.flatMap((group, k) => [`echo @@${k}\\n`, ...group]);
  const output = await gdbOnOpenocd({ ...target, commands: [...commands, `echo @@${groups.length}\\n`] });
  return groups.map((_, k) => output.slice(output.indexOf(`@@${k}\n`) + `@@${k}\n`.length, output.indexOf(`@@${k + 1}\n`)));
}

/**
 * GDB's answer to each `print EXPR`: the text after `$N = `, or its error message. With `frame`,
 * GDB selects that frame first (`frame N`); otherwise it prints in the frame it stopped in.
 */
export async function gdbPrints(target: Omit<GdbOnOpenocdOptions, 'commands'>, expressions: readonly string[], frame?: number): Promise<string[]> {
  const selectFrame = frame === undefined ? [] : [`frame ${frame}`];
  const blocks = await gdbBlocks(target, [selectFrame, ...expressions.map((expression) => [`print ${expression}`])]);
  return blocks.slice(1).map((block) => block.trim().replace(/^\$\d+ = /, ''));
}
