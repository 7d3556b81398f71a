// DAP progress indicators (progressStart/Update/End) for long operations: launch and programming.
// Each message also reaches the debug console, so a client without progress support sees it.
import { ProgressEndEvent, ProgressStartEvent, ProgressUpdateEvent, type DebugSession } from '@vscode/debugadapter';
import type { DebugProtocol } from '@vscode/debugprotocol';
import type { Progress } from './customRequests';

/** Starts progress indicators with unique ids; shown only when the client said it supports them. */
export class DapProgress {
  private count = 0;
  /** Set from the initialize request's `supportsProgressReporting`. */
  clientShowsProgress = false;

  constructor(
    private readonly send: DebugSession['sendEvent'],
    private readonly console: (text: string) => void,
  ) {}

  /** An indicator that starts with its first message; `percent` undefined leaves the bar as it is. */
  start(title: string): Progress & { update(percent: number | undefined, message: string): void } {
    const progressId = `openocd-progress-${++this.count}`;
    let started = false;
    return {
      update: (percent, message) => {
        this.console(message);
        if (!this.clientShowsProgress) return;
        const event: DebugProtocol.ProgressStartEvent | DebugProtocol.ProgressUpdateEvent = started ? new ProgressUpdateEvent(progressId, message) : new ProgressStartEvent(progressId, title, message);
        if (percent !== undefined) event.body.percentage = percent;
        this.send(event);
        started = true;
      },
      end: (message) => {
        if (started) this.send(new ProgressEndEvent(progressId, message));
        started = false;
      },
    };
  }
}
