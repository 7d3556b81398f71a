// The watchdog that keeps OpenOCD from outliving Node on Linux, macOS and Windows: its source (run by
// `process.execPath -e`, so nothing extra needs bundling) and the parent's side of its protocol.
// It must not know OpenOCD's arguments, ports or log: it starts one program and guards its life.
import { spawn } from 'node:child_process';
import type { Readable } from 'node:stream';
import { OpenocdExitedError } from '../common';

/** How long the watchdog waits after SIGTERM before SIGKILL (POSIX; Windows has no graceful kill). */
export const WATCHDOG_KILL_AFTER_MS = 3000;

/**
 * The watchdog, plain CommonJS run with `node -e` (argv: program, then its arguments). It spawns the
 * program with our stdout/stderr as its own (no relaying), reports `{pid}` or `{error}` and later
 * `{exitCode, signal}` over the IPC channel, and kills the program when that channel closes, which
 * the OS does however the parent ends, SIGKILL included. Signals aimed at the watchdog itself
 * (Ctrl-C, a closed terminal) stop the program the same way instead of orphaning it.
 * Passed inline rather than as a file: the adapter is bundled into dist/adapter.js by esbuild,
 * and a string needs no extra entry point or path lookup there or under tsx.
 */
export const WATCHDOG_SOURCE = `'use strict';
const { spawn } = require('child_process');
const [executable, ...args] = process.argv.slice(1);
const program = spawn(executable, args, { stdio: ['ignore', 'inherit', 'inherit'], windowsHide: true });
let exited = false;
let stopping = false;
function report(message, then) {
  if (process.connected) process.send(message, () => then && then());
  else if (then) then();
}
function stop() {
  if (exited || stopping) return;
  stopping = true;
  if (process.platform === 'win32') {
    program.kill();
    return;
  }
  program.kill('SIGTERM');
  setTimeout(() => program.kill('SIGKILL'), ${WATCHDOG_KILL_AFTER_MS}).unref();
}
program.once('spawn', () => report({ pid: program.pid }));
program.once('error', (error) => {
  if (program.pid === undefined) report({ error: error.message }, () => process.exit(1));
});
program.once('exit', (exitCode, signal) => {
  exited = true;
  process.exitCode = exitCode === null ? 1 : exitCode;
  report({ exitCode, signal }, () => process.connected && process.disconnect());
});
process.once('disconnect', stop);
for (const name of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(name, stop);
`;

/** How a watched program ended: exit code, or the signal that killed it. */
export interface WatchedExit {
  readonly exitCode: number | null;
  readonly signal: NodeJS.Signals | null;
}

/** A program running under the watchdog. */
export interface WatchedProcess {
  /** Pid of the program itself, not of the watchdog. */
  readonly pid: number;
  readonly stdout: Readable;
  readonly stderr: Readable;
  /** Resolves with the program's own exit once it and the watchdog are gone (never rejects). */
  readonly exited: Promise<WatchedExit>;
  /** Kills the watchdog: a last resort when the program survived SIGKILL. */
  killWatchdog(): void;
}

type WatchdogMessage = { pid: number } | { error: string } | WatchedExit;

/**
 * The watchdog's environment. ELECTRON_RUN_AS_NODE makes VS Code's Electron binary (the extension
 * host's `process.execPath`) behave as plain Node. NODE_OPTIONS is dropped: a debugger bootloader
 * or loader meant for the parent would slow the watchdog's start or fail in it.
 */
export function watchdogEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const { NODE_OPTIONS: _dropped, ...kept } = env;
  return { ...kept, ELECTRON_RUN_AS_NODE: '1' };
}

/**
 * Starts `executable` under the watchdog and resolves once it runs, with its pid. Rejects with
 * OpenocdExitedError when the program or the watchdog cannot start.
 */
export function spawnWatched(executable: string, args: readonly string[], options: { cwd?: string } = {}): Promise<WatchedProcess> {
  // `--` ends the runtime's own options, whatever the executable's name looks like.
  const watchdog = spawn(process.execPath, ['-e', WATCHDOG_SOURCE, '--', executable, ...args], {
    cwd: options.cwd,
    env: watchdogEnv(process.env),
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    windowsHide: true,
  });
  let reported: WatchedExit | undefined;
  const watchdogExit = new Promise<WatchedExit>((resolve) => watchdog.once('exit', (exitCode, signal) => resolve({ exitCode, signal })));
  // 'disconnect' comes after every message the watchdog sent; 'exit' may come before the last one.
  const channelClosed = new Promise<void>((resolve) => watchdog.once('disconnect', resolve));
  const exited = Promise.all([watchdogExit, channelClosed]).then(([own]) => reported ?? own);
  return new Promise((resolve, reject) => {
    watchdog.on('message', (message: WatchdogMessage) => {
      if ('pid' in message) {
        resolve({
          pid: message.pid,
          // Both piped in the stdio option above.
          stdout: watchdog.stdout!,
          stderr: watchdog.stderr!,
          exited,
          killWatchdog: () => watchdog.kill('SIGKILL'),
        });
      } else if ('error' in message) {
        reject(new OpenocdExitedError(`could not start ${executable}: ${message.error}`, null, []));
      } else {
        reported = { exitCode: message.exitCode, signal: message.signal };
      }
    });
    // `on`, not `once`: a later error (a failed kill) must not go unhandled; settled promises ignore it.
    watchdog.on('error', (error) => reject(new OpenocdExitedError(`could not start the watchdog ${process.execPath}: ${error.message}`, null, [])));
    exited.then((exit) => reject(new OpenocdExitedError(`the watchdog ended before starting ${executable} (${JSON.stringify(exit)})`, exit.exitCode, [])));
  });
}
