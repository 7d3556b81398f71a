// Opens a terminal per RTT up channel of an `openocd` session and feeds it: watches the adapter's
// `openocd.rttChannels` and `openocd.rtt` events (a DebugAdapterTracker) and writes typed lines
// back with the `openocd.rttWrite` request. Holds no Tcl connection; everything goes through DAP.
import * as vscode from 'vscode';
import { CUSTOM_EVENTS, CUSTOM_REQUESTS, type RttChannelsEventBody, type RttEventBody, type RttWriteArguments } from '../../adapter/api';
import { RttTerminal, rttTerminalName } from './rttTerminal';

interface EventMessage {
  type?: string;
  event?: string;
  body?: unknown;
}

/** A channel's terminal, and whether its first text has come (see the `openocd.rtt` handler). */
interface OpenTerminal {
  readonly terminal: vscode.Terminal;
  readonly pty: RttTerminal;
  textShown: boolean;
}

/** Registered for the `openocd` type; each session's channels get their own terminals. */
export class RttTerminalTrackerFactory implements vscode.DebugAdapterTrackerFactory, vscode.Disposable {
  /** The open terminals by title: a new session's channel of the same title replaces the old one. */
  private readonly terminals = new Map<string, OpenTerminal>();

  createDebugAdapterTracker(session: vscode.DebugSession): vscode.DebugAdapterTracker {
    const mine = new Map<number, OpenTerminal>();
    const end = (reason: string): void => {
      for (const { pty } of mine.values()) pty.end(reason);
    };
    return {
      onDidSendMessage: (message: EventMessage) => {
        if (message.type !== 'event') return;
        if (message.event === CUSTOM_EVENTS.rttChannels) {
          for (const channel of (message.body as RttChannelsEventBody).channels) mine.set(channel.index, this.open(session, channel.index, channel.name));
        } else if (message.event === CUSTOM_EVENTS.rtt) {
          const body = message.body as RttEventBody;
          const open = mine.get(body.channel);
          open?.pty.show(body.text);
          // VS Code opens its Debug Console when a session starts (debug.internalConsoleOptions),
          // which can cover a terminal shown moments before: the first text shows it again.
          if (open && !open.textShown) {
            open.textShown = true;
            open.terminal.show(true);
          }
        } else if (message.event === 'terminated') end('the debug session ended');
      },
      onExit: () => end('the debug session ended'),
    };
  }

  dispose(): void {
    for (const { terminal } of this.terminals.values()) terminal.dispose();
    this.terminals.clear();
  }

  private open(session: vscode.DebugSession, index: number, name: string): OpenTerminal {
    const title = rttTerminalName(index, name);
    this.terminals.get(title)?.terminal.dispose();
    const pty = new RttTerminal(async (text) => {
      const args: RttWriteArguments = { channel: index, data: text };
      await session.customRequest(CUSTOM_REQUESTS.rttWrite, args);
    });
    const terminal = vscode.window.createTerminal({ name: title, pty, iconPath: new vscode.ThemeIcon('debug-console') });
    terminal.show(true);
    const open = { terminal, pty, textShown: false };
    this.terminals.set(title, open);
    return open;
  }
}
