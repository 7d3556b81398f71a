// Builds the engine's Debugger over OpenOCD: one OpenocdTarget per OpenOCD target (those this
// engine cannot debug are left out with the reason), on connections the caller owns or opens here.
// The only place that asks OpenOCD which targets there are.
import { UserError } from '../../common';
import { OpenocdLiveness, TclClient, TclNotifications, tclListOf } from '../../openocd';
import { Debugger } from '../debugger';
import { OpenocdTarget } from './openocdTarget';
import { SharedBreakpoints } from './sharedBreakpoints';

/** Options of the OpenOCD targets a Debugger is built on. */
export interface OpenocdDebuggerOptions {
  /** OpenOCD target names to debug (default: all of `target names`). */
  readonly targets?: readonly string[];
  /** Bytes of stack read with every stop (default 512). */
  readonly stackWindowByteSize?: number;
  /** `cortex_m vector_catch` names (default `hard_err`). */
  readonly vectorCatch?: readonly string[];
  /**
   * Pid of the OpenOCD behind the connections, when it runs on this machine: on Linux its process is
   * watched (OpenocdLiveness), so a stuck OpenOCD ends the targets within ~1 s, a request in flight or not.
   */
  readonly openocdPid?: number;
}

/**
 * A Debugger on connections the caller owns (both connected; notifications on a second
 * connection); closing it leaves them open. Without an explicit `targets` list, targets this
 * engine cannot debug (not cortex_m) are left out and listed in `skippedTargets`, unless none is left.
 */
export async function createOpenocdDebugger(client: TclClient, notifications: TclNotifications, options: OpenocdDebuggerOptions = {}): Promise<Debugger> {
  return build(client, notifications, options, async () => undefined);
}

/** Opens the command and notification connections to OpenOCD's Tcl port; the Debugger owns them. */
export async function connectOpenocdDebugger(options: { host?: string; port: number; timeoutMs?: number } & OpenocdDebuggerOptions): Promise<Debugger> {
  const client = new TclClient(options);
  const notifications = new TclNotifications(options);
  const close = async (): Promise<void> => {
    await notifications.disconnect();
    await client.disconnect();
  };
  try {
    await client.connect();
    await notifications.connect();
    return await build(client, notifications, options, close);
  } catch (error) {
    await close();
    throw error;
  }
}

async function build(client: TclClient, notifications: TclNotifications, options: OpenocdDebuggerOptions, close: () => Promise<void>): Promise<Debugger> {
  const liveness = options.openocdPid === undefined ? undefined : OpenocdLiveness.watch(options.openocdPid);
  try {
    const explicit = options.targets !== undefined && options.targets.length > 0;
    const names = explicit ? options.targets! : await targetNames(client);
    const targets: OpenocdTarget[] = [];
    const skipped: { name: string; reason: string }[] = [];
    // One software breakpoint table for all: the cores share RAM (sharedBreakpoints.ts).
    const sharedBreakpoints = new SharedBreakpoints();
    for (const name of names) {
      try {
        targets.push(await OpenocdTarget.create({ client, notifications, name, stackWindowByteSize: options.stackWindowByteSize, vectorCatch: options.vectorCatch, stuck: liveness?.frozen, sharedBreakpoints }));
      } catch (error) {
        if (explicit || !(error instanceof UserError)) throw error;
        skipped.push({ name, reason: error.message });
      }
    }
    if (targets.length === 0) throw new UserError(`no target OpenOCD offers can be debugged: ${skipped.map((s) => s.reason).join('; ')}`);
    for (const target of targets) target.otherCores = targets.filter((other) => other !== target).map((other) => other.name);
    const link = {
      get roundTrips() {
        return client.roundTrips;
      },
      close: async () => {
        liveness?.dispose();
        await close();
      },
    };
    return new Debugger(targets, link, skipped);
  } catch (error) {
    liveness?.dispose();
    throw error;
  }
}

async function targetNames(client: TclClient): Promise<string[]> {
  const names = tclListOf('target names', (await client.cmd('target names')).out);
  if (names.length === 0) throw new UserError('OpenOCD has no target: check its configuration files');
  return names;
}
