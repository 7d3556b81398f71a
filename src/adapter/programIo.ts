// The program's own input and output in DAP terms: semihosting console text as `stdout` output,
// RTT channels as output of category `rtt:N` or as `openocd.rtt` events, debug console input for
// semihosting, and the exit code of a semihosting SYS_EXIT. Builds no Tcl; the session does the I/O.
import { Event, OutputEvent } from '@vscode/debugadapter';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { UserError } from '../common';
import type { Session } from '../session';
import { rttOutputCategory } from './api';
import { CUSTOM_EVENTS, type RttChannelsEventBody, type RttEventBody } from './customRequestTypes';

/** Sends the program's semihosting and RTT output to the client as it arrives. */
export function forwardProgramOutput(session: Session, send: (event: DebugProtocol.Event) => void, rttEvents: boolean): void {
  session.semihosting?.output.on((text) => send(new OutputEvent(text, 'stdout')));
  const rtt = session.rtt;
  if (!rtt) return;
  rtt.opened.on((channels) => {
    const body: RttChannelsEventBody = { channels: channels.map(({ index, name, byteSize }) => ({ index, name, byteSize })) };
    send(new Event(CUSTOM_EVENTS.rttChannels, body));
  });
  rtt.text.on(({ channel, name, text }) => {
    const body: RttEventBody = { channel, name, text };
    send(rttEvents ? new Event(CUSTOM_EVENTS.rtt, body) : new OutputEvent(text, rttOutputCategory(channel)));
  });
  rtt.failed.on((error) => send(new OutputEvent(`RTT stopped: ${error.message}\n`, 'stderr')));
}

/** A debug console line after the `<` prefix, as the program's next semihosting input (with its newline). */
export async function semihostingInput(session: Session, line: string): Promise<void> {
  const console = session.semihosting;
  if (!console) throw new UserError('semihosting is off: set "semihosting": true in launch.json to give the program input');
  await console.write(`${line}\n`);
}

/**
 * The program's exit code when OpenOCD ended because of the program's SYS_EXIT: with semihosting
 * on and no debugger attached over GDB, OpenOCD 0.12 calls exit() with the program's code
 * (semihosting_common.c, SEMIHOSTING_SYS_EXIT and SYS_EXIT_EXTENDED). OpenOCD tells no more,
 * so any exit it was not asked for, with a code and no signal, counts as the program's.
 */
export function semihostingExitCode(session: Session, exit: OpenocdExitStatus): number | undefined {
  if (!session.semihosting || exit.signal !== null || exit.exitCode === null) return undefined;
  return exit.exitCode;
}

/** How the OpenOCD process ended (the session's `openocdExited`). */
type OpenocdExitStatus = Awaited<NonNullable<Session['openocdExited']>>;
