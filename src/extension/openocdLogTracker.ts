// Copies OpenOCD's log, which the adapter sends as DAP output events of category "openocd", into
// the "OpenOCD" output channel. Observes messages only; never changes or answers them.
import * as vscode from 'vscode';
import { OPENOCD_LOG_CATEGORY } from '../adapter/api';

interface OutputEventMessage {
  type?: string;
  event?: string;
  body?: { category?: string; output?: string };
}

/** Registered for the `openocd` type; one tracker per session writes to the shared channel. */
export class OpenocdLogTrackerFactory implements vscode.DebugAdapterTrackerFactory {
  constructor(private readonly channel: vscode.LogOutputChannel) {}

  createDebugAdapterTracker(): vscode.DebugAdapterTracker {
    return {
      onDidSendMessage: (message: OutputEventMessage) => {
        if (message.type !== 'event' || message.event !== 'output') return;
        const output = message.body?.output;
        if (message.body?.category !== OPENOCD_LOG_CATEGORY || typeof output !== 'string') return;
        // A log channel stamps each entry with time and level: one entry per OpenOCD line.
        for (const line of output.replace(/\r?\n$/, '').split(/\r?\n/)) this.channel.info(line);
      },
    };
  }
}
