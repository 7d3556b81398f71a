// Test helper of the hit count and logpoint scenarios: a continue to the next stop, with what the
// client saw meanwhile (continued/stopped events, output events) and the Tcl round trips it took.
import type { DebugProtocol } from '@vscode/debugprotocol';
import type { DapSession } from './dapSession';

export interface RunToStop {
  /** `continued` and `stopped`, in the order they came. */
  readonly events: string[];
  readonly output: DebugProtocol.OutputEvent['body'][];
  readonly roundTrips: number;
  readonly stopped: DebugProtocol.StoppedEvent;
}

/** Continues thread 1 and resolves at its next stopped event. */
export async function continueToStop(dap: DapSession): Promise<RunToStop> {
  const events: string[] = [];
  const output: DebugProtocol.OutputEvent['body'][] = [];
  const onContinued = () => events.push('continued');
  const onOutput = (event: DebugProtocol.OutputEvent) => output.push(event.body);
  dap.client.on('continued', onContinued);
  dap.client.on('output', onOutput);
  const before = dap.session.roundTrips;
  const stopped = dap.client.waitForEvent('stopped') as Promise<DebugProtocol.StoppedEvent>;
  try {
    await dap.client.continueRequest({ threadId: 1 });
    const event = await stopped;
    events.push('stopped');
    return { events, output, roundTrips: dap.session.roundTrips - before, stopped: event };
  } finally {
    dap.client.off('continued', onContinued);
    dap.client.off('output', onOutput);
  }
}
