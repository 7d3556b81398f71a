// Copies OpenOCD's log, which the adapter sends as `openocd.log` DAP events (VS Code itself ignores
// them), into the "OpenOCD" output channel. Observes messages only; never changes or answers them.
import * as vscode from 'vscode';
import { CUSTOM_EVENTS, type OpenocdLogEventBody } from '../adapter/api';

interface EventMessage {
  type?: string;
  event?: string;
  body?: Partial<OpenocdLogEventBody>;
}

/** Registered for the `openocd` type; one tracker per session writes to the shared channel. */
export class OpenocdLogTrackerFactory implements vscode.DebugAdapterTrackerFactory {
  constructor(private readonly channel: vscode.LogOutputChannel) {}

  createDebugAdapterTracker(): vscode.DebugAdapterTracker {
    return {
      onDidSendMessage: (message: EventMessage) => {
        if (message.type !== 'event' || message.event !== CUSTOM_EVENTS.openocdLog) return;
        const line = message.body?.line;
        if (typeof line !== 'string') return;
        // A log channel stamps each entry with time and level. OpenOCD's debug lines are logged as
        // info: the channel hides `debug` entries by default, and they appear only when asked for (-d3).
        if (message.body?.level === 'error') this.channel.error(line);
        else if (message.body?.level === 'warning') this.channel.warn(line);
        else this.channel.info(line);
      },
    };
  }
}
